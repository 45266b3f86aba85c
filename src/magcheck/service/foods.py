"""The food views: a search hit and one food, as the CLI's `--json`, the API and the pages show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magcheck.core.assess import FOOD_SOURCE, TFDA_SOURCE
from magcheck.foods.dishes import recipe_view
from magcheck.i18n import Lang, t

if TYPE_CHECKING:
    from magcheck.foods.search import SearchHit
    from magcheck.foods.store import Food, FoodStore


def food_hit_view(store: FoodStore, hit: SearchHit, lang: Lang) -> dict[str, Any]:
    """One search result as `magcheck foods search --json` and the API list it."""
    return {**hit.food.summary(), "group_name": store.group_name(hit.food.group, lang), "score": hit.score}


def food_view(store: FoodStore, food: Food, lang: Lang) -> dict[str, Any]:
    """One food as `magcheck foods show --json` and the API show it, with its source (and, for Taiwan
    FDA values, the attribution their licence requires)."""
    view = {**food.as_dict(), "group_name": store.group_name(food.group, lang), "sources": [FOOD_SOURCE]}
    if food.source == "tfda":
        view |= {"sources": [TFDA_SOURCE], "attribution": t("tfda.attribution", lang)}
    return {**view, "recipe": recipe_view(food.id, store, lang)}
