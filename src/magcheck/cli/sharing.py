"""Sharing on the command line of a practice server: ``magcheck --as CLIENT share add|list|remove
CLINICIAN`` (a client shares their records) and ``magcheck --as CLINICIAN clients`` (who shares with me).

The same service functions as ``POST/GET/DELETE /api/v1/shares``, ``GET /api/v1/clients`` and the
sharing and clients pages (`magcheck.accounts.sharing`, `magcheck.accounts.clinician`): a share lets the
clinician read the client's records and leave notes, and removing it stops their access with their next
request. The commands act for one account, so they need ``--as`` (the account signs in with its password
on standard input, `cli/acting.py`).
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


def _account(role: str) -> Caller:
    """The signed-in account (`--as`) of `role`; anyone else is told what the command needs."""
    # lazy: the accounts bring SQLAlchemy and argon2 (≈ 150 ms of imports), kept out of `magcheck --help`
    from magcheck.accounts.scope import ForbiddenError, current

    caller = current().for_client(None)
    if not caller.is_account:
        raise input_error("as", f"practice_cli.needs_{role}_account")
    if caller.role != role:
        raise ForbiddenError([FieldProblem("role", f"accounts.errors.only_{role}", {})])
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
    from magcheck.accounts import sharing  # lazy: as in _account

    def say(out: dict[str, Any], chosen: Lang) -> None:
        typer.echo(t("practice_cli.shared", chosen, clinician=out["clinician"]))

    _run(lang, as_json, lambda: sharing.add_share(_account("client"), clinician), say)


@share_app.command("list")
def list_shares(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """The clinicians you share your records with, and since when."""
    from magcheck.accounts import sharing  # lazy: as in _account

    def say(rows: list[dict[str, Any]], chosen: Lang) -> None:
        if not rows:
            typer.echo(t("practice_cli.no_shares", chosen))
        for row in rows:
            since = row["created_at"].date().isoformat()
            typer.echo(t("practice_cli.share_row", chosen, clinician=row["clinician"], since=since))

    _run(lang, as_json, lambda: sharing.list_shares(_account("client")), say)


@share_app.command("remove")
def remove(clinician: ClinicianArgument, as_json: JsonOption = False, lang: LangOption = None) -> None:
    """Stop sharing with a clinician: their access ends with their next request."""
    from magcheck.accounts import sharing  # lazy: as in _account

    def say(out: dict[str, Any], chosen: Lang) -> None:
        typer.echo(t("practice_cli.unshared", chosen, clinician=out["clinician"]))

    _run(lang, as_json, lambda: sharing.remove_share(_account("client"), clinician), say)


def clients(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """The clients who share their records with you (--as CLINICIAN), each person's latest saved status."""
    from magcheck.accounts import clinician  # lazy: as in _account

    def say(rows: list[dict[str, Any]], chosen: Lang) -> None:
        if not rows:
            typer.echo(t("practice_cli.no_clients", chosen))
        for row in rows:
            since = row["shared_at"].date().isoformat()
            typer.echo(t("practice_cli.client_row", chosen, client=row["name"], since=since))
            for person in row["people"]:
                if person["assessed_at"] is None:
                    typer.echo("  " + t("practice_cli.client_unassessed", chosen, person=person["person"]))
                    continue
                when = person["assessed_at"].date().isoformat()
                status = person["status_label"] or "—"
                line = t(
                    "practice_cli.client_person", chosen, person=person["person"], status=status, date=when
                )
                typer.echo("  " + line)

    _run(lang, as_json, lambda: clinician.client_list(_account("clinician")), say)


def register(app: typer.Typer) -> None:
    app.add_typer(share_app, name="share")
    app.command("clients")(clients)
