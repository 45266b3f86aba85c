"""The food store: one SQLite file in the user data dir, read into memory once per process.

It holds two layers. `import_*` tables keep exactly what the user imported from USDA files (nothing
until `magcheck foods import`); `food`/`portion` hold the merged view everything reads: imported foods
with the curated table laid over them by NDB number (curated names, aliases, groups and portions win;
numbers come from the import, which equals the curated values for SR28). The merged view is rebuilt when
the store version or the curated table changes, so an upgrade never needs a migration. Writes happen in
one transaction; a failed import leaves the file exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from magcheck.core.errors import FieldProblem, NotFoundError, input_error
from magcheck.foods.ids import normalise, usda_id
from magcheck.foods.model import Food, Portion
from magcheck.foods.names import SEP, pinyin
from magcheck.i18n import Say
from magcheck.private_files import private_file

if TYPE_CHECKING:
    from magcheck.foods.import_rows import Progress
    from magcheck.foods.importers import ImportedData
    from magcheck.foods.search import SearchHit, SearchIndex
    from magcheck.i18n import Lang

STORE_VERSION = "7"
STORE_FILE = "foods.sqlite3"
MAX_LIMIT = 200
MAX_QUERY = 200

_SCHEMA = """
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


@dataclass(frozen=True)
class ImportSummary:
    kind: str
    files: list[str]
    foods: int
    foods_with_mg: int
    portions: int
    curated_overlaid: int
    seconds: float


def default_path() -> Path:
    from magcheck.paths import data_dir

    return data_dir() / STORE_FILE


