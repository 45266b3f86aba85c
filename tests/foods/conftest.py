"""Food-store fixtures: a fresh curated-only store per test, and one full SR28 import per session."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from magcheck.foods.store import FoodStore

SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.fixture
def fresh_store(tmp_path: Path) -> FoodStore:
    """A store built from the curated table only (what a new user has before any import)."""
    return FoodStore(tmp_path / "foods.sqlite3")


@pytest.fixture(scope="session")
def tfda_csv() -> Path:
    """The shared Taiwan FDA table. Under CI=true a missing copy fails the test instead of skipping it."""
    path = SHARED / "data" / "tfda_2024" / "TFND_2024_UPDATE2.csv"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the shared TFDA data is missing at {path}")
        pytest.skip(f"shared TFDA data not found at {path}")
    return path


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
