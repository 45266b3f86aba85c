"""``magcheck --as NAME [--client CLIENT] COMMAND``: run a record command as a practice account.

Against a shared database (`MAGCHECK_DATABASE_URL`) a clinician or a client can use the record
commands (person, log, lab, checkin(s), history, export, import, fhir, report, assess --from-log)
on their own account's records, and a clinician on a sharing client's (``--client``, read only).
The account signs in with its password (read from standard input like `magcheck user add`; a
terminal asks without echo), throttled like the sign-in page, and then every query is scoped by
the same service-layer checks as the web app: a client who does not share is "not found".
Without ``--as`` nothing changes: the commands act on the single-user record, as always (and this
module, with the account layer's SQLAlchemy and argon2, is not even imported: see `cli.__init__`).
"""

from __future__ import annotations

import typer

from magcheck.accounts.audit import operation_named
from magcheck.accounts.scope import acting_as
from magcheck.accounts.signin import caller_of, sign_in
from magcheck.cli.common import fail, guarded
from magcheck.cli.users import password_from_stdin
from magcheck.core.errors import input_error
from magcheck.i18n import default_lang

NOT_AS = frozenset({"serve", "user"})
"""Commands that never act on one account's records: the server and the administrator's commands."""


def start(ctx: typer.Context, as_user: str | None, client: str | None) -> None:
    """Sign in as `as_user` and act on `client`'s (or the account's own) records until the command ends."""
    command = ctx.invoked_subcommand
    if as_user is None and client is None:
        return
    lang = default_lang()
    if as_user is None:
        fail(input_error("client", "practice_cli.client_needs_as"), lang)
    if command in NOT_AS:
        fail(input_error("as", "practice_cli.not_for_command", command=command), lang)
    account = guarded(lang, lambda: sign_in(as_user, password_from_stdin(confirm=False)))
    # undone when the command's context closes (a test or a program may run several commands)
    ctx.with_resource(acting_as(caller_of(account).for_client(client)))
    ctx.with_resource(operation_named(f"cli {command or ''}".strip()))
