"""What every command shares: the language option, JSON output and error reporting (exit code 2)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from magcheck.core.errors import FieldProblem, MagcheckError, input_error
from magcheck.core.vocabulary import STANDARDS, Standard
from magcheck.i18n import Lang, Say, as_lang, default_lang, t

LangOption = Annotated[
    str | None, typer.Option("--lang", help="Language of the output: en or zh (default: from the locale).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
StandardOption = Annotated[
    str | None, typer.Option("--standard", help="Reference standard: us (IOM 1997) or cn (China 2013).")
]
ConfirmedLogOption = Annotated[
    bool,
    typer.Option(
        "--confirmed", help="From the record: the logged amounts are right, even a day that looks wrong."
    ),
]

T = TypeVar("T")


def resolve_lang(value: str | None) -> Lang:
    """The chosen language; an invalid --lang is itself reported in the locale's language."""
    if value is None:
        return default_lang()
    try:
        return as_lang(value)
    except MagcheckError as exc:
        fail(exc, default_lang())


def chosen_standard(value: str | None) -> Standard | None:
    """The --standard given (None: the input's or the default); anything else is a field-level error."""
    if value is None:
        return None
    if value not in STANDARDS:
        raise input_error("standard", "errors.invalid_choice", value=value, allowed=", ".join(STANDARDS))
    return value


def format_problem(problem: FieldProblem, lang: Lang) -> str:
    try:
        message = t(problem.code, lang, **problem.params)
    except (KeyError, IndexError):
        message = problem.code
    return Say(lang).labelled(problem.field, message)


def fail(exc: MagcheckError, lang: Lang) -> NoReturn:
    """Print each problem on stderr in the user's language and exit with code 2."""
    head = t("cli.error_heading", lang)
    typer.echo(head, err=True)
    for problem in exc.problems:
        typer.echo("  " + format_problem(problem, lang), err=True)
    raise typer.Exit(2)


def guarded(lang: Lang, func: Callable[[], T]) -> T:
    """Run `func`; a MagcheckError becomes field-level messages and exit code 2, never a traceback."""
    try:
        return func()
    except MagcheckError as exc:
        fail(exc, lang)


def answer(lang: str | None, json_out: bool, action: Callable[[], T], say: Callable[[T, Lang], None]) -> None:
    """Run `action` (a problem: its message, exit 2), then print its result as JSON or `say` it in words."""
    chosen = resolve_lang(lang)
    result = guarded(chosen, action)
    if json_out:
        print_json([i.model_dump(mode="json") for i in result] if isinstance(result, list) else result)
        return
    say(result, chosen)


def sub_app(name: str, help_text: str) -> typer.Typer:
    """A command group (`magcheck foods …`, `magcheck recipe …`) that shows its help when run bare."""
    return typer.Typer(
        name=name, help=help_text, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False
    )


def print_json(data: Any) -> None:
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json")
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def read_text_file(path: Path, field: str = "input") -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise input_error(field, "errors.file_not_found", path=str(path)) from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise input_error(field, "errors.invalid", value=str(path)) from None
