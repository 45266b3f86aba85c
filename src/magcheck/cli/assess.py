"""`magcheck assess`: a thin command over the assessment service.

It takes `--lang en|zh` and `--json`; bad input becomes field-level messages and exit code 2
(`cli.common.fail`). Without `--input` it runs the interactive wizard, which re-asks instead of
exiting. `--from-log`, `--days` and `--person` assess a saved history instead (`cli/history.py`).
`magcheck assess --input FILE --json` is the command whose start-up issue 13 measures
(benchmarks/bench_cli.py), so what only a person at a terminal needs is imported when it is used; the
assessment's own modules wait inside the command too, as `magcheck --help` imports every command module.
The reference commands (`requirements`, `signs`, `supplement`, `claims`) live in `cli/reference.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from magcheck.cli.common import (
    ConfirmedLogOption,
    JsonOption,
    LangOption,
    StandardOption,
    answer,
    chosen_standard,
    guarded,
    read_text_file,
    resolve_lang,
)
from magcheck.i18n import Lang

if TYPE_CHECKING:
    from magcheck.core.models import Assessment, AssessmentInput
    from magcheck.core.vocabulary import Standard


def _load_input(
    input_file: Path | None, standard: Standard | None, lang: Lang, as_json: bool = False
) -> AssessmentInput:
    """The input from a JSON file, or from the wizard (whose questions go to stderr under --json)."""
    # lazy: the assessment's modules (core, knowledge, planner: ≈ 70 ms of imports) stay out of
    # `magcheck --help`, which imports every command module to list the commands
    from magcheck.core.models import AssessmentInput
    from magcheck.core.validation import parse_model
    from magcheck.service.assessment import input_from_json_text
    from magcheck.service.knowledge import knowledge_base

    if input_file is not None and str(input_file) == "-":
        inp = input_from_json_text(sys.stdin.read())
    elif input_file is not None:
        inp = input_from_json_text(read_text_file(input_file))
    else:
        # lazy: the wizard and Rich (≈ 25 ms of imports) are for a person at a terminal, never `--input`
        from magcheck.cli import assess_wizard, terminal

        console = terminal.markup_console(stderr=as_json)
        inp = parse_model(
            AssessmentInput, assess_wizard.run_wizard(console, lang, knowledge_base(), standard)
        )
    if standard is not None:
        inp = inp.model_copy(update={"standard": standard})
    return inp


def _say(result: Assessment, lang: Lang) -> None:
    # lazy: Rich (≈ 25 ms of imports) stays off the `--json` path that issue 13 times
    from magcheck.cli import assess_render, terminal

    assess_render.render_assessment(terminal.markup_console(), result, lang)


def assess_command(
    input_file: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="Input JSON file, - for stdin (see docs/input.schema.json)."),
    ] = None,
    standard: StandardOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    from_log: Annotated[
        bool,
        typer.Option("--from-log", help="Use your record: logged food, check-ins, labs (see `log add`)."),
    ] = False,
    days: Annotated[int, typer.Option("--days", help="With --from-log: the last N logged days.")] = 7,
    person: Annotated[str | None, typer.Option("--person", help="With --from-log: whose record.")] = None,
    confirmed: ConfirmedLogOption = False,
) -> None:
    """Assess your magnesium status: intake adequacy, depletion score, signs, labs and supplements."""
    chosen = resolve_lang(lang)
    if from_log:
        # lazy: the saved history brings SQLAlchemy and the record's services (≈ 300 ms of imports),
        # which an assessment of an input file never needs
        from magcheck.cli.history import assess_from_log

        guarded(
            chosen,
            lambda: assess_from_log(
                person, days, chosen_standard(standard), chosen, as_json, input_file, confirmed
            ),
        )
        return
    # lazy: as in `_load_input` above
    from magcheck.service.assessment import assess

    answer(
        lang,
        as_json,
        lambda: assess(_load_input(input_file, chosen_standard(standard), chosen, as_json), chosen),
        _say,
    )


def register(app: typer.Typer) -> None:
    """Add `assess` to the main app."""
    app.command("assess")(assess_command)
