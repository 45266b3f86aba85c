"""Alembic environment for the history database.

Normally run by `magcheck.storage.engine.Store.ensure_schema`, which passes an open connection inside a
locked transaction (``config.attributes["connection"]``). Run by hand (``alembic -c
src/magcheck/storage/alembic.ini upgrade head``) it opens `MAGCHECK_DATABASE_URL` or the default SQLite
file. SQLite cannot ALTER most things, so migrations render in batch mode (copy-and-move) there.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from magcheck.storage import models  # noqa: F401  (puts every table on Base.metadata)
from magcheck.storage.base import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    from sqlalchemy import create_engine

    from magcheck.storage.engine import database_url

    engine = create_engine(database_url())
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


_main()
