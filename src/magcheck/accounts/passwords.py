"""Password hashing with argon2id (argon2-cffi, its RFC 9106 low-memory profile by default).

Verification of a wrong password and of an unknown account take the same time: `dummy_verify` spends
one hash on a fixed value, so response times do not tell which account names exist.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1000  # hashing megabytes of "password" would be a cheap way to burn CPU


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher().hash("magcheck: no such account")


def dummy_verify(password: str) -> None:
    """Spend the time of one verification (for unknown or disabled accounts)."""
    verify_password(_dummy_hash(), password)


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
