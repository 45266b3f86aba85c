"""A person's own recipes: saved from ingredients in words, then logged by name like any food.

A recipe is parsed once, when it is saved, with the same meal parser as the food log ("300 g tomatoes,
3 eggs, 10 g oil"); every ingredient must be understood — a recipe is a definition, so a word magcheck
cannot read is a field error on that ingredient, not a silent gap. Its magnesium per 100 g is the sum of
the ingredients' magnesium over the finished weight (`cooked_g`), or, when only the number of servings is
known, over the weight of the ingredients as they went in (the output says which). The recipe then lives
in the person's record (exported, imported and deleted with it) and is a food `recipe:<id>` for that
person's food log and assessments. Like a built-in dish, its values are estimates from a recipe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from magcheck.core.errors import FieldProblem, InputError, NotFoundError, input_error
from magcheck.core.models import NotUnderstood
from magcheck.core.validation import parse_model
from magcheck.foods.meal import read_meal
from magcheck.foods.model import Food, Portion
from magcheck.foods.overlay import OverlayStore
from magcheck.foods.sources import TFDA_TABLE, Recipes, ingredient_tables
from magcheck.foods.store import FoodStore
from magcheck.i18n import Lang, t
from magcheck.storage import repo
from magcheck.storage.work import read_owned, write_owned

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.storage.models import Person, Recipe

PREFIX = "recipe:"
MAX_INGREDIENTS = 60


class RecipeIn(BaseModel):
    """What a person saves: a name, the ingredients as lines of words, and servings and/or cooked weight
    (at least one of the two: `add_recipe` says so on `servings`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=80, description="What the recipe is logged by.")
    ingredients: list[str] = Field(
        min_length=1,
        max_length=MAX_INGREDIENTS,
        description='Ingredients in words, one or several per line ("300 g tomatoes", "3 eggs, 10 g oil").',
    )
    servings: float | None = Field(default=None, gt=0, le=100, description="How many servings it makes.")
    cooked_g: float | None = Field(
        default=None, gt=0, le=20_000, description="What the finished dish weighs, in grams."
    )


class RecipeItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    food_id: str | None
    name_en: str | None
    name_zh: str | None
    grams: float | None
    mg: float | None


class RecipeOut(BaseModel):
    """A saved recipe as `recipe show --json` and the API give it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    person: str
    name: str
    ingredients: list[str]
    items: list[RecipeItem]
    servings: float | None
    cooked_g: float | None
    ingredients_g: float
    mg: float | None
    mg_per_100g: float | None
    serving_g: float | None
    mg_per_serving: float | None
    basis: str
    estimate: str
    sources: list[str] = Field(description="The published tables its ingredients' values come from.")
    attribution: str | None = Field(
        description="The credit a table's licence asks for wherever its values are shown (Taiwan FDA)."
    )
    created_at: dt.datetime


def _basis(row: Recipe, lang: Lang) -> str:
    if row.cooked_g is not None:
        return t("recipes.basis_cooked", lang, cooked=f"{row.cooked_g:g}")
    return t("recipes.basis_raw", lang, grams=f"{row.grams:g}")


def _weight(row: Recipe) -> float:
    return row.cooked_g if row.cooked_g is not None else row.grams


def _serving_g(row: Recipe) -> float | None:
    return None if row.servings is None else round(_weight(row) / row.servings, 1)


def _tables(row: Recipe) -> tuple[str, ...]:
    return ingredient_tables(item.get("food_id") for item in row.items)


def recipe_tables(rows: Iterable[Recipe]) -> Recipes:
    """Each recipe's food id → the tables its ingredients come from (for citations and attribution)."""
    return {f"{PREFIX}{row.id}": _tables(row) for row in rows}


def recipe_out(row: Recipe, person: str, lang: Lang) -> RecipeOut:
    weight = _weight(row)
    sources = _tables(row)
    per_100 = None if row.mg is None or weight <= 0 else round(row.mg / weight * 100, 2)
    serving = _serving_g(row)
    return RecipeOut(
        id=f"{PREFIX}{row.id}",
        person=person,
        name=row.name,
        ingredients=list(row.ingredients),
        items=[RecipeItem(**item) for item in row.items],
        servings=row.servings,
        cooked_g=row.cooked_g,
        ingredients_g=row.grams,
        mg=row.mg,
        mg_per_100g=per_100,
        serving_g=serving,
        mg_per_serving=None if per_100 is None or serving is None else round(per_100 * serving / 100, 1),
        basis=_basis(row, lang),
        estimate=t("recipes.estimate", lang),
        sources=list(sources),
        attribution=t("tfda.attribution", lang) if TFDA_TABLE in sources else None,
        created_at=row.created_at,
    )


