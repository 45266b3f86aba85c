"""The supplement safety gate, written from the project's decision (shared/spec README, "Supplement safety
gate", revised): no supplement dose — only "ask a clinician", with the reason named — when eGFR < 60,
dialysis or reported kidney disease; serum magnesium < 0.75 mmol/L; serum > 0.95 mmol/L (the upper
reference limit; ≥ 1.74 mmol/L is the hypermagnesaemia range: stop magnesium products, seek care); any
warning sign; pregnancy or lactation under 19; anyone under 18. The food plan stays.

The thresholds below are typed from that text on purpose: the tests check the knowledge files against
the decision, not the code against itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcheck.core.gate import GateFacts, gate_reasons, supplement_gate
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import Assessment, AssessmentInput
from magcheck.core.vocabulary import GATE_REASON_IDS
from magcheck.i18n import Say
from magcheck.service.assessment import assess
from magcheck.service.parts import gate_result

EGFR_BELOW = 60.0
SERUM_LOW_BELOW = 0.75
SERUM_HIGH_ABOVE = 0.95
SERUM_STOP_FROM = 1.74
ADULT_FROM = 18
PREGNANCY_ADULT_FROM = 19
MG_PER_DL_PER_MMOL = 24.305 / 10  # clinical.md §4.1: 1 mmol/L = 2.43 mg/dL


def test_knowledge_file_holds_the_decided_thresholds(kb: KnowledgeBase) -> None:
    egfr_band = kb.kidney.get(kb.gate.thresholds.egfr_band)  # the one home of eGFR cut-offs: kidney.toml
    assert egfr_band.below == EGFR_BELOW
    assert kb.gate.thresholds.adult_from_years == ADULT_FROM
    assert kb.gate.thresholds.pregnancy_adult_from_years == PREGNANCY_ADULT_FROM
    cut = kb.labs.cutoffs
    assert (cut.hypomagnesaemia_below, cut.upper_reference, cut.toxicity_from) == (
        SERUM_LOW_BELOW,
        SERUM_HIGH_ABOVE,
        SERUM_STOP_FROM,
    )
    assert {r.id for r in kb.gate.reason} == set(GATE_REASON_IDS)
    assert all(r.sources for r in kb.gate.reason)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({}, ()),
        ({"egfr": 59.9}, ("egfr_low",)),
        ({"egfr": 60.0}, ()),
        ({"egfr": 25.0}, ("egfr_low",)),
        ({"dialysis": True}, ("dialysis",)),
        ({"kidney_disease": True}, ("kidney_disease",)),
        ({"serum_mmol": 0.74}, ("serum_low",)),
        ({"serum_mmol": 0.75}, ()),
        ({"serum_mmol": 0.95}, ()),
        ({"serum_mmol": 0.96}, ("serum_high",)),
        ({"serum_mmol": 1.73}, ("serum_high",)),
        ({"serum_mmol": 1.74}, ("serum_toxic",)),
        ({"warning_signs": True}, ("warning_sign",)),
        ({"age_years": 17.9}, ("under_18",)),
        ({"age_years": 18.0}, ()),
        ({"age_years": 18.0, "pregnant": True}, ("pregnancy_under_19",)),
        ({"age_years": 18.5, "lactating": True}, ("pregnancy_under_19",)),
        ({"age_years": 19.0, "pregnant": True}, ()),
        ({"age_years": 16.0, "pregnant": True}, ("pregnancy_under_19", "under_18")),
        # several at once: most serious first (toxic serum, then a warning sign, then the kidneys)
        (
            {"serum_mmol": 2.0, "warning_signs": True, "egfr": 20.0},
            ("serum_toxic", "warning_sign", "egfr_low"),
        ),
    ],
)
def test_gate_reasons(kb: KnowledgeBase, facts: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert gate_reasons(kb, GateFacts(**{"age_years": 40.0, **facts})) == expected


def test_an_open_gate_has_no_reasons_and_a_closed_one_says_ask_a_clinician(kb: KnowledgeBase) -> None:
    open_gate = gate_result(supplement_gate(kb, GateFacts(age_years=40)), Say("en"))
    assert open_gate.dose_allowed and open_gate.reasons == []
    closed = gate_result(supplement_gate(kb, GateFacts(age_years=40, egfr=45)), Say("zh"))
    assert not closed.dose_allowed and "医生" in closed.text and closed.sources


# ---------------------------------------------------------------- the property over whole assessments


def _conditions_hold(data: dict[str, Any]) -> bool:
    """Whether any gate condition holds for an input, computed here from the decision's own words."""
    profile = data["profile"]
    age = profile["age_years"]
    serum = None
    lab = data.get("labs", {}).get("serum_magnesium")
    if lab is not None:
        serum = lab["value"] / MG_PER_DL_PER_MMOL if lab["unit"] == "mg/dL" else lab["value"]
    return any(
        (
            data.get("egfr") is not None and data["egfr"] < EGFR_BELOW,
            bool({"dialysis", "kidney_disease"} & set(data.get("conditions", []))),
            serum is not None and (serum < SERUM_LOW_BELOW or serum > SERUM_HIGH_ABOVE),
            bool(data.get("warning_signs")),
            (profile.get("pregnant") or profile.get("lactating")) and age < PREGNANCY_ADULT_FROM,
            age < ADULT_FROM,
        )
    )


