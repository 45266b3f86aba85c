"""CLI of the personal record: `person`, `log`, `checkin`, `checkins`, `lab`, `history`, `export`, `import`.

Thin over `magcheck.history`; SQLAlchemy and Rich are imported inside the commands so that the other
commands start fast. Every listing takes `--json`; errors go through `cli.common.fail` (exit 2).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from magcheck.cli.common import (
    JsonOption,
    LangOption,
    fail,
    guarded,
    print_json,
    resolve_lang,
)
from magcheck.core.errors import input_error
from magcheck.i18n import Lang, t
from magcheck.private_files import write_output

if TYPE_CHECKING:
    from magcheck.storage.schemas import (
        CheckInOut,
        EntryOut,
        HistorySummary,
        LabOut,
        PersonOut,
        SupplementOut,
    )

T = TypeVar("T")

PersonOption = Annotated[
    str | None, typer.Option("--person", "-p", help="Whose record (default: the current person).")
]
DateOption = Annotated[str | None, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")]

person_app = typer.Typer(
    help="People whose records this computer keeps (e.g. a family).", no_args_is_help=True
)
log_app = typer.Typer(
    help="The food log: add, list and remove entries; log supplements.", no_args_is_help=True
)
lab_app = typer.Typer(help="Lab results (serum magnesium).", no_args_is_help=True)


def _answer(
    lang: str | None, json_out: bool, action: Callable[[], T], say: Callable[[T, Lang], None]
) -> None:
    """Run `action` (a problem: its message, exit 2), then print its result as JSON or `say` it in words."""
    chosen = resolve_lang(lang)
    result = guarded(chosen, action)
    if json_out:
        print_json([i.model_dump(mode="json") for i in result] if isinstance(result, list) else result)
        return
    say(result, chosen)


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if digits else f"{round(value):d}"


def _one_decimal(value: float) -> str:
    """34 → "34", 40.5 → "40.5"."""
    return _num(value, 1).removesuffix(".0")


def _print_table(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()
) -> None:
    """A Rich table (Rich is imported here, so that other commands start fast); `right`: numeric columns."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i in right else "left")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


def _listing(
    person: str | None,
    keys: tuple[str, str],
    columns: Sequence[str],
    cells: Callable[[Any, Lang], Sequence[str]],
) -> Callable[[Sequence[Any], Lang], None]:
    """How a listing says its rows: a table titled with whose they are (id, date, then `columns`), or the
    "none yet" line; `keys` are the message keys of that line and of the title."""
    none_key, title_key = keys

    def say(rows: Sequence[Any], lang: Lang) -> None:
        who = _owner(rows, person, lang)
        if not rows:
            typer.echo(t(none_key, lang, person=who))
            return
        _print_table(
            t(title_key, lang, person=who),
            [t(key, lang) for key in ("history.log.col_id", "history.log.col_date", *columns)],
            ((str(r.id), r.date.isoformat(), *cells(r, lang)) for r in rows),
        )

    return say


def _owner(rows: Sequence[Any], person: str | None, lang: Lang) -> str:
    """Whose rows these are: the rows say so, or (none listed) the person the name resolves to."""
    return rows[0].person if rows else guarded(lang, lambda: _current_name(person))


def _current_name(person: str | None) -> str:
    from magcheck import history

    return history.read(lambda s: history.resolve_person(s, person).name)


# ---------------------------------------------------------------- person


