"""Sentences → recall items: split into foods, each understood, the unknown kept open (never raised)."""

from __future__ import annotations

import pytest

from magcheck.foods.store import FoodStore
from magcheck.recall.understand import pieces, understand


@pytest.fixture(scope="module")
def store() -> FoodStore:
    return FoodStore.open_default()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a bowl of oatmeal, a banana and a glass of milk",
            ["a bowl of oatmeal", "a banana", "a glass of milk"],
        ),
        ("I had rice, spinach and tofu.", ["rice", "spinach", "tofu"]),
        ("一碗燕麦粥、一根香蕉和一杯牛奶", ["一碗燕麦粥", "一根香蕉", "一杯牛奶"]),
        ("早上吃了两个鸡蛋，还有一杯豆浆", ["两个鸡蛋", "一杯豆浆"]),
        ("", []),
    ],
)
def test_a_sentence_is_split_into_its_foods(text: str, expected: list[str], store: FoodStore) -> None:
    assert pieces(text, store) == expected


def test_almonds_by_weight_match_sr28(store: FoodStore) -> None:
    (item,) = understand("30 g almonds", "snacks", store, "en")
    assert item.status == "ok" and item.food_id == "usda:12061"
    assert item.mg == pytest.approx(30 * 270 / 100)  # SR28 12061: 270 mg/100 g
    assert not item.portion_assumed


def test_a_food_without_an_amount_gets_a_usual_portion_marked_assumed(store: FoodStore) -> None:
    (item,) = understand("rice", "lunch", store, "en")
    assert item.status == "ok" and item.portion_assumed
    assert item.unit == "碗" and item.grams == 150  # the curated bowl of rice (knowledge/foods/README.md)


def test_unknown_and_ambiguous_foods_stay_open_with_reason_or_candidates(store: FoodStore) -> None:
    unknown, ambiguous = understand("zorbleberry, beans", "dinner", store, "en")  # "beans" fits many foods
    assert unknown.status == "unknown" and unknown.reason_code == "foods.errors.unknown_food"
    assert ambiguous.status == "ambiguous" and len(ambiguous.candidates) >= 2
    assert unknown.mg is None and ambiguous.mg is None


def test_run_on_chinese_is_cut_into_its_foods(store: FoodStore) -> None:
    items = understand("馒头豆浆两个鸡蛋", "breakfast", store, "zh")
    assert len(items) == 3 and all(i.status == "ok" for i in items)


def test_chinese_portion_words(store: FoodStore) -> None:
    eggs, soy = understand("两个鸡蛋，一杯豆浆", "breakfast", store, "zh")
    assert (eggs.amount, eggs.grams) == (2, 100)  # the USDA large egg, 50 g
    assert soy.status == "ok" and soy.unit == "杯"
