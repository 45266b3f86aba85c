"""Each service test that touches the record gets an empty SQLite history database of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from magcheck.storage.engine import close_stores


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", url)
    close_stores()
    yield url
    close_stores()
