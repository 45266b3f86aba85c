"""The supplement option: never above the UL room, and only through the one safety gate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.gate import GateFacts, supplement_gate
from magcheck.core.supplement_plan import Interaction, Situation
from magcheck.i18n import Say
from magcheck.knowledge.loader import load_knowledge
from magcheck.planning.option_wording import supplement_option
from magcheck.planning.supplement import compounds, medicine_interactions
from magcheck.service.parts import gate_result

RULES = load_knowledge().supplement_choice
COMPOUNDS = {lang: compounds(lang) for lang in ("en", "zh")}


GATE_FIELDS = set(GateFacts.__dataclass_fields__)


def _situation(lang: str = "en", **changes: object) -> Situation:
    """A situation; gate facts (egfr, dialysis, serum_mmol, age_years …) go through the real gate."""
    facts = {"age_years": 40.0, **{k: v for k, v in changes.items() if k in GATE_FIELDS}}
    gate = gate_result(supplement_gate(load_knowledge(), GateFacts(**facts)), Say(lang))  # type: ignore[arg-type]
    base: dict[str, object] = dict(
        gap_mg=150.0, ul_supplement_mg=350.0, current_supplement_mg=0.0, goal="general",
        gate=gate, pregnant_or_lactating=False,
    )  # fmt: skip
    base.update({k: v for k, v in changes.items() if k not in GATE_FIELDS})
    return Situation(**base)  # type: ignore[arg-type]


def _option(lang: str = "en", **changes: object):  # type: ignore[no-untyped-def]
    return supplement_option(_situation(lang, **changes), RULES, COMPOUNDS[lang], lang)


def test_sized_to_the_gap_with_the_compound_mass_from_the_elemental_fraction() -> None:
    opt = _option(gap_mg=150.0)
    sup = opt.supplement
    assert sup is not None and opt.reason is None
    assert sup.compound == "citrate" and sup.elemental_mg_per_day == 150
    # trimagnesium dicitrate: 3 × 24.305 / 451.11 = 16.16 % Mg (clinical.md §5.1) → 150 / 0.1616 ≈ 928 mg
    assert sup.compound_mg_per_day == pytest.approx(150 / (3 * 24.305 / 451.11), abs=1)
    assert sup.doses_per_day == 1  # ≤ 200 mg per dose
    assert sup.sources and any("walker2003" in s for s in sup.sources)


def test_never_above_the_ul_minus_what_is_already_taken() -> None:
    # adult UL 350 mg (IOM); already 300 mg from supplements → at most 50 mg more even for a 200 mg gap
    sup = _option(gap_mg=200.0, current_supplement_mg=300.0).supplement
    assert sup is not None and sup.elemental_mg_per_day == 50


def test_children_have_smaller_uls() -> None:
    # 1–3 y: 65 mg; 4–8 y: 110 mg (IOM); rounded down to 5 mg steps
    assert _option(gap_mg=200.0, ul_supplement_mg=65.0).supplement.elemental_mg_per_day == 65
    assert _option(gap_mg=200.0, ul_supplement_mg=110.0).supplement.elemental_mg_per_day == 110


def test_infants_get_no_supplement() -> None:
    opt = _option(ul_supplement_mg=None, age_years=0.5)
    assert opt.supplement is None and opt.reason_id == "under_18"


def test_already_at_the_ul_means_no_option() -> None:
    opt = _option(current_supplement_mg=400.0)
    assert opt.supplement is None and opt.reason_id == "at_ul" and "350" in (opt.reason or "")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"egfr": 25.0}, "egfr_low"),
        ({"egfr": 59.9}, "egfr_low"),
        ({"dialysis": True}, "dialysis"),
        ({"kidney_disease": True}, "kidney_disease"),
        ({"warning_signs": True}, "warning_sign"),
        ({"serum_mmol": 0.6}, "serum_low"),
        ({"serum_mmol": 1.2}, "serum_high"),
        ({"serum_mmol": 1.8}, "serum_toxic"),
        ({"age_years": 17.0}, "under_18"),
        ({"age_years": 18.0, "pregnant": True}, "pregnancy_under_19"),
    ],
)
def test_safety_gate_gives_no_supplement_and_says_why(changes: dict[str, object], reason: str) -> None:
    for lang in ("en", "zh"):
        opt = _option(lang, **changes)
        assert opt.supplement is None and opt.reason_id == reason and opt.reason


def test_egfr_30_to_60_gives_no_dose_and_names_the_kidneys_not_a_warning_sign() -> None:
    # shared/spec decision: no supplement dose at eGFR < 60 — the reason named is kidney function
    opt = _option(egfr=45.0)
    assert opt.supplement is None and opt.reason_id == "egfr_low"
    assert "eGFR of 45 is below 60" in (opt.reason or "") and "warning sign" not in (opt.reason or "")
    assert _option(egfr=75.0).supplement is not None


@pytest.mark.parametrize(
    ("goal", "compound"),
    [("general", "citrate"), ("constipation", "oxide"), ("avoid_laxative", "bisglycinate"),
     ("sleep", "citrate"), ("migraine", "citrate")],
)  # fmt: skip
def test_form_follows_the_goal(goal: str, compound: str) -> None:
    sup = _option(goal=goal).supplement
    assert sup is not None and sup.compound == compound


def test_oxide_is_noted_as_poorly_absorbed_and_threonate_as_weak_for_sleep() -> None:
    oxide = _option(goal="constipation").supplement
    assert oxide is not None and any("poorly absorbed" in c for c in oxide.cautions)
    sleep = _option(goal="sleep").supplement
    assert sleep is not None and "threonate" in sleep.why and "industry-funded" in sleep.why
    assert "weak" in sleep.why  # the evidence grade is shown


def test_glycinate_for_avoiding_laxative_effects_has_no_laxative_caution() -> None:
    sup = _option(goal="avoid_laxative").supplement
    assert sup is not None and not any("loosen" in c for c in sup.cautions)


def test_large_gaps_are_split_into_doses_of_at_most_200_mg() -> None:
    sup = _option(gap_mg=340.0).supplement
    assert sup is not None and sup.elemental_mg_per_day == 340 and sup.doses_per_day == 2


def _written(found: tuple[Interaction, ...]) -> dict[str, str]:
    """Each interaction's text by class id; the plan hands them over already written."""
    assert all(isinstance(i.text, str) for i in found)
    return {i.id: str(i.text) for i in found}


