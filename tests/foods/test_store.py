"""The food store: built on first use from the curated table, rebuilt on upgrades, found in the data dir."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from magcheck.core.errors import NotFoundError
from magcheck.foods import store as store_module
from magcheck.foods.dishes import load_dishes
from magcheck.foods.store import STORE_FILE, FoodStore
from magcheck.knowledge.food_tables import load_curated, load_portions
from magcheck.knowledge.tfda_tables import load_curated_tfda


def test_a_new_store_holds_every_curated_food_with_its_portions(fresh_store: FoodStore) -> None:
    curated = load_curated()
    portions = load_portions()
    assert len(fresh_store) == len(curated) + len(load_dishes()) + len(load_curated_tfda())
    for item in curated:
        food = fresh_store.get(item.ndb)
        assert (food.name_en, food.name_zh, food.mg, food.kcal) == (
            item.name_en, item.name_zh, item.mg_per_100g, item.kcal_per_100g,
        )  # fmt: skip
        assert food.families == tuple(sorted(item.families))
        assert food.plan_portion == item.plan_portion and food.plan_max == item.plan_max
        assert [(p.unit, p.grams) for p in food.portions] == [
            (p.unit, p.grams) for p in portions.get(item.ndb, [])
        ]
        assert food.pinyin  # every Chinese name has a pinyin form for search


def test_get_pads_ndb_numbers_and_reports_unknown_ones(fresh_store: FoodStore) -> None:
    assert fresh_store.get("1123").ndb == "01123"
    assert fresh_store.get(" 11458 ").ndb == "11458"
    with pytest.raises(NotFoundError) as info:
        fresh_store.get("99999")
    assert info.value.problems[0].code == "foods.errors.ndb_not_found"


def test_iter_foods_gives_the_planner_everything_it_needs(fresh_store: FoodStore) -> None:
    foods = list(fresh_store.iter_foods())
    assert [f.id for f in foods] == sorted(f.id for f in foods)
    almonds = next(f for f in foods if f.ndb == "12061")
    assert almonds.group == "nuts_seeds" and "tree_nuts" in almonds.families
    assert almonds.mg == 270 and almonds.kcal == 579
    assert almonds.plan_portion in {p.unit for p in almonds.portions}


def test_an_upgrade_rebuilds_the_view_and_keeps_the_import(
    fresh_store: FoodStore, sr28_dir: Path, tmp_path: Path
) -> None:
    only = tmp_path / "abbrev"
    only.mkdir()
    lines = (sr28_dir / "ABBREV.txt").read_bytes().split(b"\r\n")[:25]
    (only / "ABBREV.txt").write_bytes(b"\r\n".join(lines) + b"\r\n")
    fresh_store.import_path(only)
    count = len(FoodStore(fresh_store.path))
    with sqlite3.connect(fresh_store.path) as conn:  # as if written by an older magcheck
        conn.execute("UPDATE meta SET value = 'old' WHERE key IN ('version', 'fingerprint')")
        conn.execute("DELETE FROM food")
    reopened = FoodStore(fresh_store.path)
    assert reopened.meta()["version"] == store_module.STORE_VERSION
    assert len(reopened) == count
    assert reopened.get("01001").mg == 2


def test_open_default_lives_in_the_data_dir_and_is_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(tmp_path / "data"))
    first = FoodStore.open_default()
    assert first.path == tmp_path / "data" / STORE_FILE and first.path.exists()
    assert FoodStore.open_default() is first


def test_open_default_sees_an_import_made_by_another_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sr28_dir: Path
) -> None:
    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(tmp_path / "data"))
    first = FoodStore.open_default()
    before = len(first)
    only = tmp_path / "abbrev"
    only.mkdir()
    lines = (sr28_dir / "ABBREV.txt").read_bytes().split(b"\r\n")[:25]
    (only / "ABBREV.txt").write_bytes(b"\r\n".join(lines) + b"\r\n")
    FoodStore(first.path).import_path(only)  # another store object, as another process would
    again = FoodStore.open_default()
    assert len(again) > before


def test_a_damaged_store_file_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    path.write_bytes(b"this is not an SQLite database" * 100)
    store = FoodStore(path)
    assert len(store) == len(load_curated()) + len(load_dishes()) + len(load_curated_tfda())
    assert (tmp_path / (STORE_FILE + ".damaged")).read_bytes().startswith(b"this is not")
