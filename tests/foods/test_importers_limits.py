"""A zip bomb given to `magcheck foods import` is refused from the zip's directory: a clear message
(exit code 2), nothing unpacked, memory bounded, the store untouched."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.core.errors import DataFileError
from magcheck.foods import import_source as importers
from magcheck.foods.store import FoodStore

runner = CliRunner()
BOMB_MIB = 160  # unpacks to 160 MiB from < 1 MB; the member cap is lowered to 128 MiB to keep it quick


def _bomb(path: Path, mib: int, name: str = "sr28/ABBREV.txt") -> Path:
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open(name, "w", force_zip64=True) as fh,
    ):
        for _ in range(mib):
            fh.write(chunk)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _bomb(tmp_path_factory.mktemp("bomb") / "sr28.zip", BOMB_MIB)


def test_a_zip_bomb_is_refused_with_bounded_memory(
    bomb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bomb.stat().st_size < 2 * 1024 * 1024
    monkeypatch.setattr(importers, "MAX_MEMBER_BYTES", 128 << 20)
    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(tmp_path / "data"))
    tracemalloc.start()
    try:
        result = runner.invoke(app, ["foods", "import", str(bomb), "--lang", "en"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 2, result.output
    assert "unpacks to 160 MB" in result.output and "128 MB" in result.output
    assert peak < 64 * 1024 * 1024  # nothing of the 160 MiB was unpacked
    zh = runner.invoke(app, ["foods", "import", str(bomb), "--lang", "zh"])
    assert zh.exit_code == 2 and "解压后有 160 MB" in zh.output


def test_the_real_caps_leave_room_for_the_usda_downloads() -> None:
    # SR28's largest file is ~30 MB and SR Legacy's food_nutrient.csv ~40 MB (comment in import_source)
    assert importers.MAX_MEMBER_BYTES >= 256 << 20 and importers.MAX_TOTAL_BYTES >= importers.MAX_MEMBER_BYTES


def test_the_total_unpacked_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "MAX_TOTAL_BYTES", 3 << 20)
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in ("ABBREV.txt", "FOOD_DES.txt", "WEIGHT.txt", "FD_GROUP.txt"):
            zf.writestr(name, b"\0" * (1 << 20))
    with pytest.raises(DataFileError) as info:
        FoodStore(tmp_path / "foods.sqlite3").import_path(archive)
    assert info.value.problems[0].code == "foods.import.too_large"


def test_the_number_of_members_is_capped(tmp_path: Path) -> None:
    archive = tmp_path / "crowded.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(importers.MAX_MEMBERS + 1):
            zf.writestr(f"f{i}.txt", b"")
    store = FoodStore(tmp_path / "foods.sqlite3")
    before = len(store)
    with pytest.raises(DataFileError) as info:
        store.import_path(archive)
    assert info.value.problems[0].code == "foods.import.too_many_members"
    assert info.value.problems[0].params["count"] == importers.MAX_MEMBERS + 1
    assert len(FoodStore(store.path)) == before
