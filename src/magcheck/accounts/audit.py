"""The audit: who read or changed whose record, through which operation, when.

Only accounts are audited (the single-user app has nobody else to answer to). The service layer
calls `touched` whenever it resolves a person for the caller; the events of one service call are
written in the same transaction as a change (a change and its audit row commit together), or in a
small transaction of their own after a read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from magcheck.accounts.scope import Caller, current
from magcheck.storage.account_tables import AuditEvent
from magcheck.storage.base import utcnow
from magcheck.storage.engine import open_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


T = TypeVar("T")


@dataclass
class _Call:
    action: str
    operation: str
    records: list[str] = field(default_factory=list)


_call: ContextVar[_Call | None] = ContextVar("magcheck_audit_call", default=None)
_operation: ContextVar[str | None] = ContextVar("magcheck_audit_operation", default=None)


def set_operation(operation: str) -> None:
    """Name what the current request does ("GET /api/v1/log"); set once per request by the web layer."""
    _operation.set(operation)


@contextmanager
def operation_named(operation: str) -> Iterator[None]:
    """Name the operation for the duration of a block (a CLI command run as an account)."""
    token = _operation.set(operation)
    try:
        yield
    finally:
        _operation.reset(token)


@contextmanager
def call(action: str, operation: str) -> Iterator[_Call | None]:
    """Collect the records one service call touches (nothing is collected for the local record).

    `operation` (the service function) is used when no request named the operation.
    """
    if not current().is_account:
        yield None
        return
    record = _Call(action, (_operation.get() or operation)[:80])
    token = _call.set(record)
    try:
        yield record
    finally:
        _call.reset(token)


def touched(what: str) -> None:
    """Note a record (e.g. ``person:Ann`` or ``entry:12``) used by the current service call."""
    record = _call.get()
    if record is not None and what not in record.records:
        record.records.append(what)


def add_events(session: Session, record: _Call | None) -> None:
    """Write the collected events into `session` (the caller's transaction)."""
    if record is None or not record.records:
        return
    caller = current()
    for what in record.records:
        session.add(
            AuditEvent(
                at=utcnow(),
                actor=caller.name or "",
                owner=caller.client or caller.name or "",
                action=record.action,
                operation=record.operation,
                record=what[:200],
            )
        )


def read(work: Callable[[Session], T], operation: str) -> T:
    """Run `work` in a read transaction; what it touched is audited afterwards, in a small write."""
    with call("read", operation) as record:
        result = open_store().read(work)
    if record is not None and record.records:
        open_store().write(lambda session: add_events(session, record))
    return result


def record_event(
    session: Session, actor: Caller, owner: str, action: str, operation: str, record: str
) -> None:
    """One event named outright, in `session` (a change's own transaction): for what no person lookup
    notes, such as a share or a clinician's note. The request's operation name wins over `operation`."""
    session.add(
        AuditEvent(
            at=utcnow(),
            actor=actor.name or "",
            owner=owner,
            action=action,
            operation=(_operation.get() or operation)[:80],
            record=record[:200],
        )
    )


def account_event(session: Session, actor: Caller, account: str, operation: str) -> None:
    """An admin's change to an account (never to a record), in the change's own transaction."""
    record_event(session, actor, account, "change", operation, f"account:{account}")
