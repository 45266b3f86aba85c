"""FoodData Central "SR Legacy" CSV downloads (folder or zip) import like SR28, matched by NDB number."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from magcheck.core.errors import DataFileError
from magcheck.foods.store import FoodStore
from magcheck.knowledge.food_tables import load_groups

# A tiny FDC-format download written by the test (the real one has the same columns; every value is quoted)
FILES: dict[str, list[list[str]]] = {
    "food.csv": [
        ["fdc_id", "data_type", "description", "food_category_id", "publication_date"],
        ["168462", "sr_legacy_food", "Spinach, raw", "11", "2019-04-01"],
        ["170567", "sr_legacy_food", "Nuts, almonds", "12", "2019-04-01"],
        ["173410", "sr_legacy_food", "Butter, whipped, with salt", "1", "2019-04-01"],
        ["999001", "branded_food", "ACME SPINACH CHIPS", "", "2021-01-01"],
    ],
    "sr_legacy_food.csv": [
        ["fdc_id", "NDB_number"], ["168462", "11457"], ["170567", "12061"], ["173410", "1002"],
    ],
    "food_category.csv": [
        ["id", "code", "description"],
        ["1", "0100", "Dairy and Egg Products"],
        ["11", "1100", "Vegetables and Vegetable Products"],
        ["12", "1200", "Nut and Seed Products"],
    ],
    "nutrient.csv": [
        ["id", "name", "unit_name", "nutrient_nbr", "rank"],
        ["1090", "Magnesium, Mg", "MG", "304", "5700"],
        ["1008", "Energy", "KCAL", "208", "300"],
        ["1003", "Protein", "G", "203", "600"],
    ],
    "food_nutrient.csv": [
        ["id", "fdc_id", "nutrient_id", "amount", "data_points", "derivation_id", "min", "max", "median",
         "footnote", "min_year_acquired"],
        ["1", "168462", "1090", "79", "3", "1", "", "", "", "", ""],
        ["2", "168462", "1008", "23", "", "4", "", "", "", "", ""],
        ["3", "168462", "1003", "2.86", "", "1", "", "", "", "", ""],
        ["4", "170567", "1090", "270", "12", "1", "", "", "", "", ""],
        ["5", "170567", "1008", "579", "", "4", "", "", "", "", ""],
        ["6", "173410", "1008", "717", "", "4", "", "", "", "", ""],
        ["7", "999001", "1090", "55", "", "", "", "", "", "", ""],
    ],
    "measure_unit.csv": [["id", "name"], ["1000", "cup"], ["9999", "undetermined"]],
    "food_portion.csv": [
        ["id", "fdc_id", "seq_num", "amount", "measure_unit_id", "portion_description", "modifier",
         "gram_weight", "data_points", "footnote", "min_year_acquired"],
        ["81", "168462", "1", "1", "9999", "", "cup", "30", "", "", ""],
        ["82", "168462", "2", "1", "9999", "", "bunch", "340", "", "", ""],
        ["83", "170567", "1", "1", "1000", "", "whole", "143", "", "", ""],
        ["84", "170567", "2", "1", "9999", "", "almond", "1.2", "", "", ""],
        ["85", "173410", "1", "1", "9999", "", "pat (1\" sq, 1/3\" high)", "5", "", "", ""],
    ],
}  # fmt: skip


def _write(folder: Path, files: dict[str, list[list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, quoting=csv.QUOTE_ALL).writerows(rows)
    return folder


def _check(store: FoodStore) -> None:
    assert len(store) >= 3
    spinach = store.get("11457")
    assert spinach.mg == 79 and spinach.kcal == 23
    assert spinach.usda_group == "1100" and spinach.usda_group_name == "Vegetables and Vegetable Products"
    assert any(p.unit == "bunch" and p.grams == 340 for p in spinach.portions)
    almonds = store.get("12061")
    assert almonds.mg == 270
    assert any(p.unit == "cup" and p.grams == 143 and p.label_en == "1 cup, whole" for p in almonds.portions)
    butter = store.get("01002")  # NDB numbers lose their leading zero in FDC: "1002" is 01002
    assert butter.mg is None  # no magnesium row: unknown, not zero
    assert butter.kcal == 717
    assert not butter.curated
    assert butter.group == next(g for g, info in load_groups().items() if "0100" in info.usda)


def test_fdc_folder_imports_values_groups_and_portions(tmp_path: Path) -> None:
    store = FoodStore(tmp_path / "foods.sqlite3")
    summary = store.import_path(_write(tmp_path / "fdc", FILES))
    assert summary.kind == "fdc"
    assert summary.foods == 3  # the branded food is not SR Legacy and is left out
    assert summary.foods_with_mg == 2
    _check(store)
    assert store.get("11457").name_zh  # the curated overlay applies to FDC imports too


def test_fdc_zip_with_a_nested_folder_imports_the_same(tmp_path: Path) -> None:
    folder = _write(tmp_path / "fdc", FILES)
    archive = tmp_path / "FoodData_Central_sr_legacy_food_csv_2018-04.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in FILES:
            zf.write(folder / name, f"FoodData_Central_sr_legacy_food_csv_2018-04/{name}")
    store = FoodStore(tmp_path / "foods.sqlite3")
    store.import_path(archive)
    _check(store)


def test_fdc_without_the_ndb_mapping_is_refused(tmp_path: Path) -> None:
    files = {k: v for k, v in FILES.items() if k != "sr_legacy_food.csv"}
    with pytest.raises(DataFileError) as info:
        FoodStore(tmp_path / "foods.sqlite3").import_path(_write(tmp_path / "fdc", files))
    assert info.value.problems[0].code == "foods.import.fdc_needs_ndb"


@pytest.mark.parametrize(
    ("file", "row", "value", "code"),
    [
        (
            "food_nutrient.csv",
            4,
            ["4", "170567", "1090", "two hundred", "", "", "", "", "", "", ""],
            "not_a_number",
        ),
        (
            "food_nutrient.csv",
            2,
            ["1", "168462", "1090", "1e999", "", "", "", "", "", "", ""],
            "out_of_range",
        ),
        ("food_portion.csv", 3, ["83", "170567", "1", "1", "1000", "", "whole"], "field_count"),
        ("food.csv", 2, ["170567", "sr_legacy_food", "", "12", "2019-04-01"], "empty_name"),
        ("sr_legacy_food.csv", 1, ["168462", "ABCDE"], "bad_ndb"),
    ],
)
def test_fdc_bad_rows_name_file_and_line_and_change_nothing(
    tmp_path: Path, file: str, row: int, value: list[str], code: str
) -> None:
    files = {k: [list(r) for r in v] for k, v in FILES.items()}
    files[file][row] = value
    store = FoodStore(tmp_path / "foods.sqlite3")
    before = store.path.read_bytes()
    with pytest.raises(DataFileError) as info:
        store.import_path(_write(tmp_path / "fdc", files))
    problem = info.value.problems[0]
    assert problem.code == f"foods.import.{code}"
    assert problem.field == f"{file}:{row + 1}"
    assert store.path.read_bytes() == before


def test_fdc_unterminated_quote_is_a_csv_error(tmp_path: Path) -> None:
    folder = _write(tmp_path / "fdc", FILES)
    with (folder / "food.csv").open("a", encoding="utf-8") as fh:
        fh.write('"170999","sr_legacy_food","Broken quote,"12","2019-04-01"\n')
    with pytest.raises(DataFileError) as info:
        FoodStore(tmp_path / "foods.sqlite3").import_path(folder)
    assert info.value.problems[0].code == "foods.import.csv"
    assert info.value.problems[0].field.startswith("food.csv:")
