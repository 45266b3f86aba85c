"""Private by default: folder 0700, every file 0600 (also when found wider), the WAL checkpointed on a
clean stop, and a deleted person leaves no trace in the raw bytes of the database files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from magcheck import private_files
from magcheck.cli import app
from magcheck.storage.engine import close_stores
from magcheck.web.app import create_app

runner = CliRunner()
# distinctive enough that a match in the raw bytes can only be this person's data
SECRET_NAME = "Quillon-Vasquez-7731"
SECRET_LAB_UNIT = "mg/dL"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder that does not exist yet, used as the default place of every file."""
    folder = tmp_path / "fresh" / "magcheck"
    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(folder))
    monkeypatch.delenv("MAGCHECK_DATABASE_URL", raising=False)
    monkeypatch.setattr(private_files, "_told", set())
    close_stores()
    yield folder
    close_stores()


def db_files(folder: Path) -> list[Path]:
    base = folder / "history.sqlite3"
    return [base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")]


def test_a_fresh_data_folder_is_private(data_dir: Path) -> None:
    run("person", "add", "Ana", "--age", "34", "--sex", "female")
    run("log", "add", "30 g almonds")
    assert mode(data_dir) == 0o700
    files = [p for p in db_files(data_dir) if p.exists()]
    assert len(files) == 3  # the store is still open: the journal files exist, and are private too
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    assert mode(data_dir / "foods.sqlite3") == 0o600
    assert all(mode(p) == 0o600 for p in data_dir.iterdir() if p.is_file())


def test_wider_modes_found_are_fixed_and_told_once_in_the_persons_language(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGCHECK_LANG", "zh")
    data_dir.mkdir(parents=True, mode=0o755)
    os.chmod(data_dir, 0o755)
    for path in db_files(data_dir)[:1]:
        path.touch()
        os.chmod(path, 0o644)
    first = run("person", "add", "Ana", "--age", "34", "--sex", "female")
    second = run("person", "list")
    assert mode(data_dir) == 0o700
    assert all(mode(p) == 0o600 for p in db_files(data_dir) if p.exists())
    told = first.stderr + second.stderr
    assert told.count(str(data_dir) + " ") == 1 and told.count("history.sqlite3 ") == 1
    assert "仅你本人可访问" in told and "755" in told and "700" in told


def test_a_clean_cli_exit_and_a_server_stop_checkpoint_the_wal(data_dir: Path) -> None:
    run("person", "add", SECRET_NAME, "--age", "40", "--sex", "female")
    main, wal, _ = db_files(data_dir)
    close_stores()  # what the CLI's exit hook runs
    assert SECRET_NAME.encode() in main.read_bytes()
    assert not wal.exists() or wal.stat().st_size == 0
    with TestClient(create_app()) as client:
        made = client.post("/api/v1/persons", json={"name": "Bo-Server", "age_years": 30, "sex": "male"})
        assert made.status_code == 201
    # the server's lifespan ended: everything is in the main file
    assert b"Bo-Server" in main.read_bytes()
    assert not wal.exists() or wal.stat().st_size == 0


def _raw(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db_files(folder) if p.exists())


@pytest.mark.parametrize("how", ["cli", "api"])
def test_a_deleted_person_leaves_no_trace_in_the_database_files(data_dir: Path, how: str) -> None:
    run("person", "add", "Keeper-Kim", "--age", "50", "--sex", "male")
    run("person", "add", SECRET_NAME, "--age", "40", "--sex", "female")
    run("person", "use", SECRET_NAME)
    for text in ("2 cups cooked spinach", "30 g almonds", "1 banana"):
        run("log", "add", text)
    run("lab", "add", "--value", "1.91", "--unit", SECRET_LAB_UNIT)
    run("checkin", "--sign", "fatigue=often")
    assert SECRET_NAME.encode() in _raw(data_dir)  # the scan does find the data while it exists
    if how == "cli":
        run("person", "delete", SECRET_NAME, "--yes")
    else:
        with TestClient(create_app()) as client:
            assert client.delete(f"/api/v1/persons/{SECRET_NAME}").status_code == 200
    raw = _raw(data_dir)
    assert SECRET_NAME.encode() not in raw
    assert SECRET_NAME.encode("utf-16-le") not in raw
    assert b"Keeper-Kim" in raw  # the other person is still there
    close_stores()
    raw = _raw(data_dir)
    assert SECRET_NAME.encode() not in raw and b"Keeper-Kim" in raw
