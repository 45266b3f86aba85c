"""The schema comes from the Alembic migrations, on an empty database, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from magcheck.storage import models  # noqa: F401  (puts every table on Base.metadata)
from magcheck.storage.base import Base
from magcheck.storage.engine import MIGRATIONS_DIR, SCHEMA_REVISION, open_store

TABLES = {
    "person",
    "food_entry",
    "supplement_intake",
    "checkin",
    "checkin_sign",
    "lab_result",
    "saved_assessment",
    "setting",
    "recall_draft",
    "favourite_food",
    "meal_template",
    "alembic_version",
    "account",
    "credential",
    "share",
    "note",
    "audit_event",
    "recipe",
    "login_failure",
}


def test_fast_path_revision_is_alembic_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == SCHEMA_REVISION


def test_first_use_migrates_an_empty_database(db_url: str) -> None:
    store = open_store()
    assert set(inspect(store.engine).get_table_names()) == set()
    store.ensure_schema()
    assert set(inspect(store.engine).get_table_names()) == TABLES
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    """The hand-reviewed migration and the ORM models describe the same tables, columns and indexes."""
    store = open_store()
    store.ensure_schema()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_second_open_does_not_migrate_again(db_url: str) -> None:
    store = open_store()
    store.ensure_schema()
    from magcheck.service.history.people import add_person, list_persons

    add_person("Ana", 30, "female")
    from magcheck.storage.engine import close_stores

    close_stores()
    again = open_store()
    again.ensure_schema()  # already at head: data untouched
    assert [p.name for p in list_persons()] == ["Ana"]


def test_downgrade_and_upgrade_round_trip(db_url: str) -> None:
    from alembic import command

    store = open_store()
    store.ensure_schema()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert set(inspect(store.engine).get_table_names()) == TABLES


def test_food_id_migration_keeps_every_usda_entrys_food(db_url: str) -> None:
    """0006 adds food_entry.food_id: entries logged before it get "usda:<ndb>"; downgrade drops it."""
    from alembic import command
    from sqlalchemy import text

    store = open_store()
    store.ensure_schema()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_login_throttle")
    assert "food_id" not in {c["name"] for c in inspect(store.engine).get_columns("food_entry")}
    with store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO person (name, age_years, sex, pregnant, lactating, standard, created_at) "
                 "VALUES ('Old', 40, 'female', false, false, 'us', '2026-01-01 00:00:00')")
        )  # fmt: skip
        person = conn.execute(text("SELECT id FROM person WHERE name = 'Old'")).scalar_one()
        for words, ndb in (("1 cup spinach", "11457"), ("magnesium 100 mg", None)):
            conn.execute(
                text("INSERT INTO food_entry (person_id, day, created_at, text, ndb, mg) "
                     "VALUES (:p, '2026-01-01', '2026-01-01 00:00:00', :t, :n, 100)"),
                {"p": person, "t": words, "n": ndb},
            )  # fmt: skip
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with store.engine.begin() as conn:
        rows = conn.execute(text("SELECT text, food_id FROM food_entry ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("1 cup spinach", "usda:11457"), ("magnesium 100 mg", None)]


def test_sqlite_connection_settings(sqlite_url: str) -> None:
    """WAL (concurrent readers + crash safety), fsync per commit, foreign keys, a busy timeout."""
    store = open_store()
    store.ensure_schema()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        busy_timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy_timeout is not None and busy_timeout >= 5000


def test_an_unusable_database_is_a_clear_error_and_is_left_alone(sqlite_url: str) -> None:
    from pathlib import Path

    import pytest

    from magcheck.core.errors import DataFileError
    from magcheck.service.history.people import list_persons

    path = Path(sqlite_url.removeprefix("sqlite:///"))
    junk = b"not a database " * 100
    path.write_bytes(junk)
    with pytest.raises(DataFileError) as exc:
        list_persons()
    problem = exc.value.problems[0]
    assert (problem.field, problem.code) == ("database", "history.errors.db_unusable")
    assert problem.params["where"] == str(path) and "not a database" in problem.params["reason"]
    assert path.read_bytes() == junk  # nothing was changed
