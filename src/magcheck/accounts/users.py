"""Accounts and their credentials: create, list, disable, change passwords, sign in, issue tokens.

Everything here runs in one transaction per call through the history store (the same database as
the records). Account names are compared exactly (they are login names, not display names).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select

from magcheck.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    dummy_verify,
    hash_password,
    needs_rehash,
    verify_password,
)
from magcheck.core.errors import FieldProblem, NotFoundError, input_error
from magcheck.storage.account_tables import ROLES, Account, Credential
from magcheck.storage.base import utcnow
from magcheck.storage.engine import open_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
TOKEN_PREFIX = "mgc_"
DEFAULT_TOKEN_DAYS = 30.0
DEFAULT_SESSION_HOURS = 12.0


@dataclass(frozen=True)
class AccountInfo:
    id: int
    name: str
    role: str
    disabled: bool

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "disabled": self.disabled}


@dataclass(frozen=True)
class Issued:
    """A new credential: the secret (shown once, never stored) and when it stops working."""

    id: int
    token: str
    expires_at: dt.datetime


def _info(row: Account) -> AccountInfo:
    return AccountInfo(row.id, row.name, row.role, row.disabled)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_name(name: str) -> str:
    clean = name.strip()
    if not NAME_RE.match(clean):
        raise input_error("name", "accounts.errors.bad_name", value=name)
    return clean


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise input_error("password", "accounts.errors.password_too_short", minimum=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise input_error("password", "errors.too_long", limit=MAX_PASSWORD_LENGTH)
    return password


def _unknown(name: str) -> NotFoundError:
    return NotFoundError([FieldProblem("name", "accounts.errors.no_such_account", {"value": name})])


def find(session: Session, name: str) -> Account | None:
    return session.scalars(select(Account).where(Account.name == name)).first()


def any_accounts() -> bool:
    return bool(open_store().read(lambda s: s.scalar(select(func.count()).select_from(Account))))


# ---------------------------------------------------------------- administration (CLI, admin page)

OnChange = Callable[["Session", AccountInfo], None]
"""Called inside the change's transaction (the admin page writes its audit event there)."""


def _noted(session: Session, info: AccountInfo, on_change: OnChange | None) -> AccountInfo:
    if on_change is not None:
        on_change(session, info)
    return info


def add_user(name: str, role: str, password: str, on_change: OnChange | None = None) -> AccountInfo:
    clean = check_name(name)
    if role not in ROLES:
        raise input_error("role", "errors.invalid_choice", value=role, allowed=", ".join(ROLES))
    hashed = hash_password(check_password(password))  # before the transaction: it takes ~50 ms

    def work(session: Session) -> AccountInfo:
        if find(session, clean) is not None:
            raise input_error("name", "accounts.errors.account_exists", value=clean)
        row = Account(name=clean, role=role, password_hash=hashed, disabled=False)
        session.add(row)
        session.flush()
        return _noted(session, _info(row), on_change)

    return open_store().write(work)


def list_users() -> list[AccountInfo]:
    return open_store().read(
        lambda s: [_info(a) for a in s.scalars(select(Account).order_by(Account.name)).all()]
    )


def set_disabled(name: str, disabled: bool = True, on_change: OnChange | None = None) -> AccountInfo:
    """Disable (or enable again) an account; disabling ends its sessions and revokes its tokens."""

    def work(session: Session) -> AccountInfo:
        row = find(session, name)
        if row is None:
            raise _unknown(name)
        row.disabled = disabled
        if disabled:
            session.execute(delete(Credential).where(Credential.account_id == row.id))
        return _noted(session, _info(row), on_change)

    return open_store().write(work)


def set_password(name: str, password: str, on_change: OnChange | None = None) -> AccountInfo:
    """A new password; every session and token of the account stops working (they may be stolen)."""
    hashed = hash_password(check_password(password))

    def work(session: Session) -> AccountInfo:
        row = find(session, name)
        if row is None:
            raise _unknown(name)
        row.password_hash = hashed
        session.execute(delete(Credential).where(Credential.account_id == row.id))
        return _noted(session, _info(row), on_change)

    return open_store().write(work)


# ---------------------------------------------------------------- signing in


