"""Food logs in the assessment: `intake.days` → `intake.foods`, per-day totals, IOM days, honest coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from magcheck.core.errors import InputError
from magcheck.core.models import AssessmentInput
from magcheck.foods.store import FoodStore
from magcheck.service.assessment import assess


def _input(days: list[list[str]]) -> AssessmentInput:
    data = {"profile": {"age_years": 40, "sex": "female"}, "intake": {"days": days}}
    return AssessmentInput.model_validate(data)


def test_a_food_log_becomes_entries_daily_totals_and_iom_days() -> None:
    days = [["2 cups cooked spinach", "30 g almonds"], ["一碗米饭", "magnesium 120 mg"], ["一把杏仁"]]
    result = assess(_input(days), "en")
    intake = result.intake
    assert intake.source == "food_log" and intake.days == 3
    assert [(f.entry, f.day) for f in intake.foods] == [(e, d) for d, day in enumerate(days) for e in day]
    assert intake.foods[0].ndb == "11458" and intake.foods[0].grams == 360
    assert intake.daily_mg[0] == pytest.approx(313.2 + 81.0)
    assert intake.foods[2].mg is not None
    assert intake.daily_mg[1] == pytest.approx(intake.foods[2].mg + 120)
    assert result.adequacy.n_days == 3
    assert intake.coverage is not None and intake.coverage.complete
    assert intake.coverage.entries == intake.coverage.entries_with_value == 5


def test_missing_values_are_reported_not_counted_as_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sr28_dir: Path
) -> None:
    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(tmp_path))
    subset = tmp_path / "sr28"
    subset.mkdir()
    for name in ("ABBREV.txt", "FOOD_DES.txt"):
        lines = (sr28_dir / name).read_bytes().split(b"\r\n")
        (subset / name).write_bytes(b"\r\n".join(ln for ln in lines if ln[1:3] == b"01") + b"\r\n")
    FoodStore.open_default().import_path(subset)
    days = [["2 cups cooked spinach", "1 oz velveeta pasteurized process cheese spread"], ["30 g almonds"]]
    intake = assess(_input(days), "en").intake
    velveeta = intake.foods[1]
    assert velveeta.ndb == "01191" and velveeta.mg is None
    assert velveeta.grams == pytest.approx(28.35, abs=0.01)
    assert intake.daily_mg[0] == pytest.approx(313.2)
    assert intake.coverage is not None and not intake.coverage.complete
    assert intake.coverage.entries_with_value == 2 and intake.coverage.entries == 3
    assert "1 of 3 entries have no magnesium value" in intake.coverage.text


def test_an_unknown_food_is_listed_and_the_assessment_still_answers() -> None:
    out = assess(_input([["2 cups cooked spinach"], ["一碗不存在的东西xyz", "30 g almonds"]]), "zh")
    (missing,) = out.intake.not_understood
    assert missing.text == "一碗不存在的东西xyz" and "找不到" in missing.reason
    assert out.intake.coverage is not None and not out.intake.coverage.complete
    assert out.intake.daily_mg == [pytest.approx(313.2, abs=0.05), pytest.approx(81.0)]
    assert any("下限" in c for c in out.adequacy.caveats)


def test_a_log_with_nothing_readable_is_a_field_error_in_the_users_language() -> None:
    with pytest.raises(InputError) as info:
        assess(_input([["一碗不存在的东西xyz"]]), "zh")
    problem = info.value.problems[0]
    assert problem.field == "intake.days.0.0"
    assert problem.code == "meal.errors.not_understood"


def test_a_dish_made_with_taiwan_fda_foods_cites_the_tfda_table() -> None:
    """紫菜蛋花汤 is computed from TFDA dried laver: the assessment's sources name the TFDA table (whose
    citation carries the attribution its licence requires), like a TFDA food logged on its own."""
    result = assess(_input([["一碗紫菜蛋花汤"]]), "zh")
    (soup,) = result.intake.foods
    assert soup.food_id == "dish:laver_egg_drop_soup" and "tfda_2024" in soup.sources
    cited = {ref.id for ref in result.sources}
    assert {"tfda_2024", "usda_sr28"} <= cited
    plain = assess(_input([["2 cups cooked spinach"]]), "en")
    assert "tfda_2024" not in {ref.id for ref in plain.sources}
