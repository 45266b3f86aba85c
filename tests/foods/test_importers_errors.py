"""A malformed USDA file is a clear error naming file and line, and the store is left exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcheck.core.errors import DataFileError
from magcheck.foods.store import FoodStore
from magcheck.i18n import t

SR_FILES = ("FD_GROUP.txt", "ABBREV.txt", "FOOD_DES.txt", "WEIGHT.txt")


@pytest.fixture
def small_sr28(sr28_dir: Path, tmp_path: Path) -> Path:
    """The first 40 foods of SR28 (all files cut consistently), written by the test into a temp folder."""
    folder = tmp_path / "sr28-small"
    folder.mkdir()
    shutil.copy(sr28_dir / "FD_GROUP.txt", folder / "FD_GROUP.txt")
    abbrev = (sr28_dir / "ABBREV.txt").read_bytes().split(b"\r\n")[:40]
    (folder / "ABBREV.txt").write_bytes(b"\r\n".join(abbrev) + b"\r\n")
    keep = {line.split(b"^")[0] for line in abbrev}
    for name in ("FOOD_DES.txt", "WEIGHT.txt"):
        lines = [ln for ln in (sr28_dir / name).read_bytes().split(b"\r\n") if ln.split(b"^")[0] in keep]
        (folder / name).write_bytes(b"\r\n".join(lines) + b"\r\n")
    return folder


def _snapshot(path: Path) -> tuple[str, dict[str, int]]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in tables}
    return digest, counts


def _edit_line(path: Path, line: int, change: Callable[[bytes], bytes]) -> None:
    lines = path.read_bytes().split(b"\r\n")
    lines[line - 1] = change(lines[line - 1])
    path.write_bytes(b"\r\n".join(lines))


def _field(index: int, value: bytes) -> Callable[[bytes], bytes]:
    def change(line: bytes) -> bytes:
        parts = line.split(b"^")
        parts[index] = value
        return b"^".join(parts)

    return change


CASES: list[tuple[str, str, Callable[[Path], object], str, int | None]] = [
    (
        "truncated line",
        "ABBREV.txt",
        lambda p: _edit_line(p, 10, lambda b: b[: len(b) // 2]),
        "field_count",
        10,
    ),
    ("extra column", "FOOD_DES.txt", lambda p: _edit_line(p, 5, lambda b: b + b"^~x~"), "field_count", 5),
    (
        "missing column",
        "WEIGHT.txt",
        lambda p: _edit_line(p, 3, lambda b: b.rsplit(b"^", 1)[0]),
        "field_count",
        3,
    ),
    (
        "utf-16 file",
        "WEIGHT.txt",
        lambda p: p.write_bytes(p.read_text("cp1252").encode("utf-16")),
        "encoding",
        None,
    ),
    (
        "undefined byte",
        "FOOD_DES.txt",
        lambda p: _edit_line(p, 7, lambda b: b.replace(b"~", b"~\x81", 1)),
        "encoding",
        7,
    ),
    ("infinite value", "ABBREV.txt", lambda p: _edit_line(p, 4, _field(12, b"1e400")), "out_of_range", 4),
    ("huge value", "ABBREV.txt", lambda p: _edit_line(p, 6, _field(12, b"250000")), "out_of_range", 6),
    ("non-numeric", "ABBREV.txt", lambda p: _edit_line(p, 8, _field(3, b"lots")), "not_a_number", 8),
    ("negative grams", "WEIGHT.txt", lambda p: _edit_line(p, 2, _field(4, b"-5")), "out_of_range", 2),
    ("zero grams", "WEIGHT.txt", lambda p: _edit_line(p, 2, _field(4, b"0")), "out_of_range", 2),
    ("bad NDB", "ABBREV.txt", lambda p: _edit_line(p, 12, _field(0, b"~1A001~")), "bad_ndb", 12),
    ("duplicate food", "FOOD_DES.txt", lambda p: _edit_line(p, 2, _field(0, b"~01001~")), "duplicate", 2),
    ("unknown food", "WEIGHT.txt", lambda p: _edit_line(p, 1, _field(0, b"~99999~")), "unknown_food", 1),
    ("unknown group", "FOOD_DES.txt", lambda p: _edit_line(p, 3, _field(1, b"~9900~")), "unknown_group", 3),
]


@pytest.mark.parametrize(("case", "file", "damage", "code", "line"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_names_file_and_line_and_leaves_the_store_unchanged(
    small_sr28: Path,
    tmp_path: Path,
    case: str,
    file: str,
    damage: Callable[[Path], object],
    code: str,
    line: int | None,
) -> None:
    store = FoodStore(tmp_path / "foods.sqlite3")
    good = store.import_path(small_sr28)  # a previous good import must survive the bad one
    assert good.foods == 40
    before = _snapshot(store.path)
    damage(small_sr28 / file)
    with pytest.raises(DataFileError) as info:
        store.import_path(small_sr28)
    problem = info.value.problems[0]
    assert problem.code == f"foods.import.{code}"
    assert problem.field.startswith(file)
    if line is not None:
        assert problem.field == f"{file}:{line}"
        assert problem.params["line"] == line
    for lang in ("en", "zh"):  # the message renders in both languages with every placeholder filled
        message = t(problem.code, lang, **problem.params)
        assert "{" not in message
    assert _snapshot(store.path) == before
    assert len(FoodStore(store.path)) == len(store)


def test_the_same_damage_inside_a_zip_is_reported_the_same_way(small_sr28: Path, tmp_path: Path) -> None:
    _edit_line(small_sr28 / "ABBREV.txt", 9, _field(12, b"abc"))
    archive = tmp_path / "sr28.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in SR_FILES:
            zf.write(small_sr28 / name, f"sr28asc/{name}")
    store = FoodStore(tmp_path / "foods.sqlite3")
    before = _snapshot(store.path)
    with pytest.raises(DataFileError) as info:
        store.import_path(archive)
    assert info.value.problems[0].field == "ABBREV.txt:9"
    assert info.value.problems[0].code == "foods.import.not_a_number"
    assert _snapshot(store.path) == before


def test_a_folder_without_usda_files_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "notes.txt").write_text("hello", encoding="utf-8")
    store = FoodStore(tmp_path / "foods.sqlite3")
    with pytest.raises(DataFileError) as info:
        store.import_path(empty)
    assert info.value.problems[0].code == "foods.import.no_files"


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "data.zip"
    fake.write_bytes(b"this is not a zip archive")
    with pytest.raises(DataFileError) as info:
        FoodStore(tmp_path / "foods.sqlite3").import_path(fake)
    assert info.value.problems[0].code == "foods.import.not_zip"


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        FoodStore(tmp_path / "foods.sqlite3").import_path(tmp_path / "absent")
    assert info.value.problems[0].code == "foods.import.path_not_found"


def test_abbrev_alone_is_enough_and_a_later_full_import_replaces_it(small_sr28: Path, tmp_path: Path) -> None:
    only = tmp_path / "abbrev-only"
    only.mkdir()
    shutil.copy(small_sr28 / "ABBREV.txt", only / "ABBREV.txt")
    store = FoodStore(tmp_path / "foods.sqlite3")
    summary = store.import_path(only)
    assert summary.foods == 40 and summary.portions == 0
    whipped = store.get("01002")
    assert not whipped.curated
    # without FOOD_DES the readable name comes from ABBREV's upper-case short description
    assert whipped.name_en == "Butter, whipped, w/ salt" and whipped.mg == 1
    store.import_path(small_sr28)
    assert store.get("01002").name_en == "Butter, whipped, with salt"
    assert any(p.grams == 3.8 for p in store.get("01002").portions)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from(SR_FILES),
    position=st.floats(min_value=0, max_value=1),
    junk=st.binary(min_size=1, max_size=12),
)
def test_random_damage_is_either_read_or_refused_cleanly(
    small_sr28: Path, tmp_path_factory: pytest.TempPathFactory, file: str, position: float, junk: bytes
) -> None:
    folder = tmp_path_factory.mktemp("damaged")
    for name in SR_FILES:
        shutil.copy(small_sr28 / name, folder / name)
    raw = (folder / file).read_bytes()
    cut = int(position * len(raw))
    (folder / file).write_bytes(raw[:cut] + junk + raw[cut + len(junk) :])
    store = FoodStore(folder / "foods.sqlite3")
    before = _snapshot(store.path)
    try:
        store.import_path(folder)
    except DataFileError as exc:  # never an IndexError, UnicodeError or a half-written store
        assert exc.problems[0].field.split(":")[0] in SR_FILES  # names a file (usually the damaged one)
        assert _snapshot(store.path) == before
    else:
        assert len(FoodStore(store.path)) >= len(store)
