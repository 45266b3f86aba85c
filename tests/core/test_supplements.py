"""The supplement check: elemental magnesium, UL, spacing, interactions, and the safety gate's answer."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.errors import InputError
from magcheck.core.gate import GateFacts, supplement_gate
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.medications import match_medications
from magcheck.core.models import SupplementCheck, SupplementInput
from magcheck.core.supplements import check_supplements, elemental_fraction, find_compound
from magcheck.i18n import Say
from magcheck.i18n.wording import render

# clinical.md §5.1: % elemental magnesium by compound (the bold default form of each)
SPEC_PCT = {
    "oxide": 60.3,
    "hydroxide": 41.7,
    "carbonate": 28.8,
    "chloride_anhydrous": 25.5,
    "chloride": 12.0,
    "sulfate_anhydrous": 20.2,
    "sulfate": 9.9,
    "citrate": 16.2,
    "citrate_nonahydrate": 11.9,
    "hydrogen_citrate": 11.3,
    "bisglycinate": 14.1,
    "malate": 15.5,
    "lactate": 12.0,
    "taurate": 8.9,
    "aspartate": 8.4,
    "orotate": 7.3,
    "threonate": 8.3,
    "gluconate": 5.9,
    "pidolate": 8.7,
}


@pytest.mark.parametrize(("compound_id", "pct"), sorted(SPEC_PCT.items()))
def test_elemental_fraction_matches_spec_table(kb: KnowledgeBase, compound_id: str, pct: float) -> None:
    assert round(100 * elemental_fraction(kb, kb.compound(compound_id)), 1) == pct


@pytest.mark.parametrize(
    ("name", "compound_id"),
    [
        ("magnesium citrate", "citrate"),
        ("柠檬酸镁", "citrate"),
        ("Magnesium Glycinate", "bisglycinate"),
        ("bisglycinate", "bisglycinate"),
        ("甘氨酸镁", "bisglycinate"),
        ("magnesium oxide 400", "oxide"),
        ("Epsom salt", "sulfate"),
        ("L-threonate", "threonate"),
        ("Magtein", "threonate"),
        ("氧化镁", "oxide"),
    ],
)
def test_label_names_in_both_languages(kb: KnowledgeBase, name: str, compound_id: str) -> None:
    found = find_compound(kb, name)
    assert found is not None and found.id == compound_id


def _check(kb: KnowledgeBase, items: list[dict[str, object]], **kw: Any) -> SupplementCheck:
    """The check of `items`; gate facts (egfr, dialysis, age_years …) go to the one safety gate."""
    lang = kw.pop("lang", "en")
    ul = kw.pop("ul", 350.0)
    medications = kw.pop("medications", [])
    facts = GateFacts(**{"age_years": 40, **kw})
    gate = supplement_gate(kb, facts)
    inputs = [SupplementInput.model_validate(i) for i in items]
    return render(
        SupplementCheck, check_supplements(kb, inputs, ul=ul, gate=gate, medications=medications), Say(lang)
    )


def test_issue_example_500_mg_citrate(kb: KnowledgeBase) -> None:
    check = _check(kb, [{"compound": "magnesium citrate", "compound_mg": 500, "per_day": 1}])
    assert check.elemental_mg_per_day == pytest.approx(500 * 3 * 24.305 / 451.11, abs=0.05)
    assert not check.above_ul and check.dose_advice_allowed


def test_elemental_amount_and_count_per_day(kb: KnowledgeBase) -> None:
    check = _check(kb, [{"elemental_mg": 200, "per_day": 2}])
    assert check.elemental_mg_per_day == 400 and check.above_ul
    assert "350" in check.text


def test_several_products_add_up(kb: KnowledgeBase) -> None:
    check = _check(kb, [{"compound": "oxide", "compound_mg": 400}, {"elemental_mg": 100}])
    assert check.elemental_mg_per_day == pytest.approx(400 * 24.305 / 40.30 + 100, abs=0.1)


def test_unknown_compound_names_the_field(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as info:
        _check(kb, [{"elemental_mg": 50}, {"compound": "unobtainium", "compound_mg": 100}])
    assert info.value.problems[0].field == "supplements.1.compound"
    assert info.value.problems[0].code == "errors.unknown_compound"


@pytest.mark.parametrize(
    ("kw", "allowed"),
    [
        ({"egfr": 25}, False),
        ({"egfr": 45}, False),
        ({"egfr": 75}, True),
        ({"kidney_disease": True}, False),
        ({"dialysis": True}, False),
        ({"warning_signs": True}, False),
        ({"age_years": 0.5, "ul": None}, False),
        ({"serum_mmol": 1.2}, False),
        ({"serum_mmol": 0.6}, False),
        ({"serum_mmol": 0.9}, True),
    ],
)
def test_safety_gate(kb: KnowledgeBase, kw: dict[str, object], allowed: bool) -> None:
    check = _check(kb, [{"elemental_mg": 100}], **kw)
    assert check.dose_advice_allowed is allowed
    assert (check.gate_reason is None) is allowed


def test_gate_texts_say_why(kb: KnowledgeBase) -> None:
    low = _check(kb, [{"elemental_mg": 100}], egfr=25)
    assert "eGFR of 25 is below 60" in (low.gate_reason or "") and low.gate_reason_ids == ["egfr_low"]
    assert "warning sign" not in (low.gate_reason or "")
    assert "clinician" in (_check(kb, [{"elemental_mg": 100}], egfr=45).gate_reason or "")
    assert "肾" in (_check(kb, [{"elemental_mg": 100}], kidney_disease=True, lang="zh").gate_reason or "")


def test_spacing_for_chelating_medicines(kb: KnowledgeBase) -> None:
    meds, unknown = match_medications(kb, ["doxycycline", "阿仑膦酸钠", "ciprofloxacin 500mg", "vitamin c"])
    assert unknown == ["vitamin c"]
    check = _check(kb, [{"elemental_mg": 100}], medications=meds)
    ids = [r.id for r in check.spacing]
    assert ids == ["spacing.tetracyclines", "spacing.bisphosphonates", "spacing.fluoroquinolones"]
    texts = " ".join(r.text for r in check.spacing)
    assert "4–6 hours after" in texts and "4 hours" in texts


def test_retention_interaction_for_potassium_sparing(kb: KnowledgeBase) -> None:
    meds, _ = match_medications(kb, ["amiloride"])
    check = _check(kb, [{"elemental_mg": 100}], medications=meds)
    assert check.interactions[0].id == "interaction.potassium_sparing_diuretics"
    assert "murdoch1993_amiloride" in check.sources


@settings(max_examples=100, deadline=None)
@given(
    mg=st.floats(1, 5000),
    per_day=st.floats(0.5, 12),
    egfr=st.one_of(st.none(), st.floats(1, 200)),
    ul=st.sampled_from([65.0, 110.0, 350.0, None]),
)
def test_never_dose_advice_with_low_egfr_and_ul_flag_is_exact(
    kb: KnowledgeBase, mg: float, per_day: float, egfr: float | None, ul: float | None
) -> None:
    age = 40 if ul is not None else 0.5
    check = _check(kb, [{"elemental_mg": mg, "per_day": per_day}], egfr=egfr, ul=ul, age_years=age)
    if egfr is not None and egfr < 60:
        assert not check.dose_advice_allowed
    if ul is None:
        assert not check.dose_advice_allowed and not check.above_ul
    else:
        assert check.above_ul == (check.elemental_mg_per_day > ul)
        if check.above_ul and check.dose_advice_allowed:
            assert f"at or below {ul:g} mg" in check.text


@settings(max_examples=60, deadline=None)
@given(
    age=st.sampled_from([0.4, 2, 6, 12, 30, 80]),
    egfr=st.one_of(st.none(), st.floats(1, 200)),
    conditions=st.lists(st.sampled_from(["kidney_disease", "dialysis", "gi_disease"]), unique=True),
    warning=st.booleans(),
    mg=st.floats(1, 1000),
)
def test_whole_assessment_never_allows_dose_advice_when_unsafe(
    kb: KnowledgeBase, age: float, egfr: float | None, conditions: list[str], warning: bool, mg: float
) -> None:
    from magcheck.core.models import AssessmentInput
    from magcheck.service.assessment import assess_unplanned

    data: dict[str, object] = {
        "profile": {"age_years": age, "sex": "male"},
        "supplements": [{"elemental_mg": mg, "confirmed": True}],  # the gate, not plausibility, is tested
        "conditions": conditions,
        "warning_signs": ["fainting"] if warning else [],
    }
    if egfr is not None:
        data["egfr"] = egfr
    out = assess_unplanned(AssessmentInput.model_validate(data), kb, "en")
    check = out.supplements
    assert check is not None
    unsafe = (
        (egfr is not None and egfr < 60) or bool({"kidney_disease", "dialysis"} & set(conditions)) or warning
    )
    if unsafe or check.ul_supplement_mg is None:
        assert not check.dose_advice_allowed and check.gate_reason
    if check.ul_supplement_mg is not None:
        assert check.above_ul == (check.elemental_mg_per_day > check.ul_supplement_mg)
        assert any(r.id == "supplement_above_ul" for r in out.status.reasons) == check.above_ul
