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
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from magcheck.core.errors import DataFileError, FieldProblem
from magcheck.foods import units
from magcheck.foods.names import SEP, pinyin
from magcheck.i18n import Say, t
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.cache import cached, data_files

if TYPE_CHECKING:
    from magcheck.i18n import Lang

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


def _problem(file: str, entry: str, reason: str) -> DataFileError:
    return DataFileError([FieldProblem(f"{file}:{entry}", "core.data_file", {"reason": reason})])


def _strings(raw: Any, file: str, entry: str, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise _problem(file, entry, f"{key} must be a list of names")
    return tuple(raw)


def _dish(raw: dict[str, Any], cuisine: str, file: str) -> Dish:
    entry = str(raw.get("id", "?"))
    unknown = set(raw) - _FIELDS
    if unknown:
        raise _problem(file, entry, f"unknown field(s) {sorted(unknown)}")
    for key in ("id", "name_en", "name_zh", "basis", "basis_zh"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _problem(file, entry, f"{key} is missing")
    if not entry.replace("_", "").isalnum() or not entry.isascii() or entry != entry.lower():
        raise _problem(file, entry, "id must be lower-case letters, digits and _")
    group = raw.get("group", "dishes_other")
    if group not in DISH_GROUPS:
        raise _problem(file, entry, f"group must be one of {DISH_GROUPS}")
    cooked = raw.get("cooked_g")
    if not isinstance(cooked, int | float) or cooked <= 0:
        raise _problem(file, entry, "cooked_g must be a positive weight")
    ingredients = raw.get("ingredients")
    if not isinstance(ingredients, dict) or not ingredients:
        raise _problem(file, entry, "ingredients are missing")
    for food_id, grams in ingredients.items():
        if ":" not in food_id or food_id.startswith(PREFIX):
            raise _problem(file, entry, f"ingredient {food_id} must be a table food id such as usda:11529")
        if not isinstance(grams, int | float) or grams <= 0:
            raise _problem(file, entry, f"ingredient {food_id} needs a positive weight")
    total = sum(float(g) for g in ingredients.values())
    if cooked > total * MAX_GAIN:
        raise _problem(file, entry, f"cooked_g {cooked} outweighs its ingredients ({total:g} g)")
    portions = raw.get("portions")
    if not isinstance(portions, dict) or "serving" not in portions:
        raise _problem(file, entry, "portions must include a typical serving")
    for unit, grams in portions.items():
        if units.unit_key(unit) != unit or units.kind_of(unit) == "mass":
            raise _problem(file, entry, f"portion unit {unit!r} is not a portion word the parser knows")
        if not isinstance(grams, int | float) or not 0 < grams <= cooked:
            raise _problem(file, entry, f"portion {unit} must weigh more than 0 and at most the dish")
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


def read_dishes(folder: Path = DISHES_DIR) -> tuple[Dish, ...]:
    """Every dish in the folder's TOML files, checked; ids are unique across files."""
    dishes: list[Dish] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            try:
                data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise _problem(path.name, "-", str(exc)) from exc
        cuisine = data.get("meta", {}).get("cuisine")
        if cuisine not in ("chinese", "western"):
            raise _problem(path.name, "meta", "meta.cuisine must be chinese or western")
        for raw in data.get("dish", []):
            dish = _dish(raw, cuisine, path.name)
            if dish.id in seen:
                raise _problem(path.name, dish.id, "appears twice")
            seen.add(dish.id)
            dishes.append(dish)
    return tuple(dishes)


@cache
def load_dishes() -> tuple[Dish, ...]:
    """The shipped dishes: read once per process, and parsed only when a dish file changed
    (knowledge/cache.py: parsing and checking them took ≈ 40 ms of every `foods search`)."""
    return cached("dishes", data_files(DISHES_DIR), read_dishes)


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
            raise _problem(dish.file, dish.id, f"unknown ingredient {', '.join(missing)}")
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