def _parse_ingredients(lines: list[str], store: FoodStore, lang: Lang) -> list[dict[str, Any]]:
    """Every ingredient understood, or an InputError naming each line that was not."""
    items: list[dict[str, Any]] = []
    problems: list[FieldProblem] = []
    for i, line in enumerate(lines):
        field = f"ingredients.{i}"
        try:
            read = read_meal(line, store, lang, field=field)
        except InputError as exc:
            problems += exc.problems
            continue
        for part in read:
            if isinstance(part, NotUnderstood):
                problems.append(
                    FieldProblem(
                        field, "recipes.errors.not_understood", {"value": part.text, "reason": part.reason}
                    )
                )
                continue
            food = part.food
            items.append(
                {
                    "text": part.entry,
                    "food_id": food.id if food else None,
                    "name_en": food.name_en if food else None,
                    "name_zh": food.name_zh if food else None,
                    "grams": part.grams,
                    "mg": part.mg,
                }
            )
    if problems:
        raise InputError(problems)
    return items


def add_recipe(data: dict[str, Any], person: str | None = None, lang: Lang = "en") -> RecipeOut:
    """Check, parse and save a recipe in the person's record; the name must be new for that person."""
    recipe = parse_model(RecipeIn, data)
    if recipe.servings is None and recipe.cooked_g is None:
        raise input_error("servings", "recipes.errors.no_yield")
    # parse before the write transaction: the lock is held only for the insert
    items = _parse_ingredients(recipe.ingredients, FoodStore.open_default(), lang)
    grams = round(sum(i["grams"] or 0.0 for i in items), 1)
    known = [i["mg"] for i in items if i["mg"] is not None]
    mg = round(sum(known), 2) if len(known) == len(items) else None
    if recipe.cooked_g is None and grams <= 0:
        raise input_error("cooked_g", "recipes.errors.no_weight")

    def work(session: Session, owner: Person) -> RecipeOut:
        if repo.find_recipe(session, owner.id, recipe.name) is not None:
            raise input_error("name", "recipes.errors.name_taken", value=recipe.name)
        row = repo.add_recipe(
            session,
            owner.id,
            name=recipe.name,
            ingredients=recipe.ingredients,
            items=items,
            servings=recipe.servings,
            cooked_g=recipe.cooked_g,
            grams=grams,
            mg=mg,
        )
        return recipe_out(row, owner.name, lang)

    return write_owned(person, work)


def _find(session: Session, owner: Person, name: str) -> Recipe:
    row = repo.find_recipe(session, owner.id, name.strip())
    if row is None:
        raise NotFoundError([FieldProblem("name", "recipes.errors.unknown", {"value": name})])
    return row


def list_recipes(person: str | None = None, lang: Lang = "en") -> list[RecipeOut]:
    return read_owned(
        person, lambda s, owner: [recipe_out(r, owner.name, lang) for r in repo.list_recipes(s, owner.id)]
    )


def recipe_sources(person: str | None = None) -> Recipes:
    """What the person's recipes rest on, for views of their logged entries (`foods.sources.tables`)."""
    return read_owned(person, lambda s, owner: recipe_tables(repo.list_recipes(s, owner.id)))


def show_recipe(name: str, person: str | None = None, lang: Lang = "en") -> RecipeOut:
    return read_owned(person, lambda s, owner: recipe_out(_find(s, owner, name), owner.name, lang))


def remove_recipe(name: str, person: str | None = None, lang: Lang = "en") -> RecipeOut:
    """Delete a recipe; days already logged with it keep the values they were logged with."""

    def work(session: Session, owner: Person) -> RecipeOut:
        row = _find(session, owner, name)
        shown = recipe_out(row, owner.name, lang)
        session.delete(row)
        return shown

    return write_owned(person, work)


def recipe_food(row: Recipe) -> Food:
    """A saved recipe as a food of the store: logged by its name, in servings or grams."""
    weight = _weight(row)
    serving = _serving_g(row)
    portions = () if serving is None else (Portion("serving", 1.0, "1 serving", "1 份", serving, "recipe"),)
    return Food(
        id=f"{PREFIX}{row.id}",
        source="recipe",
        ndb=None,
        name_en=row.name,
        name_zh=row.name,
        aliases_en=(),
        aliases_zh=(),
        usda_name=None,
        group="dishes_other",
        usda_group=None,
        usda_group_name=None,
        families=(),
        cuisine=None,
        mg=None if row.mg is None or weight <= 0 else round(row.mg / weight * 100, 2),
        kcal=None,
        curated=True,
        common=True,
        plan_portion=None,
        plan_max=None,
        manufacturer=None,
        pinyin=(),
        portions=portions,
    )


def store_for(session: Session, person_id: int | None) -> FoodStore:
    """The food store a person's entries are read with: the shared one, plus their recipes."""
    base = FoodStore.open_default()
    rows = repo.list_recipes(session, person_id) if person_id is not None else []
    return OverlayStore(base, [recipe_food(r) for r in rows]) if rows else base
