"""Magnesium Depletion Score cases (Fan et al. 2021; components per clinical.md §3.1 and the spec README)."""

from __future__ import annotations

from typing import Any

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import AssessmentInput, Mds
from magcheck.service.assessment import assess_unplanned


def _mds(kb: KnowledgeBase, lang: str = "en", **parts: Any) -> Mds:
    data = {"profile": {"age_years": 40, "sex": "female"}, **parts}
    return assess_unplanned(AssessmentInput.model_validate(data), kb, lang).mds


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


def test_any_current_diuretic_scores_1_as_published(kb: KnowledgeBase) -> None:
    """Fan 2021 / shared/spec README (revised): current use of any diuretic scores 1; where the class is
    potassium-sparing (amiloride, spironolactone, eplerenone, triamterene) a note says it tends to retain
    magnesium."""
    for name in ("spironolactone", "amiloride", "eplerenone", "triamterene", "螺内酯", "阿米洛利"):
        for lang in ("en", "zh"):
            mds = _mds(kb, medications=[name], lang=lang)
            comp = next(c for c in mds.components if c.id == "diuretic")
            assert comp.points == 1, name
            assert ("potassium-sparing" in comp.text) if lang == "en" else ("保钾" in comp.text)
            assert "murdoch1993_amiloride" in mds.sources
    for name in ("hydrochlorothiazide", "氢氯噻嗪", "Lasix 40 mg", "indapamide"):
        mds = _mds(kb, medications=[name])
        comp = next(c for c in mds.components if c.id == "diuretic")
        assert comp.points == 1 and "potassium-sparing" not in comp.text


def test_validation_note_quotes_fan_2021_exactly(kb: KnowledgeBase) -> None:
    # Fan 2021 abstract: 77 adults; MDS with age and sex, AUC 0.63 (95 % CI 0.50-0.76); serum Mg alone 0.53
    en = _mds(kb, medications=[]).text
    for part in (
        "77 adults",
        "together with age and sex",
        "0.63",
        "0.50–0.76",
        "serum magnesium alone",
        "0.53",
    ):
        assert part in en, part
    zh = _mds(kb, medications=[], lang="zh").text
    for part in ("77 名成人", "结合年龄和性别", "0.63", "0.50–0.76", "单用血清镁", "0.53"):
        assert part in zh, part


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
