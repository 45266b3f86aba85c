"""How `magcheck foods parse` prints a meal: one line per food understood, then what was not understood.

An item whose amount was not given says so (its typical portion was assumed), a dish says its value is
an estimate from a standard recipe, and every part that could not be read is listed with the reason and
the foods it may have been — a meal is never rejected for one unknown word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcheck.cli.terminal import plain_console
from magcheck.foods.sources import uses_tfda
from magcheck.i18n import Say, t

if TYPE_CHECKING:
    from magcheck.core.models import MealFood
    from magcheck.foods.meal import MealResult
    from magcheck.i18n import Lang


def _name(food: MealFood, lang: Lang) -> str:
    return Say(lang).name(food)


def print_meal(result: MealResult, lang: Lang) -> None:
    # texts come from the catalogues and the food table, never Rich markup: "[usda_sr28]" must print as is
    console = plain_console()
    total = 0.0
    for item in result.items:
        mg = t("foods.cli.no_value", lang) if item.mg is None else f"{item.mg:g}"
        total += item.mg or 0.0
        if item.food is None:
            console.print(t("foods.cli.parsed_label", lang, entry=item.text, mg=mg))
            continue
        line = t(
            "foods.cli.parsed",
            lang,
            entry=item.text,
            food=_name(item.food, lang),
            grams=f"{item.grams:g}",
            mg=mg,
        )
        if item.portion_assumed:
            line += t("meal.cli.assumed", lang)
        console.print(line)
    if len(result.items) > 1:
        console.print(t("meal.cli.total", lang, mg=f"{total:.0f}", n=len(result.items)), style="bold")
    if result.not_understood:
        console.print(t("meal.cli.not_understood", lang, n=len(result.not_understood)), style="bold")
        for miss in result.not_understood:
            console.print(f"  {miss.text}: {miss.reason}")
            if miss.candidates:
                names = "; ".join(f"{_name(c, lang)} ({c.id})" for c in miss.candidates)
                console.print("    " + t("meal.cli.candidates", lang, names=names))
    if any(i.food is not None and i.food.source in ("dish", "recipe") for i in result.items):
        console.print(t("meal.cli.dish_estimate", lang), style="dim")
    console.print(t("foods.cli.source_note", lang), style="dim")
    if uses_tfda(i.food.id for i in result.items if i.food is not None):
        console.print(t("tfda.source_note", lang), style="dim")
        console.print(t("tfda.attribution", lang), style="dim")
