"""Namespaced food ids: every spelling a person or an older client may send finds the same food."""

from __future__ import annotations

import pytest

from magcheck.core.errors import NotFoundError
from magcheck.core.food_ids import normalise, split_id
from magcheck.foods.store import FoodStore


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09040", "usda:09040"),
        ("9040", "usda:09040"),
        (" usda:9040 ", "usda:09040"),
        ("USDA:09040", "usda:09040"),
        ("F0210101", "tfda:F0210101"),
        ("f0210101", "tfda:F0210101"),
        ("tfda:f0210101", "tfda:F0210101"),
        ("dish:mapo-tofu", "dish:mapo-tofu"),
        ("recipe:42", "recipe:42"),
    ],
)
def test_normalise_accepts_namespaced_and_bare_ids(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "usda:abc", "usda:123456", "tfda:123", "other:1", "dish:", "dish:a b", "x" * 81]
)
def test_normalise_rejects_what_cannot_be_an_id(text: str) -> None:
    assert normalise(text) is None


def test_split_id() -> None:
    assert split_id("tfda:F0210101") == ("tfda", "F0210101")
    with pytest.raises(ValueError):
        split_id("09040")


def test_every_food_carries_its_id_and_source(fresh_store: FoodStore) -> None:
    for food in fresh_store.iter_foods():
        assert food.source in ("usda", "tfda", "dish")
        if food.source == "usda":
            assert food.id == f"usda:{food.ndb}"
        else:
            assert food.ndb is None and food.id.startswith(f"{food.source}:")
        assert fresh_store.get(food.id) is food


def test_get_finds_a_usda_food_by_id_or_bare_ndb(fresh_store: FoodStore) -> None:
    food = fresh_store.get("usda:11458")
    assert food is fresh_store.get("11458") is fresh_store.get("usda:11458")
    assert food.summary()["id"] == "usda:11458" and food.summary()["source"] == "usda"
    with pytest.raises(NotFoundError):
        fresh_store.get("dish:nothing-like-this")
