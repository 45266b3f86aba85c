"""Every status rule, and the monotonicity promises (intake, risk, sign frequency)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import AssessmentInput, Status
from magcheck.core.status import Facts, decide, fired_rules
from magcheck.core.vocabulary import SIGN_IDS, STATUS_LEVELS
from magcheck.i18n import Lang, Say
from magcheck.i18n.wording import render
from magcheck.service.assessment import assess_unplanned

MakeInput = Callable[..., AssessmentInput]


def _decide(kb: KnowledgeBase, facts: Facts, lang: Lang) -> Status:
    return render(Status, decide(kb, facts), Say(lang))


def _rules(kb: KnowledgeBase, **facts: Any) -> set[str]:
    return {rule_id for rule_id, _ in fired_rules(kb, Facts(**facts))}


def test_every_rule_in_the_table_is_reachable_and_has_its_level(kb: KnowledgeBase) -> None:
    cases: dict[str, dict[str, Any]] = {
        "warning_sign": {"warning_names": ("fainting",)},
        "lab_hypomagnesaemia": {"serum_mmol": 0.6},
        "lab_toxic": {"serum_mmol": 2.0},
        "kidney_severe": {"kidney_why": "eGFR 20"},
        "low_intake_with_depletion": {"probability": 0.3, "z": -0.5, "mds_score": 3},
        "low_intake_with_risk": {"probability": 0.1, "z": -1.3, "risk_names": ("Type 2 diabetes",)},
        "intake_below_ear": {"probability": 0.4, "z": -0.25},
        "intake_not_certain": {"probability": 0.8, "z": 0.84},
        "intake_below_ai_no_conclusion": {"below_ai": True},
        "mds_elevated": {"mds_score": 2, "mds_level": "moderate"},
        "risk_factor": {"risk_names": ("Age 70 or over",)},
        "depleting_medicine": {"depleting_names": ("cisplatin",)},
        "signs_burden": {"burden_level": "moderate"},
        "lab_latent": {"serum_mmol": 0.8},
        "lab_high": {"serum_mmol": 1.2},
        "supplement_above_ul": {"supplement_mg": 400, "ul": 350},
    }
    table = {rule.id: rule.level for rule in kb.status.rule}
    assert set(cases) | {"no_concern_found", "insufficient_information"} == set(table)
    for rule_id, facts in cases.items():
        assert rule_id in _rules(kb, **facts), rule_id
        status = _decide(kb, Facts(**facts), "en")
        assert STATUS_LEVELS.index(status.level) >= STATUS_LEVELS.index(table[rule_id])
        assert any(r.id == rule_id for r in status.reasons)
    assert _decide(kb, Facts(), "en").reasons[0].id == "no_concern_found"
    assert _decide(kb, Facts(informed=False), "en").reasons[0].id == "insufficient_information"


@pytest.mark.parametrize(
    ("facts", "level"),
    [
        ({}, "low_concern"),
        ({"probability": 0.9, "z": 1.3}, "low_concern"),
        ({"probability": 0.4, "z": -0.25}, "some_concern"),
        ({"probability": 0.1, "z": -1.3, "burden_level": "high"}, "high_concern"),
        ({"probability": 0.99, "z": 2.5, "warning_names": ("chest pain",)}, "seek_care"),
        ({"probability": 0.99, "z": 2.5, "serum_mmol": 0.7}, "seek_care"),
        ({"mds_score": 3, "mds_level": "high", "probability": 0.99, "z": 2.4}, "some_concern"),
    ],
)
def test_levels(kb: KnowledgeBase, facts: dict[str, Any], level: str) -> None:
    assert _decide(kb, Facts(**facts), "en").level == level


def test_reasons_come_most_serious_first_and_in_chinese(kb: KnowledgeBase) -> None:
    status = _decide(kb, Facts(probability=0.4, z=-0.25, warning_names=("晕厥",)), "zh")
    assert status.reasons[0].id == "warning_sign" and "晕厥" in status.reasons[0].text
    assert status.label == "请就医"


def test_warning_sign_overrides_everything(kb: KnowledgeBase, make_input: MakeInput) -> None:
    out = assess_unplanned(make_input(intake={"usual_mg": 600}, warning_signs=["chest_pain"]), kb, "en")
    assert out.status.level == "seek_care"
    assert out.red_flags[0].id == "warning.chest_pain"
    assert out.supplements is None


def test_measured_hypomagnesaemia_is_seek_care(kb: KnowledgeBase, make_input: MakeInput) -> None:
    out = assess_unplanned(make_input(labs={"serum_magnesium": {"value": 1.4, "unit": "mEq/L"}}), kb, "en")
    assert out.status.level == "seek_care" and out.red_flags[0].id == "lab_hypomagnesaemia"


def _rank(kb: KnowledgeBase, inp: AssessmentInput) -> int:
    return STATUS_LEVELS.index(assess_unplanned(inp, kb, "en").status.level)


profiles = st.fixed_dictionaries(
    {"age_years": st.sampled_from([0.3, 3, 10, 16, 25, 45, 75]), "sex": st.sampled_from(["female", "male"])}
)
risk_parts = st.fixed_dictionaries(
    {},
    optional={
        "medications": st.lists(
            st.sampled_from(["furosemide", "omeprazole", "cisplatin", "amiloride"]), max_size=3
        ),
        "alcohol_drinks_per_day": st.floats(0, 6),
        "egfr": st.floats(15, 130),
        "conditions": st.lists(
            st.sampled_from(["gi_disease", "type2_diabetes", "chronic_stress"]), unique=True
        ),
        "signs": st.dictionaries(
            st.sampled_from(SIGN_IDS), st.sampled_from(["never", "sometimes", "often", "daily"])
        ),
    },
)


@settings(max_examples=60, deadline=None)
@given(
    profile=profiles,
    parts=risk_parts,
    usual=st.floats(0, 900),
    more=st.floats(0, 900),
    days=st.lists(st.floats(0, 900), min_size=1, max_size=7),
)
def test_more_intake_never_raises_concern(
    kb: KnowledgeBase,
    profile: dict[str, Any],
    parts: dict[str, Any],
    usual: float,
    more: float,
    days: list[float],
) -> None:
    base = {"profile": profile, **parts}
    low = AssessmentInput.model_validate({**base, "intake": {"usual_mg": usual}})
    high = AssessmentInput.model_validate({**base, "intake": {"usual_mg": usual + more}})
    assert _rank(kb, high) <= _rank(kb, low)
    low_days = AssessmentInput.model_validate({**base, "intake": {"daily_mg": days}})
    high_days = AssessmentInput.model_validate({**base, "intake": {"daily_mg": [d + more for d in days]}})
    assert _rank(kb, high_days) <= _rank(kb, low_days)


@settings(max_examples=60, deadline=None)
@given(
    profile=profiles,
    parts=risk_parts,
    usual=st.floats(0, 900),
    med=st.sampled_from(["furosemide", "omeprazole", "cisplatin", "hydrochlorothiazide"]),
    condition=st.sampled_from(
        [
            "gi_disease",
            "type2_diabetes",
            "alcohol_use_disorder",
            "kidney_disease",
            "dialysis",
            "endurance_athlete",
        ]
    ),
    drop=st.floats(0, 60),
    extra_drinks=st.floats(0, 5),
)
def test_more_risk_never_lowers_concern(
    kb: KnowledgeBase,
    profile: dict[str, Any],
    parts: dict[str, Any],
    usual: float,
    med: str,
    condition: str,
    drop: float,
    extra_drinks: float,
) -> None:
    base = {"profile": profile, "intake": {"usual_mg": usual}, **parts}
    before = _rank(kb, AssessmentInput.model_validate(base))
    riskier = dict(base)
    riskier["medications"] = [*base.get("medications", []), med]
    riskier["conditions"] = sorted({*base.get("conditions", []), condition})
    riskier["alcohol_drinks_per_day"] = base.get("alcohol_drinks_per_day", 0) + extra_drinks
    riskier["egfr"] = max(1.0, base.get("egfr", 130) - drop)
    assert _rank(kb, AssessmentInput.model_validate(riskier)) >= before


@settings(max_examples=60, deadline=None)
@given(
    profile=profiles,
    parts=risk_parts,
    usual=st.floats(0, 900),
    sign=st.sampled_from(SIGN_IDS),
    freq=st.sampled_from(["sometimes", "often", "daily"]),
)
def test_more_frequent_signs_never_lower_concern(
    kb: KnowledgeBase, profile: dict[str, Any], parts: dict[str, Any], usual: float, sign: str, freq: str
) -> None:
    base = {"profile": profile, "intake": {"usual_mg": usual}, **parts}
    before = _rank(kb, AssessmentInput.model_validate(base))
    signs = dict(base.get("signs", {}))
    order = ["never", "sometimes", "often", "daily"]
    if order.index(freq) < order.index(signs.get(sign, "never")):
        freq = signs[sign]
    signs[sign] = freq
    assert _rank(kb, AssessmentInput.model_validate({**base, "signs": signs})) >= before