@person_app.command("add")
def person_add(
    name: Annotated[str, typer.Argument(help="A name (unique on this computer).")],
    age: Annotated[float, typer.Option("--age", help="Age in years (0.5 = six months).")],
    sex: Annotated[str, typer.Option("--sex", help="female or male.")],
    pregnant: Annotated[bool, typer.Option("--pregnant", help="Currently pregnant.")] = False,
    lactating: Annotated[bool, typer.Option("--lactating", help="Currently breastfeeding.")] = False,
    standard: Annotated[
        str, typer.Option("--standard", help="Reference values: us (IOM) or cn (China).")
    ] = "us",
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Add a person."""
    from magcheck import history

    def say(person: PersonOut, chosen: Lang) -> None:
        sex_name = t(f"history.person.{person.sex}", chosen)
        typer.echo(
            t(
                "history.person.added",
                chosen,
                name=person.name,
                age=_one_decimal(person.age_years),
                sex=sex_name,
            )
        )

    _answer(lang, json_out, lambda: history.add_person(name, age, sex, pregnant, lactating, standard), say)


@person_app.command("list")
def person_list(json_out: JsonOption = False, lang: LangOption = None) -> None:
    """List the people and which one is current."""
    from magcheck import history

    _answer(lang, json_out, history.list_persons, _say_persons)


def _say_persons(persons: list[PersonOut], lang: Lang) -> None:
    if not persons:
        typer.echo(t("history.person.none", lang))
        return
    _print_table(
        t("history.person.title", lang),
        [
            t(f"history.person.{key}", lang)
            for key in ("col_name", "col_age", "col_sex", "col_status", "col_current")
        ],
        (
            (
                p.name,
                _one_decimal(p.age_years),
                t(f"history.person.{p.sex}", lang),
                _state(p, lang),
                "✓" if p.current else "",
            )
            for p in persons
        ),
    )


def _state(person: PersonOut, lang: Lang) -> str:
    if person.pregnant:
        return t("history.person.pregnant", lang)
    return t("history.person.lactating", lang) if person.lactating else ""


@person_app.command("use")
def person_use(name: str, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """Make NAME the current person (the default for log, checkin, lab, history, assess --from-log)."""
    from magcheck import history

    def say(person: PersonOut, chosen: Lang) -> None:
        typer.echo(t("history.person.now_current", chosen, name=person.name))

    _answer(lang, json_out, lambda: history.use_person(name), say)


@person_app.command("delete")
def person_delete(
    name: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Delete a person and every record of theirs (food log, check-ins, labs, assessments)."""
    from magcheck import history

    chosen = resolve_lang(lang)
    if not yes:
        try:
            confirmed = typer.confirm(t("history.person.confirm", chosen, name=name), default=False)
        except typer.Abort:
            confirmed = False
        if not confirmed:
            fail(input_error("yes", "history.errors.confirm_needed"), chosen)

    def say(deleted: dict[str, Any], chosen: Lang) -> None:
        counts = deleted["rows"]
        typer.echo(
            t(
                "history.person.deleted",
                chosen,
                name=name,
                entries=counts["food_entry"],
                supplements=counts["supplement_intake"],
                checkins=counts["checkin"],
                labs=counts["lab_result"],
                assessments=counts["saved_assessment"],
            )
        )

    _answer(lang, json_out, lambda: {"deleted": name, "rows": history.delete_person(name)}, say)


# ---------------------------------------------------------------- log


@log_app.command("add")
def log_add(
    entry: Annotated[str, typer.Argument(help='What you ate, e.g. "2 cups cooked spinach" or "一碗米饭".')],
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Log one food entry (parsed now; the parse is kept with the entry)."""
    from magcheck import history

    _answer(lang, json_out, lambda: history.add_entry(entry, date, person, resolve_lang(lang)), _say_logged)


def _say_logged(out: EntryOut, lang: Lang) -> None:
    shown = {"id": out.id, "date": out.date, "text": out.text}
    if out.name_en is None and out.mg is not None:  # a label value: no food, just milligrams
        typer.echo(t("history.log.added_label", lang, **shown, mg=_num(out.mg, 1)))
    elif out.mg is None:
        typer.echo(t("history.log.added_no_value", lang, **shown, food=_food_name(out, lang)))
    else:
        food, grams, mg = _food_name(out, lang), _num(out.grams), _num(out.mg, 1)
        typer.echo(t("history.log.added", lang, **shown, food=food, grams=grams, mg=mg))


def _food_name(entry: EntryOut, lang: Lang) -> str:
    name = entry.name_zh if lang == "zh" and entry.name_zh else entry.name_en
    return name or entry.note or t("history.log.unknown_food", lang)


@log_app.command("list")
def log_list(
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """List logged entries (all days, or one with --date), with each day's total."""
    from magcheck import history

    def say(entries: list[EntryOut], chosen: Lang) -> None:
        who = person or _owner(entries, person, chosen)
        if not entries:
            key = "history.log.none_day" if date else "history.log.none"
            typer.echo(t(key, chosen, person=who, date=date))
            return
        _print_table(
            t("history.log.title", chosen, person=who),
            [
                t(f"history.log.{key}", chosen)
                for key in ("col_id", "col_date", "col_entry", "col_food", "col_grams", "col_mg")
            ],
            (
                (str(e.id), e.date.isoformat(), e.text, _food_name(e, chosen), _num(e.grams), _num(e.mg, 1))
                for e in entries
            ),
            right=(0, 4, 5),
        )
        from rich.console import Console

        console = Console()
        for day, items in _by_day(entries).items():
            known = sum(e.mg for e in items if e.mg is not None)
            missing = sum(1 for e in items if e.mg is None)
            key = "history.log.day_total_lower" if missing else "history.log.day_total"
            console.print(t(key, chosen, date=day, mg=_num(known), missing=missing, n=len(items)))

    _answer(lang, json_out, lambda: history.list_entries(date, person), say)


def _by_day(entries: list[EntryOut]) -> dict[dt.date, list[EntryOut]]:
    out: dict[dt.date, list[EntryOut]] = {}
    for e in entries:
        out.setdefault(e.date, []).append(e)
    return out


@log_app.command("remove")
def log_remove(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's id (see `log list`).")],
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Remove one entry by its id."""
    from magcheck import history

    def say(out: EntryOut, chosen: Lang) -> None:
        typer.echo(t("history.log.removed", chosen, id=out.id, date=out.date, text=out.text))

    _answer(lang, json_out, lambda: history.remove_entry(entry_id), say)


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
    from magcheck import history

    def say(out: SupplementOut, chosen: Lang) -> None:
        what, times = _supplement_text(out, chosen), _one_decimal(out.count)
        typer.echo(
            t("history.log.supplement_added", chosen, id=out.id, date=out.date, what=what, count=times)
        )

    _answer(
        lang,
        json_out,
        lambda: history.add_supplement(compound, compound_mg, elemental_mg, count, date, person),
        say,
    )


def _supplement_text(row: Any, lang: Lang) -> str:
    if row.elemental_mg is not None:
        return t("history.log.elemental", lang, mg=_num(row.elemental_mg))
    return t("history.log.compound", lang, compound=row.compound, mg=_num(row.compound_mg))


@log_app.command("supplements")
def log_supplements(
    person: PersonOption = None, json_out: JsonOption = False, lang: LangOption = None
) -> None:
    """List logged supplements."""
    from magcheck import history

    say = _listing(
        person,
        ("history.log.supplement_none", "history.log.supplement_title"),
        ("history.log.col_supplement", "history.log.col_count"),
        lambda r, chosen: (_supplement_text(r, chosen), _num(r.count, 1)),
    )
    _answer(lang, json_out, lambda: history.list_supplements(person), say)


# ---------------------------------------------------------------- check-ins


@cache
def _sign_names(lang: Lang) -> dict[str, str]:
    """The signs' names and one-line explanations in the user's language, in questionnaire order."""
    from magcheck.trends import sign_labels

    return sign_labels(lang)


def _parse_sign_options(values: list[str]) -> dict[str, str]:
    signs: dict[str, str] = {}
    for raw in values:
        sign, sep, freq = raw.partition("=")
        if not sep or not sign.strip() or not freq.strip():
            raise input_error("sign", "history.errors.sign_format", value=raw)
        signs[sign.strip()] = freq.strip().lower()
    return signs


_ANSWERS = {
    "never": "never",
    "sometimes": "sometimes",
    "often": "often",
    "daily": "daily",
    "从不": "never",
    "有时": "sometimes",
    "经常": "often",
    "每天": "daily",
    "0": "never",
    "1": "sometimes",
    "2": "often",
    "3": "daily",
}


def _ask_signs(lang: Lang) -> dict[str, str]:
    typer.echo(t("history.checkin.intro", lang))
    answers: dict[str, str] = {}
    for sign, label in _sign_names(lang).items():
        typer.echo("\n" + label)
        while True:
            raw = typer.prompt(
                t("history.checkin.prompt", lang), default="", show_default=False, prompt_suffix=" › "
            )
            value = raw.strip().lower()
            if not value:
                break
            if value in _ANSWERS:
                answers[sign] = _ANSWERS[value]
                break
            typer.echo(t("history.checkin.invalid_answer", lang))
    return answers


def checkin(
    sign: Annotated[
        list[str] | None, typer.Option("--sign", help="SIGN=FREQUENCY, e.g. fatigue=often (repeat).")
    ] = None,
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Record how often you notice each of the 11 signs (asks each one when no --sign is given)."""
    from magcheck import history

    chosen = resolve_lang(lang)
    signs = guarded(chosen, lambda: _parse_sign_options(sign)) if sign else _ask_signs(chosen)

    def say(out: CheckInOut, chosen: Lang) -> None:
        typer.echo(t("history.checkin.saved", chosen, id=out.id, date=out.date, n=len(out.signs)))

    _answer(lang, json_out, lambda: history.add_checkin(signs, date, person), say)


def checkins(person: PersonOption = None, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """List sign check-ins."""
    from magcheck import history

    def strong(row: CheckInOut, chosen: Lang) -> str:
        names = _sign_names(chosen)
        return ", ".join(names[s].split(" — ")[0] for s, f in row.signs.items() if f in ("often", "daily"))

    say = _listing(
        person,
        ("history.checkin.none", "history.checkin.title"),
        ("history.checkin.col_signs", "history.checkin.col_burden"),
        lambda r, chosen: (strong(r, chosen) or "—", _num(r.burden, 2)),
    )
    _answer(lang, json_out, lambda: history.list_checkins(person), say)


# ---------------------------------------------------------------- labs


@lab_app.command("add")
def lab_add(
    value: Annotated[float, typer.Option("--value", help="The number on the lab report.")],
    unit: Annotated[str, typer.Option("--unit", help="mmol/L, mg/dL or mEq/L.")],
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Record a serum magnesium result."""
    from magcheck import history

    def say(out: LabOut, chosen: Lang) -> None:
        shown = out.model_dump(include={"id", "date", "value", "unit"})
        typer.echo(t("history.lab.added", chosen, **shown, mmol=f"{out.mmol_per_l:.3f}"))

    _answer(lang, json_out, lambda: history.add_lab(value, unit, date, person), say)


@lab_app.command("list")
def lab_list(person: PersonOption = None, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """List lab results."""
    from magcheck import history

    say = _listing(
        person,
        ("history.lab.none", "history.lab.title"),
        ("history.lab.col_value", "history.lab.col_mmol"),
        lambda r, _: (f"{r.value:g} {r.unit}", f"{r.mmol_per_l:.3f}"),
    )
    _answer(lang, json_out, lambda: history.list_labs(person), say)


@lab_app.command("remove")
def lab_remove(
    lab_id: Annotated[int, typer.Argument(metavar="ID")],
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Remove one lab result by its id."""
    from magcheck import history

    def say(out: LabOut, chosen: Lang) -> None:
        typer.echo(
            t("history.lab.removed", chosen, id=out.id, date=out.date, value=f"{out.value:g}", unit=out.unit)
        )

    _answer(lang, json_out, lambda: history.remove_lab(lab_id), say)


# ---------------------------------------------------------------- history, export, import


def history_command(
    days: Annotated[int, typer.Option("--days", help="How many days back, up to 366.")] = 30,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Daily magnesium intake vs EAR/RDA with a 7-day mean, check-ins and labs: a table and a chart."""
    from magcheck import history

    _answer(lang, json_out, lambda: history.summary(person, days, lang=resolve_lang(lang)), render_summary)


def render_summary(s: HistorySummary, lang: Lang, width: int = 40) -> None:
    """A Rich table whose last column is a bar per day, with EAR (│) and RDA (┃) marked on the scale."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    title = t("history.summary.title", lang, person=s.person, start=s.start, end=s.end)
    if s.ear_mg is not None and s.rda_mg is not None:
        console.print(
            t(
                "history.summary.requirement",
                lang,
                label=s.life_stage_label,
                ear=_num(s.ear_mg),
                rda_name=s.rda_name,
                rda=_num(s.rda_mg),
                standard=s.standard.upper(),
            )
        )
    elif s.ai_mg is not None:
        console.print(
            t(
                "history.summary.requirement_ai",
                lang,
                label=s.life_stage_label,
                ai=_num(s.ai_mg),
                standard=s.standard.upper(),
            )
        )
    marks = [m for m in (s.ear_mg, s.rda_mg, s.ai_mg) if m is not None]
    top = max([d.mg or 0 for d in s.days] + [m * 1.25 for m in marks] + [1.0])
    table = Table(title=title, caption=t("history.summary.chart_title", lang))
    table.add_column(t("history.summary.col_day", lang))
    table.add_column(t("history.summary.col_mg", lang), justify="right")
    table.add_column(t("history.summary.col_mean7", lang), justify="right")
    table.add_column(t("history.summary.col_entries", lang), justify="right")
    legend = []
    if s.ear_mg is not None:
        legend.append("│ " + t("history.summary.ear_line", lang, ear=_num(s.ear_mg)))
    if s.rda_mg is not None:
        legend.append("┃ " + t("history.summary.rda_line", lang, rda_name=s.rda_name, rda=_num(s.rda_mg)))
    table.add_column("  ".join(legend), no_wrap=True)
    for day in s.days:
        bar = Text()
        filled = round((day.mg or 0) / top * width)
        ear_at = None if s.ear_mg is None else round(s.ear_mg / top * width)
        rda_at = None if s.rda_mg is None else round(s.rda_mg / top * width)
        colour = "green" if s.ear_mg is None or (day.mg or 0) >= s.ear_mg else "yellow"
        for col in range(width):
            if col == rda_at:
                bar.append("┃", style="bold")
            elif col == ear_at:
                bar.append("│", style="bold")
            elif col < filled:
                bar.append("█", style=colour)
            else:
                bar.append(" " if day.logged else "·", style="dim")
        mg = "" if day.mg is None else (_num(day.mg) if day.complete else f"≥{_num(day.mg)}")
        table.add_row(day.date.isoformat(), mg, _num(day.mean7_mg), str(day.entries or ""), bar)
    console.print(table)
    console.print(s.text)
    if s.checkins:
        console.print(
            t("history.summary.checkins_title", lang)
            + ": "
            + ", ".join(f"{c.date} {_num(c.burden, 2)}" for c in s.checkins)
        )
    if s.labs:
        console.print(
            t("history.summary.labs_title", lang)
            + ": "
            + ", ".join(f"{lab.date} {lab.mmol_per_l:.2f} mmol/L" for lab in s.labs)
        )
    console.print(t("history.disclaimer", lang), style="dim")


def export_command(
    fmt: Annotated[str, typer.Option("--format", help="json or csv.")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default and -: stdout).")
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="Only this person (default: everyone).")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Export the whole record (or one person's) as JSON or CSV: your data is yours."""
    from magcheck import history

    chosen = resolve_lang(lang)
    text, counts = guarded(chosen, lambda: history.export_text(fmt, person))
    if output is None:
        sys.stdout.write(text)
        return
    if str(output) != "-" and not output.parent.is_dir():
        fail(input_error("output", "security.errors.output_dir_missing", path=str(output.parent)), chosen)
    # atomic for a regular file (never a half-written export), written through for a device or a FIFO
    write_output(output, text.encode("utf-8"))
    typer.echo(t("history.transfer.exported", chosen, path=output, **counts), err=True)


def import_command(
    file: Annotated[Path, typer.Argument(help="A file written by `magcheck export` (JSON or CSV).")],
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Import an export file; all of it in one transaction, or nothing if any part is wrong."""
    from magcheck import history

    def say(counts: dict[str, int], chosen: Lang) -> None:
        typer.echo(t("history.transfer.imported", chosen, **counts))

    from magcheck.storage.import_limits import read_import_file

    _answer(lang, json_out, lambda: history.import_text(read_import_file(file, "file"), "file"), say)


def assess_from_log(
    person: str | None,
    days: int,
    standard: str | None,
    lang: Lang,
    as_json: bool,
    input_file: Path | None = None,
) -> None:
    """`magcheck assess --from-log`: assess the last N logged days and keep the result in the record."""
    from magcheck import history

    if input_file is not None:
        raise input_error("input", "history.errors.from_log_and_input")

    result = history.assess_from_log(person, days, lang, standard)
    if as_json:
        print_json(result)
        return
    from rich.console import Console

    from magcheck.cli.assess_render import render_assessment

    render_assessment(Console(highlight=False), result, lang)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(person_app, name="person")
    app.add_typer(log_app, name="log")
    app.add_typer(lab_app, name="lab")
    app.command("checkin")(checkin)
    app.command("checkins")(checkins)
    app.command("history")(history_command)
    app.command("export")(export_command)
    app.command("import")(import_command)
