"""The tables of practice mode: accounts, their credentials, shares, clinicians' notes and the audit.

Credentials (browser sessions and API tokens) are stored as SHA-256 digests of random 256-bit values:
a stolen database does not hand out working tokens, and a random value needs no slow hash (passwords,
which people choose, get argon2 in ``password_hash``). The audit keeps names rather than foreign keys
so that it outlives the rows it talks about.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from magcheck.storage.base import Base, utcnow

ROLES = ("client", "clinician", "admin")


class Account(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Credential(Base):
    """A browser session (``kind = "session"``) or an API token (``"api"``) of one account."""

    __tablename__ = "credential"
    __table_args__ = (Index("ix_credential_account", "account_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Share(Base):
    """A client lets a clinician see their records (until the client deletes the row)."""

    __tablename__ = "share"

    client_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Note(Base):
    """A clinician's note on a client's record; the client reads it too."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_client_created", "client_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEvent(Base):
    """Who read or changed whose record, through which operation, and when."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_owner_at", "owner", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    owner: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(10))
    operation: Mapped[str] = mapped_column(String(80))
    record: Mapped[str] = mapped_column(String(200))


class LoginFailure(Base):
    """One failed sign-in for a throttle key, shared by every worker (`magcheck.accounts.throttle`).

    The key is a SHA-256 digest (of "ip:…" or "user:…"), so the table keeps no addresses or names;
    `at` is wall-clock seconds (every worker reads the same clock). Rows older than the window are
    deleted as new ones arrive, so the table holds at most the last few minutes of failures.
    """

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"), Index("ix_login_failure_at", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float)
