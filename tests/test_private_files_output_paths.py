"""`export -o` and `report -o` write where they are asked, safely.

A device node, a FIFO or a symlink is written through and stays what it is (the atomic rename used to
replace `/dev/null` with a regular file); `-o -` is standard output; a regular file is still replaced
atomically (no half-written file, no temporary file left behind) and is private (0600).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.storage.engine import close_stores

runner = CliRunner()
NULL_DEVICE = os.stat("/dev/null").st_rdev
INPUT = {"profile": {"age_years": 35, "sex": "female"}, "intake": {"usual_mg": 250}}


@pytest.fixture(autouse=True)
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'history.sqlite3'}")
    close_stores()
    result = runner.invoke(app, ["person", "add", "Ana", "--age", "34", "--sex", "female"])
    assert result.exit_code == 0, result.output
    yield
    close_stores()


def export_to(target: str) -> str:
    result = runner.invoke(app, ["export", "--format", "json", "-o", target, "--lang", "en"])
    assert result.exit_code == 0, result.output
    return result.stdout


def report_to(tmp_path: Path, target: str) -> str:
    source = tmp_path / "input.json"
    source.write_text(json.dumps(INPUT), encoding="utf-8")
    result = runner.invoke(
        app, ["report", "-i", str(source), "--format", "html", "-o", target, "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


Writer = Callable[[Path, str], str]
WRITERS: dict[str, Writer] = {
    "export": lambda tmp, target: export_to(target),
    "report": report_to,
}


@pytest.mark.parametrize("command", WRITERS)
def test_a_device_node_is_written_through_not_replaced(tmp_path: Path, command: str) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, NULL_DEVICE)  # a second /dev/null (the tests run as root)
    WRITERS[command](tmp_path, str(device))
    info = device.lstat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == NULL_DEVICE
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("command", WRITERS)
def test_a_fifo_is_written_through(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    WRITERS[command](tmp_path, str(fifo))
    reader.join(timeout=60)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    text = received[0].decode("utf-8")
    assert '"Ana"' in text if command == "export" else "<html" in text


@pytest.mark.parametrize("command", WRITERS)
def test_a_symlink_stays_a_symlink(tmp_path: Path, command: str) -> None:
    real = tmp_path / "real-output"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(real)
    WRITERS[command](tmp_path, str(link))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") != "old"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


@pytest.mark.parametrize("command", WRITERS)
def test_a_symlink_to_a_device_like_dev_stdout_is_written_through(tmp_path: Path, command: str) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, NULL_DEVICE)
    link = tmp_path / "stdout"
    link.symlink_to(device)
    WRITERS[command](tmp_path, str(link))
    assert link.is_symlink() and stat.S_ISCHR(device.lstat().st_mode)


def test_export_dash_writes_to_standard_output(tmp_path: Path) -> None:
    out = export_to("-")
    assert json.loads(out)["persons"][0]["name"] == "Ana"
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_report_dash_writes_to_standard_output(tmp_path: Path) -> None:
    out = report_to(tmp_path, "-")
    assert out.lstrip().startswith("<!DOCTYPE html>") and "</html>" in out
    assert not Path("-").exists()


@pytest.mark.parametrize("command", WRITERS)
def test_a_regular_file_is_replaced_atomically_and_private(tmp_path: Path, command: str) -> None:
    target = tmp_path / "out.file"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    before = target.stat().st_ino
    WRITERS[command](tmp_path, str(target))
    assert target.stat().st_ino != before  # a new file renamed into place, not the old one rewritten
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    fresh = tmp_path / "new.file"
    WRITERS[command](tmp_path, str(fresh))
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_export_into_a_missing_folder_is_a_field_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "nowhere" / "x.json"), "--lang", "zh"])
    assert result.exit_code == 2 and "不存在" in result.output and "nowhere" in result.output
