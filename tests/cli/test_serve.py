"""`magcheck serve`: loopback by default, beyond it only with an access token, no query-logging access log."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.cli import app as cli_app
from magcheck.cli.serve import is_loopback

runner = CliRunner()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("::", False),
    ],
)
def test_loopback_detection(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


@pytest.fixture
def fake_uvicorn(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    seen: dict[str, Any] = {}

    def run(app: str, **kwargs: Any) -> None:
        seen["app"] = app
        seen.update(kwargs)

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


def test_serve_defaults_to_loopback_without_a_warning(
    fake_uvicorn: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAGCHECK_TOKEN", raising=False)
    result = runner.invoke(cli_app, ["serve", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert fake_uvicorn["host"] == "127.0.0.1" and fake_uvicorn["port"] == 8000
    assert fake_uvicorn["app"] == "magcheck.web.app:create_app" and fake_uvicorn["factory"] is True
    assert fake_uvicorn["access_log"] is False  # uvicorn's access log would print query strings
    assert fake_uvicorn["proxy_headers"] is False  # nobody may claim to be HTTPS or another address
    assert "http://127.0.0.1:8000" in result.stdout
    assert "Warning" not in result.output


@pytest.mark.parametrize(("lang", "words"), [("en", "MAGCHECK_TOKEN"), ("zh", "拒绝")])
def test_serve_refuses_to_be_exposed_without_a_token(
    fake_uvicorn: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    monkeypatch.delenv("MAGCHECK_TOKEN", raising=False)
    for host in ("0.0.0.0", "::", "192.168.1.10"):
        result = runner.invoke(cli_app, ["serve", "--host", host, "--lang", lang])
        assert result.exit_code == 2, result.output
        assert words in result.output and host in result.output
        assert "127.0.0.1" in result.output  # the way out
    assert fake_uvicorn == {}


def test_serve_exposed_with_a_token_warns_and_runs(
    fake_uvicorn: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGCHECK_TOKEN", "a-long-random-token-0123456789")
    result = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "9000", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "警告" in result.output and "0.0.0.0" in result.output and "访问令牌" in result.output
    assert fake_uvicorn["host"] == "0.0.0.0" and fake_uvicorn["port"] == 9000


def test_serve_refuses_a_guessable_token(
    fake_uvicorn: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGCHECK_TOKEN", "short")
    result = runner.invoke(cli_app, ["serve", "--lang", "en"])
    assert result.exit_code == 2
    assert "too short (5 characters)" in result.output and "16" in result.output
    assert fake_uvicorn == {}


def test_serve_rejects_a_bad_port(fake_uvicorn: dict[str, Any]) -> None:
    result = runner.invoke(cli_app, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    assert fake_uvicorn == {}


def test_serve_exposed_with_accounts_runs(
    fake_uvicorn: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from magcheck.accounts.mode import forget_cached_mode

    monkeypatch.delenv("MAGCHECK_TOKEN", raising=False)
    monkeypatch.setenv("MAGCHECK_AUTH", "accounts")
    forget_cached_mode()
    result = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0", "--workers", "4", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Accounts are on" in result.output
    assert fake_uvicorn["host"] == "0.0.0.0" and fake_uvicorn["workers"] == 4


def test_serve_behind_a_proxy_trusts_only_loopback(fake_uvicorn: dict[str, Any]) -> None:
    result = runner.invoke(cli_app, ["serve", "--behind-proxy", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert fake_uvicorn["proxy_headers"] is True
    assert fake_uvicorn["forwarded_allow_ips"] == "127.0.0.1,::1"
