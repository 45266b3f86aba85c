"""The food store's `meta` table, and its generation: which contents of the merged view a file holds.

A reader that keeps something computed from the foods — the persisted search index — must know when it
is stale. The file's bytes or times cannot tell (SQLite may hold a commit in a journal or WAL file for a
while; a copy keeps its times), so the store counts: `meta.generation` goes up by one in the same
transaction as every change of the merged `food`/`portion` tables (view.rebuild_view calls
`bump_generation`), and `meta.store_id` — random, set when the file is first built — tells two files at
the same count apart. Kept apart from view.py so that opening the store reads it without importing what
a rebuild needs.
"""

from __future__ import annotations

import secrets
import sqlite3


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The store's `meta` table ({} before it exists)."""
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:
        return {}


def set_meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))


def generation_of(meta: dict[str, str]) -> str:
    """Which contents of the merged view this is: the store's id and its generation ("" when unbuilt)."""
    return f"{meta.get('store_id', '')}:{meta.get('generation', '')}"


def bump_generation(conn: sqlite3.Connection) -> None:
    """Count one more change of the merged view (called inside the transaction that changed it)."""
    meta = read_meta(conn)
    set_meta(
        conn,
        {
            "store_id": meta.get("store_id") or secrets.token_hex(8),
            "generation": str(int(meta.get("generation", "0")) + 1),
        },
    )
