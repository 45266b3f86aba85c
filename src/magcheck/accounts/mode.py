"""Which kind of access control a server runs with, read from the environment on every request.

- ``open``: the single-person app on loopback, exactly as before (no sign-in at all).
- ``token``: one shared access token (`MAGCHECK_TOKEN`) guards everything, on every address. This is
  the minimum for listening beyond loopback: without it anyone on the network could read the record.
- ``accounts``: practice mode — people sign in with their own account (`MAGCHECK_AUTH=accounts`, or
  automatically as soon as `magcheck user add` created one); each sees only their own records.

The environment is read per call (not cached) so that a test or an operator changing it sees the
effect at once; an `os.environ` lookup costs nanoseconds.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from pathlib import Path
from typing import Literal

AuthMode = Literal["open", "token", "accounts"]
AUTH_ENV = "MAGCHECK_AUTH"
_RECHECK_SECONDS = 2.0  # how soon a running server notices the first account created by the CLI

TOKEN_ENV = "MAGCHECK_TOKEN"
MIN_TOKEN_LENGTH = 16
"""Shorter tokens are refused by `serve`: 16 random characters are far beyond guessing over HTTP."""


def configured_token() -> str | None:
    """The access token, or None when none is set (an empty or blank value counts as none)."""
    raw = os.environ.get(TOKEN_ENV, "").strip()
    return raw or None


def auth_mode() -> AuthMode:
    if os.environ.get(AUTH_ENV, "").strip().lower() == "accounts" or _accounts_exist():
        return "accounts"
    return "token" if configured_token() else "open"


# the answer by the settings that name the database (the URL, else the data dir and what places it)
_seen: dict[tuple[str | None, ...], tuple[bool, float]] = {}
_WHERE_ENV = ("MAGCHECK_DATABASE_URL", "MAGCHECK_DATA_DIR", "XDG_DATA_HOME", "HOME")


def _accounts_exist() -> bool:
    """Whether the database has any account; once true it stays true (accounts are never deleted).

    A "no" (no account, or no database yet) is asked again after a couple of seconds, so the check costs
    one tiny query now and then; in between, a request pays a few environment lookups, not the file
    system (this runs on every request of a server).
    """
    where = tuple(os.environ.get(name) for name in _WHERE_ENV)
    known = _seen.get(where)
    now = time.monotonic()
    if known is not None and (known[0] or now - known[1] < _RECHECK_SECONDS):
        return known[0]
    _seen[where] = (_ask_database(), now)
    return _seen[where][0]


def _ask_database() -> bool:
    # lazy: `magcheck serve` imports this module when the CLI starts, and the storage layer brings
    # SQLAlchemy and argon2, which more than double the CLI's import time (measured: 0.83 s → 1.9 s
    # on a busy 2-core machine) although `magcheck assess` never needs them
    from magcheck.storage.engine import database_url

    url = database_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False  # no database yet, so no accounts: do not create the file just to look
    from magcheck.accounts.users import any_accounts  # lazy: the storage layer again, as above

    try:
        return any_accounts()
    except Exception:
        return False


def forget_cached_mode() -> None:
    """Tests switch databases and environments; a server never needs this."""
    _seen.clear()


def digest(secret: str) -> bytes:
    """SHA-256 of a secret: comparing fixed-length digests keeps the comparison's time independent of
    both the length and the content of the guess."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).digest()


def token_matches(given: str | None) -> bool:
    """True when `given` is the configured access token (constant-time)."""
    expected = configured_token()
    if not expected or not given:
        return False
    return hmac.compare_digest(digest(given), digest(expected))
