"""What an admin does on the admin page: list accounts, add one, disable or enable it, reset a password.

Nothing here reads a record: an admin manages accounts but sees no one's persons, logs or results
without a share (and admins cannot receive shares). Every change is written to the audit table in the
same transaction as the change itself, naming the admin and the account. The server's own command line
(`magcheck user …`) changes accounts too; its changes are audited the same way, the actor being the
operating-system account that ran the command (`shell:<user>`).
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from magcheck.accounts import users
from magcheck.accounts.audit import account_event
from magcheck.accounts.scope import Caller, ForbiddenError
from magcheck.core.errors import FieldProblem, input_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _admin(caller: Caller) -> Caller:
    if not caller.is_account or caller.role != "admin":
        raise ForbiddenError([FieldProblem("role", "admin.errors.only_admin", {})])
    return caller


def accounts(caller: Caller) -> list[users.AccountInfo]:
    """Every account: name, role, disabled (nothing about their records)."""
    _admin(caller)
    return users.list_users()


def _audited(caller: Caller, operation: str) -> users.OnChange:
    def note(session: Session, info: users.AccountInfo) -> None:
        account_event(session, caller, info.name, operation)

    return note


def shell_audit(operation: str) -> users.OnChange:
    """The audit of an account change made at the server's command line, in the change's transaction."""
    try:
        who = getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        who = "?"
    return _audited(Caller(name=f"shell:{who}"), operation)


def add(caller: Caller, name: str, role: str, password: str) -> users.AccountInfo:
    return users.add_user(name, role, password, _audited(_admin(caller), "add_account"))


def set_disabled(caller: Caller, name: str, disabled: bool) -> users.AccountInfo:
    """Disable or enable an account; an admin cannot lock themselves out."""
    _admin(caller)
    if disabled and name == caller.name:
        raise input_error("name", "admin.errors.not_yourself")
    operation = "disable_account" if disabled else "enable_account"
    return users.set_disabled(name, disabled, _audited(caller, operation))


def reset_password(caller: Caller, name: str, password: str) -> users.AccountInfo:
    """A new password chosen by the admin; the account's sessions and tokens end."""
    return users.set_password(name, password, _audited(_admin(caller), "reset_password"))
