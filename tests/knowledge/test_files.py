"""The generic data-file readers: every failure names the file and the entry to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from magcheck.core.errors import DataFileError
from magcheck.core.facts import Text
from magcheck.knowledge.files import (
    check_sources,
    load_csv,
    read_text,
    read_toml,
    require_all,
    require_unique,
    validate_tables,
)


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    grams: float | None
    label: Text
    sources: tuple[str, ...]


def _where(info: pytest.ExceptionInfo[DataFileError]) -> tuple[str, str]:
    problem = info.value.problems[0]
    return problem.field, str(problem.params["reason"])


def test_csv_rows_fold_language_columns_lists_and_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,grams,label_en,label_zh,sources\na,,Apple,苹果,x| y\n", encoding="utf-8")
    (row,) = load_csv(_Row, path)
    assert row == _Row(id="a", grams=None, label=Text(en="Apple", zh="苹果"), sources=("x", "y"))


def test_csv_bad_cell_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,grams,label_en,label_zh,sources\na,ten,Apple,苹果,x\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_csv(_Row, path)
    field, _ = _where(info)
    assert field == "rows.csv:line 2.grams"


def test_csv_ragged_and_empty_files_are_refused(tmp_path: Path) -> None:
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("id,grams,label_en,label_zh,sources\na,1,Apple\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_csv(_Row, ragged)
    assert _where(info) == ("ragged.csv:line 2", "wrong number of columns")
    empty = tmp_path / "empty.csv"
    empty.write_text("id,grams,label_en,label_zh,sources\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_csv(_Row, empty)
    assert _where(info) == ("empty.csv:file", "no rows")


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    for reader in (read_toml, read_text):
        with pytest.raises(DataFileError) as info:
            reader(tmp_path / "absent.toml")
        assert _where(info) == ("absent.toml:file", "file is missing")
    bad = tmp_path / "bad.toml"
    bad.write_text("x = [", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_toml(bad)
    field, reason = _where(info)
    assert field == "bad.toml:file" and reason.startswith("not valid TOML")


def test_tables_name_the_entry_index(tmp_path: Path) -> None:
    path = tmp_path / "items.toml"
    path.write_text(
        '[[item]]\nid = "a"\ngrams = 1\nlabel = {en = "A", zh = "甲"}\nsources = []\n'
        '[[item]]\nid = "b"\ngrams = 2\nlabel = {en = "B"}\nsources = []\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        validate_tables(_Row, path, "item")
    assert _where(info)[0] == "items.toml:item[1].label.zh"


def test_sources_ids_unique_and_complete(tmp_path: Path) -> None:
    path = tmp_path / "items.toml"
    rows = (
        _Row(id="a", grams=1, label=Text(en="A", zh="甲"), sources=("known",)),
        _Row(id="b", grams=1, label=Text(en="B", zh="乙"), sources=("nobody2099",)),
    )
    with pytest.raises(DataFileError) as info:
        check_sources(rows, {"known": object()}, path, "item")
    field, reason = _where(info)
    assert field == "items.toml:item.b" and "nobody2099" in reason
    with pytest.raises(DataFileError) as info:
        require_unique((*rows, rows[0]), path, "item")
    assert _where(info) == ("items.toml:item.a", "duplicate id")
    with pytest.raises(DataFileError) as info:
        require_all(("a",), ("a", "c"), path, "item")
    assert _where(info) == ("items.toml:item", "missing entries for ['c']")
