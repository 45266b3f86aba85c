"""`magcheck foods …`: import USDA data, search, show a food, parse a food-log entry.

`foods_app` is module-level so other command modules can add to it (the planner adds `foods top`).
The dispatcher (`cli/__init__.py`) imports this module only for `magcheck foods …` and `plan`, so the
store and parser it imports cost `magcheck assess` nothing. The views of `--json` wait until they are
asked for: `magcheck foods search` prints its table without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from magcheck.cli.common import JsonOption, LangOption, guarded, print_json, resolve_lang, sub_app
from magcheck.cli.terminal import plain_console
from magcheck.foods.dishes import recipe_view
from magcheck.foods.sources import uses_tfda
from magcheck.foods.store import FoodStore
from magcheck.i18n import Say, t

if TYPE_CHECKING:
    from rich.progress import TaskID

    from magcheck.foods.model import Food
    from magcheck.i18n import Lang

foods_app = sub_app(
    "foods",
    "Search foods (en/zh/pinyin), show a food, parse a food-log entry, import USDA or Taiwan FDA data.",
)


def register(app: typer.Typer) -> None:
    """Add `magcheck foods` and its commands to the main app."""
    app.add_typer(foods_app, name="foods")


def _store() -> FoodStore:
    return FoodStore.open_default()


def _mg(value: float | None, lang: Lang) -> str:
    return t("foods.cli.no_value", lang) if value is None else f"{value:g}"


@foods_app.command("import")
def import_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="A folder or zip with SR28 ASCII files or FDC SR Legacy CSVs, or the Taiwan FDA TFND CSV."
        ),
    ],
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import USDA SR28 (ASCII), FoodData Central "SR Legacy" CSVs, or the Taiwan FDA table (TFND CSV).

    Each table replaces only its own earlier import: importing the Taiwan FDA table keeps USDA foods.
    """
    chosen = resolve_lang(lang)
    # lazy: Rich's progress bar (≈ 15 ms of imports) is for an import only, never `foods search`
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    store = guarded(chosen, _store)
    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        transient=True,
        disable=as_json,
    ) as bar:

        def progress(file: str, done: int, total: int) -> None:
            if file not in tasks:
                tasks[file] = bar.add_task(t("foods.cli.importing", chosen, file=file), total=total)
            bar.update(tasks[file], completed=done, total=total)

        summary = guarded(chosen, lambda: store.import_path(path, progress))
    if as_json:
        print_json(
            {
                "kind": summary.kind,
                "files": summary.files,
                "foods": summary.foods,
                "foods_with_mg": summary.foods_with_mg,
                "portions": summary.portions,
                "curated_overlaid": summary.curated_overlaid,
                "seconds": round(summary.seconds, 3),
                "store": str(store.path),
            }
        )
        return
    typer.echo(
        t(
            "foods.cli.imported",
            chosen,
            foods=summary.foods,
            with_mg=summary.foods_with_mg,
            portions=summary.portions,
            files=", ".join(summary.files),
            seconds=f"{summary.seconds:.1f}",
            curated=summary.curated_overlaid,
        )
    )
    typer.echo(t("foods.cli.store_at", chosen, path=store.path))


