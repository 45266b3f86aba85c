"""The food store's tables and the writes that fill them: the imported USDA layer and the merged view.

`rebuild_view` is the one function that writes the merged `food`/`portion` tables (the Taiwan FDA part is
in tfda_view.py, the built-in dishes in dishes.py) and so the one place that bumps the store's
generation (store_meta.py). Every caller runs inside the writer's transaction, so the new rows and the
new generation are committed together or not at all.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from magcheck.core.food_ids import usda_id
from magcheck.foods.dishes import insert_dishes
from magcheck.foods.names import SEP, pinyin
from magcheck.foods.store_meta import bump_generation
from magcheck.foods.tfda_view import rebuild_tfda_view, write_tfda_import
from magcheck.foods.units import portion_key
from magcheck.knowledge.food_tables import load_curated, load_groups, load_portions

if TYPE_CHECKING:
    from magcheck.foods.import_data import ImportedData

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS import_food (
    ndb TEXT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT, usda_group TEXT,
    mg REAL, kcal REAL, manufacturer TEXT);
CREATE TABLE IF NOT EXISTS import_portion (
    ndb TEXT NOT NULL, seq INTEGER NOT NULL, amount REAL NOT NULL, description TEXT NOT NULL,
    grams REAL NOT NULL);
CREATE TABLE IF NOT EXISTS import_group (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS import_tfda (
    id TEXT PRIMARY KEY, category TEXT NOT NULL, name TEXT NOT NULL, name_zh TEXT NOT NULL,
    description TEXT NOT NULL, aliases_zh TEXT NOT NULL, refuse REAL, mg REAL, kcal REAL);
CREATE TABLE IF NOT EXISTS food (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, ndb TEXT, name_en TEXT NOT NULL, name_zh TEXT,
    aliases_en TEXT NOT NULL, aliases_zh TEXT NOT NULL, usda_name TEXT, grp TEXT, usda_group TEXT,
    usda_group_name TEXT, families TEXT NOT NULL, cuisine TEXT, mg REAL, kcal REAL, curated INTEGER NOT NULL,
    common INTEGER NOT NULL, plan_portion TEXT, plan_max REAL, manufacturer TEXT, pinyin TEXT NOT NULL,
    name_original TEXT, replaces TEXT, prefer_reason TEXT);
CREATE TABLE IF NOT EXISTS portion (
    food_id TEXT NOT NULL, seq INTEGER NOT NULL, unit TEXT NOT NULL, amount REAL NOT NULL,
    label_en TEXT NOT NULL, label_zh TEXT, grams REAL NOT NULL, source TEXT NOT NULL,
    typical INTEGER NOT NULL, basis TEXT);
"""


def write_layer(conn: sqlite3.Connection, data: ImportedData) -> None:
    """Replace the imported layer `data` is (USDA or Taiwan FDA); the other one is kept."""
    if data.kind == "tfda":
        write_tfda_import(conn, data)
    else:
        _write_usda_import(conn, data)


def _write_usda_import(conn: sqlite3.Connection, data: ImportedData) -> None:
    for table in ("import_food", "import_portion", "import_group"):
        conn.execute(f"DELETE FROM {table}")
    conn.executemany(
        "INSERT INTO import_food VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (f.ndb, f.name, f.short_name, f.usda_group, f.mg, f.kcal, f.manufacturer)
            for f in data.foods.values()
        ],
    )
    conn.executemany(
        "INSERT INTO import_portion VALUES (?, ?, ?, ?, ?)",
        [(p.ndb, p.seq, p.amount, p.description, p.grams) for p in data.portions],
    )
    conn.executemany("INSERT INTO import_group VALUES (?, ?)", list(data.groups.items()))


def rebuild_view(conn: sqlite3.Connection) -> tuple[int, int]:
    """Recompute `food`/`portion` from the imports plus the curated tables; returns how many USDA and
    TFDA imported foods had a curated row laid over them."""
    groups = load_groups()
    usda_to_group = {code: gid for gid, g in groups.items() for code in g.usda}
    usda_names = dict(conn.execute("SELECT code, name FROM import_group").fetchall())
    curated = {c.ndb: c for c in load_curated()}
    curated_portions = load_portions()

    conn.execute("DELETE FROM food")
    conn.execute("DELETE FROM portion")
    imported = {r[0]: r for r in conn.execute("SELECT * FROM import_food")}
    food_rows: list[tuple[Any, ...]] = []
    for ndb in sorted(set(imported) | set(curated)):
        imp = imported.get(ndb)
        cur = curated.get(ndb)
        usda_group = imp[3] if imp else None
        usda_group_name = usda_names.get(usda_group) if usda_group else None
        if cur is not None:
            mg = imp[4] if imp else cur.mg_per_100g
            kcal = imp[5] if imp and imp[5] is not None else cur.kcal_per_100g
            food_rows.append(
                (
                    usda_id(ndb), "usda", ndb, cur.name_en, cur.name_zh, SEP.join(cur.aliases_en),
                    SEP.join(cur.aliases_zh),
                    imp[1] if imp else None, cur.group, usda_group, usda_group_name,
                    SEP.join(sorted(cur.families)), cur.cuisine, mg, kcal, 1, int(bool(cur.common)),
                    cur.plan_portion or None, cur.plan_max,
                    imp[6] if imp else None, pinyin([cur.name_zh, *cur.aliases_zh]),
                )
            )  # fmt: skip
        else:
            assert imp is not None
            food_rows.append(
                (
                    usda_id(ndb), "usda", ndb, imp[1], None, "", "", imp[1],
                    usda_to_group.get(usda_group or ""), usda_group,
                    usda_group_name, "", None, imp[4], imp[5], 0, 0, None, None, imp[6], "",
                )
            )  # fmt: skip
    conn.executemany(
        f"INSERT INTO food VALUES ({', '.join('?' * 24)})", [(*r, None, None, None) for r in food_rows]
    )

    portion_rows: list[tuple[Any, ...]] = []
    curated_measures: set[tuple[str, str, float]] = set()
    for ndb, portions in curated_portions.items():
        for seq, p in enumerate(portions):
            portion_rows.append(
                (usda_id(ndb), seq, p.unit, 1.0, p.label_en, p.label_zh, p.grams, p.source, 0, None)
            )
            curated_measures.add((ndb, p.unit, round(p.grams, 3)))
    for ndb, seq, amount, description, grams in conn.execute(
        "SELECT ndb, seq, amount, description, grams FROM import_portion ORDER BY ndb, seq"
    ):
        key = portion_key(description)
        if (ndb, key, round(grams / amount, 3)) in curated_measures:
            continue  # the curated table already has this USDA measure, with a Chinese label
        label = f"{amount:g} {description}"
        portion_rows.append((usda_id(ndb), 1000 + seq, key, amount, label, None, grams, "usda", 0, None))
    conn.executemany("INSERT INTO portion VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", portion_rows)
    tfda_overlaid = rebuild_tfda_view(conn, pinyin)
    insert_dishes(conn)  # after the foods: a dish's values are computed from its ingredients' rows
    bump_generation(conn)
    return len(set(imported) & set(curated)), tfda_overlaid
