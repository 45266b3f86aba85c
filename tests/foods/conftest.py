"""Food-store fixtures: a fresh curated-only store per test, and one full SR28 import per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from magcheck.foods.store import FoodStore


@pytest.fixture
def fresh_store(tmp_path: Path) -> FoodStore:
    """A store built from the curated table only (what a new user has before any import)."""
    return FoodStore(tmp_path / "foods.sqlite3")


@pytest.fixture(scope="session")
def full_store(sr28_dir: Path, tfda_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> FoodStore:
    """USDA SR28 and the Taiwan FDA table imported, with the curated overlay (shared read-only)."""
    store = FoodStore(tmp_path_factory.mktemp("sr28-store") / "foods.sqlite3")
    store.import_path(sr28_dir)
    store.import_path(tfda_csv)
    return store


def _read_caret(path: Path, encoding: str) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding=encoding).splitlines():
        if line.strip():
            rows.append([field.strip("~") for field in line.split("^")])
    return rows


@pytest.fixture(scope="session")
def read_caret() -> Callable[[Path, str], list[list[str]]]:
    """An independent reader of USDA `^`/`~` files, to check the importer against the source files."""
    return _read_caret
