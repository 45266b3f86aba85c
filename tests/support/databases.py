"""The database fixtures: tests of the record run against SQLite and PostgreSQL.

Bound for the whole suite by tests/conftest.py (storage, service.history, accounts, cli and web tests
take `db_url`, `sqlite_url` or `practice`).

The PostgreSQL variant uses `MAGCHECK_TEST_POSTGRES_URL` (scripts/run-tests.sh starts a throwaway
server and sets it). Without it the variant is skipped on a developer machine and FAILS under CI=true.
Each test gets an empty database: a new SQLite file, or a freshly emptied PostgreSQL schema in a database
created for this test session (so parallel workers or other runs never share tables).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from magcheck.storage.engine import close_stores, normalise_url

PG_ENV = "MAGCHECK_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str | None]:
    """A database of our own on the test PostgreSQL server, dropped at the end of the session."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    url = make_url(normalise_url(base))
    name = f"magcheck_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    close_stores()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of the requested kind, made the default (`MAGCHECK_DATABASE_URL`) for the test."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    else:
        server = request.getfixturevalue("pg_server_url")
        if server is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL storage tests must run")
            pytest.skip(f"{PG_ENV} not set (scripts/run-tests.sh starts a throwaway server)")
        _empty_pg(server)
        url = server
    yield from _as_default_database(url)


def _as_default_database(url: str) -> Iterator[str]:
    """`url` as `MAGCHECK_DATABASE_URL` while the test runs; the previous value (or none) afterwards."""
    close_stores()
    old = os.environ.get("MAGCHECK_DATABASE_URL")
    os.environ["MAGCHECK_DATABASE_URL"] = url
    yield url
    close_stores()
    if old is None:
        os.environ.pop("MAGCHECK_DATABASE_URL", None)
    else:
        os.environ["MAGCHECK_DATABASE_URL"] = old


def _empty_pg(url: str) -> None:
    close_stores()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite-only database (crash-safety and PRAGMA checks)."""
    yield from _as_default_database(f"sqlite:///{tmp_path / 'history.sqlite3'}")
