"""Food logs: per-entry results, per-day totals (lower bounds when a value is missing) and honest coverage."""

from __future__ import annotations

import pytest

from magcheck.errors import InputError
from magcheck.foods.log import summarise_days
from magcheck.foods.store import FoodStore
from magcheck.i18n import t


def test_entries_and_daily_totals(full_store: FoodStore) -> None:
    days = [["2 cups cooked spinach", "30 g almonds"], ["一把杏仁", "magnesium 120 mg"]]
    summary = summarise_days(days, full_store, "en")
    assert [e.day for e in summary.entries] == [0, 0, 1, 1]
    assert [e.ndb for e in summary.entries] == ["11458", "12061", "12061", None]
    assert summary.entries[0].grams == 360 and summary.entries[0].mg == pytest.approx(313.2)
    assert summary.daily_mg == [pytest.approx(313.2 + 81.0), pytest.approx(summary.entries[2].mg + 120)]
    assert summary.entries[3].note == t("foods.log.label_entry", "en")
    assert summary.entries[0].note == t("foods.parse.read_as", "en", quantity="2", portion="1 cup")
    assert summary.coverage.complete
    assert summary.coverage.entries == summary.coverage.entries_with_value == 4
    assert summary.coverage.text == "All 4 entries have a magnesium value."


def test_missing_values_make_totals_lower_bounds_and_coverage_says_so(full_store: FoodStore) -> None:
    days = [
        ["2 cups cooked spinach", "1 tbsp smart squeeze"],
        ["30 g almonds"],
        ["1 tbsp smart squeeze", "一碗米饭"],
    ]
    summary = summarise_days(days, full_store, "en")
    missing = [e for e in summary.entries if e.mg is None]
    assert len(missing) == 2 and all(e.ndb == "04676" for e in missing)
    assert summary.daily_mg[0] == pytest.approx(313.2)  # the spread adds nothing known, not zero "measured"
    assert not summary.coverage.complete
    assert summary.coverage.entries == 5 and summary.coverage.entries_with_value == 3
    mean = sum(summary.daily_mg) / 3
    assert summary.coverage.text.startswith(
        f"≥ {mean:.0f} mg per day: 2 of 5 entries have no magnesium value"
    )
    zh = summarise_days(days, full_store, "zh").coverage.text
    assert zh.startswith(f"每天至少 {mean:.0f} 毫克") and "5 条记录中有 2 条" in zh


def test_every_bad_entry_is_reported_on_its_own_field(full_store: FoodStore) -> None:
    days = [["2 cups cooked spinach", "30 g qqqzzz"], ["1 cup beans", "2 zorps almonds"], []]
    with pytest.raises(InputError) as info:
        summarise_days(days, full_store, "en")
    by_field = {p.field: p for p in info.value.problems}
    assert set(by_field) == {"intake.days.0.1", "intake.days.1.0", "intake.days.1.1", "intake.days.2"}
    assert by_field["intake.days.0.1"].code == "foods.errors.unknown_food"
    assert by_field["intake.days.1.0"].code == "foods.errors.ambiguous"
    assert "Black beans" in by_field["intake.days.1.0"].params["candidates"]
    assert by_field["intake.days.1.1"].code == "foods.errors.unknown_unit"
    assert by_field["intake.days.2"].code == "foods.errors.empty_day"


def test_ambiguity_is_explained_in_chinese_with_chinese_names(full_store: FoodStore) -> None:
    with pytest.raises(InputError) as info:
        summarise_days([["1 cup beans"]], full_store, "zh")
    problem = info.value.problems[0]
    message = t(problem.code, "zh", **problem.params)
    assert "黑豆" in message or "红豆" in message