@foods_app.command("search")
def search_command(
    query: Annotated[list[str], typer.Argument(help="Words of the food, in English, Chinese or pinyin.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many results (1-200).")] = 10,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search foods in English, Chinese or pinyin; typos and any word order are fine."""
    chosen = resolve_lang(lang)
    text = " ".join(query)
    store = guarded(chosen, _store)
    hits = guarded(chosen, lambda: store.search(text, limit))
    if as_json:
        # lazy: the JSON views bring the planner's and the assessment's modules (≈ 90 ms of imports),
        # which the table printed below does not need
        from magcheck.service.foods import food_hit_view

        print_json([food_hit_view(store, h, chosen) for h in hits])
        return
    if not hits:
        typer.echo(t("foods.cli.no_results", chosen, query=text))
        return

    table = Table(show_lines=False)
    for key in ("col_ndb", "col_food", "col_group", "col_mg", "col_kcal"):
        table.add_column(
            t(f"foods.cli.{key}", chosen), justify="right" if key in ("col_mg", "col_kcal") else "left"
        )
    for hit in hits:
        food = hit.food
        other = Say(chosen).other_name(food)
        name = Text(food.name(chosen))
        if other and other != food.name(chosen):
            name.append("\n" + other, style="dim")
        table.add_row(
            food.id,
            name,
            store.group_name(food.group, chosen) or "",
            _mg(food.mg, chosen),
            _mg(food.kcal, chosen),
        )
    console = plain_console()
    console.print(table)
    console.print(t("foods.cli.source_note", chosen), style="dim")
    if uses_tfda(hit.food.id for hit in hits):
        console.print(t("tfda.source_note", chosen), style="dim")
        console.print(t("tfda.attribution", chosen), style="dim")


@foods_app.command("show")
def show_command(
    food_id: Annotated[
        str,
        typer.Argument(
            help="The food id, e.g. usda:11457 or tfda:F0210101 (a bare NDB number such as 11457 works too).",
        ),
    ],
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one food with its magnesium value and household portions."""
    chosen = resolve_lang(lang)
    store = guarded(chosen, _store)
    food = guarded(chosen, lambda: store.get(food_id))
    if as_json:
        from magcheck.service.foods import food_view  # lazy: ≈ 90 ms, as in `search --json` above

        print_json(food_view(store, food, chosen))
        return
    _print_food(food, store, chosen)


def _print_recipe(food: Food, store: FoodStore, lang: Lang, console: Any) -> None:
    """A dish: say its value is an estimate, give the recipe's basis and what each ingredient brings."""
    recipe = recipe_view(food.id, store, lang)
    if recipe is None:
        return
    console.print(recipe["estimate"], style="bold")
    console.print(t("dishes.show.basis", lang, basis=recipe["basis"]))
    console.print(
        t("dishes.show.cooked", lang, total=f"{recipe['ingredients_g']:g}", cooked=f"{recipe['cooked_g']:g}")
    )
    for item in recipe["ingredients"]:
        name = Say(lang).name(item)
        line = t(
            "dishes.show.ingredient", lang, grams=f"{item['grams']:g}", name=name, mg=_mg(item["mg"], lang)
        )
        console.print("  " + line)


def _print_food(food: Food, store: FoodStore, lang: Lang) -> None:
    console = plain_console()
    console.print(t("foods.cli.food_title", lang, name=food.name(lang), id=food.id), style="bold")
    say = Say(lang)
    other = say.other_name(food)
    if other:
        console.print(other)
    if food.usda_name and food.usda_name != food.name_en:
        console.print(t("foods.cli.usda_name", lang, name=food.usda_name))
    aliases = say.own_first(food, "aliases")
    if aliases:
        console.print(t("foods.cli.aliases", lang, aliases=", ".join(aliases)))
    group = store.group_name(food.group, lang) or food.usda_group_name
    if group:
        console.print(t("foods.cli.group", lang, group=group))
    if food.mg is None:
        console.print(t("foods.cli.mg_missing", lang))
    else:
        console.print(t("foods.cli.mg_line", lang, mg=f"{food.mg:g}"))
    if food.kcal is not None:
        console.print(t("foods.cli.kcal_line", lang, kcal=f"{food.kcal:g}"))
    _print_recipe(food, store, lang, console)
    if not food.portions:
        console.print(t("foods.cli.no_portions", lang))
    else:
        table = Table()
        table.add_column(t("foods.cli.col_portion", lang))
        table.add_column(t("foods.cli.col_grams", lang), justify="right")
        table.add_column(t("foods.cli.col_mg_portion", lang), justify="right")
        shown: set[tuple[str, float]] = set()
        for portion in food.portions:
            key = (portion.label(lang), portion.grams)
            if key in shown:  # "cup" and "杯" are the same measure: list it once
                continue
            shown.add(key)
            mg_portion = None if food.mg is None else round(food.mg * portion.grams / 100, 1)
            table.add_row(Text(portion.label(lang)), f"{portion.grams:g}", _mg(mg_portion, lang))
        console.print(table)
    if food.prefer_reason:
        console.print(t("tfda.preferred", lang, usda=food.replaces or "", reason=food.prefer_reason))
    if food.source != "tfda":
        console.print(t("foods.cli.source_note", lang), style="dim")
    if uses_tfda([food.id]):
        console.print(t("tfda.source_note", lang), style="dim")
        console.print(t("tfda.attribution", lang), style="dim")


@foods_app.command("parse")
def parse_command(
    entry: Annotated[
        list[str],
        typer.Argument(
            help='A food or a whole meal, e.g. "2 cups cooked spinach" or "早餐：一个馒头和一杯牛奶".'
        ),
    ],
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Turn a food or a whole meal in one line into foods, grams and milligrams of magnesium."""
    chosen = resolve_lang(lang)
    # lazy: the meal parser and its printer bring the core's models (pydantic) and the segmenter (≈ 60 ms
    # of imports), which `foods search` and `foods show` never need
    from magcheck.cli.meal import print_meal
    from magcheck.foods.meal import parse_meal

    text = " ".join(entry)
    store = guarded(chosen, _store)
    result = guarded(chosen, lambda: parse_meal(text, store, chosen, field="entry"))
    if as_json:
        print_json(result)
        return
    print_meal(result, chosen)
