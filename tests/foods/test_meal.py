"""Whole meals in one line: splitting, labels, joining words inside names, run-on Chinese, nothing blocks."""

from __future__ import annotations

import pytest

from magcheck.core.errors import InputError
from magcheck.foods.meal import parse_meal, split_meal
from magcheck.foods.store import FoodStore


@pytest.mark.parametrize(
    ("line", "parts"),
    [("早餐：一个馒头和一杯牛奶，还有两个鸡蛋", ["一个馒头", "一杯牛奶", "两个鸡蛋"]),
     ("rice, stir-fried greens and 2 eggs", ["rice", "stir-fried greens", "2 eggs"]),
     ("Lunch: 30 g almonds with 1 banana plus 1 cup milk", ["30 g almonds", "1 banana", "1 cup milk"]),
     ("早上吃了一个馒头、喝了一杯豆浆；晚饭：米饭一碗跟豆腐一块",
      ["一个馒头", "一杯豆浆", "米饭一碗", "豆腐一块"]),
     ("I had 2 cups spinach, cooked", ["2 cups spinach, cooked"]),
     ("1,000 g rice", ["1,000 g rice"]),
     ("羽衣甘蓝（宽叶，煮）一碗", ["羽衣甘蓝（宽叶，煮）一碗"])],
)  # fmt: skip
def test_a_line_is_cut_at_punctuation_joining_words_and_labels(
    fresh_store: FoodStore, line: str, parts: list[str]
) -> None:
    assert split_meal(line, fresh_store) == parts


def test_the_issues_breakfast_reads_three_foods_with_source_values(fresh_store: FoodStore) -> None:
    result = parse_meal("早餐：一个馒头和一杯牛奶，还有两个鸡蛋", fresh_store, "zh")
    assert result.not_understood == []
    ids = [i.food.id for i in result.items if i.food is not None]
    assert ids == ["tfda:R2400201", "usda:01077", "usda:01129"]  # TFDA mantou; a cooked egg, not raw
    milk = result.items[1]
    # SR28 WEIGHT 01077: 1 cup = 244 g; ABBREV: 10 mg/100 g
    assert milk.grams == 244 and milk.mg == pytest.approx(24.4) and not milk.portion_assumed
    assert milk.food is not None and milk.food.source == "usda" and milk.food.ndb == "01077"


def test_run_on_chinese_is_segmented(fresh_store: FoodStore) -> None:
    result = parse_meal("一个馒头两个鸡蛋一杯牛奶", fresh_store, "zh")
    assert [i.text for i in result.items] == ["一个馒头", "两个鸡蛋", "一杯牛奶"]
    assert result.not_understood == []


def test_what_cannot_be_read_is_listed_with_reason_and_candidates(fresh_store: FoodStore) -> None:
    result = parse_meal("30 g almonds, 1 cup beans, 2 qqqzzx", fresh_store, "en")
    assert [i.text for i in result.items] == ["30 g almonds"]
    assert result.items[0].mg == pytest.approx(81.0)  # SR28 12061: 270 mg/100 g
    beans, gibberish = result.not_understood
    assert beans.text == "1 cup beans" and "could be several foods" in beans.reason
    assert len(beans.candidates) >= 2 and all("bean" in c.name_en.lower() for c in beans.candidates)
    assert gibberish.text == "2 qqqzzx" and gibberish.reason


def test_reasons_follow_the_language(fresh_store: FoodStore) -> None:
    zh = parse_meal("一碗qqqzzx", fresh_store, "zh").not_understood[0]
    en = parse_meal("一碗qqqzzx", fresh_store, "en").not_understood[0]
    assert zh.reason != en.reason and any("\u4e00" <= ch <= "\u9fff" for ch in zh.reason)


@pytest.mark.parametrize("line", ["", "  ", "，、,", "x" * 1001])
def test_an_empty_or_huge_line_is_an_input_error_on_the_field(fresh_store: FoodStore, line: str) -> None:
    with pytest.raises(InputError) as info:
        parse_meal(line, fresh_store, "en", field="entry")
    assert info.value.problems[0].field == "entry"


def test_too_many_parts_is_refused(fresh_store: FoodStore) -> None:
    with pytest.raises(InputError) as info:
        parse_meal(", ".join(["1 banana"] * 61), fresh_store, "en")
    assert info.value.problems[0].code == "meal.errors.too_many_items"
