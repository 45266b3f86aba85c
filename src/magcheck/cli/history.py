"""CLI of the personal record: `history`, `export`, `import`, and `assess --from-log`.

The record's other commands live beside it (`people`, `food_log`, `checkins`) and are registered from
here. Thin over `magcheck.service.history`, whose SQLAlchemy-backed services (≈ 200 ms of imports) each
command imports when it runs: `magcheck --help` imports every command module to list the commands.
Every listing takes `--json`; errors go through `cli.common.fail` (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from magcheck.cli.assess_render import render_assessment
from magcheck.cli.common import JsonOption, LangOption, answer, fail, guarded, print_json, resolve_lang
from magcheck.cli.record_output import PersonOption, num
from magcheck.core.errors import input_error
from magcheck.i18n import Lang, t
from magcheck.private_files import write_output
from magcheck.storage.import_limits import read_import_file

if TYPE_CHECKING:
    from magcheck.storage.schemas import HistorySummary

from magcheck.cli import checkins, food_log, people


def history_command(
    days: Annotated[int, typer.Option("--days", help="How many days back, up to 366.")] = 30,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Daily magnesium intake vs EAR/RDA with a 7-day mean, check-ins and labs: a table and a chart."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.summary import summary

    answer(lang, json_out, lambda: summary(person, days, lang=resolve_lang(lang)), render_summary)


def render_summary(s: HistorySummary, lang: Lang, width: int = 40) -> None:
    """A Rich table whose last column is a bar per day, with EAR (│) and RDA (┃) marked on the scale."""
    console = Console()
    title = t("history.summary.title", lang, person=s.person, start=s.start, end=s.end)
    if s.ear_mg is not None and s.rda_mg is not None:
        console.print(
            t(
                "history.summary.requirement",
                lang,
                label=s.life_stage_label,
                ear=num(s.ear_mg),
                rda_name=s.rda_name,
                rda=num(s.rda_mg),
                standard=s.standard.upper(),
            )
        )
    elif s.ai_mg is not None:
        console.print(
            t(
                "history.summary.requirement_ai",
                lang,
                label=s.life_stage_label,
                ai=num(s.ai_mg),
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
        legend.append("│ " + t("history.summary.ear_line", lang, ear=num(s.ear_mg)))
    if s.rda_mg is not None:
        legend.append("┃ " + t("history.summary.rda_line", lang, rda_name=s.rda_name, rda=num(s.rda_mg)))
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
        mg = "" if day.mg is None else (num(day.mg) if day.complete else f"≥{num(day.mg)}")
        table.add_row(day.date.isoformat(), mg, num(day.mean7_mg), str(day.entries or ""), bar)
    console.print(table)
    console.print(s.text)
    if s.checkins:
        console.print(
            t("history.summary.checkins_title", lang)
            + ": "
            + ", ".join(f"{c.date} {num(c.burden, 2)}" for c in s.checkins)
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
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.transfer import export_text

    chosen = resolve_lang(lang)
    text, counts = guarded(chosen, lambda: export_text(fmt, person))
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
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.transfer import import_text

    def say(counts: dict[str, int], chosen: Lang) -> None:
        typer.echo(t("history.transfer.imported", chosen, **counts))

    answer(lang, json_out, lambda: import_text(read_import_file(file, "file"), "file"), say)


def assess_from_log(
    person: str | None,
    days: int,
    standard: str | None,
    lang: Lang,
    as_json: bool,
    input_file: Path | None = None,
    confirmed: bool = False,
) -> None:
    """`magcheck assess --from-log`: assess the last N logged days and keep the result in the record."""
    if input_file is not None:
        raise input_error("input", "history.errors.from_log_and_input")
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history import from_log

    result = from_log.assess_from_log(person, days, lang, standard, confirmed=confirmed)
    if as_json:
        print_json(result)
        return

    render_assessment(Console(highlight=False), result, lang)


def register(app: typer.Typer) -> None:
    """Add the record's commands to the main app (people, log and labs first, as `--help` lists them)."""
    people.register(app)
    food_log.register(app)
    checkins.register_labs(app)
    checkins.register(app)
    app.command("history")(history_command)
    app.command("export")(export_command)
    app.command("import")(import_command)
