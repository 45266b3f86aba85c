"""Which published tables a food's values rest on: for the citations and for the attribution the Taiwan
FDA table's licence requires wherever its values are used.

A table food rests on its own table. A built-in dish's magnesium is computed from its ingredients, so
it rests on every table its ingredients come from: 紫菜蛋花汤 uses TFDA's dried laver and so carries
the TFDA attribution like the laver itself. A person's own recipe (`recipe:<id>`) is the same, but its
ingredients live in that person's record: callers that show one pass what their recipes rest on
(`service.recipes.recipe_tables`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

from magcheck.foods.dishes import load_dishes

TFDA_TABLE = "tfda_2024"
_TABLE_OF = {"usda": "usda_sr28", "tfda": TFDA_TABLE}
Recipes = Mapping[str, tuple[str, ...]]
"""A person's recipes (`recipe:<id>`) → the tables their ingredients come from."""
NO_RECIPES: Recipes = MappingProxyType({})
# What an entry lists under `sources`: foods whose value is computed from others' (a table food cites its
# own table through its `source`).
_COMPUTED = ("dish", "recipe")


@cache
def _dish_tables() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for dish in load_dishes():
        found = {_TABLE_OF.get(food_id.partition(":")[0]) for food_id, _ in dish.ingredients}
        out[dish.id] = tuple(sorted(t for t in found if t is not None))
    return out


def tables(food_id: str | None, recipes: Recipes = NO_RECIPES) -> tuple[str, ...]:
    """The source ids ("usda_sr28", "tfda_2024") whose values `food_id` rests on; () for none known."""
    if not food_id:
        return ()
    table = _TABLE_OF.get(food_id.partition(":")[0])
    if table is not None:
        return (table,)
    if food_id in recipes:
        return recipes[food_id]
    return _dish_tables().get(food_id, ())


def ingredient_tables(food_ids: Iterable[str | None]) -> tuple[str, ...]:
    """The tables a food made of these ingredients rests on (a recipe: its items' food ids)."""
    return tuple(sorted({table for food_id in food_ids for table in tables(food_id)}))


def entry_sources(food_id: str | None, source: str | None, recipes: Recipes = NO_RECIPES) -> list[str]:
    """An entry's `sources`: the tables a dish's or a recipe's value is computed from; [] for a table food."""
    return list(tables(food_id, recipes)) if source in _COMPUTED else []


def uses_tfda(food_ids: Iterable[str | None], recipes: Recipes = NO_RECIPES) -> bool:
    """Whether any of these foods shows Taiwan FDA values (then the attribution must be shown)."""
    return any(TFDA_TABLE in tables(food_id, recipes) for food_id in food_ids)