def _doses(out: Assessment) -> list[str]:
    """Every place an output could carry a dose."""
    found = []
    if out.plan is not None and out.plan.supplement is not None:
        found.append("plan.supplement")
    if out.supplements is not None and out.supplements.dose_advice_allowed:
        found.append("supplements.dose_advice_allowed")
    if out.supplement_gate.dose_allowed:
        found.append("supplement_gate.dose_allowed")
    return found


@st.composite
def _inputs(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(st.sampled_from([2, 8, 15, 17, 17.9, 18, 18.5, 19, 30, 45, 70]))
    sex = draw(st.sampled_from(["female", "male"]))
    profile: dict[str, Any] = {"age_years": age, "sex": sex}
    if sex == "female" and 10 <= age <= 60:
        state = draw(st.sampled_from(["none", "pregnant", "lactating"]))
        if state != "none":
            profile[state] = True
    data: dict[str, Any] = {
        "profile": profile,
        "intake": {"usual_mg": draw(st.floats(0, 600))},
        "standard": draw(st.sampled_from(["us", "cn"])),
    }
    if draw(st.booleans()):
        data["egfr"] = draw(st.floats(5, 150))
    data["conditions"] = draw(
        st.lists(st.sampled_from(["dialysis", "kidney_disease", "gi_disease"]), unique=True)
    )
    if draw(st.booleans()):
        data["warning_signs"] = [draw(st.sampled_from(["fainting", "chest_pain", "seizure"]))]
    if draw(st.booleans()):
        unit = draw(st.sampled_from(["mmol/L", "mg/dL"]))
        mmol = draw(st.floats(0.4, 2.2))
        value = round(mmol * MG_PER_DL_PER_MMOL, 2) if unit == "mg/dL" else round(mmol, 2)
        data["labs"] = {"serum_magnesium": {"value": value, "unit": unit}}
    if draw(st.booleans()):
        data["supplements"] = [{"elemental_mg": draw(st.floats(10, 300))}]
    return data


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_inputs())
def test_property_any_dose_in_any_output_means_no_gate_condition_holds(data: dict[str, Any]) -> None:
    out = assess(AssessmentInput.model_validate(data), "en")
    doses = _doses(out)
    if doses:
        assert not _conditions_hold(data), (doses, data)
    if _conditions_hold(data):
        assert doses == [] and out.supplement_gate.reasons
        assert any(r.id == "supplement_gate" for r in out.recommendations)
        if out.plan is not None:  # the food plan stays; only its supplement goes
            assert out.plan.supplement is None and out.plan.supplement_reason_id in GATE_REASON_IDS
