"""The accounts tests run against SQLite and PostgreSQL with the storage tests' database fixtures.

Those fixtures live in ``tests/storage/conftest.py``; conftest files are not importable by name, so
the module is loaded from its path and its fixtures are bound here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "magcheck_test_storage_fixtures", Path(__file__).resolve().parents[1] / "storage" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

pg_server_url = _fixtures.pg_server_url
backend = _fixtures.backend
db_url = _fixtures.db_url
