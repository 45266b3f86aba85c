"""Opening the history database: SQLite in the user data dir, or PostgreSQL for a shared server.

SQLite settings, and why:
- ``journal_mode=WAL``: the CLI and the web app may use the file at the same time; readers never block
  the writer and a killed process leaves no half-written transaction (the WAL is replayed or ignored).
- ``synchronous=FULL``: each commit is fsynced, so an entry the tool reported as saved survives a power
  cut too, not only a killed process (NORMAL would survive the latter only). A person logs a few entries
  a day; the fsync cost (~1 ms) is invisible, losing a week of logs is not.
- ``foreign_keys=ON`` on every connection: SQLite ignores ``ON DELETE CASCADE`` without it.
- ``busy_timeout`` plus ``BEGIN IMMEDIATE`` for writes: a writer takes the write lock up front and waits
  for it, instead of failing half-way with "database is locked" when another process wrote in between
  (SQLite cannot upgrade a stale read snapshot to a write). Reads use a plain deferred BEGIN.

The schema is brought to the newest Alembic revision on first use, under a lock (SQLite's write lock or a
PostgreSQL advisory lock) so that two processes starting together do not both migrate. Alembic itself
is imported only when a migration is actually needed, which keeps `magcheck log add` quick.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from magcheck.core.errors import DataFileError, FieldProblem, MagcheckError
from magcheck.paths import data_dir
from magcheck.private_files import private_dir, private_file, tighten_files

T = TypeVar("T")

SCHEMA_REVISION = "0006_food_id"
"""The newest migration; a test checks it equals Alembic's head so the fast path cannot go stale."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_PG_MIGRATION_LOCK = 0x6D67_6368  # "mgch": the advisory lock id taken while migrating
_RETRIES = 5


class StorageBusyError(MagcheckError):
    """The database stayed locked by another program for longer than the busy timeout."""


def database_url() -> str:
    """`MAGCHECK_DATABASE_URL` if set (PostgreSQL for a shared server), else the SQLite file."""
    url = os.environ.get("MAGCHECK_DATABASE_URL", "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{data_dir() / 'history.sqlite3'}"


def normalise_url(url: str) -> str:
    """Plain ``postgres://``/``postgresql://`` URLs get the psycopg 3 driver (the one installed)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (the driver's implicit BEGIN is deferred).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    # deleted rows are overwritten with zeros, not left readable in free pages (a deleted person's
    # name, notes and lab values must not survive in the file)
    cur.execute("PRAGMA secure_delete = ON")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("magcheck_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    """One database: a reader and a writer session factory over a shared connection pool."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.removeprefix("sqlite:///")
            self.file: Path | None = None
            if path and path != ":memory:":
                self.file = Path(path)
                if not self.file.parent.exists():
                    private_dir(self.file.parent)
                # created 0600 before SQLite opens it: SQLite gives -wal and -shm the same mode. A folder
                # we may not write to is left for SQLite to report (as `db_unusable`, not a traceback)
                with contextlib.suppress(OSError):
                    private_file(self.file)
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "connect", self._journal_private)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        self.engine: Engine = engine
        self._writer = engine.execution_options(magcheck_write=True)
        self._read_sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(bind=self._writer, expire_on_commit=False)
        self._migrated = False
        self._lock = threading.Lock()

    def ensure_schema(self) -> None:
        """Bring the schema to the newest revision (once per process; cheap when it already is)."""
        if self._migrated:
            return
        with self._lock:
            if self._migrated:
                return
            try:
                if self._current_revision() != SCHEMA_REVISION:
                    self._retrying(self._migrate)
            except DBAPIError as exc:
                if isinstance(exc, OperationalError) and _is_busy(exc):
                    raise
                # not a database, unreadable, a server that refuses us: say so instead of a traceback
                raise DataFileError(
                    [
                        FieldProblem(
                            "database",
                            "history.errors.db_unusable",
                            {"where": self.where(), "reason": str(exc.orig).splitlines()[0][:200]},
                        )
                    ]
                ) from None
            self._migrated = True

    def where(self) -> str:
        """The database as shown to people: the SQLite file, or the server without its password."""
        return (
            self.url.removeprefix("sqlite:///") if self.is_sqlite else make_url(self.url).render_as_string()
        )

    def _current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            tables = conn.dialect.get_table_names(conn)
            if "alembic_version" not in tables:
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def _migrate(self) -> None:
        # lazy: only a database behind the newest schema needs Alembic (≈ 115 ms to import), so every
        # other run that opens the history skips it
        from alembic import command
        from alembic.config import Config

        with self._writer.begin() as conn:
            if not self.is_sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def read(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a read transaction."""
        self.ensure_schema()
        with self._read_sessions() as session, session.begin():
            return work(session)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one write transaction: all of it is committed, or none of it.

        A lock held by another program is waited for (busy timeout) and the whole transaction is
        retried a few times; if the database stays busy the user gets a clear message, not a traceback.
        `work` must therefore be safe to run again (it is: each attempt is a fresh transaction).
        """
        self.ensure_schema()

        def attempt() -> T:
            with self._write_sessions() as session, session.begin():
                return work(session)

        return self._retrying(attempt)

    def _retrying(self, attempt: Callable[[], T]) -> T:
        for n in range(_RETRIES):
            try:
                return attempt()
            except IntegrityError:
                # A race with another writer (same new name, or a person deleted meanwhile): run the
                # work again, so its own checks see the other's commit and answer with a clear error.
                if n >= 1:
                    raise
            except OperationalError as exc:
                if not _is_busy(exc):
                    raise
                if n == _RETRIES - 1:
                    raise StorageBusyError([FieldProblem("database", "history.errors.db_busy")]) from None
                time.sleep(0.05 * (n + 1))
        raise AssertionError("unreachable")

    def _journal_private(self, _dbapi_connection: Any, _record: Any) -> None:
        """Journal files made by an older version (or another program) may be wider: 0600 them too."""
        if self.file is not None:
            tighten_files(*_journal_files(self.file))

    def checkpoint(self) -> None:
        """Move everything in the write-ahead log into the database file and empty the log.

        Run on a clean stop and after a person is deleted: otherwise the main file may hold nothing
        and all data (including deleted rows' old pages) stays in ``-wal`` until some later open.
        """
        if not self.is_sqlite:
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def dispose(self) -> None:
        """Checkpoint (SQLite) and close every pooled connection."""
        # busy with another process, or an unusable file: closing must happen all the same
        with contextlib.suppress(DBAPIError):
            self.checkpoint()
        self.engine.dispose()


def _journal_files(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _is_busy(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message or "could not serialize" in message


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()
_exit_hook = False


def open_store(url: str | None = None) -> Store:
    """The store for `url` (default: `database_url()`), created once per process."""
    resolved = normalise_url(url) if url else database_url()
    with _stores_lock:
        store = _stores.get(resolved)
        if store is None:
            store = _stores[resolved] = Store(resolved)
            global _exit_hook
            if not _exit_hook:
                # the CLI exits without closing anything: checkpoint the WAL into the file on the way out
                atexit.register(close_stores)
                _exit_hook = True
        return store


def close_stores() -> None:
    """Checkpoint and dispose every store: at a clean exit (CLI and server), in tests that swap
    databases, in forked workers."""
    with _stores_lock:
        for store in _stores.values():
            store.dispose()
        _stores.clear()
