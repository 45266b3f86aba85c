"""Food logs: per-entry results, per-day totals (lower bounds when a value is missing) and honest coverage."""

from __future__ import annotations

import pytest

from magcheck.core.errors import InputError
from magcheck.foods.log import summarise_days
from magcheck.foods.store import FoodStore
from magcheck.i18n import t


def test_entries_and_daily_totals(full_store: FoodStore) -> None:
    days = [["2 cups cooked spinach", "30 g almonds"], ["一把杏仁", "magnesium 120 mg"]]
    summary = summarise_days(days, full_store, "en")
    assert [e.day for e in summary.entries] == [0, 0, 1, 1]
    assert [e.ndb for e in summary.entries] == ["11458", "12061", "12061", None]
    assert summary.entries[0].grams == 360 and summary.entries[0].mg == pytest.approx(313.2)
    assert summary.entries[2].mg is not None
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


def test_what_cannot_be_read_is_listed_and_counted_not_raised(full_store: FoodStore) -> None:
    days = [["2 cups cooked spinach", "30 g qqqzzz"], ["1 cup beans", "2 zorps almonds", "30 g almonds"]]
    summary = summarise_days(days, full_store, "en")
    assert [e.entry for e in summary.entries] == ["2 cups cooked spinach", "30 g almonds"]
    # SR28: boiled spinach 87 mg/100 g, 1 cup = 180 g; raw almonds 270 mg/100 g
    assert summary.daily_mg == [pytest.approx(313.2, abs=0.05), pytest.approx(81.0)]
    missing = {m.text: m for m in summary.not_understood}
    assert set(missing) == {"30 g qqqzzz", "1 cup beans", "2 zorps almonds"}
    assert "no food matches" in missing["30 g qqqzzz"].reason
    assert "beans" in missing["1 cup beans"].reason
    assert any(c.id == "usda:16015" for c in missing["1 cup beans"].candidates)
    assert "is not a unit" in missing["2 zorps almonds"].reason
    assert summary.coverage.entries == 5 and summary.coverage.entries_with_value == 2
    assert not summary.coverage.complete and "3 of 5 items were not understood" in summary.coverage.text


def test_an_empty_day_and_a_log_with_nothing_readable_are_errors(full_store: FoodStore) -> None:
    with pytest.raises(InputError) as info:
        summarise_days([["30 g almonds"], []], full_store, "en")
    assert [(p.field, p.code) for p in info.value.problems] == [("intake.days.1", "foods.errors.empty_day")]
    with pytest.raises(InputError) as info:
        summarise_days([["qqqzzz"], ["1 cup beans"]], full_store, "zh")
    assert [p.field for p in info.value.problems] == ["intake.days.0.0", "intake.days.1.0"]
    assert all(p.code == "meal.errors.not_understood" for p in info.value.problems)
    message = t(info.value.problems[1].code, "zh", **info.value.problems[1].params)
    assert "黑豆" in message or "红豆" in message


def test_a_whole_meal_in_one_entry_is_split_into_foods(full_store: FoodStore) -> None:
    summary = summarise_days([["早餐：一个馒头和一杯牛奶", "30 g almonds"]], full_store, "zh")
    assert [e.entry for e in summary.entries] == ["一个馒头", "一杯牛奶", "30 g almonds"]
    # TFDA R2400201 白饅頭 16 mg/100 g × 100 g (one mantou); SR28 01077 whole milk 10 mg/100 g × 244 g;
    # almonds 81 mg
    assert summary.daily_mg == [pytest.approx(16 + 24.4 + 81, abs=0.05)]
    assert summary.coverage.complete and summary.not_understood == []
