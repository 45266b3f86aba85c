"""The command line on a shared database: four accounts and a way to run a command as one of them
(`magcheck --as NAME [--client C]`, the password on standard input). Imported by name by the CLI tests
of acting as an account and of sharing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.accounts import users
from magcheck.accounts.mode import forget_cached_mode
from magcheck.accounts.throttle import login_throttle
from magcheck.cli import app
from magcheck.service.history.labs import add_lab
from magcheck.service.history.people import add_person

runner = CliRunner()
PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(db_url: str) -> Iterator[dict[str, int]]:
    """A client, two clinicians and an admin (name → account id), and a single-user record beside them."""
    forget_cached_mode()
    login_throttle.clear()
    ids = {
        name: users.add_user(name, role, PASSWORD).id
        for name, role in (
            ("alice", "client"),
            ("carol", "clinician"),
            ("dave", "clinician"),
            ("root", "admin"),
        )
    }
    add_person("Solo", 50, "male")  # the single-user record of this database
    add_lab(0.80, "mmol/L", "2026-01-02", "Solo")
    yield ids
    login_throttle.clear()
    forget_cached_mode()


def run_as(
    args: list[str], as_user: str | None = None, client: str | None = None, password: str = PASSWORD
) -> Any:
    head = (["--as", as_user] if as_user else []) + (["--client", client] if client else [])
    return runner.invoke(app, [*head, *args], input=password + "\n" if as_user else None)
