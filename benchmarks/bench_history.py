"""History (issue 6): logging an entry, the history page over a year of logs, an assessment from the record.

Targets: log an entry ≤ 5 ms median; the history page for a year of daily logs (≈ 10,000 entries)
≤ 150 ms; an assessment over 30 logged days ≤ 20 ms. Everything runs on the default SQLite file (WAL,
synchronous=FULL: each commit is fsynced) in a temporary data dir. Baselines, measured in the same run:
a raw `sqlite3` INSERT + COMMIT with the same pragmas (the floor for a durable write), the same page for a
person with nothing logged, and `service.assess` on the same 30 daily totals without the record.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Figure, measure  # noqa: E402

FOODS = [  # (text, ndb, name, grams, mg) — a realistic spread of snapshot values
    ("30 g almonds", "12061", "Almonds, raw", 30.0, 81.0),
    ("1 cup cooked spinach", "11458", "Spinach, cooked", 180.0, 156.6),
    ("一碗米饭", "20045", "Rice, white, cooked", 150.0, 18.0),
    ("1 banana", "09040", "Bananas, raw", 118.0, 31.9),
    ("1 cup milk", "01077", "Milk, whole", 244.0, 24.4),
    ("mystery stew", None, None, None, None),
]
ENTRIES_PER_DAY = 27  # 365 × 27 ≈ 10,000 entries


def _seed_year(person: str, end: dt.date) -> int:
    from magcheck.storage import repo
    from magcheck.storage import work as record_work
    from magcheck.storage.work import resolve_person

    def work(session: Any) -> int:
        pid = resolve_person(session, person).id
        n = 0
        for d in range(365):
            day = end - dt.timedelta(days=d)
            for i in range(ENTRIES_PER_DAY):
                text, ndb, name, grams, mg = FOODS[(d + i) % len(FOODS)]
                repo.add_entry(
                    session,
                    pid,
                    day,
                    text,
                    ndb=ndb,
                    name_en=name,
                    name_zh=None,
                    grams=grams,
                    mg=mg,
                    note=None,
                )
                n += 1
            if d % 14 == 0:
                repo.add_checkin(session, pid, day, {"fatigue": "often", "muscle_cramps": "sometimes"})
        return n

    return record_work.write(work)


def _raw_insert_baseline(path: Path) -> Any:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, day TEXT, text TEXT, grams REAL, mg REAL)")

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO t (day, text, grams, mg) VALUES (?, ?, ?, ?)", ("2026-01-01", "x", 1.0, 2.0)
        )
        conn.execute("COMMIT")

    stats = measure(insert, repeat=200)
    conn.close()
    return stats


def figures() -> list[Figure]:
    old = {k: os.environ.get(k) for k in ("MAGCHECK_DATA_DIR", "MAGCHECK_DATABASE_URL")}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MAGCHECK_DATA_DIR"] = tmp
        os.environ.pop("MAGCHECK_DATABASE_URL", None)
        try:
            return _figures(Path(tmp))
        finally:
            from magcheck.storage.engine import close_stores

            close_stores()
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _figures(tmp: Path) -> list[Figure]:
    from fastapi.testclient import TestClient

    from magcheck.service.assessment import assess
    from magcheck.service.history.food_log import add_entry
    from magcheck.service.history.from_log import assess_from_log, record_input
    from magcheck.service.history.people import add_person
    from magcheck.storage.work import today
    from magcheck.web.app import create_app

    out: list[Figure] = []
    end = today()
    add_person("Logger", 35, "female")
    add_person("Year", 35, "female")
    add_person("Empty", 35, "female")

    # 1. log an entry through the whole path: parse with the food store, validate, durable commit
    add_entry("30 g almonds", None, "Logger", "en")  # builds the food store once
    days = iter(range(10_000))
    log = measure(
        lambda: add_entry("30 g almonds", end - dt.timedelta(days=next(days) % 300), "Logger", "en"),
        repeat=200,
    )
    raw = _raw_insert_baseline(tmp / "raw.sqlite3")
    out.append(
        Figure(
            "history: log an entry (parse + fsynced commit)",
            log,
            baseline_name="raw sqlite3 INSERT+COMMIT",
            baseline=raw,
            target="median ≤ 5 ms",
            met=log.median_ms <= 5,
        )
    )

    # 2. the history page over a year of daily logs
    n = _seed_year("Year", end)
    # a loopback Host (the guard answers it); entered, so the app starts as `magcheck serve` starts it
    with TestClient(create_app(), base_url="http://127.0.0.1") as client:
        assert client.get("/history", params={"person": "Year", "days": 365}).status_code == 200
        page = measure(lambda: client.get("/history", params={"person": "Year", "days": 365}), repeat=30)
        empty = measure(lambda: client.get("/history", params={"person": "Empty", "days": 365}), repeat=30)
    out.append(
        Figure(
            "history: /history page, a year of daily logs",
            page,
            baseline_name="same page, nothing logged",
            baseline=empty,
            target="≤ 150 ms",
            met=page.median_ms <= 150,
            notes={"entries": n},
        )
    )

    # 3. an assessment over the last 30 logged days (read the record, assess, no save)
    inp, _ = record_input("Year", 30)
    record = measure(lambda: assess_from_log("Year", 30, "en", save=False), repeat=50)
    plain = measure(lambda: assess(inp, "en"), repeat=50)
    out.append(
        Figure(
            "history: assess from 30 logged days",
            record,
            baseline_name="service.assess on the same 30 daily totals",
            baseline=plain,
            target="≤ 20 ms",
            met=record.median_ms <= 20,
            notes={"entries": 30 * ENTRIES_PER_DAY},
        )
    )
    return out


if __name__ == "__main__":
    for fig in figures():
        print(
            f"{fig.name}: {fig.median:.2f} ms (baseline {fig.baseline_median:.2f} ms)",
            f"target {fig.target}, met: {fig.met}",
        )
