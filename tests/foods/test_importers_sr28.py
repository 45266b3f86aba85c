"""The full USDA SR28 import: every food, value and portion, checked against the files themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from magcheck.foods.model import Food
from magcheck.foods.store import FoodStore
from magcheck.knowledge.food_tables import load_curated, load_portions

Reader = Callable[[Path, str], list[list[str]]]


def _usda(store: FoodStore) -> list[Food]:
    """The store's USDA foods (it also holds the built-in dishes, computed from them)."""
    return [f for f in store.iter_foods() if f.source == "usda"]


def test_every_abbrev_food_is_imported_with_its_exact_magnesium_and_energy(
    full_store: FoodStore, sr28_dir: Path, read_caret: Reader
) -> None:
    abbrev = read_caret(sr28_dir / "ABBREV.txt", "utf-8")
    assert len(abbrev) == 8790
    assert len(_usda(full_store)) == 8790
    for row in abbrev:
        food = full_store.get(row[0])
        expected_mg = float(row[12]) if row[12] else None
        expected_kcal = float(row[3]) if row[3] else None
        assert food.mg == expected_mg, row[0]
        assert food.kcal == expected_kcal, row[0]


def test_missing_magnesium_stays_missing_never_zero(full_store: FoodStore) -> None:
    with_value = [f for f in _usda(full_store) if f.mg is not None]
    missing = [f for f in _usda(full_store) if f.mg is None]
    assert len(with_value) == 8051  # PROVENANCE.md: 8,051 foods have a value, 739 are blank
    assert len(missing) == 739
    assert full_store.get("01191").mg is None  # Velveeta: blank in SR28


def test_known_foods_have_the_published_values(full_store: FoodStore) -> None:
    assert full_store.get("11457").mg == 79  # spinach, raw
    assert full_store.get("11458").mg == 87  # spinach, cooked, boiled
    assert full_store.get("12061").mg == 270  # almonds


def test_food_33879_from_abbrev_only_is_present_without_a_group(full_store: FoodStore) -> None:
    food = full_store.get("33879")
    assert food.usda_group is None and food.group is None
    assert food.mg == 85
    assert "finger snacks" in food.name_en.lower()


def test_food_groups_come_from_food_des_and_fd_group(
    full_store: FoodStore, sr28_dir: Path, read_caret: Reader
) -> None:
    groups = dict((r[0], r[1]) for r in read_caret(sr28_dir / "FD_GROUP.txt", "cp1252"))
    for row in read_caret(sr28_dir / "FOOD_DES.txt", "cp1252"):
        food = full_store.get(row[0])
        assert food.usda_group == row[1]
        assert food.usda_group_name == groups[row[1]]
        assert food.group is not None  # every SR28 group maps to one of ours
    assert full_store.get("11457").usda_group_name == "Vegetables and Vegetable Products"


def test_every_weight_portion_is_available(full_store: FoodStore, sr28_dir: Path, read_caret: Reader) -> None:
    weights = read_caret(sr28_dir / "WEIGHT.txt", "cp1252")
    assert len(weights) == 15438
    for ndb, _seq, amount, description, grams, *_ in weights:
        food = full_store.get(ndb)
        per_unit = float(grams) / float(amount)
        # either the USDA row itself, or the curated portion that repeats it (with a Chinese label)
        assert any(abs(p.grams_per_unit - per_unit) < 1e-9 for p in food.portions), (ndb, description)
    butter = full_store.get("01001")
    assert any(p.label_en == '1 pat (1" sq, 1/3" high)' and p.grams == 5.0 for p in butter.portions)


def test_curated_names_aliases_and_portions_overlay_the_import(full_store: FoodStore) -> None:
    curated = load_curated()
    portions = load_portions()
    for item in curated:
        food = full_store.get(item.ndb)
        assert food.curated
        assert food.name_en == item.name_en and food.name_zh == item.name_zh
        assert food.aliases_zh == item.aliases_zh
        assert food.group == item.group
        assert food.mg == item.mg_per_100g
        units = {p.unit for p in food.portions}
        assert {p.unit for p in portions.get(item.ndb, [])} <= units
    spinach = full_store.get("11457")
    assert spinach.usda_name == "Spinach, raw"
    assert spinach.name_zh and "菠菜" in spinach.name_zh


def test_import_is_recorded_in_the_store_metadata(full_store: FoodStore, sr28_dir: Path) -> None:
    meta = full_store.meta()
    assert meta["import_kind"] == "sr28"
    assert meta["import_source"] == str(sr28_dir.resolve())
    assert "WEIGHT.txt" in meta["import_files"]


def test_a_new_process_reads_the_imported_store_back(full_store: FoodStore) -> None:
    again = FoodStore(full_store.path)
    assert len(_usda(again)) == 8790
    assert len([f for f in again.iter_foods() if f.source == "tfda"]) == 2180
    assert again.get("11457").portions == full_store.get("11457").portions
