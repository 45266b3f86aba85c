"""The whole assessment: the contract of issue 2, both languages, every number with a source."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from magcheck.core.errors import InputError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import AssessmentInput, Coverage, FoodEntryResult, FoodLogSummary
from magcheck.service.assessment import assess, assess_unplanned, input_from_json_text

MakeInput = Callable[..., AssessmentInput]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "assess-example.json"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_issue_example_carries_the_contract_keys() -> None:
    inp = input_from_json_text(EXAMPLE.read_text(encoding="utf-8"))
    data = assess(inp, "en").model_dump(mode="json")
    for key in ("standard", "life_stage", "rda_mg", "ear_mg", "ai_mg", "ul_supplement_mg"):
        assert key in data["requirement"]
    for key in ("source", "days", "daily_mg", "mean_mg", "supplement_mg"):
        assert key in data["intake"]
    for key in ("method", "z", "probability_adequate", "sd_requirement_mg", "sd_within_mg", "n_days"):
        assert key in data["adequacy"]
    for key in ("score", "min_possible", "max_possible", "components", "unknown"):
        assert key in data["mds"]
    assert {c["id"] for c in data["mds"]["components"]} == {"diuretic", "ppi", "heavy_drinking", "kidney"}
    assert data["labs"]["serum_mmol_per_l"] == pytest.approx(0.6994, abs=1e-4)
    assert data["status"]["level"] == "seek_care" and data["status"]["reasons"]
    assert data["red_flags"][0]["id"] == "warning.fainting"
    assert data["recommendations"] and data["sources"] and data["disclaimer"]
    assert data["requirement"]["rda_mg"] == 320 and data["intake"]["supplement_mg"] == pytest.approx(80.8)
    json.dumps(data)


def test_every_cited_source_is_in_the_bibliography(kb: KnowledgeBase) -> None:
    inp = input_from_json_text(EXAMPLE.read_text(encoding="utf-8"))
    out = assess_unplanned(inp, kb, "en")
    listed = {s.id for s in out.sources}
    cited = set(out.requirement.sources) | set(out.adequacy.sources) | set(out.mds.sources)
    cited |= {s for r in out.status.reasons for s in r.sources} | {
        s for f in out.red_flags for s in f.sources
    }
    cited |= {s for i in out.signs.items for s in i.sources} | {
        s for r in out.recommendations for s in r.sources
    }
    assert cited <= listed
    assert all(s.citation for s in out.sources)


def test_chinese_output_is_chinese(kb: KnowledgeBase) -> None:
    inp = input_from_json_text(EXAMPLE.read_text(encoding="utf-8"))
    out = assess_unplanned(inp, kb, "zh")
    texts = [
        out.status.label,
        out.intake.text,
        out.adequacy.text,
        out.mds.text,
        out.disclaimer,
        out.signs.caveat,
        *[r.text for r in out.status.reasons],
        *[r.text for r in out.recommendations],
    ]
    assert all(_has_cjk(text) for text in texts)
    assert "不是诊断" in out.disclaimer


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_disclaimer_names_the_three_promises(kb: KnowledgeBase, make_input: MakeInput, lang: str) -> None:
    out = assess_unplanned(make_input(), kb, lang)
    words = ("not a diagnosis", "regulator", "clinician") if lang == "en" else ("不是诊断", "监管", "医生")
    assert all(w in out.disclaimer for w in words)


def test_cn_standard_names_rni_and_edition(kb: KnowledgeBase, make_input: MakeInput) -> None:
    out = assess_unplanned(make_input(standard="cn", intake={"usual_mg": 300}), kb, "en")
    assert (
        out.requirement.rda_name == "RNI" and out.requirement.rda_mg == 330 and out.requirement.ear_mg == 280
    )
    assert "2013" in out.requirement.edition
    assert out.adequacy.z == pytest.approx((300 - 280) / 28, abs=1e-3)


def test_infant_gets_ai_and_null_rda(kb: KnowledgeBase, make_input: MakeInput) -> None:
    out = assess_unplanned(
        make_input(profile={"age_years": 0.5, "sex": "male"}, intake={"daily_mg": [60, 70]}), kb, "en"
    )
    assert out.requirement.rda_mg is None and out.requirement.ai_mg == 75
    assert out.adequacy.method == "iom_ai" and out.adequacy.conclusion == "no_conclusion"
    assert out.status.level == "low_concern"


def test_food_log_summary_feeds_the_iom_test(kb: KnowledgeBase, make_input: MakeInput) -> None:
    entries = [
        FoodEntryResult(
            entry="30 g almonds", day=0, ndb="12061", name_en="Almonds", name_zh="杏仁", grams=30, mg=81.3
        ),
        FoodEntryResult(
            entry="mystery stew", day=1, ndb=None, name_en=None, name_zh=None, grams=None, mg=None
        ),
    ]
    log = FoodLogSummary(
        entries=entries,
        daily_mg=[300, 320, 340],
        coverage=Coverage(entries=2, entries_with_value=1, complete=False, text="≥ 320 mg"),
    )
    out = assess_unplanned(
        make_input(intake={"days": [["30 g almonds"], ["mystery stew"], ["x"]]}), kb, "en", food_log=log
    )
    assert out.intake.source == "food_log" and out.intake.days == 3 and out.intake.mean_mg == 320
    assert out.adequacy.z is not None and 0.97 <= out.adequacy.z <= 0.99
    assert any("lower bound" in c for c in out.adequacy.caveats)
    assert "at least" in out.intake.text and out.intake.foods == entries


def test_days_without_food_store_is_a_field_error(kb: KnowledgeBase, make_input: MakeInput) -> None:
    with pytest.raises(InputError) as info:
        assess_unplanned(make_input(intake={"days": [["apple"]]}), kb, "en")
    assert info.value.problems[0].field == "intake.days"


def test_unrecognised_medicines_are_listed_not_ignored(kb: KnowledgeBase, make_input: MakeInput) -> None:
    out = assess_unplanned(make_input(medications=["omeprazole", "wonderpill"]), kb, "en")
    assert out.unrecognised_medications == ["wonderpill"]
    assert any(r.id == "unrecognised_medications" and "wonderpill" in r.text for r in out.recommendations)


def test_kidney_disease_with_supplements_is_a_red_flag_and_no_dose_advice(
    kb: KnowledgeBase, make_input: MakeInput
) -> None:
    out = assess_unplanned(
        make_input(conditions=["kidney_disease"], supplements=[{"elemental_mg": 200}]), kb, "zh"
    )
    assert out.supplements is not None and not out.supplements.dose_advice_allowed
    assert any(f.id == "supplements_with_kidney_disease" for f in out.red_flags)
    assert out.status.level == "high_concern"


def test_spacing_advice_even_without_supplements(kb: KnowledgeBase, make_input: MakeInput) -> None:
    out = assess_unplanned(make_input(medications=["alendronate"]), kb, "en")
    assert any(r.id == "spacing.bisphosphonates" for r in out.recommendations)


def test_age_70_counts_as_risk_factor(kb: KnowledgeBase, make_input: MakeInput) -> None:
    out = assess_unplanned(
        make_input(profile={"age_years": 72, "sex": "male"}, intake={"usual_mg": 500}), kb, "en"
    )
    assert out.status.level == "some_concern"
    assert any(r.id == "risk_factor" and "70" in r.text for r in out.status.reasons)


def test_article_groups_are_shown_but_do_not_change_status(kb: KnowledgeBase, make_input: MakeInput) -> None:
    base = assess_unplanned(make_input(intake={"usual_mg": 400}), kb, "en")
    athlete = assess_unplanned(
        make_input(intake={"usual_mg": 400}, conditions=["endurance_athlete", "chronic_stress"]), kb, "en"
    )
    assert base.status.level == athlete.status.level == "low_concern"
    assert {"condition.endurance_athlete", "condition.chronic_stress"} <= {
        r.id for r in athlete.recommendations
    }
