"""History import: a zip bomb, an oversized file or binary junk is a clear error (nothing unpacked or
read beyond the cap); CSV exports cannot carry spreadsheet formulas, and still import exactly."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from magcheck.cli import app
from magcheck.storage import import_limits
from magcheck.storage.transfer_csv import FORMULA_STARTS, _cell, _uncell, to_csv

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, [*args, "--lang", "en"])


def test_a_zip_bomb_given_to_history_import_is_refused_unopened(db_url: str, tmp_path: Path) -> None:
    bomb = tmp_path / "export.zip"
    with (
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("export.json", "w", force_zip64=True) as fh,
    ):
        for _ in range(64):
            fh.write(b"\0" * (1 << 20))
    result = invoke("import", str(bomb))
    assert result.exit_code == 2
    assert "compressed archive" in result.output


def test_an_oversized_file_is_refused_before_it_is_read(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_limits, "MAX_IMPORT_BYTES", 1000)
    big = tmp_path / "export.json"
    big.write_text("{" + " " * 2000 + "}", encoding="utf-8")
    result = invoke("import", str(big))
    assert result.exit_code == 2 and "larger than" in result.output


def test_binary_junk_is_refused(db_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "export.json"
    junk.write_bytes(b"\xff\xfe\x00garbage")
    result = invoke("import", str(junk))
    assert result.exit_code == 2 and "not UTF-8" in result.output


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "'"])  # tab and CR: names are stripped
def test_csv_export_neutralises_formulas_and_imports_them_exactly(
    db_url: str, tmp_path: Path, start: str
) -> None:
    name = f"{start}HYPERLINK(evil)"
    added = runner.invoke(
        app, ["person", "add", "--age", "40", "--sex", "female", "--lang", "en", "--", name]
    )
    assert added.exit_code == 0, added.output
    exported = invoke("export", "--format", "csv")
    text = exported.stdout
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert name not in cells and "'" + name in cells  # a spreadsheet shows it as text, never runs it
    deleted = runner.invoke(app, ["person", "delete", "--yes", "--lang", "en", "--", name])
    assert deleted.exit_code == 0, deleted.output
    source = tmp_path / "export.csv"
    source.write_text(text, encoding="utf-8")
    assert invoke("import", str(source)).exit_code == 0
    listed = invoke("person", "list", "--json")
    assert name in listed.stdout


@pytest.mark.parametrize("start", [*FORMULA_STARTS, "'"])
def test_every_formula_start_is_quoted_and_unquoted_exactly(start: str) -> None:
    for text in (f"{start}SUM(A1)", start, f"{start}{start}x"):
        cell = _cell(text)
        assert cell == "'" + text and _uncell(cell) == text
    assert _cell("plain") == "plain" and _uncell("plain") == "plain" and _uncell("'plain") == "'plain"


def test_plain_text_is_exported_unchanged() -> None:
    data = {
        "format": "magcheck-history",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00",
        "current_person": "Ana",
        "persons": [],
    }
    assert "'" not in to_csv(data)
