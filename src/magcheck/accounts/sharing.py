"""Sharing: a client lets a clinician read their records and leave notes; the client can revoke.

Every lookup that crosses from one account to another goes through `scope.shared_client_id`, so a
revoked share stops access with the next request, and a client who did not share is "not found".
Giving or ending a share and writing or reading notes are audited (`audit.record_event`), a change in
its own transaction: who can read a record matters as much as who did.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from magcheck.accounts.audit import record_event
from magcheck.accounts.scope import Caller, current, no_such_client, owner_id, shared_client_id
from magcheck.core.errors import FieldProblem, NotFoundError, input_error
from magcheck.storage.account_tables import Account, Note, Share
from magcheck.storage.base import utcnow
from magcheck.storage.engine import open_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_NOTE_LENGTH = 4000


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def _no_clinician(name: str) -> NotFoundError:
    return NotFoundError([FieldProblem("clinician", "accounts.errors.no_such_clinician", {"value": name})])


def add_share(client: Caller, clinician: str) -> dict[str, Any]:
    """The client `client` shares their records with `clinician` (idempotent)."""
    name = clinician.strip()
    if not name:
        raise input_error("clinician", "errors.missing")

    def work(session: Session) -> dict[str, Any]:
        target = session.scalars(
            select(Account).where(
                Account.name == name, Account.role == "clinician", Account.disabled.is_(False)
            )
        ).first()
        if target is None:
            raise _no_clinician(name)
        row = session.get(Share, (client.account_id, target.id))
        if row is None:
            row = Share(client_id=client.account_id, clinician_id=target.id, created_at=utcnow())
            session.add(row)
            session.flush()
            record_event(session, client, client.name or "", "change", "add_share", f"share:{target.name}")
        return {"clinician": target.name, "created_at": _utc(row.created_at)}

    return open_store().write(work)


def remove_share(client: Caller, clinician: str) -> dict[str, Any]:
    def work(session: Session) -> dict[str, Any]:
        target_id = session.scalar(select(Account.id).where(Account.name == clinician))
        gone = session.execute(
            delete(Share).where(Share.client_id == client.account_id, Share.clinician_id == target_id)
        )
        if target_id is None or not gone.rowcount:  # type: ignore[attr-defined]
            raise _no_clinician(clinician)
        record_event(session, client, client.name or "", "change", "remove_share", f"share:{clinician}")
        return {"clinician": clinician, "revoked": True}

    return open_store().write(work)


def list_shares(client: Caller) -> list[dict[str, Any]]:
    def work(session: Session) -> list[dict[str, Any]]:
        rows = session.execute(
            select(Account.name, Share.created_at)
            .join(Share, Share.clinician_id == Account.id)
            .where(Share.client_id == client.account_id)
            .order_by(Account.name)
        ).all()
        return [{"clinician": name, "created_at": _utc(at)} for name, at in rows]

    return open_store().read(work)


def clients_of(clinician: Caller) -> list[tuple[int, str, dt.datetime]]:
    """(id, name, shared since) of each enabled client who shares with `clinician`."""

    def work(session: Session) -> list[tuple[int, str, dt.datetime]]:
        rows = session.execute(
            select(Account.id, Account.name, Share.created_at)
            .join(Share, Share.client_id == Account.id)
            .where(Share.clinician_id == clinician.account_id, Account.disabled.is_(False))
            .order_by(Account.name)
        ).all()
        return [(i, n, _utc(at)) for i, n, at in rows]

    return open_store().read(work)


def clinicians_of_owner() -> tuple[str, ...]:
    """The clinicians the current record's owner shares with (none for the single-user record)."""
    caller = current()
    if not caller.is_account or caller.role == "anonymous":
        return ()

    def work(session: Session) -> int | None:
        return owner_id(session)

    owner = open_store().read(work)
    return tuple(clinicians_of(owner)) if owner is not None else ()


def clinicians_of(client_id: int) -> list[str]:
    """The clinicians a client shares with (named on the client's report)."""
    return open_store().read(
        lambda s: list(
            s.scalars(
                select(Account.name)
                .join(Share, Share.clinician_id == Account.id)
                .where(Share.client_id == client_id, Account.disabled.is_(False))
                .order_by(Account.name)
            ).all()
        )
    )


# ---------------------------------------------------------------- notes


def _note_json(note: Note, author: str, client: str) -> dict[str, Any]:
    return {
        "id": note.id,
        "client": client,
        "author": author,
        "text": note.text,
        "created_at": _utc(note.created_at),
    }


def add_note(clinician: Caller, client: str, text: str) -> dict[str, Any]:
    clean = text.strip()
    if not clean:
        raise input_error("text", "errors.missing")
    if len(clean) > MAX_NOTE_LENGTH:
        raise input_error("text", "errors.too_long", limit=MAX_NOTE_LENGTH)

    def work(session: Session) -> dict[str, Any]:
        client_id = shared_client_id(session, clinician, client)
        if client_id is None:
            raise no_such_client(client)
        note = Note(client_id=client_id, author_id=clinician.account_id, text=clean, created_at=utcnow())
        session.add(note)
        session.flush()
        record_event(session, clinician, client, "change", "add_note", f"note:{note.id}")
        return _note_json(note, clinician.name or "", client)

    return open_store().write(work)


def notes_for(caller: Caller, client: str | None = None) -> list[dict[str, Any]]:
    """A client's notes: the client's own (no `client`), or a sharing client's for their clinician."""

    def work(session: Session) -> tuple[str, list[dict[str, Any]]]:
        if client is None:
            client_id, client_name = caller.account_id, caller.name or ""
        else:
            found = shared_client_id(session, caller, client)
            if found is None:
                raise no_such_client(client)
            client_id, client_name = found, client
        rows = session.execute(
            select(Note, Account.name)
            .join(Account, Account.id == Note.author_id)
            .where(Note.client_id == client_id)
            .order_by(Note.created_at, Note.id)
        ).all()
        return client_name, [_note_json(note, author, client_name) for note, author in rows]

    owner, notes = open_store().read(work)
    if caller.is_account:  # the single-user record has no one else to answer to (and no notes)
        open_store().write(lambda s: record_event(s, caller, owner, "read", "notes", f"notes:{owner}"))
    return notes
