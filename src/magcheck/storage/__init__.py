"""The personal record: SQLAlchemy models, Alembic migrations, engine set-up and a repository.

Import `magcheck.storage.engine.open_store` to get a `Store`, then pass its sessions to the functions in
`magcheck.storage.repo`. SQLAlchemy is heavy to import, so the CLI imports this package lazily.
"""