def _curated_fingerprint() -> str:
    """Changes whenever the curated table (or this store's layout) changes: then the view is rebuilt."""
    from magcheck.paths import PACKAGE_DIR

    digest = hashlib.sha256(STORE_VERSION.encode())
    data = PACKAGE_DIR / "foods" / "data"
    for name in (
        "curated_foods.csv",
        "curated_portions.csv",
        "groups.toml",
        "curated_tfda.csv",
        "portion_kinds.csv",
        "tfda_alias_exclusions.csv",
    ):
        path = data / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    from magcheck.foods.dishes import DISHES_DIR

    for path in sorted(DISHES_DIR.glob("*.toml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split(SEP) if x)


_CACHE: dict[Path, tuple[int, FoodStore]] = {}


class FoodStore:
    """All foods in memory (≈ 9,000 after a full import), a lazily built search index, and the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._foods: dict[str, Food] | None = None
        self._index: SearchIndex | None = None
        # parsed food-log entries by (text, lang): a store instance is replaced when its file changes,
        # so a memo that lives with the instance can never outlive the data it was computed from
        # (values: foods.parse.ParsedEntry, and for meals a tuple of those and NotUnderstood; typed Any
        # because parse and meal import the store)
        self.parse_memo: dict[tuple[str, str], Any] = {}
        self.meal_memo: dict[tuple[str, str], tuple[Any, ...]] = {}  # read_meal
        try:
            self._ensure_built()
        except sqlite3.DatabaseError as exc:
            if type(exc) is not sqlite3.DatabaseError:  # locked, read-only…: not ours to repair
                raise
            # "file is not a database": the store is rebuilt from data, so keep the damaged file aside
            # (for anyone who wants to look at it) and start again; an import can simply be repeated
            os.replace(self.path, self.path.with_name(self.path.name + ".damaged"))
            self._ensure_built()

    @classmethod
    def open_default(cls) -> FoodStore:
        """The store in the user data dir, shared within a process until the file changes."""
        path = default_path()
        store = _CACHE.get(path)
        stamp = path.stat().st_mtime_ns if path.exists() else -1
        if store is not None and store[0] == stamp:
            return store[1]
        fresh = cls(path)
        _CACHE[path] = (path.stat().st_mtime_ns, fresh)
        return fresh

    # ------------------------------------------------------------ reading

    def _connect(self) -> sqlite3.Connection:
        # before SQLite creates it (and its journal) with the umask's mode; a read-only place is left
        # for SQLite to report
        with contextlib.suppress(OSError):
            private_file(self.path)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _ensure_built(self) -> None:
        fingerprint = _curated_fingerprint()
        conn = self._connect()
        try:
            if self._meta(conn).get("fingerprint") == fingerprint:
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                meta = self._meta(conn)
                if meta.get("fingerprint") != fingerprint:
                    if meta.get("version") not in (None, STORE_VERSION):
                        # the merged view's layout may have changed; the imported layer is kept as is
                        for table in ("food", "portion"):
                            conn.execute(f"DROP TABLE IF EXISTS {table}")
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    _rebuild_view(conn)
                    self._set_meta(conn, {"version": STORE_VERSION, "fingerprint": fingerprint})
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()

    @staticmethod
    def _meta(conn: sqlite3.Connection) -> dict[str, str]:
        try:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError:
            return {}

    @staticmethod
    def _set_meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))

    def meta(self) -> dict[str, str]:
        conn = self._connect()
        try:
            return self._meta(conn)
        finally:
            conn.close()

    @property
    def foods(self) -> dict[str, Food]:
        if self._foods is None:
            self._foods = self._load()
        return self._foods

    def _load(self) -> dict[str, Food]:
        conn = self._connect()
        try:
            portions: dict[str, list[Portion]] = {}
            rows = conn.execute(
                "SELECT food_id, unit, amount, label_en, label_zh, grams, source, typical, basis "
                "FROM portion ORDER BY food_id, seq"
            )
            for food_id, unit, amount, label_en, label_zh, grams, source, typical, basis in rows:
                portions.setdefault(food_id, []).append(
                    Portion(unit, amount, label_en, label_zh, grams, source, bool(typical), basis)
                )
            foods: dict[str, Food] = {}
            rows = conn.execute(
                "SELECT ndb, name_en, name_zh, aliases_en, aliases_zh, usda_name, grp, usda_group, "
                "usda_group_name, families, cuisine, mg, kcal, curated, common, plan_portion, plan_max, "
                "manufacturer, pinyin, id, source, name_original, replaces, prefer_reason "
                "FROM food ORDER BY id"
            )
            for r in rows:
                foods[r[19]] = Food(
                    id=r[19],
                    source=r[20],
                    ndb=r[0],
                    name_en=r[1],
                    name_zh=r[2],
                    aliases_en=_split(r[3]),
                    aliases_zh=_split(r[4]),
                    usda_name=r[5],
                    group=r[6],
                    usda_group=r[7],
                    usda_group_name=r[8],
                    families=_split(r[9]),
                    cuisine=r[10],
                    mg=r[11],
                    kcal=r[12],
                    curated=bool(r[13]),
                    common=bool(r[14]),
                    plan_portion=r[15],
                    plan_max=r[16],
                    manufacturer=r[17],
                    pinyin=_split(r[18]),
                    portions=tuple(portions.get(r[19], ())),
                    name_original=r[21],
                    replaces=r[22],
                    prefer_reason=r[23],
                )
            return foods
        finally:
            conn.close()

    def __len__(self) -> int:
        return len(self.foods)

    def iter_foods(self) -> Iterator[Food]:
        """Every food, in id order (the planner's candidate list when it uses the full store)."""
        return iter(self.foods.values())

    def get(self, key: str) -> Food:
        """One food by id ("usda:11457", "tfda:F0210101") or bare NDB number ("11457"; "1001" is read as
        "01001"), so ids stored before foods were namespaced keep working; NotFoundError when absent."""
        food_id = normalise(key)
        food = self.foods.get(food_id) if food_id is not None else None
        if food is None:
            raise NotFoundError([FieldProblem("ndb", "foods.errors.ndb_not_found", {"value": key})])
        return food

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            from magcheck.foods.search import SearchIndex

            self._index = SearchIndex(list(self.foods.values()))
        return self._index

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Best matches first (bilingual, typo-tolerant); an empty or blank query is an InputError."""
        if not query.strip():
            raise input_error("query", "foods.errors.empty_query")
        if len(query) > MAX_QUERY:  # a food name is short; a page of text would only cost time
            raise input_error("query", "errors.too_long", limit=MAX_QUERY, value=query[:57] + "...")
        if limit < 1:
            raise input_error("limit", "errors.too_small", limit=1, value=limit)
        if limit > MAX_LIMIT:
            raise input_error("limit", "errors.too_large", limit=MAX_LIMIT, value=limit)
        return self.index.search(query, limit)

    def group_name(self, group: str | None, lang: Lang) -> str | None:
        """Our group's name in `lang` ("leafy_greens" → "Leafy greens" / "绿叶菜")."""
        if group is None:
            return None
        from magcheck.foods.curated import load_groups

        info = load_groups().get(group)
        if info is None:
            return group
        return Say(lang).text(info)

    # ------------------------------------------------------------ writing

    def import_path(self, source: Path, progress: Progress | None = None) -> ImportSummary:
        """Replace one imported layer, atomically: the USDA files under `source` (folder or zip), or the
        Taiwan FDA CSV (the file, or a folder/zip holding it). Importing one table keeps the other."""
        from magcheck.foods.importers import read_path
        from magcheck.foods.tfda_view import write_tfda_import

        started = time.perf_counter()
        data = read_path(source, progress)  # raises DataFileError before anything is written
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                prefix = "tfda_" if data.kind == "tfda" else ""
                if data.kind == "tfda":
                    write_tfda_import(conn, data)
                else:
                    _write_import(conn, data)
                usda_overlaid, tfda_overlaid = _rebuild_view(conn)
                self._set_meta(
                    conn,
                    {
                        f"{prefix}import_kind": data.kind,
                        f"{prefix}import_source": str(source.resolve()),
                        f"{prefix}import_files": json.dumps(data.files),
                        f"{prefix}imported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    },
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()
        self._foods = None
        self._index = None
        _CACHE.pop(self.path, None)
        return ImportSummary(
            kind=data.kind,
            files=data.files,
            foods=data.food_count,
            foods_with_mg=data.with_mg,
            portions=len(data.portions),
            curated_overlaid=tfda_overlaid if data.kind == "tfda" else usda_overlaid,
            seconds=time.perf_counter() - started,
        )


def _write_import(conn: sqlite3.Connection, data: ImportedData) -> None:
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


def _rebuild_view(conn: sqlite3.Connection) -> tuple[int, int]:
    """Recompute `food`/`portion` from the imports plus the curated tables; returns how many USDA and
    TFDA imported foods had a curated row laid over them."""
    from magcheck.foods.curated import load_curated, load_groups, load_portions
    from magcheck.foods.tfda_view import rebuild_tfda_view
    from magcheck.foods.units import portion_key

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
    from magcheck.foods.dishes import insert_dishes

    insert_dishes(conn)  # after the foods: a dish's values are computed from its ingredients' rows
    return len(set(imported) & set(curated)), tfda_overlaid
