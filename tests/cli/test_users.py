"""`magcheck user add|list|disable|enable|passwd` (issue 16 contract), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from magcheck.accounts import users
from magcheck.accounts.mode import auth_mode, forget_cached_mode
from magcheck.cli import app
from magcheck.storage.account_tables import Account, AuditEvent
from magcheck.storage.engine import open_store

runner = CliRunner()
PASSWORD = "a long enough password"


@pytest.fixture
def fresh(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.delenv("MAGCHECK_AUTH", raising=False)
    forget_cached_mode()
    yield db_url
    forget_cached_mode()


def _add(name: str, role: str, password: str = PASSWORD, lang: str = "en") -> Result:
    return runner.invoke(app, ["user", "add", name, "--role", role, "--lang", lang], input=password + "\n")


@pytest.mark.usefixtures("fresh")
def test_add_and_list_json() -> None:
    assert auth_mode() == "open"
    result = _add("ann", "client")
    assert result.exit_code == 0, result.output
    assert "ann" in result.output
    assert _add("dr.li", "clinician").exit_code == 0
    assert _add("root", "admin").exit_code == 0
    listed = runner.invoke(app, ["user", "list", "--json"])
    assert json.loads(listed.stdout) == [
        {"name": "ann", "role": "client", "disabled": False},
        {"name": "dr.li", "role": "clinician", "disabled": False},
        {"name": "root", "role": "admin", "disabled": False},
    ]
    # the first account switches the server into accounts mode by itself
    forget_cached_mode()
    assert auth_mode() == "accounts"
    # the password is hashed with argon2id, never stored as given
    stored = open_store().read(lambda s: s.scalar(select(Account.password_hash).where(Account.name == "ann")))
    assert stored is not None
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.usefixtures("fresh")
def test_add_refuses_bad_input_with_exit_2() -> None:
    assert _add("ann", "client").exit_code == 0
    cases = [
        (("ann", "client"), "already an account"),
        (("bad name", "client"), "not a valid account name"),
        (("bob", "owner"), "role"),
        (("bob", "client", "short"), "at least 10"),
    ]
    for args, words in cases:
        result = _add(*args)
        assert result.exit_code == 2, args
        assert words in result.output, (args, result.output)
    empty = runner.invoke(app, ["user", "add", "bob", "--role", "client"], input="")
    assert empty.exit_code == 2 and "standard input" in empty.output
    zh = _add("ann", "client", lang="zh")
    assert zh.exit_code == 2 and "已经有名为" in zh.output
    assert [a.name for a in users.list_users()] == ["ann"]


@pytest.mark.usefixtures("fresh")
def test_disable_enable_and_passwd() -> None:
    _add("ann", "client")
    assert users.check_credentials("ann", PASSWORD) is not None
    result = runner.invoke(app, ["user", "disable", "ann"])
    assert result.exit_code == 0 and "disabled" in result.output
    assert json.loads(runner.invoke(app, ["user", "list", "--json"]).stdout)[0]["disabled"] is True
    assert users.check_credentials("ann", PASSWORD) is None
    assert runner.invoke(app, ["user", "enable", "ann"]).exit_code == 0
    assert users.check_credentials("ann", PASSWORD) is not None
    token = users.issue(users.list_users()[0].id, "api").token
    changed = runner.invoke(app, ["user", "passwd", "ann"], input="another long password\n")
    assert changed.exit_code == 0
    assert users.check_credentials("ann", PASSWORD) is None
    assert users.check_credentials("ann", "another long password") is not None
    assert users.resolve(token) is None  # a new password ends every token
    missing = runner.invoke(app, ["user", "disable", "nobody"])
    assert missing.exit_code == 2 and "no account called 'nobody'" in missing.output


@pytest.mark.usefixtures("fresh")
def test_command_line_account_changes_are_audited_with_the_shell_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An admin page's change is audited (tests/web/routes/test_admin.py); the same change made at the
    server's command line is too, naming the operating-system account that ran it."""
    monkeypatch.setattr("getpass.getuser", lambda: "ops")
    assert _add("ann", "client").exit_code == 0
    assert runner.invoke(app, ["user", "disable", "ann"]).exit_code == 0
    assert runner.invoke(app, ["user", "enable", "ann"]).exit_code == 0
    assert runner.invoke(app, ["user", "passwd", "ann"], input="another long password\n").exit_code == 0
    assert runner.invoke(app, ["user", "disable", "nobody"]).exit_code == 2  # refused: nothing audited
    events = open_store().read(
        lambda s: [
            (e.actor, e.owner, e.action, e.operation, e.record)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        ]
    )
    assert events == [
        ("shell:ops", "ann", "change", operation, "account:ann")
        for operation in ("add_account", "disable_account", "enable_account", "reset_password")
    ]
