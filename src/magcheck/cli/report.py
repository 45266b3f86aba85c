"""`magcheck report`: the shareable HTML or PDF report, from an input file or from a person's history.

The report's services and templates (SQLAlchemy, Jinja2: ≈ 250 ms of imports) wait inside the command, as
`magcheck --help` imports every command module, and WeasyPrint waits inside `reports.render` until a PDF
is made. A
regular file is written to a private temporary name beside the target and then renamed, so an interrupted
run never leaves half a report under the requested name; ``-o -`` writes to standard output and a device,
FIFO or symlink is written through (`magcheck.private_files`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from magcheck.cli.common import ConfirmedLogOption, LangOption, guarded, read_text_file, resolve_lang
from magcheck.core.errors import input_error
from magcheck.core.vocabulary import PAPERS
from magcheck.i18n import Lang, t
from magcheck.private_files import STDOUT, is_stdout, write_output

FORMATS = ("html", "pdf")
# the CLI takes paper names in lower case ("a4", "letter")
CLI_PAPERS = tuple(p.lower() for p in PAPERS)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("report")(report)


def report(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the report (- for standard output).")
    ],
    input_file: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="An assessment input as JSON (see docs/input.schema.json)."),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="Report on a person's logged history instead.")
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="With --person: how many recent days to assess and chart.")
    ] = 30,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="html or pdf (default: from the file name, else pdf).")
    ] = "",
    paper: Annotated[str, typer.Option("--paper", help="Paper size for the PDF: a4 or letter.")] = "a4",
    no_name: Annotated[
        bool, typer.Option("--no-name", help="Leave the person's name out of the report.")
    ] = False,
    confirmed: ConfirmedLogOption = False,
    lang: LangOption = None,
) -> None:
    """Write a report for you and your clinician (HTML or PDF), in English or Chinese. Not a diagnosis."""
    chosen = resolve_lang(lang)
    path = guarded(
        chosen, lambda: _write(output, input_file, person, days, fmt, paper, no_name, chosen, confirmed)
    )
    # with `-o -` the report itself is on stdout: the note goes to stderr
    typer.echo(t("report.cli.written", chosen, path=str(path)), err=is_stdout(output))


def _choose_format(fmt: str, output: Path) -> str:
    value = (fmt or output.suffix.lstrip(".") or "pdf").strip().lower()
    if fmt and value not in FORMATS:
        raise input_error("format", "errors.invalid_choice", value=fmt, allowed=", ".join(FORMATS))
    return value if value in FORMATS else "pdf"


def _write(
    output: Path,
    input_file: Path | None,
    person: str | None,
    days: int,
    fmt: str,
    paper: str,
    no_name: bool,
    lang: Lang,
    confirmed: bool = False,
) -> Path:
    if (input_file is None) == (person is None):
        raise input_error("input", "report.errors.input_or_person")
    kind = _choose_format(fmt, output)
    if paper.strip().lower() not in CLI_PAPERS:
        raise input_error("paper", "errors.invalid_choice", value=paper, allowed=", ".join(CLI_PAPERS))
    target = output.expanduser()
    if target.is_dir():
        raise input_error("output", "report.errors.output_is_dir", path=str(target))
    if not target.parent.is_dir():
        raise input_error("output", "report.errors.output_dir_missing", path=str(target.parent))

    # lazy: the report's services and templates (SQLAlchemy, Jinja2: ≈ 250 ms of imports) stay out of
    # `magcheck --help`
    from magcheck.reports.render import render_html, render_pdf
    from magcheck.service import report as report_data

    if input_file is not None:
        data = report_data.from_input_text(read_text_file(input_file), lang)
    else:
        data = report_data.from_person(person, days, lang, confirmed)
    size = PAPERS[CLI_PAPERS.index(paper.strip().lower())]
    shown = None if no_name else data.person_name
    a, history = data.assessment, data.history
    content = (
        render_pdf(a, lang, history, shown, paper=size)
        if kind == "pdf"
        else render_html(a, lang, history, shown, paper=size).encode("utf-8")
    )
    write_output(STDOUT if is_stdout(output) else target, content)
    return target
