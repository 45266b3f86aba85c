"""What the record's commands share: the --person and --date options, numbers, tables and listings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from magcheck.cli.common import guarded
from magcheck.i18n import Lang, t

if TYPE_CHECKING:
    from magcheck.storage.schemas import EntryOut

PersonOption = Annotated[
    str | None, typer.Option("--person", "-p", help="Whose record (default: the current person).")
]
DateOption = Annotated[str | None, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")]


def num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if digits else f"{round(value):d}"


def one_decimal(value: float) -> str:
    """34 → "34", 40.5 → "40.5"."""
    return num(value, 1).removesuffix(".0")


def print_table(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()
) -> None:
    """A Rich table; `right`: the numeric columns."""
    table = Table(title=title)
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i in right else "left")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


def listing(
    person: str | None,
    keys: tuple[str, str],
    columns: Sequence[str],
    cells: Callable[[Any, Lang], Sequence[str]],
) -> Callable[[Sequence[Any], Lang], None]:
    """How a listing says its rows: a table titled with whose they are (id, date, then `columns`), or the
    "none yet" line; `keys` are the message keys of that line and of the title."""
    none_key, title_key = keys

    def say(rows: Sequence[Any], lang: Lang) -> None:
        who = owner(rows, person, lang)
        if not rows:
            typer.echo(t(none_key, lang, person=who))
            return
        print_table(
            t(title_key, lang, person=who),
            [t(key, lang) for key in ("history.log.col_id", "history.log.col_date", *columns)],
            ((str(r.id), r.date.isoformat(), *cells(r, lang)) for r in rows),
        )

    return say


def owner(rows: Sequence[Any], person: str | None, lang: Lang) -> str:
    """Whose rows these are: the rows say so, or (none listed) the person the name resolves to."""
    return rows[0].person if rows else guarded(lang, lambda: _person_name(person))


def by_day(entries: list[EntryOut]) -> dict[dt.date, list[EntryOut]]:
    out: dict[dt.date, list[EntryOut]] = {}
    for e in entries:
        out.setdefault(e.date, []).append(e)
    return out


def _person_name(person: str | None) -> str:
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports); every record command module
    # imports this one, and `magcheck --help` imports them all
    from magcheck.service.history.people import person_name

    return person_name(person)
