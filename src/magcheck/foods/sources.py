"""Which published tables a food's values rest on: for the citations and for the attribution the Taiwan
FDA table's licence requires wherever its values are used.

A table food rests on its own table. A built-in dish's magnesium is computed from its ingredients, so
it rests on every table its ingredients come from: 紫菜蛋花汤 uses TFDA's dried laver and so carries
the TFDA attribution like the laver itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from magcheck.foods.dishes import load_dishes

TFDA_TABLE = "tfda_2024"
_TABLE_OF = {"usda": "usda_sr28", "tfda": TFDA_TABLE}


@cache
def _dish_tables() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for dish in load_dishes():
        found = {_TABLE_OF.get(food_id.partition(":")[0]) for food_id, _ in dish.ingredients}
        out[dish.id] = tuple(sorted(t for t in found if t is not None))
    return out


def tables(food_id: str | None) -> tuple[str, ...]:
    """The source ids ("usda_sr28", "tfda_2024") whose values `food_id` rests on; () for none known."""
    if not food_id:
        return ()
    table = _TABLE_OF.get(food_id.partition(":")[0])
    if table is not None:
        return (table,)
    return _dish_tables().get(food_id, ())


def uses_tfda(food_ids: Iterable[str | None]) -> bool:
    """Whether any of these foods shows Taiwan FDA values (then the attribution must be shown)."""
    return any(TFDA_TABLE in tables(food_id) for food_id in food_ids)