def check_credentials(name: str, password: str) -> AccountInfo | None:
    """The account for a correct name and password; None otherwise (also for disabled accounts)."""
    if not name or not password or len(password) > MAX_PASSWORD_LENGTH:
        dummy_verify("x")
        return None
    row = open_store().read(lambda s: find(s, name))
    if row is None or row.disabled:
        dummy_verify(password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    if needs_rehash(row.password_hash):
        rehashed = hash_password(password)

        def update(session: Session) -> None:
            fresh = session.get(Account, row.id)
            if fresh is not None:
                fresh.password_hash = rehashed

        open_store().write(update)
    return _info(row)


def session_seconds() -> int:
    """How long a sign-in lasts (`MAGCHECK_SESSION_HOURS`, default 12 h; at least a minute)."""
    raw = os.environ.get("MAGCHECK_SESSION_HOURS", "")
    try:
        hours = float(raw) if raw else DEFAULT_SESSION_HOURS
    except ValueError:
        hours = DEFAULT_SESSION_HOURS
    return max(60, int(hours * 3600)) if hours > 0 else int(DEFAULT_SESSION_HOURS * 3600)


def lifetime(kind: str) -> dt.timedelta:
    """Sessions: `MAGCHECK_SESSION_HOURS` (12 h); API tokens: `MAGCHECK_TOKEN_DAYS` (30 days)."""
    if kind == "session":
        return dt.timedelta(seconds=session_seconds())
    raw = os.environ.get("MAGCHECK_TOKEN_DAYS", "")
    try:
        days = float(raw) if raw else DEFAULT_TOKEN_DAYS
    except ValueError:
        days = DEFAULT_TOKEN_DAYS
    return dt.timedelta(days=days if days > 0 else DEFAULT_TOKEN_DAYS)


def issue(account_id: int, kind: str, label: str | None = None) -> Issued:
    """A new session or API token for an account; only its digest is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + lifetime(kind)

    def work(session: Session) -> Issued:
        row = Credential(
            account_id=account_id,
            kind=kind,
            token_hash=token_digest(token),
            label=label,
            expires_at=expires,
        )
        session.add(row)
        session.flush()
        # expired credentials of this account are of no use to anyone: clear them as we go
        session.execute(
            delete(Credential).where(Credential.account_id == account_id, Credential.expires_at <= utcnow())
        )
        return Issued(row.id, token, expires)

    return open_store().write(work)


def resolve(token: str) -> AccountInfo | None:
    """The enabled account behind an unexpired session or API token, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = token_digest(token)

    def work(session: Session) -> AccountInfo | None:
        row = session.execute(
            select(Account)
            .join(Credential, Credential.account_id == Account.id)
            .where(Credential.token_hash == digest, Credential.expires_at > utcnow())
        ).scalar_one_or_none()
        return None if row is None or row.disabled else _info(row)

    return open_store().read(work)


def revoke(token: str) -> None:
    """End one session (signing out)."""
    digest = token_digest(token)
    open_store().write(lambda s: s.execute(delete(Credential).where(Credential.token_hash == digest)))


def list_tokens(account_id: int) -> list[dict[str, Any]]:
    """The caller's API tokens (never their values)."""

    def work(session: Session) -> list[dict[str, Any]]:
        rows = session.scalars(
            select(Credential)
            .where(
                Credential.account_id == account_id,
                Credential.kind == "api",
                Credential.expires_at > utcnow(),
            )
            .order_by(Credential.id)
        ).all()
        return [
            {
                "id": r.id,
                "label": r.label,
                "created_at": r.created_at.replace(tzinfo=dt.UTC),
                "expires_at": r.expires_at.replace(tzinfo=dt.UTC),
            }
            for r in rows
        ]

    return open_store().read(work)


def revoke_token(account_id: int, token_id: int) -> None:
    """Revoke one of the caller's own API tokens; another account's token is "not found"."""

    def work(session: Session) -> None:
        gone = session.execute(
            delete(Credential).where(
                Credential.id == token_id, Credential.account_id == account_id, Credential.kind == "api"
            )
        )
        if not gone.rowcount:  # type: ignore[attr-defined]
            raise NotFoundError(
                [FieldProblem("token_id", "accounts.errors.no_such_token", {"value": token_id})]
            )

    open_store().write(work)
