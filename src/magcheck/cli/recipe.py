"""`magcheck recipe add|list|show|remove`: a person's own recipes, logged afterwards by name.

The recipe service and the store it imports wait inside each command: `magcheck --help` imports every
command module to list the commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from magcheck.cli.common import JsonOption, LangOption, answer, resolve_lang, sub_app
from magcheck.cli.record_output import PersonOption
from magcheck.cli.terminal import plain_console
from magcheck.i18n import Say, t

if TYPE_CHECKING:
    from magcheck.i18n import Lang
    from magcheck.service.recipes import RecipeOut

recipe_app = sub_app(
    "recipe", "Your own recipes: save one from its ingredients, then log it by name like any food."
)


def register(app: typer.Typer) -> None:
    app.add_typer(recipe_app, name="recipe")


def _num(value: float | None, lang: Lang) -> str:
    return t("foods.cli.no_value", lang) if value is None else f"{value:g}"


def _say_saved(out: RecipeOut, lang: Lang) -> None:
    serving = (
        t("recipes.cli.serving", lang, grams=f"{out.serving_g:g}", mg=_num(out.mg_per_serving, lang))
        if out.serving_g is not None
        else ""
    )
    console = plain_console()
    console.print(
        t(
            "recipes.cli.saved",
            lang,
            name=out.name,
            id=out.id,
            mg_100=_num(out.mg_per_100g, lang),
            serving=serving,
        )
    )
    console.print(out.basis, style="dim")
    console.print(out.estimate, style="dim")
    if out.attribution:
        console.print(out.attribution, style="dim")
    console.print(t("recipes.cli.log_hint", lang, name=out.name))


@recipe_app.command(
    "add", help="Save a recipe from its ingredients in words, with servings and/or cooked weight."
)
def add_command(
    name: Annotated[str, typer.Argument(help="What you will log it by.")],
    ingredient: Annotated[
        list[str],
        typer.Option(
            "--ingredient", "-i", help='An ingredient with its amount ("300 g tomatoes"); repeat it.'
        ),
    ],
    servings: Annotated[float | None, typer.Option(help="How many servings it makes.")] = None,
    cooked_g: Annotated[
        float | None, typer.Option("--cooked-g", help="What the finished dish weighs (g).")
    ] = None,
    person: PersonOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Save a recipe."""
    # lazy: the recipe service brings the saved history (SQLAlchemy) and the food store (≈ 250 ms of
    # imports), kept out of `magcheck --help`
    from magcheck.service.recipes import add_recipe

    data = {"name": name, "ingredients": ingredient, "servings": servings, "cooked_g": cooked_g}
    answer(lang, as_json, lambda: add_recipe(data, person, resolve_lang(lang)), _say_saved)


@recipe_app.command("list", help="List your recipes with their magnesium.")
def list_command(person: PersonOption = None, as_json: JsonOption = False, lang: LangOption = None) -> None:
    """List recipes."""
    # lazy: the recipe service brings the saved history (SQLAlchemy) and the food store (≈ 250 ms of
    # imports), kept out of `magcheck --help`
    from magcheck.service.recipes import list_recipes

    answer(lang, as_json, lambda: list_recipes(person, resolve_lang(lang)), _say_list)


def _say_list(rows: list[RecipeOut], chosen: Lang) -> None:
    console = plain_console()
    if not rows:
        console.print(t("recipes.cli.none", chosen))
        return
    table = Table()
    for key in ("col_name", "col_mg", "col_serving", "col_mg_serving"):
        table.add_column(t(f"recipes.cli.{key}", chosen), justify="left" if key == "col_name" else "right")
    for r in rows:
        table.add_row(
            r.name, _num(r.mg_per_100g, chosen), _num(r.serving_g, chosen), _num(r.mg_per_serving, chosen)
        )
    console.print(table)
    console.print(t("recipes.estimate", chosen), style="dim")
    if any(r.attribution for r in rows):
        console.print(t("tfda.attribution", chosen), style="dim")


@recipe_app.command("show", help="Show one recipe with each ingredient's share.")
def show_command(
    name: Annotated[str, typer.Argument(help="The recipe's name.")],
    person: PersonOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Show a recipe."""
    # lazy: the recipe service brings the saved history (SQLAlchemy) and the food store (≈ 250 ms of
    # imports), kept out of `magcheck --help`
    from magcheck.service.recipes import show_recipe

    answer(lang, as_json, lambda: show_recipe(name, person, resolve_lang(lang)), _say_shown)


def _say_shown(out: RecipeOut, chosen: Lang) -> None:
    _say_saved(out, chosen)
    console = plain_console()
    for item in out.items:
        food = Say(chosen).name(item)
        line = t(
            "recipes.cli.item",
            chosen,
            grams=_num(item.grams, chosen),
            name=food or item.text,
            mg=_num(item.mg, chosen),
        )
        console.print("  " + line)


@recipe_app.command("remove", help="Remove a recipe (days already logged with it keep their values).")
def remove_command(
    name: Annotated[str, typer.Argument(help="The recipe's name.")],
    person: PersonOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Remove a recipe."""
    # lazy: the recipe service brings the saved history (SQLAlchemy) and the food store (≈ 250 ms of
    # imports), kept out of `magcheck --help`
    from magcheck.service.recipes import remove_recipe

    def say(out: RecipeOut, chosen: Lang) -> None:
        plain_console().print(t("recipes.cli.removed", chosen, name=out.name))

    answer(lang, as_json, lambda: remove_recipe(name, person, resolve_lang(lang)), say)
