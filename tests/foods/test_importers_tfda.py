"""`magcheck foods import` with the Taiwan FDA table: file or folder, checked like the USDA importers."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.core.errors import DataFileError
from magcheck.foods.importers import read_path
from magcheck.foods.store import FoodStore

runner = CliRunner()


def test_the_release_is_read_with_header_on_line_2_and_blanks_missing(tfda_csv: Path) -> None:
    data = read_path(tfda_csv)
    assert data.kind == "tfda" and data.files == [tfda_csv.name]
    assert len(data.tfda) == 2180  # PROVENANCE.md: 2,180 foods
    assert data.with_mg == 2129  # 51 foods have no magnesium value
    laver = data.tfda["F0210101"]
    assert (laver.name, laver.name_zh, laver.category) == ("紫菜", "紫菜", "藻類")
    assert laver.mg == 363.4246 and laver.kcal == 267.5053
    mantou = data.tfda["R2400201"]
    assert (mantou.name, mantou.name_zh) == ("白饅頭", "白馒头")  # converted with OpenCC (t2s)
    oils = [f for f in data.tfda.values() if f.mg is None]
    assert len(oils) == 51 and all(f.mg != 0 for f in oils)
    assert data.tfda["M2700101"].mg is None  # olive oil: blank in the table, never 0


def test_a_folder_or_a_zip_holding_the_csv_is_recognised(tfda_csv: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tfda"
    folder.mkdir()
    shutil.copy(tfda_csv, folder / "food table.csv")
    assert len(read_path(folder).tfda) == 2180
    archive = tmp_path / "tfda.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(tfda_csv, "data/TFND.csv")
    assert len(read_path(archive).tfda) == 2180


def _broken(tfda_csv: Path, tmp_path: Path, line: int, column: int, value: str) -> Path:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(tfda_csv.read_text(encoding="utf-8-sig"), newline="")))
    rows[line - 1][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "broken.csv"
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "column", "value", "code"),
    [(10, 25, "many", "foods.import.not_a_number"), (10, 25, "-3", "foods.import.out_of_range"),
     (12, 0, "X12", "tfda.import.bad_id"), (12, 0, "A0100101", "tfda.import.duplicate"),
     (2, 25, "鈣", "foods.import.missing_columns")],
)  # fmt: skip
def test_a_bad_line_names_file_and_line_and_leaves_the_store_unchanged(
    tfda_csv: Path, tmp_path: Path, line: int, column: int, value: str, code: str
) -> None:
    store = FoodStore(tmp_path / "foods.sqlite3")
    before = {f.id: f.mg for f in store.iter_foods()}
    bad = _broken(tfda_csv, tmp_path, line, column, value)
    with pytest.raises(DataFileError) as info:
        store.import_path(bad)
    problem = info.value.problems[0]
    assert problem.code == code and problem.field == f"broken.csv:{line}"
    again = FoodStore(tmp_path / "foods.sqlite3")
    assert {f.id: f.mg for f in again.iter_foods()} == before


def test_importing_tfda_keeps_the_usda_import_and_adds_searchable_foods(
    full_store: FoodStore, tfda_csv: Path
) -> None:
    assert full_store.meta()["import_kind"] == "sr28" and full_store.meta()["tfda_import_kind"] == "tfda"
    tfda = [f for f in full_store.iter_foods() if f.source == "tfda"]
    assert len(tfda) == 2180 and all(f.id.startswith("tfda:") and f.ndb is None for f in tfda)
    uncurated = full_store.get("tfda:A0500101")  # 秈米(台中在來2號): imported, not curated
    assert uncurated.name_zh == "籼米(台中在来2号)" and uncurated.name_original == "秈米(台中在來2號)"
    assert uncurated.group == "cereal_grains" and not uncurated.curated
    # both scripts find it; the average row comes before its single samples
    for query in ("籼米", "秈米"):
        top = [h.food.id for h in full_store.search(query, limit=5)]
        assert "tfda:A05001" in top
    peanut = full_store.get("tfda:C1700201")  # TFDA lists 土豆 (Taiwan: peanut) among its names
    assert "土豆" not in peanut.aliases_zh


def test_the_cli_imports_a_file_with_progress_and_json(tfda_csv: Path, tmp_path: Path) -> None:
    env = {"MAGCHECK_DATA_DIR": str(tmp_path)}
    result = runner.invoke(app, ["foods", "import", str(tfda_csv), "--json"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["kind"], summary["foods"], summary["foods_with_mg"]) == ("tfda", 2180, 2129)
    shown = runner.invoke(app, ["foods", "show", "tfda:F0210101", "--json"], env=env)
    food = json.loads(shown.stdout)
    assert food["sources"] == ["tfda_2024"] and "2024 UPDATE2" in food["attribution"]
    zh = runner.invoke(app, ["foods", "show", "F0210101", "--lang", "zh"], env=env)
    assert "资料来源：卫生福利部食品药物管理署食品营养成分资料库（2024 UPDATE2）" in zh.stdout
    bad = runner.invoke(app, ["foods", "import", str(tmp_path / "nothing.csv")], env=env)
    assert bad.exit_code == 2
