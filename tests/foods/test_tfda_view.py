"""The Taiwan FDA part of the store's merged view: the curated TFDA rows are the foods people mean."""

from __future__ import annotations

import pytest

from magcheck.foods.store import FoodStore


@pytest.mark.parametrize(
    ("query", "tfda_id", "mg"),
    [("紫菜", "F0210101", 363.4246), ("红枣", "D3100401", 34.66), ("大枣", "D3100401", 34.66),
     ("馒头", "R2400201", None), ("腐竹", "R4700401", None), ("皮蛋", "K01131", None),
     ("豆干", "R4700202", None), ("nori", "F0210101", None), ("饅頭", "R2400201", None)],
)  # fmt: skip
def test_the_foods_sr28_gets_wrong_resolve_to_tfda(
    fresh_store: FoodStore, query: str, tfda_id: str, mg: float | None
) -> None:
    top = fresh_store.search(query, limit=1)[0].food
    assert top.id == f"tfda:{tfda_id}" and top.source == "tfda" and top.ndb is None
    if mg is not None:
        assert top.mg == mg
    assert top.typical_portion is not None
