"""Whose records a call may touch: the caller, set once per request, read by the storage layer.

The web layer authenticates a request and sets the `Caller` here (a context variable, so it follows
the request into worker threads and never leaks into another request). The repository then scopes
every query on people — and through them every record — by `owner_id()`; routes never filter
anything themselves, so a new route cannot forget to. Outside a request (the CLI, tests) the caller is
`LOCAL`: the single-user record, whose people have no owner.

A clinician acting for a client (``?client=NAME``) is checked against the share table on every
call, inside the same transaction as the read: revoking a share stops access at once, and a missing
share looks exactly like a missing client (404), so nobody learns who uses the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from magcheck.core.errors import FieldProblem, MagcheckError, NotFoundError
from magcheck.storage.account_tables import Account, Share

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Caller:
    """Who is asking. `account_id` None is the local single-user record (CLI, open or token mode)."""

    account_id: int | None = None
    name: str | None = None
    role: str | None = None
    client: str | None = None  # acting on this client's record (clinicians, read only)

    @property
    def is_account(self) -> bool:
        return self.account_id is not None

    def for_client(self, client: str | None) -> Caller:
        return replace(self, client=client or None)


LOCAL = Caller()
ANONYMOUS = Caller(account_id=0, name="", role="anonymous")
"""Not signed in (public pages in accounts mode): owns nothing, since no account has id 0."""
_current: ContextVar[Caller] = ContextVar("magcheck_caller", default=LOCAL)


class ForbiddenError(MagcheckError):
    """The caller's role cannot do this (HTTP 403): it is about the caller, never about another's data."""


class ReadOnlyError(ForbiddenError):
    """A clinician tried to change a client's record (they may read it and write notes)."""


def current() -> Caller:
    return _current.get()


@contextmanager
def acting_as(caller: Caller) -> Iterator[Caller]:
    token = _current.set(caller)
    try:
        yield caller
    finally:
        _current.reset(token)


def set_caller(caller: Caller) -> None:
    """Set the caller for the rest of the current context (a request's task)."""
    _current.set(caller)


def no_such_client(name: str) -> NotFoundError:
    return NotFoundError([FieldProblem("client", "accounts.errors.no_such_client", {"value": name})])


def owner_id(session: Session) -> int | None:
    """The account whose records this call works on (None: the single-user record).

    For ``?client=NAME`` the share is checked now, in the caller's transaction.
    """
    caller = current()
    if caller.client is None:
        return caller.account_id
    client_id = shared_client_id(session, caller, caller.client)
    if client_id is None:
        raise no_such_client(caller.client)
    return client_id


def shared_client_id(session: Session, caller: Caller, client: str) -> int | None:
    """The id of `client` if they are an enabled client who shares with the calling clinician.

    Every lookup that crosses from one account to another goes through here, asking the share table
    each time (no caching), so a revoked share stops access with the next request. Unknown clients,
    disabled clients and clients who did not share all look the same: None (not found).
    """
    if caller.account_id is None or caller.role != "clinician":
        return None
    return session.scalar(
        select(Account.id)
        .join(Share, Share.client_id == Account.id)
        .where(
            Account.name == client,
            Account.role == "client",
            Account.disabled.is_(False),
            Share.clinician_id == caller.account_id,
        )
    )


def owner_name(session: Session) -> str:
    """The owner as the audit names it ("" for the single-user record)."""
    caller = current()
    return caller.client or caller.name or ""


def check_writable() -> None:
    """Refuse changes made while acting on someone else's record."""
    if current().client is not None:
        raise ReadOnlyError([FieldProblem("client", "accounts.errors.read_only", {})])


def setting_key(base: str, owner: int | None) -> str:
    """Per-account settings (e.g. the current person): ``key`` locally, ``key:<account id>`` otherwise."""
    return base if owner is None else f"{base}:{owner}"
