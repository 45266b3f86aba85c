"""`magcheck --as CLIENT share add|list|remove CLINICIAN`: a client shares their records with a clinician.

The same service functions as ``POST/GET/DELETE /api/v1/shares`` and the sharing page
(`magcheck.accounts.sharing`): a share lets the clinician read the client's records and leave notes,
and removing it stops their access with their next request. Only a client account shares, so the
commands need ``--as`` (the account signs in with its password on standard input, `cli/acting.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic_core import to_jsonable_python

from magcheck.cli.common import JsonOption, LangOption, guarded, print_json, resolve_lang, sub_app
from magcheck.core.errors import FieldProblem, input_error
from magcheck.i18n import Lang, t

if TYPE_CHECKING:
    from magcheck.accounts.scope import Caller

T = TypeVar("T")
share_app = sub_app(
    "share", "Share your records with a clinician of a practice server, or stop (needs --as CLIENT)."
)

ClinicianArgument = Annotated[str, typer.Argument(help="The clinician's account name.")]


def _client() -> Caller:
    """The signed-in client account (`--as`); anyone else is told what sharing needs."""
    # lazy: the accounts bring SQLAlchemy and argon2 (≈ 150 ms of imports), kept out of `magcheck --help`
    from magcheck.accounts.scope import ForbiddenError, current

    caller = current().for_client(None)
    if not caller.is_account:
        raise input_error("as", "practice_cli.share_needs_as")
    if caller.role != "client":
        raise ForbiddenError([FieldProblem("role", "accounts.errors.only_client", {})])
    return caller


def _run(lang: str | None, as_json: bool, work: Callable[[], T], say: Callable[[T, Lang], None]) -> None:
    """`work` as the signed-in client; its answer as JSON or in words (a problem: exit 2)."""
    chosen = resolve_lang(lang)
    out = guarded(chosen, work)
    if as_json:
        print_json(to_jsonable_python(out))  # times written as the API writes them
    else:
        say(out, chosen)


@share_app.command("add")
def add(clinician: ClinicianArgument, as_json: JsonOption = False, lang: LangOption = None) -> None:
    """Let a clinician read your records and leave notes (again: nothing changes)."""
    from magcheck.accounts import sharing  # lazy: as in _client

    def say(out: dict[str, Any], chosen: Lang) -> None:
        typer.echo(t("practice_cli.shared", chosen, clinician=out["clinician"]))

    _run(lang, as_json, lambda: sharing.add_share(_client(), clinician), say)


@share_app.command("list")
def list_shares(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """The clinicians you share your records with, and since when."""
    from magcheck.accounts import sharing  # lazy: as in _client

    def say(rows: list[dict[str, Any]], chosen: Lang) -> None:
        if not rows:
            typer.echo(t("practice_cli.no_shares", chosen))
        for row in rows:
            since = row["created_at"].date().isoformat()
            typer.echo(t("practice_cli.share_row", chosen, clinician=row["clinician"], since=since))

    _run(lang, as_json, lambda: sharing.list_shares(_client()), say)


@share_app.command("remove")
def remove(clinician: ClinicianArgument, as_json: JsonOption = False, lang: LangOption = None) -> None:
    """Stop sharing with a clinician: their access ends with their next request."""
    from magcheck.accounts import sharing  # lazy: as in _client

    def say(out: dict[str, Any], chosen: Lang) -> None:
        typer.echo(t("practice_cli.unshared", chosen, clinician=out["clinician"]))

    _run(lang, as_json, lambda: sharing.remove_share(_client(), clinician), say)


def register(app: typer.Typer) -> None:
    app.add_typer(share_app, name="share")