def test_medicine_spacing_and_retention_cautions_are_shown() -> None:
    found = medicine_interactions(["Fosamax 70 mg", "doxycycline", "amiloride", "omeprazole"], "en")
    by_id = _written(found)
    assert set(by_id) == {"bisphosphonates", "tetracyclines", "potassium_sparing_diuretics"}
    assert "4 hours" in by_id["bisphosphonates"]  # the longer label advice is shown
    assert "4–6 hours after" in by_id["tetracyclines"]
    sup = _option(interactions=found).supplement
    assert sup is not None
    assert all(i.text in sup.cautions for i in found)
    assert any("amiloride" in c for c in sup.cautions)


def test_spacing_texts_exist_in_chinese() -> None:
    found = _written(medicine_interactions(["环丙沙星"], "zh"))
    assert len(found) == 1 and "小时" in next(iter(found.values()))


def test_tiny_gap_is_left_to_food() -> None:
    opt = _option(gap_mg=12.0)
    assert opt.supplement is None and opt.reason_id == "too_small"


def test_chinese_texts() -> None:
    sup = _option("zh", goal="constipation").supplement
    assert sup is not None and "氧化镁" in sup.compound_label and "毫克" in sup.why


@settings(max_examples=100, deadline=None)
@given(
    gap=st.floats(-50, 2000, allow_nan=False),
    ul=st.sampled_from([None, 65.0, 110.0, 350.0]),
    current=st.floats(0, 800, allow_nan=False),
    goal=st.sampled_from(["general", "constipation", "avoid_laxative", "sleep", "migraine"]),
    egfr=st.one_of(st.none(), st.floats(1, 200, allow_nan=False)),
    kidney=st.booleans(),
    dialysis=st.booleans(),
)
def test_dose_never_exceeds_the_ul_room_or_the_gap_and_the_gate_holds(
    gap: float, ul: float | None, current: float, goal: str, egfr: float | None, kidney: bool, dialysis: bool
) -> None:
    age = 40.0 if ul is not None else 0.5
    opt = _option(gap_mg=gap, ul_supplement_mg=ul, current_supplement_mg=current, goal=goal, egfr=egfr,
                  kidney_disease=kidney, dialysis=dialysis, age_years=age)  # fmt: skip
    sup = opt.supplement
    if sup is None:
        assert opt.reason
        return
    assert ul is not None
    assert sup.elemental_mg_per_day + current <= ul + 1e-9
    assert sup.elemental_mg_per_day <= gap + 1e-9
    assert not kidney and not dialysis and (egfr is None or egfr >= 60)
    assert sup.elemental_mg_per_day / sup.doses_per_day <= 200 + 1e-9
