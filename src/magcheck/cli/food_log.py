"""`magcheck log add|list|remove|supplement|supplements`: the food log and the supplements taken."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from magcheck.cli.common import JsonOption, LangOption, answer, resolve_lang, sub_app
from magcheck.cli.record_output import (
    DateOption,
    PersonOption,
    by_day,
    listing,
    num,
    one_decimal,
    owner,
    print_table,
)
from magcheck.foods.sources import uses_tfda
from magcheck.i18n import Lang, Say, t

if TYPE_CHECKING:
    from magcheck.storage.schemas import EntryOut, SupplementOut

log_app = sub_app("log", "The food log: add, list and remove entries; log supplements.")


@log_app.command("add")
def log_add(
    entry: Annotated[str, typer.Argument(help='What you ate, e.g. "2 cups cooked spinach" or "一碗米饭".')],
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Log one food entry (parsed now; the parse is kept with the entry)."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.food_log import add_entry

    answer(lang, json_out, lambda: add_entry(entry, date, person, resolve_lang(lang)), _say_logged)


def _credit(entries: list[EntryOut], person: str | None, lang: Lang) -> None:
    """The Taiwan FDA attribution its licence asks for, under entries whose values rest on its table."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.recipes import recipe_sources

    if entries and uses_tfda((e.food_id for e in entries), recipe_sources(person or entries[0].person)):
        Console().print(t("tfda.attribution", lang), style="dim")


def _say_logged(out: EntryOut, lang: Lang) -> None:
    shown = {"id": out.id, "date": out.date, "text": out.text}
    if out.name_en is None and out.mg is not None:  # a label value: no food, just milligrams
        typer.echo(t("history.log.added_label", lang, **shown, mg=num(out.mg, 1)))
    elif out.mg is None:
        typer.echo(t("history.log.added_no_value", lang, **shown, food=_food_name(out, lang)))
    else:
        food, grams, mg = _food_name(out, lang), num(out.grams), num(out.mg, 1)
        typer.echo(t("history.log.added", lang, **shown, food=food, grams=grams, mg=mg))
    _credit([out], out.person, lang)


def _food_name(entry: EntryOut, lang: Lang) -> str:
    return Say(lang).name(entry) or entry.note or t("history.log.unknown_food", lang)


@log_app.command("list")
def log_list(
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """List logged entries (all days, or one with --date), with each day's total."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.food_log import list_entries

    def say(entries: list[EntryOut], chosen: Lang) -> None:
        who = person or owner(entries, person, chosen)
        if not entries:
            key = "history.log.none_day" if date else "history.log.none"
            typer.echo(t(key, chosen, person=who, date=date))
            return
        print_table(
            t("history.log.title", chosen, person=who),
            [
                t(f"history.log.{key}", chosen)
                for key in ("col_id", "col_date", "col_entry", "col_food", "col_grams", "col_mg")
            ],
            (
                (str(e.id), e.date.isoformat(), e.text, _food_name(e, chosen), num(e.grams), num(e.mg, 1))
                for e in entries
            ),
            right=(0, 4, 5),
        )

        console = Console()
        for day, items in by_day(entries).items():
            known = sum(e.mg for e in items if e.mg is not None)
            missing = sum(1 for e in items if e.mg is None)
            key = "history.log.day_total_lower" if missing else "history.log.day_total"
            console.print(t(key, chosen, date=day, mg=num(known), missing=missing, n=len(items)))
        _credit(entries, person, chosen)

    answer(lang, json_out, lambda: list_entries(date, person), say)


@log_app.command("remove")
def log_remove(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's id (see `log list`).")],
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Remove one entry by its id."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.food_log import remove_entry

    def say(out: EntryOut, chosen: Lang) -> None:
        typer.echo(t("history.log.removed", chosen, id=out.id, date=out.date, text=out.text))

    answer(lang, json_out, lambda: remove_entry(entry_id), say)


@log_app.command("supplement")
def log_supplement(
    compound: Annotated[
        str | None, typer.Option("--compound", help="e.g. citrate, glycinate, 氧化镁.")
    ] = None,
    compound_mg: Annotated[
        float | None, typer.Option("--compound-mg", help="Mass of the compound (label).")
    ] = None,
    elemental_mg: Annotated[
        float | None, typer.Option("--elemental-mg", help="Elemental magnesium (label).")
    ] = None,
    count: Annotated[float, typer.Option("--count", help="How many taken that day.")] = 1,
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Log a supplement taken on a day."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.supplements import add_supplement

    def say(out: SupplementOut, chosen: Lang) -> None:
        what, times = _supplement_text(out, chosen), one_decimal(out.count)
        typer.echo(
            t("history.log.supplement_added", chosen, id=out.id, date=out.date, what=what, count=times)
        )

    answer(
        lang,
        json_out,
        lambda: add_supplement(compound, compound_mg, elemental_mg, count, date, person),
        say,
    )


def _supplement_text(row: Any, lang: Lang) -> str:
    if row.elemental_mg is not None:
        return t("history.log.elemental", lang, mg=num(row.elemental_mg))
    return t("history.log.compound", lang, compound=row.compound, mg=num(row.compound_mg))


@log_app.command("supplements")
def log_supplements(
    person: PersonOption = None, json_out: JsonOption = False, lang: LangOption = None
) -> None:
    """List logged supplements."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.supplements import list_supplements

    say = listing(
        person,
        ("history.log.supplement_none", "history.log.supplement_title"),
        ("history.log.col_supplement", "history.log.col_count"),
        lambda r, chosen: (_supplement_text(r, chosen), num(r.count, 1)),
    )
    answer(lang, json_out, lambda: list_supplements(person), say)


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")
