"""Magnesium Depletion Score cases (Fan et al. 2021; components per clinical.md §3.1 and the spec README)."""

from __future__ import annotations

from typing import Any

from magcheck.core.assess import assess_core
from magcheck.core.models import AssessmentInput, Mds
from magcheck.kb import KnowledgeBase


def _mds(kb: KnowledgeBase, **parts: Any) -> Mds:
    return assess_core(
        AssessmentInput.model_validate({"profile": {"age_years": 40, "sex": "female"}, **parts}), kb, "en"
    ).mds


def test_nothing_answered_is_unknown_not_zero(kb: KnowledgeBase) -> None:
    mds = _mds(kb)
    assert mds.score == 0 and mds.min_possible == 0 and mds.max_possible == 5
    assert sorted(mds.unknown) == ["diuretic", "heavy_drinking", "kidney", "ppi"]
    assert all(c.points is None and not c.known for c in mds.components)
    assert "0–5" in mds.text


def test_empty_medication_list_is_an_answer(kb: KnowledgeBase) -> None:
    mds = _mds(kb, medications=[], alcohol_drinks_per_day=0, egfr=100)
    assert mds.unknown == [] and mds.score == 0 and mds.max_possible == 0


def test_all_components_give_five(kb: KnowledgeBase) -> None:
    mds = _mds(
        kb,
        profile={"age_years": 60, "sex": "male"},
        medications=["furosemide", "omeprazole"],
        alcohol_drinks_per_day=3,
        egfr=45,
    )
    points = {c.id: c.points for c in mds.components}
    assert points == {"diuretic": 1, "ppi": 1, "heavy_drinking": 1, "kidney": 2}
    assert mds.score == 5 and mds.level == "high"


def test_heavy_drinking_limits_differ_by_sex(kb: KnowledgeBase) -> None:
    def drinking(sex: str, drinks: float) -> int | None:
        mds = _mds(kb, profile={"age_years": 40, "sex": sex}, alcohol_drinks_per_day=drinks)
        return next(c.points for c in mds.components if c.id == "heavy_drinking")

    assert drinking("female", 1) == 0 and drinking("female", 1.5) == 1
    assert drinking("male", 2) == 0 and drinking("male", 2.5) == 1


def test_egfr_bands(kb: KnowledgeBase) -> None:
    def kidney(egfr: float) -> int | None:
        return next(c.points for c in _mds(kb, egfr=egfr).components if c.id == "kidney")

    assert (
        kidney(59.9) == 2 and kidney(60) == 1 and kidney(90) == 1 and kidney(90.5) == 0 and kidney(120) == 0
    )


def test_dialysis_counts_as_egfr_below_60(kb: KnowledgeBase) -> None:
    mds = _mds(kb, conditions=["dialysis"])
    assert next(c.points for c in mds.components if c.id == "kidney") == 2


def test_only_loop_and_thiazide_diuretics_count(kb: KnowledgeBase) -> None:
    """Potassium-sparing diuretics do not deplete magnesium (amiloride raises it): not counted."""
    for name in ("spironolactone", "amiloride", "螺内酯"):
        mds = _mds(kb, medications=[name])
        assert next(c.points for c in mds.components if c.id == "diuretic") == 0
    for name in ("hydrochlorothiazide", "氢氯噻嗪", "Lasix 40 mg", "indapamide"):
        mds = _mds(kb, medications=[name])
        assert next(c.points for c in mds.components if c.id == "diuretic") == 1


def test_ppi_names_in_both_languages(kb: KnowledgeBase) -> None:
    for name in ("omeprazole", "奥美拉唑肠溶胶囊", "Nexium", "pantoprazole"):
        mds = _mds(kb, medications=[name])
        assert next(c.points for c in mds.components if c.id == "ppi") == 1


def test_partial_answers_give_a_range(kb: KnowledgeBase) -> None:
    mds = _mds(kb, medications=["omeprazole"])
    assert mds.score == 1 and mds.min_possible == 1 and mds.max_possible == 4
    assert mds.unknown == ["heavy_drinking", "kidney"]


def test_levels_follow_the_later_papers_convention(kb: KnowledgeBase) -> None:
    assert _mds(kb, medications=["omeprazole"], egfr=100, alcohol_drinks_per_day=0).level == "low"
    assert _mds(kb, medications=["omeprazole"], egfr=80, alcohol_drinks_per_day=0).level == "moderate"
    assert _mds(kb, medications=["omeprazole", "furosemide"], egfr=80).level == "high"
