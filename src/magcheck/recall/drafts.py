"""Recall drafts in the history database: created, read, saved after every pass, finished, discarded.

A draft is addressed only by its random 128-bit id (the one thing that appears in URLs); its content —
health data — stays in the private database. Every function is a single transaction through the
history store, so a draft is never half-written. A draft made in a browser is bound to
that browser's key (a cookie; only its hash is stored), so the id alone opens nothing; a draft saved to
a record belongs to that person and goes when the person is deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from magcheck.core.errors import FieldProblem, NotFoundError
from magcheck.i18n import Say
from magcheck.recall.model import About, Day, Draft, new_id
from magcheck.storage.base import utcnow
from magcheck.storage.models import RecallDraft
from magcheck.storage.work import read, today, write

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.i18n import Lang

ID_BYTES = 16


@dataclass(frozen=True)
class Stored:
    id: str
    owner: str | None
    status: str
    lang: str
    draft: Draft
    person_id: int | None
    updated_at: dt.datetime


def _out(row: RecallDraft) -> Stored:
    return Stored(
        row.id, row.owner, row.status, row.lang, Draft.model_validate(row.data), row.person_id, row.updated_at
    )


def owner_hash(key: str | None) -> str | None:
    """What is stored of a browser's key: its SHA-256 (the key itself stays in the browser)."""
    return hashlib.sha256(key.encode()).hexdigest() if key else None


def _row(session: Session, draft_id: str, key: str | None) -> RecallDraft:
    row = session.get(RecallDraft, draft_id) if 10 <= len(draft_id) <= 64 else None
    if row is None or (row.owner is not None and not hmac.compare_digest(row.owner, owner_hash(key) or "")):
        raise NotFoundError([FieldProblem("draft", "recall.errors.no_draft", {})])
    return row


def create(
    lang: Lang, day: dt.date | None = None, person: str | None = None, key: str | None = None
) -> Stored:
    """A new draft for one day (default: yesterday, the AMPM's "previous 24 hours"); `key`: the browser's."""
    draft = Draft(
        days=[Day(date=day or today() - dt.timedelta(days=1))],
        person=person,
        about=About(standard=Say(lang).standard),
    )

    def work(session: Session) -> Stored:
        row = RecallDraft(
            id=new_id(ID_BYTES),
            owner=owner_hash(key),
            status="open",
            lang=lang,
            data=draft.model_dump(mode="json"),
        )
        session.add(row)
        session.flush()
        return _out(row)

    return write(work)


def get(draft_id: str, key: str | None = None) -> Stored:
    """The draft; an unknown id, or a browser's draft asked for without its key, is a 404."""
    return read(lambda session: _out(_row(session, draft_id, key)))


def save(
    draft_id: str,
    draft: Draft,
    key: str | None = None,
    status: str | None = None,
    person_id: int | None = None,
    lang: Lang | None = None,
) -> Stored:
    """Replace the draft's content (one transaction); `status`/`person_id`/`lang` only when given."""

    def work(session: Session) -> Stored:
        row = _row(session, draft_id, key)
        row.data = draft.model_dump(mode="json")
        row.updated_at = utcnow()
        if status is not None:
            row.status = status
        if person_id is not None:
            row.person_id = person_id
        if lang is not None:
            row.lang = lang
        session.flush()
        return _out(row)

    return write(work)


def discard(draft_id: str, key: str | None = None) -> None:
    def work(session: Session) -> None:
        session.delete(_row(session, draft_id, key))

    write(work)


def open_for(key: str | None, limit: int = 5) -> list[Stored]:
    """This browser's unfinished recalls, newest first (the start page offers to continue them)."""
    owner = owner_hash(key)
    if owner is None:
        return []

    def work(session: Session) -> list[Stored]:
        rows = session.scalars(
            select(RecallDraft)
            .where(RecallDraft.owner == owner, RecallDraft.status == "open")
            .order_by(RecallDraft.updated_at.desc())
            .limit(limit)
        ).all()
        return [_out(row) for row in rows]

    return read(work)
