"""Which kind of access control a server runs with, read from the environment on every request.

- ``open``: the single-person app on loopback, exactly as before (no sign-in at all).
- ``token``: one shared access token (`MAGCHECK_TOKEN`) guards everything, on every address. This is
  the minimum for listening beyond loopback: without it anyone on the network could read the record.

The environment is read per call (not cached) so that a test or an operator changing it sees the
effect at once; an `os.environ` lookup costs nanoseconds.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Literal

AuthMode = Literal["open", "token"]

TOKEN_ENV = "MAGCHECK_TOKEN"
MIN_TOKEN_LENGTH = 16
"""Shorter tokens are refused by `serve`: 16 random characters are far beyond guessing over HTTP."""


def configured_token() -> str | None:
    """The access token, or None when none is set (an empty or blank value counts as none)."""
    raw = os.environ.get(TOKEN_ENV, "").strip()
    return raw or None


def auth_mode() -> AuthMode:
    return "token" if configured_token() else "open"


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
