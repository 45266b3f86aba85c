"""The food store: one SQLite file in the user data dir, and its search index kept in the cache folder.

It holds two layers. `import_*` tables keep exactly what the user imported from USDA files (nothing
until `magcheck foods import`); `food`/`portion` hold the merged view everything reads: imported foods
with the curated table laid over them by NDB number (curated names, aliases, groups and portions win;
numbers come from the import, which equals the curated values for SR28). The merged view is rebuilt when
the store version or the curated table changes, so an upgrade never needs a migration. Writes happen in
one transaction; a failed import leaves the file exactly as it was. Every write of the merged view bumps
the store's generation (store_meta.py), which keys the persisted search index: a `foods search` in a new
process reads that index and only its hits' rows instead of reading and indexing every food.
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
from magcheck.core.food_ids import normalise
from magcheck.foods.model import Food, Portion
from magcheck.foods.names import SEP
from magcheck.foods.search import SearchHit, SearchIndex
from magcheck.foods.store_meta import generation_of, read_meta, set_meta
from magcheck.foods.view import SCHEMA, rebuild_view, write_layer
from magcheck.i18n import Say
from magcheck.knowledge.cache import cached_for
from magcheck.knowledge.dish_tables import DISHES_DIR
from magcheck.knowledge.food_tables import DATA_DIR, load_groups
from magcheck.paths import data_dir
from magcheck.private_files import private_file

if TYPE_CHECKING:
    from magcheck.foods.import_rows import Progress
    from magcheck.i18n import Lang

STORE_VERSION = "8"  # 8: meta.store_id and meta.generation (store_meta.py)
INDEX_CACHE = "food-index"  # the persisted search index's name in the cache folder
STORE_FILE = "foods.sqlite3"
MAX_LIMIT = 200
MAX_QUERY = 200


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
    return data_dir() / STORE_FILE


def _curated_fingerprint() -> str:
    """Changes whenever the curated table (or this store's layout) changes: then the view is rebuilt."""
    digest = hashlib.sha256(STORE_VERSION.encode())
    for name in (
        "curated_foods.csv",
        "curated_portions.csv",
        "groups.toml",
        "curated_tfda.csv",
        "portion_kinds.csv",
        "tfda_alias_exclusions.csv",
    ):
        path = DATA_DIR / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    for path in sorted(DISHES_DIR.glob("*.toml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split(SEP) if x)


# the `food` table's columns in the order they are read, named as `Food`'s fields (the table says `grp`)
_FOOD_FIELDS = (
    "id", "source", "ndb", "name_en", "name_zh", "aliases_en", "aliases_zh", "usda_name", "group",
    "usda_group", "usda_group_name", "families", "cuisine", "mg", "kcal", "curated", "common",
    "plan_portion", "plan_max", "manufacturer", "pinyin", "name_original", "replaces", "prefer_reason",
)  # fmt: skip
_FOOD_COLUMNS = ", ".join("grp" if name == "group" else name for name in _FOOD_FIELDS)
_LISTS = ("aliases_en", "aliases_zh", "families", "pinyin")  # stored joined by SEP
_FLAGS = ("curated", "common")  # stored as 0/1
_PORTION_COLUMNS = "food_id, unit, amount, label_en, label_zh, grams, source, typical, basis"


def _read_foods(conn: sqlite3.Connection, ids: list[str] | None = None) -> dict[str, Food]:
    """The foods with these ids (all of them when `ids` is None), in id order, with their portions."""
    where, params = ("", []) if ids is None else (f" WHERE {{}} IN ({', '.join('?' * len(ids))})", ids)
    portions: dict[str, list[Portion]] = {}
    rows = conn.execute(
        f"SELECT {_PORTION_COLUMNS} FROM portion{where.format('food_id')} ORDER BY food_id, seq", params
    )
    for food_id, unit, amount, label_en, label_zh, grams, source, typical, basis in rows:
        portions.setdefault(food_id, []).append(
            Portion(unit, amount, label_en, label_zh, grams, source, bool(typical), basis)
        )
    foods: dict[str, Food] = {}
    for row in conn.execute(f"SELECT {_FOOD_COLUMNS} FROM food{where.format('id')} ORDER BY id", params):
        values = dict(zip(_FOOD_FIELDS, row, strict=True))
        for name in _LISTS:
            values[name] = _split(values[name])
        for name in _FLAGS:
            values[name] = bool(values[name])
        foods[row[0]] = Food(**values, portions=tuple(portions.get(row[0], ())))
    return foods


def _is_index(value: object) -> bool:
    return isinstance(value, SearchIndex)


class _StoreChanged(Exception):
    """Another process rebuilt the merged view after this store object read its generation."""


_CACHE: dict[Path, tuple[int, FoodStore]] = {}


class FoodStore:
    """All foods (≈ 11,000 after a full import), the search index, and the file.

    A search reads the persisted index (rebuilt only when the store's generation or magcheck's code
    changed) and then only the rows of its hits: reading and indexing every food took ≈ 0.6 s of each
    `magcheck foods search`. Everything that needs all foods (`foods`, `iter_foods`) reads them once.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._foods: dict[str, Food] | None = None
        self._some: dict[str, Food] = {}  # rows read one by one (for hits, `get`) while `_foods` is unread
        self._index: SearchIndex | None = None
        # parsed food-log entries by (text, lang): a store instance is replaced when its file changes,
        # so a memo that lives with the instance can never outlive the data it was computed from
        # (values: foods.parse.ParsedEntry, and for meals a tuple of those and NotUnderstood; typed Any
        # because parse and meal import the store)
        self.parse_memo: dict[tuple[str, str], Any] = {}
        self.meal_memo: dict[tuple[str, str], tuple[Any, ...]] = {}  # read_meal
        self.log_memo: dict[tuple[str, str, int], tuple[Any, ...]] = {}  # foods.log, by day too
        try:
            self.generation = self._ensure_built()
        except sqlite3.DatabaseError as exc:
            if type(exc) is not sqlite3.DatabaseError:  # locked, read-only…: not ours to repair
                raise
            # "file is not a database": the store is rebuilt from data, so keep the damaged file aside
            # (for anyone who wants to look at it) and start again; an import can simply be repeated
            os.replace(self.path, self.path.with_name(self.path.name + ".damaged"))
            self.generation = self._ensure_built()

    @classmethod
    def open_default(cls) -> FoodStore:
        """The store in the user data dir, shared within a process until the file changes."""
        path = default_path()
        store = _CACHE.get(path)
        try:
            stamp = path.stat().st_mtime_ns
        except (FileNotFoundError, NotADirectoryError):
            stamp = -1
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

    def _ensure_built(self) -> str:
        """Build (or rebuild) the merged view if the curated data or the layout changed; its generation."""
        fingerprint = _curated_fingerprint()
        conn = self._connect()
        try:
            meta = read_meta(conn)
            if meta.get("fingerprint") == fingerprint:
                return generation_of(meta)
            conn.execute("BEGIN IMMEDIATE")
            try:
                meta = read_meta(conn)
                if meta.get("fingerprint") != fingerprint:
                    if meta.get("version") not in (None, STORE_VERSION):
                        # the merged view's layout may have changed; the imported layer is kept as is
                        for table in ("food", "portion"):
                            conn.execute(f"DROP TABLE IF EXISTS {table}")
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    rebuild_view(conn)
                    set_meta(conn, {"version": STORE_VERSION, "fingerprint": fingerprint})
                    meta = read_meta(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return generation_of(meta)
        finally:
            conn.close()

    def meta(self) -> dict[str, str]:
        conn = self._connect()
        try:
            return read_meta(conn)
        finally:
            conn.close()

    def _read(self, ids: list[str] | None) -> dict[str, Food]:
        """Rows of the current generation, read in one transaction. Reading all foods moves this store
        to whatever generation the file now holds; reading some raises _StoreChanged if it moved."""
        conn = self._connect()
        try:
            conn.execute("BEGIN")  # one snapshot: the generation and the rows agree
            generation = generation_of(read_meta(conn))
            if generation != self.generation:
                if ids is not None:
                    raise _StoreChanged
                self._moved(generation)
            foods = _read_foods(conn, ids)
            conn.execute("COMMIT")
            return foods
        finally:
            conn.close()

    def _moved(self, generation: str) -> None:
        """Forget everything computed from the old rows: the file now holds another generation."""
        self.generation = generation
        self._foods, self._index = None, None
        self._some = {}
        self.parse_memo.clear()
        self.meal_memo.clear()

    @property
    def foods(self) -> dict[str, Food]:
        if self._foods is None:
            self._foods = self._read(None)
        return self._foods

    def _by_id(self, ids: list[str]) -> dict[str, Food]:
        """The foods with these ids that exist: those already read in this process, the rest from the file."""
        if self._foods is not None:
            return {i: self._foods[i] for i in ids if i in self._foods}
        missing = [i for i in ids if i not in self._some]
        if missing:
            try:
                self._some.update(self._read(missing))
            except _StoreChanged:  # read everything again, consistently: the index follows the rows
                self._foods = self._read(None)
                return self._by_id(ids)
        return {i: self._some[i] for i in ids if i in self._some}

    def __len__(self) -> int:
        return len(self.foods)

    def iter_foods(self) -> Iterator[Food]:
        """Every food, in id order (the planner's candidate list when it uses the full store)."""
        return iter(self.foods.values())

    def get(self, key: str) -> Food:
        """One food by id ("usda:11457", "tfda:F0210101") or bare NDB number ("11457"; "1001" is read as
        "01001"), so ids stored before foods were namespaced keep working; NotFoundError when absent."""
        food_id = normalise(key)
        food = self._by_id([food_id]).get(food_id) if food_id is not None else None
        if food is None:
            raise NotFoundError([FieldProblem("ndb", "foods.errors.ndb_not_found", {"value": key})])
        return food

    @property
    def index(self) -> SearchIndex:
        """The search index of this generation: from the cache folder, else built from every food."""
        while self._index is None:
            with contextlib.suppress(_StoreChanged):  # the rows moved on while read: again, for them
                self._index = cached_for(
                    INDEX_CACHE, f"{self.path.resolve()}|{self.generation}", self._build_index, _is_index
                )
        return self._index

    def _build_index(self) -> SearchIndex:
        generation = self.generation
        index = SearchIndex(list(self.foods.values()))
        if self.generation != generation:  # the rows read are newer: not the index of the asked key
            raise _StoreChanged
        return index

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
        while True:
            index = self.index
            best, complete = index.rank(query, limit)
            found = self._by_id([index.ids[i] for _, i in best])
            if index is self._index:  # still the index of the rows just read
                return [SearchHit(found[index.ids[i]], score, complete) for score, i in best]

    def group_name(self, group: str | None, lang: Lang) -> str | None:
        """Our group's name in `lang` ("leafy_greens" → "Leafy greens" / "绿叶菜")."""
        if group is None:
            return None
        info = load_groups().get(group)
        if info is None:
            return group
        return Say(lang).text(info)

    # ------------------------------------------------------------ writing

    def import_path(self, source: Path, progress: Progress | None = None) -> ImportSummary:
        """Replace one imported layer, atomically: the USDA files under `source` (folder or zip), or the
        Taiwan FDA CSV (the file, or a folder/zip holding it). Importing one table keeps the other."""
        # lazy: the file readers (zipfile, the SR28/FDC/TFDA parsers) only `foods import` needs (≈ 4-10 ms)
        from magcheck.foods.importers import read_path

        started = time.perf_counter()
        data = read_path(source, progress)  # raises DataFileError before anything is written
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                prefix = "tfda_" if data.kind == "tfda" else ""
                write_layer(conn, data)
                usda_overlaid, tfda_overlaid = rebuild_view(conn)
                set_meta(
                    conn,
                    {
                        f"{prefix}import_kind": data.kind,
                        f"{prefix}import_source": str(source.resolve()),
                        f"{prefix}import_files": json.dumps(data.files),
                        f"{prefix}imported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    },
                )
                generation = generation_of(read_meta(conn))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()
        self._moved(generation)
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
