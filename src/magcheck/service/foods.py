"""The food views: search, one food, a meal line and the food groups, as the CLI's `--json`, the API and
the pages show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magcheck.core.citations import FOOD_SOURCE, TFDA_SOURCE
from magcheck.core.errors import FieldProblem, InputError
from magcheck.foods.dishes import recipe_view
from magcheck.foods.meal import MealResult, parse_meal
from magcheck.foods.sources import tables, uses_tfda
from magcheck.foods.store import FoodStore
from magcheck.i18n import Lang, Say, t
from magcheck.knowledge.food_tables import load_groups

if TYPE_CHECKING:
    from magcheck.foods.model import Food
    from magcheck.foods.search import SearchHit


def food_hit_view(store: FoodStore, hit: SearchHit, lang: Lang) -> dict[str, Any]:
    """One search result as `magcheck foods search --json` and the API list it."""
    return {**hit.food.summary(), "group_name": store.group_name(hit.food.group, lang), "score": hit.score}


def food_view(store: FoodStore, food: Food, lang: Lang) -> dict[str, Any]:
    """One food as `magcheck foods show --json` and the API show it, with its source (and, for Taiwan
    FDA values, the attribution their licence requires)."""
    view = {**food.as_dict(), "group_name": store.group_name(food.group, lang), "sources": [FOOD_SOURCE]}
    if food.source == "tfda":
        view |= {"sources": [TFDA_SOURCE], "attribution": t("tfda.attribution", lang)}
    elif food.source == "dish":  # computed from its ingredients: it cites every table they come from
        view["sources"] = list(tables(food.id))
        if uses_tfda([food.id]):
            view["attribution"] = t("tfda.attribution", lang)
    return {**view, "recipe": recipe_view(food.id, store, lang)}


def search_json(query: str, limit: int, lang: Lang, field: str = "query") -> list[dict[str, Any]]:
    """As `magcheck foods search QUERY --json`: the best hits in the default store.

    The store names its argument "query"; `field` is what the caller's interface calls it (the API's `q`),
    so a problem points at the parameter the person actually typed.
    """
    store = FoodStore.open_default()
    try:
        hits = store.search(query, limit)
    except InputError as exc:
        raise InputError(
            [FieldProblem(field if p.field == "query" else p.field, p.code, p.params) for p in exc.problems]
        ) from None
    return [food_hit_view(store, h, lang) for h in hits]


def show_json(food_id: str, lang: Lang) -> dict[str, Any]:
    """As `magcheck foods show ID --json`; an unknown id is a `NotFoundError` naming the field."""
    store = FoodStore.open_default()
    return food_view(store, store.get(food_id), lang)


def parse_json(entry: str, lang: Lang, field: str = "entry") -> MealResult:
    """As `magcheck meal … --json`: every food in one line, with what could not be read."""
    return parse_meal(entry, FoodStore.open_default(), lang, field=field)


def food_groups(lang: Lang) -> list[dict[str, str]]:
    """Our food groups in display order, each with its label in `lang`."""
    groups = sorted(load_groups().values(), key=lambda g: g.order)
    say = Say(lang)
    return [{"id": g.id, "label": say.text(g)} for g in groups]
