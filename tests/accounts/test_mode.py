"""Access-control mode and the constant-time token check."""

from __future__ import annotations

import hmac
from pathlib import Path

import pytest

from magcheck.accounts import mode


def test_open_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAGCHECK_TOKEN", raising=False)
    assert mode.auth_mode() == "open"
    monkeypatch.setenv("MAGCHECK_TOKEN", "   ")
    assert mode.auth_mode() == "open" and mode.configured_token() is None


def test_token_mode_and_matching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGCHECK_TOKEN", "correct-horse-battery-staple")
    assert mode.auth_mode() == "token"
    assert mode.token_matches("correct-horse-battery-staple")
    assert not mode.token_matches("correct-horse-battery-stapl")
    assert not mode.token_matches("")
    assert not mode.token_matches(None)
    assert not mode.token_matches("\ud800")  # a lone surrogate is just a wrong token, not a crash


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check goes through hmac.compare_digest on fixed-length digests, never `==` on the secret."""
    monkeypatch.setenv("MAGCHECK_TOKEN", "correct-horse-battery-staple")
    seen: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)  # mode.py looks it up on the hmac module
    assert not mode.token_matches("x")
    assert len(seen) == 1 and len(seen[0][0]) == len(seen[0][1]) == 32


def test_looking_for_accounts_does_not_create_the_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The single-user app keeps its old behaviour: no history file until the history is used."""
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.delenv("MAGCHECK_AUTH", raising=False)
    monkeypatch.delenv("MAGCHECK_TOKEN", raising=False)
    mode.forget_cached_mode()
    assert mode.auth_mode() == "open"
    assert not path.exists()
