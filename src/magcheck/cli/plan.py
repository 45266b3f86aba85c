"""`magcheck plan` (close the gap with foods, plus a safe supplement option) and `magcheck foods top`.

`magcheck foods …` imports this module too (for `foods top`), so the planner and the assessment (HiGHS,
numpy: ≈ 90 ms of imports) wait inside the commands that use them; `foods search` never pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from magcheck.cli.common import JsonOption, LangOption, guarded, print_json, read_text_file, resolve_lang
from magcheck.cli.foods import foods_app
from magcheck.cli.terminal import plain_console
from magcheck.foods.sources import uses_tfda
from magcheck.i18n import Say, t

if TYPE_CHECKING:
    from magcheck.core.models import Assessment, Plan
    from magcheck.i18n import Lang


def register(app: typer.Typer) -> None:
    """Add `magcheck plan` to the main app (`foods top` joins the foods sub-app on import)."""
    app.command("plan")(plan_command)


def plan_command(
    input_path: Annotated[
        Path,
        typer.Option("--input", "-i", help="Assessment input JSON (as for `assess`) with `preferences`."),
    ],
    all_foods: Annotated[
        bool,
        typer.Option("--all-foods", help="Plan over every food in the store (incl. imported SR28 foods)."),
    ] = False,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Close your magnesium gap with a few foods at the fewest added calories; a supplement option too."""
    chosen = resolve_lang(lang)

    def run() -> tuple[Assessment, Plan]:
        # lazy: the planner and the assessment (≈ 90 ms of imports) stay out of `magcheck foods …`, which
        # imports this module for `foods top` (see the module's docstring)
        from magcheck.service.assessment import input_from_json_text
        from magcheck.service.plan import make_plan  # lazy: as the line above

        return make_plan(input_from_json_text(read_text_file(input_path)), chosen, all_foods)

    assessment, plan = guarded(chosen, run)
    if as_json:
        from magcheck.service.plan import plan_view  # lazy: the planner (see the module's docstring)

        print_json(plan_view(assessment, plan, chosen))
        return
    print_plan(assessment, plan, chosen)


def print_plan(assessment: Assessment, plan: Plan, lang: Lang) -> None:
    """Warnings first, then the foods, the supplement option and the disclaimer last."""
    console = plain_console()
    for flag in assessment.red_flags:
        console.print(f"⚠ {flag.text} {flag.action}", style="bold red")
    console.print(t("plan.heading", lang), style="bold")
    console.print(
        t(
            "plan.cli.target",
            lang,
            target=_n(plan.target_mg),
            intake=_n(assessment.intake.mean_mg),
            gap=_n(plan.gap_mg),
        )
    )
    if plan.foods:
        table = Table(show_lines=False)
        for key, justify in (("food", "left"), ("portion", "left"), ("mg", "right"), ("kcal", "right"),
                             ("why", "left")):  # fmt: skip
            table.add_column(t(f"plan.cli.col_{key}", lang), justify=justify)  # type: ignore[arg-type]
        for food in plan.foods:
            name = Say(lang).name(food)
            table.add_row(name, food.portion, _n(food.mg), _n(food.kcal), food.why)
        table.add_row(t("plan.cli.total", lang), "", _n(plan.total_mg), _n(plan.total_kcal), "", style="bold")
        console.print(table)
        _print_food_sources(console, [food.food_id for food in plan.foods], lang)
    console.print(plan.text)
    console.print()
    console.print(t("plan.supplement_heading", lang), style="bold")
    if plan.supplement is None:
        console.print(plan.supplement_reason or "")
    else:
        console.print(plan.supplement.why)
        for caution in plan.supplement.cautions:
            console.print(f"  • {caution}")
        console.print(t("plan.cli.sources", lang, ids=", ".join(plan.supplement.sources)), style="dim")
    console.print()
    console.print(assessment.disclaimer, style="dim")


def _n(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


@foods_app.command("top")
def top_command(
    per: Annotated[str, typer.Option("--per", help="Rank per portion, per 100g or per 100kcal.")] = "portion",
    group: Annotated[str | None, typer.Option("--group", help="Only this food group (e.g. legumes).")] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", help="A food family (tree_nuts, soy, dairy …) or a food to leave out; repeatable."
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many foods to list.")] = 20,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """The foods highest in magnesium, per portion, per 100 g or per 100 kcal."""
    chosen = resolve_lang(lang)

    def run() -> list[dict[str, Any]]:
        from magcheck.service.plan import top_foods_view  # lazy: the planner, only for `foods top` here

        return top_foods_view(per, group, exclude or [], chosen, limit)

    foods = guarded(chosen, run)
    if as_json:
        print_json(foods)
        return
    _print_top(foods, per, chosen)


def _print_top(foods: list[dict[str, Any]], per: str, lang: Lang) -> None:
    from magcheck.service.foods import food_groups  # lazy: ≈ 90 ms, as in cli/foods.py's `search`

    console = plain_console()
    per_label = t(f"plan.cli.per_{per}", lang)
    if not foods:
        console.print(t("plan.cli.top_none", lang))
        return
    groups = {g["id"]: g["label"] for g in food_groups(lang)}
    table = Table(title=t("plan.cli.top_title", lang, per=per_label))
    table.add_column(t("plan.cli.col_rank", lang), justify="right")
    table.add_column(t("plan.cli.col_food", lang))
    table.add_column(t("plan.cli.col_group", lang))
    table.add_column(t("plan.cli.col_portion", lang))
    table.add_column(t("plan.cli.col_value", lang, per=per_label), justify="right")
    for food in foods:
        value = food["value"]
        table.add_row(
            str(food["rank"]),
            food["name"],
            groups.get(food["group"], "–"),
            food["portion"] or "–",
            "–" if value is None else f"{value:.0f}",
        )
    console.print(table)
    _print_food_sources(console, [food["id"] for food in foods], lang)


def _print_food_sources(console: Any, food_ids: list[str | None], lang: Lang) -> None:
    """The tables the listed foods' values come from; the Taiwan FDA one with its licence's attribution."""
    console.print(t("foods.cli.source_note", lang), style="dim")
    if uses_tfda(food_ids):
        console.print(t("tfda.source_note", lang), style="dim")
        console.print(t("tfda.attribution", lang), style="dim")
