"""Built-in mixed dishes: reviewed standard recipes over table foods, turned into foods everyone can log.

A dish's magnesium is never typed in: it is computed from its ingredients as they stand in the store
(Σ grams × mg/100 g ÷ cooked weight), so a dish can never disagree with the foods it is made of, and a
corrected ingredient corrects every dish that uses it. The recipes live in `knowledge/dishes/*.toml`
with the basis of each written down; every place that shows a dish value says it is an estimate from a
standard recipe. Loading checks the files strictly — an unknown ingredient id, a unit the parser does not
know or a cooked weight that outweighs its ingredients is a DataFileError naming the file and the dish.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from magcheck.foods import units
from magcheck.foods.names import SEP, pinyin
from magcheck.i18n import Say, t
from magcheck.knowledge.dish_tables import (
    DISHES_DIR,
    PREFIX,
    Dish,
    dish_problem,
    load_dish_tables,
    read_dish_tables,
)

if TYPE_CHECKING:
    from magcheck.i18n import Lang


def _parser_knows_the_portions(dishes: tuple[Dish, ...]) -> tuple[Dish, ...]:
    """A dish's portion words must be ones the meal parser reads as portions ("碗", "serving"), or
    "a bowl of 西红柿炒鸡蛋" could never find them."""
    for dish in dishes:
        for unit, _ in dish.portions:
            if units.unit_key(unit) != unit or units.kind_of(unit) == "mass":
                raise dish_problem(
                    dish.file,
                    dish.id.removeprefix(PREFIX),
                    f"portion unit {unit!r} is not a portion word the parser knows",
                )
    return dishes


def read_dishes(folder: Path = DISHES_DIR) -> tuple[Dish, ...]:
    """Every dish in `folder`, checked by the knowledge reader and against the parser's portion words."""
    return _parser_knows_the_portions(read_dish_tables(folder))


@cache
def load_dishes() -> tuple[Dish, ...]:
    """The shipped dishes, checked (once per process)."""
    return _parser_knows_the_portions(load_dish_tables())


def dish_by_id(food_id: str) -> Dish | None:
    return next((d for d in load_dishes() if d.id == food_id), None)


# portion unit → its label in the dishes catalogue
_PORTION_KEYS = {"serving": "serving", "碗": "bowl", "盘": "plate", "个": "piece", "块": "chunk",
                 "根": "stick", "slice": "slice", "piece": "piece", "cup": "cup"}  # fmt: skip


def _portion_row(food_id: str, seq: int, unit: str, grams: float) -> tuple[Any, ...]:
    key = f"dishes.portion.{_PORTION_KEYS.get(unit, 'piece')}"
    shown = f"{grams:g}"
    label_en, label_zh = t(key, "en", grams=shown), t(key, "zh", grams=shown)
    # the typical serving is what an entry without an amount is read as
    return (food_id, seq, unit, 1.0, label_en, label_zh, grams, "dish", int(unit == "serving"), None)


def insert_dishes(conn: sqlite3.Connection) -> None:
    """Add every dish to the store's merged view, its values computed from the ingredient rows there.

    Called while the view is rebuilt (after an import, or when the curated table or a dish file
    changes), so pinyin and sums are worked out once, not each time the store is opened.
    """
    rows = conn.execute("SELECT id, mg, kcal, families FROM food").fetchall()
    table = {food_id: (mg, kcal, families) for food_id, mg, kcal, families in rows}
    food_rows: list[tuple[Any, ...]] = []
    portion_rows: list[tuple[Any, ...]] = []
    for dish in load_dishes():
        missing = [food_id for food_id, _ in dish.ingredients if food_id not in table]
        if missing:
            raise dish_problem(dish.file, dish.id, f"unknown ingredient {', '.join(missing)}")
        mg_total: float | None = 0.0
        kcal_total: float | None = 0.0
        families: set[str] = set()
        for food_id, grams in dish.ingredients:
            mg, kcal, fam = table[food_id]
            mg_total = None if mg is None or mg_total is None else mg_total + grams * mg / 100
            kcal_total = None if kcal is None or kcal_total is None else kcal_total + grams * kcal / 100
            families.update(x for x in fam.split(SEP) if x)
        per_100 = 100 / dish.cooked_g
        food_rows.append(
            (
                dish.id, "dish", None, dish.name_en, dish.name_zh, SEP.join(dish.aliases_en),
                SEP.join(dish.aliases_zh),
                None, dish.group, None, None, SEP.join(sorted(families)), dish.cuisine,
                None if mg_total is None else round(mg_total * per_100, 2),
                None if kcal_total is None else round(kcal_total * per_100, 1),
                1, 1, None, None, None, pinyin([dish.name_zh, *dish.aliases_zh]), None, None, None,
            )
        )  # fmt: skip
        portion_rows += [_portion_row(dish.id, i, u, g) for i, (u, g) in enumerate(dish.portions)]
    conn.executemany(f"INSERT INTO food VALUES ({', '.join('?' * 24)})", food_rows)
    conn.executemany("INSERT INTO portion VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", portion_rows)


def recipe_view(food_id: str, foods: Any, lang: Lang) -> dict[str, Any] | None:
    """What `foods show` adds for a dish: the estimate note, the basis and each ingredient's share.

    `foods` is the store (anything with `get(id)`); None for a food that is not a dish.
    """
    say = Say(lang)
    dish = dish_by_id(food_id)
    if dish is None:
        return None
    ingredients = []
    for ingredient_id, grams in dish.ingredients:
        food = foods.get(ingredient_id)
        ingredients.append(
            {
                "id": ingredient_id,
                "name_en": food.name_en,
                "name_zh": food.name_zh,
                "grams": grams,
                "mg": None if food.mg is None else round(grams * food.mg / 100, 2),
            }
        )
    return {
        "estimate": say("dishes.show.estimate"),
        "basis": say.name(dish, field="basis"),
        "cooked_g": dish.cooked_g,
        "ingredients_g": sum(g for _, g in dish.ingredients),
        "ingredients": ingredients,
    }
