"""`magcheck recall`: the guided recall in the terminal, with the same four passes as the web app.

Quick list by meal (sentences allowed), the forgotten-foods prompts, details (each portion, each open
item resolved by picking a candidate or typing again — Enter skips, nothing blocks), review with
magnesium per line and the total, then the result with SD_D for 1, 2 and 3 days and the offer of
another, non-consecutive day. The draft is kept in the history database after every pass, so an
interrupted recall resumes with ``--resume ID``; ``--save`` keeps the days in a person's record. The
session itself lives in `cli/recall_session.py`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from magcheck.cli.common import JsonOption, LangOption, guarded, resolve_lang
from magcheck.cli.terminal import plain_console


def register(app: typer.Typer) -> None:
    app.command("recall")(recall_command)


def recall_command(
    date: Annotated[
        str | None, typer.Option("--date", help="The day to recall, YYYY-MM-DD (default: yesterday).")
    ] = None,
    resume: Annotated[str | None, typer.Option("--resume", help="Continue a recall by its draft id.")] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the recalled days and the result in your history.")
    ] = False,
    person: Annotated[str | None, typer.Option("--person", help="Whose history (with --save).")] = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Recall a day's eating in four passes and see how likely your magnesium intake is adequate."""
    chosen = resolve_lang(lang)
    console = plain_console()
    # lazy: the session needs the recall's services and the saved history (SQLAlchemy: ≈ 250 ms of
    # imports), kept out of `magcheck --help` (cli/recall_session.py)
    from magcheck.cli import recall_session

    guarded(chosen, lambda: recall_session.run(console, chosen, date, resume, save, person, as_json))
