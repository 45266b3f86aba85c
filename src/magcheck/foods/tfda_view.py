"""The Taiwan FDA layer of the food store: its imported table and its part of the merged view.

Kept apart from `store.py` because its rules differ from the USDA overlay: TFDA foods have no English
names and no household portions, so a curated TFDA row brings both (portions through its portion kind),
while an imported food without a curated row is shown under its Simplified name (converted at import) in
both languages, in the group its 食品分類 maps to (groups.toml), with TFDA's common names as aliases
except those that mean another food in mainland usage.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from magcheck.core.food_ids import make_id
from magcheck.foods.names import SEP
from magcheck.knowledge.food_tables import load_groups
from magcheck.knowledge.tfda_tables import load_alias_exclusions, load_curated_tfda, load_portion_kinds

if TYPE_CHECKING:
    from magcheck.foods.import_data import ImportedData


def write_tfda_import(conn: sqlite3.Connection, data: ImportedData) -> None:
    """Replace the imported TFDA table (the USDA one is left as it is)."""
    conn.execute("DELETE FROM import_tfda")
    conn.executemany(
        "INSERT INTO import_tfda VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (f.id, f.category, f.name, f.name_zh, f.description, SEP.join(f.aliases_zh), f.refuse_pct, f.mg,
             f.kcal)
            for f in data.tfda.values()
        ],
    )  # fmt: skip


def rebuild_tfda_view(conn: sqlite3.Connection, pinyin: Callable[[list[str]], str]) -> int:
    """Add the TFDA foods (curated rows, with or without an import, and imported ones) to `food` and
    `portion`; returns how many imported foods had a curated row laid over them."""
    category_group = {c: gid for gid, g in load_groups().items() for c in g.tfda}
    excluded = load_alias_exclusions()
    kinds = load_portion_kinds()
    curated = {c.tfda_id: c for c in load_curated_tfda()}
    imported = {
        r[0]: r
        for r in conn.execute(
            "SELECT id, category, name, name_zh, description, aliases_zh, refuse, mg, kcal FROM import_tfda"
        )
    }
    food_rows: list[tuple[Any, ...]] = []
    portion_rows: list[tuple[Any, ...]] = []
    for tfda_id in sorted(set(imported) | set(curated)):
        food_id = make_id("tfda", tfda_id)
        imp = imported.get(tfda_id)
        cur = curated.get(tfda_id)
        if cur is not None:
            mg = imp[7] if imp else cur.mg_per_100g
            kcal = imp[8] if imp and imp[8] is not None else cur.kcal_per_100g
            food_rows.append(
                (
                    food_id, "tfda", None, cur.name_en, cur.name_zh, SEP.join(cur.aliases_en),
                    SEP.join(cur.aliases_zh), None, cur.group, None, None, SEP.join(sorted(cur.families)),
                    cur.cuisine, mg, kcal, 1, int(cur.common), None, None, None,
                    pinyin([cur.name_zh, *cur.aliases_zh]), cur.name_tw, cur.replaces, cur.prefer_reason,
                )
            )  # fmt: skip
            for seq, p in enumerate(kinds[cur.portion_kind]):
                portion_rows.append(
                    (food_id, seq, p.unit, 1.0, p.label_en, p.label_zh, p.grams, "estimate", int(p.typical),
                     p.basis)
                )  # fmt: skip
        else:
            assert imp is not None
            aliases = [a for a in imp[5].split(SEP) if a and a not in excluded and a != imp[3]]
            food_rows.append(
                (
                    food_id, "tfda", None, imp[3], imp[3], "", SEP.join(aliases), None,
                    category_group.get(imp[1]), None, None, "", "chinese", imp[7], imp[8], 0, 0, None, None,
                    None, "", imp[2], None, None,
                )
            )  # fmt: skip
    conn.executemany(f"INSERT INTO food VALUES ({', '.join('?' * 24)})", food_rows)
    conn.executemany("INSERT INTO portion VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", portion_rows)
    return len(set(imported) & set(curated))
