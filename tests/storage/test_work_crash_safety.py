"""A record that lasts: SIGKILL a writer at random points; concurrent writers lose nothing.

The writer prints an id only after its transaction committed. After each kill every printed id must be
in the database, every check-in must have all 11 answers (a transaction is all or nothing), and SQLite's
`PRAGMA integrity_check` must say "ok".
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from magcheck.core.vocabulary import SIGN_IDS
from magcheck.service.history.food_log import list_entries
from magcheck.service.history.people import add_person
from magcheck.storage import models
from magcheck.storage.engine import close_stores, open_store

WRITER = Path(__file__).resolve().parent / "writer_process.py"


def _start(person: str, tag: str, count: int, mode: str = "service") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), person, tag, str(count), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )


def _reported(output: str) -> tuple[set[int], set[int]]:
    entries: set[int] = set()
    checkins: set[int] = set()
    for line in output.splitlines():
        kind, _, value = line.partition(" ")
        if value.isdigit():
            (entries if kind == "entry" else checkins).add(int(value))
    return entries, checkins


def _wait_for_first_line(proc: subprocess.Popen[str]) -> str:
    """Block until the writer committed its first record (so every kill lands in the middle of work)."""
    assert proc.stdout is not None and proc.stderr is not None
    line = proc.stdout.readline()
    assert line, f"writer printed nothing: {proc.stderr.read()}"
    return line


def _check_database(entries: set[int], checkins: set[int]) -> None:
    close_stores()
    store = open_store()

    def check(s: Session) -> None:
        stored_entries = set(s.scalars(select(models.FoodEntry.id)))
        assert entries <= stored_entries, f"committed entries lost: {sorted(entries - stored_entries)[:10]}"
        rows = s.scalars(select(models.FoodEntry)).all()
        for row in rows:  # every stored row is whole: text, grams and mg agree
            grams = float(row.text.split(" g ")[0])
            assert (row.grams, row.mg, row.name_en) == (grams, round(grams / 10, 3), row.text.split(" g ")[1])
        stored_checkins = set(s.scalars(select(models.CheckIn.id)))
        assert checkins <= stored_checkins
        sizes = s.execute(
            select(models.CheckIn.id, func.count(models.CheckInSign.sign_id))
            .join(models.CheckInSign, isouter=True)
            .group_by(models.CheckIn.id)
        ).all()
        assert all(n == len(SIGN_IDS) for _, n in sizes), f"half-written check-in: {sizes}"

    store.read(check)
    if store.is_sqlite:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_sigkill_at_random_points_loses_no_committed_record(db_url: str) -> None:
    add_person("Kai", 30, "male")
    close_stores()
    rng = random.Random(20261125)
    all_entries: set[int] = set()
    all_checkins: set[int] = set()
    for round_no in range(5):
        proc = _start("Kai", f"r{round_no}", 100_000)
        first = _wait_for_first_line(proc)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        assert "locked" not in err.lower() and "Traceback" not in err, err
        entries, checkins = _reported(first + out)
        assert entries, "the writer committed nothing before the kill"
        all_entries |= entries
        all_checkins |= checkins
        _check_database(all_entries, all_checkins)


@pytest.mark.parametrize("modes", [("service", "service"), ("service", "api")])
def test_concurrent_writers_lose_nothing_and_never_report_locked(db_url: str, modes: tuple[str, str]) -> None:
    """Two processes (e.g. the CLI and the web server) writing at once, each 60 records."""
    if "api" in modes:
        pytest.importorskip("magcheck.web.routes.history")
    add_person("Kai", 30, "male")
    add_person("Lin", 28, "female")
    close_stores()
    procs = [_start("Kai", "a", 60, modes[0]), _start("Lin", "b", 60, modes[1])]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower(), err
    entries, checkins = set(), set()
    for out, _ in results:
        e, c = _reported(out)
        entries |= e
        checkins |= c
    assert (len(entries), len(checkins)) == (2 * 48, 2 * 12)
    _check_database(entries, checkins)
    assert len(list_entries(person="Kai")) == 48 and len(list_entries(person="Lin")) == 48
