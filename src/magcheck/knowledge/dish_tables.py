"""The built-in dishes' reviewed recipes (`knowledge/dishes/*.toml`), read and checked.

A dish is a standard recipe over table foods: ingredients in grams as they go in, the finished weight,
household portions and the basis of each number written down. Its magnesium is never typed in — the
food store computes it from the ingredients (foods/dishes.py) — so this reader checks only what a file
can get wrong on its own: fields, ids, a cooked weight that outweighs its ingredients, portions. Every
problem is a DataFileError naming the file and the dish.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from magcheck.core.errors import DataFileError, FieldProblem
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.cache import cached, data_files

DISHES_DIR = KNOWLEDGE_DIR / "dishes"
PREFIX = "dish:"
# cooking can add water (dumplings, soups are weighed with their water as an ingredient) but a dish
# heavier than everything that went into it is a typing mistake
MAX_GAIN = 1.05
_FIELDS = {"id", "name_en", "name_zh", "aliases_en", "aliases_zh", "group", "cooked_g", "portions", "basis",
           "basis_zh", "ingredients"}  # fmt: skip
DISH_GROUPS = ("dishes_other", "soups_sauces", "fast_restaurant")


@dataclass(frozen=True, slots=True)
class Dish:
    """One standard recipe: ingredients in grams as they go in, and what the finished dish weighs."""

    id: str
    name_en: str
    name_zh: str
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    cuisine: str
    group: str
    cooked_g: float
    portions: tuple[tuple[str, float], ...]
    basis: str
    basis_zh: str  # the same recipe basis in Chinese (a test checks it names the same numbers)

    @property
    def basis_en(self) -> str:
        """The basis under the `<field>_<lang>` name the language rule (`Say.name`) reads."""
        return self.basis

    ingredients: tuple[tuple[str, float], ...]
    file: str

    @property
    def serving_g(self) -> float:
        return dict(self.portions)["serving"]


def dish_problem(file: str, entry: str, reason: str) -> DataFileError:
    return DataFileError([FieldProblem(f"{file}:{entry}", "core.data_file", {"reason": reason})])


def _strings(raw: Any, file: str, entry: str, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise dish_problem(file, entry, f"{key} must be a list of names")
    return tuple(raw)


def _dish(raw: dict[str, Any], cuisine: str, file: str) -> Dish:
    entry = str(raw.get("id", "?"))
    unknown = set(raw) - _FIELDS
    if unknown:
        raise dish_problem(file, entry, f"unknown field(s) {sorted(unknown)}")
    for key in ("id", "name_en", "name_zh", "basis", "basis_zh"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise dish_problem(file, entry, f"{key} is missing")
    if not entry.replace("_", "").isalnum() or not entry.isascii() or entry != entry.lower():
        raise dish_problem(file, entry, "id must be lower-case letters, digits and _")
    group = raw.get("group", "dishes_other")
    if group not in DISH_GROUPS:
        raise dish_problem(file, entry, f"group must be one of {DISH_GROUPS}")
    cooked = raw.get("cooked_g")
    if not isinstance(cooked, int | float) or cooked <= 0:
        raise dish_problem(file, entry, "cooked_g must be a positive weight")
    ingredients = raw.get("ingredients")
    if not isinstance(ingredients, dict) or not ingredients:
        raise dish_problem(file, entry, "ingredients are missing")
    for food_id, grams in ingredients.items():
        if ":" not in food_id or food_id.startswith(PREFIX):
            raise dish_problem(
                file, entry, f"ingredient {food_id} must be a table food id such as usda:11529"
            )
        if not isinstance(grams, int | float) or grams <= 0:
            raise dish_problem(file, entry, f"ingredient {food_id} needs a positive weight")
    total = sum(float(g) for g in ingredients.values())
    if cooked > total * MAX_GAIN:
        raise dish_problem(file, entry, f"cooked_g {cooked} outweighs its ingredients ({total:g} g)")
    portions = raw.get("portions")
    if not isinstance(portions, dict) or "serving" not in portions:
        raise dish_problem(file, entry, "portions must include a typical serving")
    for unit, grams in portions.items():
        if not isinstance(grams, int | float) or not 0 < grams <= cooked:
            raise dish_problem(file, entry, f"portion {unit} must weigh more than 0 and at most the dish")
    return Dish(
        id=PREFIX + entry,
        name_en=raw["name_en"],
        name_zh=raw["name_zh"],
        aliases_en=_strings(raw.get("aliases_en", []), file, entry, "aliases_en"),
        aliases_zh=_strings(raw.get("aliases_zh", []), file, entry, "aliases_zh"),
        cuisine=cuisine,
        group=group,
        cooked_g=float(cooked),
        portions=tuple((unit, float(grams)) for unit, grams in portions.items()),
        basis=raw["basis"],
        basis_zh=raw["basis_zh"],
        ingredients=tuple((food_id, float(grams)) for food_id, grams in ingredients.items()),
        file=file,
    )


def read_dish_tables(folder: Path = DISHES_DIR) -> tuple[Dish, ...]:
    """Every dish in the folder's TOML files, checked; ids are unique across files. Whether its portion
    words are ones the meal parser knows is checked by `magcheck.foods.dishes`, which owns that parser."""
    dishes: list[Dish] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            try:
                data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise dish_problem(path.name, "-", str(exc)) from exc
        cuisine = data.get("meta", {}).get("cuisine")
        if cuisine not in ("chinese", "western"):
            raise dish_problem(path.name, "meta", "meta.cuisine must be chinese or western")
        for raw in data.get("dish", []):
            dish = _dish(raw, cuisine, path.name)
            if dish.id in seen:
                raise dish_problem(path.name, dish.id, "appears twice")
            seen.add(dish.id)
            dishes.append(dish)
    return tuple(dishes)


@cache
def load_dish_tables() -> tuple[Dish, ...]:
    """The shipped dishes: read once per process, and parsed only when a dish file changed
    (knowledge/cache.py: parsing and checking them took ≈ 40 ms of every `foods search`)."""
    return cached("dishes", data_files(DISHES_DIR), read_dish_tables)
