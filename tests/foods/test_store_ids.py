"""The store's foods by namespaced id: every food carries its id and source, and any spelling finds it."""

from __future__ import annotations

import pytest

from magcheck.core.errors import NotFoundError
from magcheck.foods.store import FoodStore


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
