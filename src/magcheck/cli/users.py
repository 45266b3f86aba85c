"""`magcheck user add|list|disable|enable|passwd`: the administrator's account commands.

Passwords are read from standard input (one line), never from the command line, where other users
of the machine could see them in the process list and the shell history keeps them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from magcheck.cli.common import JsonOption, LangOption, guarded, print_json, resolve_lang
from magcheck.core.errors import input_error
from magcheck.i18n import t

user_app = typer.Typer(help="Accounts of a shared (practice) server.", no_args_is_help=True)

RoleOption = Annotated[str, typer.Option("--role", help="client (owns their records), clinician, or admin.")]
NameArgument = Annotated[str, typer.Argument(help="Account name (what the person signs in with).")]


def password_from_stdin(confirm: bool = True) -> str:
    """One line from standard input (a terminal asks without echo; twice for a new password)."""
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=confirm))
    line = sys.stdin.readline()
    if not line:
        raise input_error("password", "accounts.errors.password_stdin")
    return line.rstrip("\r\n")


@user_app.command("add")
def add(name: NameArgument, role: RoleOption = "client", lang: LangOption = None) -> None:
    """Create an account; the password is read from standard input (one line)."""
    # lazy: the accounts bring SQLAlchemy and argon2 (≈ 150 ms of imports), kept out of `magcheck --help`
    from magcheck.accounts import admin, users

    chosen = resolve_lang(lang)
    info = guarded(
        chosen, lambda: users.add_user(name, role, password_from_stdin(), admin.shell_audit("add_account"))
    )
    typer.echo(t("accounts.cli.added", chosen, name=info.name, role=info.role))


@user_app.command("list")
def list_accounts(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """List the accounts: name, role and whether they are disabled."""
    # lazy: the accounts bring SQLAlchemy and argon2 (≈ 150 ms of imports), kept out of `magcheck --help`
    from magcheck.accounts import users

    chosen = resolve_lang(lang)
    accounts = guarded(chosen, users.list_users)
    if as_json:
        print_json([a.as_json() for a in accounts])
        return
    if not accounts:
        typer.echo(t("accounts.cli.none", chosen))
    for a in accounts:
        state = t("accounts.cli.disabled" if a.disabled else "accounts.cli.active", chosen)
        typer.echo(f"{a.name}\t{t('accounts.role.' + a.role, chosen)}\t{state}")


@user_app.command("disable")
def disable(name: NameArgument, lang: LangOption = None) -> None:
    """Disable an account: it can no longer sign in; its sessions and tokens stop at once."""
    # lazy: the accounts bring SQLAlchemy and argon2 (≈ 150 ms of imports), kept out of `magcheck --help`
    from magcheck.accounts import admin, users

    chosen = resolve_lang(lang)
    info = guarded(chosen, lambda: users.set_disabled(name, True, admin.shell_audit("disable_account")))
    typer.echo(t("accounts.cli.disabled_done", chosen, name=info.name))


@user_app.command("enable")
def enable(name: NameArgument, lang: LangOption = None) -> None:
    """Enable a disabled account again (it signs in anew; old tokens stay revoked)."""
    # lazy: the accounts bring SQLAlchemy and argon2 (≈ 150 ms of imports), kept out of `magcheck --help`
    from magcheck.accounts import admin, users

    chosen = resolve_lang(lang)
    info = guarded(chosen, lambda: users.set_disabled(name, False, admin.shell_audit("enable_account")))
    typer.echo(t("accounts.cli.enabled_done", chosen, name=info.name))


@user_app.command("passwd")
def passwd(name: NameArgument, lang: LangOption = None) -> None:
    """Set a new password (read from standard input); the account's sessions and tokens end."""
    # lazy: the accounts bring SQLAlchemy and argon2 (≈ 150 ms of imports), kept out of `magcheck --help`
    from magcheck.accounts import admin, users

    chosen = resolve_lang(lang)
    info = guarded(
        chosen, lambda: users.set_password(name, password_from_stdin(), admin.shell_audit("reset_password"))
    )
    typer.echo(t("accounts.cli.password_done", chosen, name=info.name))


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
