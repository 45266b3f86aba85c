"""The curated bilingual food table shipped in the package, validated when loaded.

The table is data (``knowledge/foods/*.csv`` and ``groups.toml``), not code: the numbers are the USDA SR28
ones (a test compares every row with the release), the names, aliases, groups and portions are the
project's curation. Anything wrong in a file is a `DataFileError` naming the file and line, because a
silently skipped row would quietly change a person's intake total or food plan.
"""

from __future__ import annotations

import csv
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from magcheck.core.errors import DataFileError, FieldProblem
from magcheck.core.vocabulary import FOOD_CUISINES, FOOD_FAMILIES, FoodCuisine
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.cache import cached
from magcheck.knowledge.files import data_problem, read_toml

DATA_DIR = KNOWLEDGE_DIR / "foods"
FOODS_CSV = DATA_DIR / "curated_foods.csv"
PORTIONS_CSV = DATA_DIR / "curated_portions.csv"
GROUPS_TOML = DATA_DIR / "groups.toml"
SYNONYMS_TOML = DATA_DIR / "synonyms.toml"

FOOD_COLUMNS: tuple[str, ...] = (
    "ndb", "name_en", "name_zh", "aliases_en", "aliases_zh", "group", "families", "cuisine", "mg_per_100g",
    "kcal_per_100g", "plan_portion", "plan_max", "common",
)  # fmt: skip
PORTION_COLUMNS: tuple[str, ...] = ("ndb", "unit", "grams", "label_en", "label_zh", "source")
SOURCES: tuple[str, ...] = ("usda", "estimate")

PortionSource = Literal["usda", "estimate"]

_NDB = re.compile(r"^\d{5}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FDGRP = re.compile(r"^\d{4}$")


class _Frozen(BaseModel):
    # validators built on first use: the tables usually come ready-made from the persisted cache
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Group(_Frozen):
    """One of our food groups; `usda` lists the SR28 FdGrp_Cd codes whose imported foods join it."""

    id: str
    en: str
    zh: str
    usda: tuple[str, ...]
    order: int
    tfda: tuple[str, ...] = ()


class Portion(_Frozen):
    """A household measure of one food: `unit` is the key a log entry names ("cup", "碗", "把")."""

    ndb: str
    unit: str
    grams: float
    label_en: str
    label_zh: str
    source: PortionSource


class CuratedBase(_Frozen):
    """What every curated row has, whichever table its numbers come from (USDA here, TFDA in
    `tfda_tables.py`)."""

    name_en: str
    name_zh: str
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    group: str
    families: frozenset[str]
    cuisine: FoodCuisine
    mg_per_100g: float
    kcal_per_100g: float
    common: bool


class CuratedFood(CuratedBase):
    ndb: str
    plan_portion: str | None
    plan_max: int | None

    def mg_per_portion(self, portion: Portion) -> float:
        return self.mg_per_100g * portion.grams / 100


def _problem(path: Path, line: int, code: str, /, **params: object) -> DataFileError:
    return DataFileError([FieldProblem(f"{path.name}:{line}", f"curated.errors.{code}", dict(params))])


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _number(path: Path, line: int, column: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _problem(path, line, "not_a_number", column=column, value=value) from None
    if not number >= 0 or number == float("inf"):
        raise _problem(path, line, "negative", column=column, value=value)
    return number


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The data rows with their 1-based line numbers (header = line 1); a wrong shape is an error."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header) != columns:
                raise _problem(path, 1, "bad_header", expected=",".join(columns))
            out: list[tuple[int, dict[str, str]]] = []
            for record in reader:
                line = reader.line_num
                if not record or all(not cell.strip() for cell in record):
                    continue
                if len(record) != len(columns):
                    raise _problem(path, line, "column_count", expected=len(columns), got=len(record))
                out.append((line, {c: v.strip() for c, v in zip(columns, record, strict=True)}))
            return out
    except FileNotFoundError:
        raise _problem(path, 0, "missing_file") from None
    except UnicodeDecodeError:
        raise _problem(path, 0, "not_utf8") from None


def first_time(path: Path, line: int, seen: dict[str, int], key: str) -> None:
    """A food id met once per file: a second row for it is an error naming the first one's line."""
    if key in seen:
        raise _problem(path, line, "duplicate_ndb", ndb=key, first=seen[key])
    seen[key] = line


def portion_grams(
    path: Path, line: int, seen: dict[tuple[str, str], int], owner: str, row: dict[str, str]
) -> float:
    """The weight of a portion row in grams (> 0); one row per food (or kind of food) and unit."""
    unit = row["unit"]
    if (owner, unit) in seen:
        raise _problem(path, line, "duplicate_portion", ndb=owner, unit=unit, first=seen[(owner, unit)])
    seen[(owner, unit)] = line
    grams = _number(path, line, "grams", row["grams"])
    if grams == 0:
        raise _problem(path, line, "negative", column="grams", value=row["grams"])
    return grams


def _required(path: Path, line: int, row: dict[str, str], *columns: str) -> None:
    for column in columns:
        if not row[column]:
            raise _problem(path, line, "missing_value", column=column)


def check_shared(path: Path, line: int, row: dict[str, str], groups: dict[str, Group]) -> dict[str, object]:
    """The checks every curated row shares (a Chinese name, a known group, known allergen families, a
    cuisine, a 0/1 `common` flag, non-negative numbers); returns those fields, ready for `CuratedBase`."""
    if not _CJK.search(row["name_zh"]):
        raise _problem(path, line, "zh_name_not_chinese", value=row["name_zh"])
    if row["group"] not in groups:
        raise _problem(path, line, "unknown_group", value=row["group"], allowed=", ".join(groups))
    families = _split(row["families"])
    for family in families:
        if family not in FOOD_FAMILIES:
            raise _problem(path, line, "unknown_family", value=family, allowed=", ".join(FOOD_FAMILIES))
    if row["cuisine"] not in FOOD_CUISINES:
        raise _problem(path, line, "bad_choice", column="cuisine", value=row["cuisine"],
                       allowed=", ".join(FOOD_CUISINES))  # fmt: skip
    if row["common"] not in ("0", "1"):
        raise _problem(path, line, "bad_choice", column="common", value=row["common"], allowed="0, 1")
    return {
        "name_en": row["name_en"],
        "name_zh": row["name_zh"],
        "aliases_en": _split(row["aliases_en"]),
        "aliases_zh": _split(row["aliases_zh"]),
        "group": row["group"],
        "families": frozenset(families),
        "cuisine": row["cuisine"],
        "mg_per_100g": _number(path, line, "mg_per_100g", row["mg_per_100g"]),
        "kcal_per_100g": _number(path, line, "kcal_per_100g", row["kcal_per_100g"]),
        "common": row["common"] == "1",
    }


@cache
def load_groups(path: Path = GROUPS_TOML) -> dict[str, Group]:
    """Our food groups by id, in display order; each SR28 group code belongs to exactly one of them."""
    return cached("curated-groups", [path], lambda: _read_groups(path))


def _read_groups(path: Path) -> dict[str, Group]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise _problem(path, 0, "missing_file") from None
    except tomllib.TOMLDecodeError as exc:
        raise _problem(path, getattr(exc, "lineno", 0), "bad_toml", reason=str(exc)) from None
    groups: dict[str, Group] = {}
    owner: dict[str, str] = {}
    for group_id, raw in data.get("group", {}).items():
        try:
            group = Group(id=group_id, **raw)
        except (ValidationError, TypeError) as exc:
            raise _problem(path, 0, "bad_group", group=group_id, reason=str(exc).splitlines()[0]) from None
        for category in group.tfda:
            if category in owner:
                raise _problem(
                    path, 0, "usda_code_twice", code=category, first=owner[category], second=group_id
                )
            owner[category] = group_id
        for code in group.usda:
            if not _FDGRP.match(code):
                raise _problem(path, 0, "bad_group", group=group_id, reason=f"USDA code {code!r}")
            if code in owner:
                raise _problem(path, 0, "usda_code_twice", code=code, first=owner[code], second=group_id)
            owner[code] = group_id
        groups[group_id] = group
    if not groups:
        raise _problem(path, 0, "bad_group", group="-", reason="no [group.<id>] tables")
    return dict(sorted(groups.items(), key=lambda item: (item[1].order, item[0])))


@cache
def _foods(path: Path, groups_path: Path) -> tuple[CuratedFood, ...]:
    """The checked food rows; parsed once per change of the files (knowledge/cache.py)."""
    return cached("curated-foods", [path, groups_path], lambda: _read_foods(path, groups_path))


def _read_foods(path: Path, groups_path: Path) -> tuple[CuratedFood, ...]:
    groups = load_groups(groups_path)
    seen: dict[str, int] = {}
    foods: list[CuratedFood] = []
    for line, row in _rows(path, FOOD_COLUMNS):
        _required(
            path,
            line,
            row,
            "ndb",
            "name_en",
            "name_zh",
            "group",
            "cuisine",
            "mg_per_100g",
            "kcal_per_100g",
            "common",
        )
        ndb = row["ndb"]
        if not _NDB.match(ndb):
            raise _problem(path, line, "bad_ndb", value=ndb)
        first_time(path, line, seen, ndb)
        shared = check_shared(path, line, row, groups)
        plan_portion = row["plan_portion"] or None
        plan_max: int | None = None
        if plan_portion is not None:
            if not row["plan_max"].isdigit() or int(row["plan_max"]) < 1:
                raise _problem(path, line, "bad_plan_max", value=row["plan_max"])
            plan_max = int(row["plan_max"])
        elif row["plan_max"]:
            raise _problem(path, line, "plan_max_without_portion", value=row["plan_max"])
        foods.append(CuratedFood(ndb=ndb, plan_portion=plan_portion, plan_max=plan_max, **shared))
    return tuple(foods)


@cache
def _portions(path: Path, foods_path: Path, groups_path: Path) -> dict[str, tuple[Portion, ...]]:
    """The checked portion rows by NDB; parsed once per change of the files (knowledge/cache.py)."""
    sources = [path, foods_path, groups_path]
    return cached("curated-portions", sources, lambda: _read_portions(path, foods_path, groups_path))


def _read_portions(path: Path, foods_path: Path, groups_path: Path) -> dict[str, tuple[Portion, ...]]:
    known = {food.ndb for food in _foods(foods_path, groups_path)}
    out: dict[str, list[Portion]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in _rows(path, PORTION_COLUMNS):
        _required(path, line, row, *PORTION_COLUMNS)
        ndb, unit = row["ndb"], row["unit"]
        if ndb not in known:
            raise _problem(path, line, "unknown_food", ndb=ndb)
        grams = portion_grams(path, line, seen, ndb, row)
        if row["source"] not in SOURCES:
            raise _problem(
                path, line, "bad_choice", column="source", value=row["source"], allowed="usda, estimate"
            )
        out.setdefault(ndb, []).append(
            Portion(
                ndb=ndb,
                unit=unit,
                grams=grams,
                label_en=row["label_en"],
                label_zh=row["label_zh"],
                source=row["source"],
            )
        )
    portions = {ndb: tuple(items) for ndb, items in out.items()}
    _check_plan_portions(foods_path, groups_path, portions)
    return portions


def _check_plan_portions(
    foods_path: Path, groups_path: Path, portions: dict[str, tuple[Portion, ...]]
) -> None:
    """A plan can only offer a food in a portion the food has; say which row is wrong when not."""
    lines = {row["ndb"]: line for line, row in _rows(foods_path, FOOD_COLUMNS)}
    for food in _foods(foods_path, groups_path):
        if food.plan_portion is None:
            continue
        units = {p.unit for p in portions.get(food.ndb, ())}
        if food.plan_portion not in units:
            raise _problem(
                foods_path,
                lines[food.ndb],
                "unknown_plan_portion",
                ndb=food.ndb,
                unit=food.plan_portion,
                allowed=", ".join(sorted(units)) or "-",
            )


def load_curated(
    path: Path = FOODS_CSV, portions_path: Path = PORTIONS_CSV, groups_path: Path = GROUPS_TOML
) -> list[CuratedFood]:
    """Every curated food in file order, after checking the table, its portions and its groups."""
    _portions(portions_path, path, groups_path)
    return list(_foods(path, groups_path))


def load_portions(
    path: Path = PORTIONS_CSV, foods_path: Path = FOODS_CSV, groups_path: Path = GROUPS_TOML
) -> dict[str, list[Portion]]:
    """The household portions of each curated food, by NDB number, in file order."""
    return {ndb: list(items) for ndb, items in _portions(path, foods_path, groups_path).items()}


def curated_by_ndb() -> dict[str, CuratedFood]:
    return {food.ndb: food for food in load_curated()}


@cache
def load_synonyms(path: Path = SYNONYMS_TOML) -> dict[str, str]:
    """Everyday word → the word the food tables use ("ketchup" → "catsup"), as written in the file."""
    table = read_toml(path).get("synonyms")
    if not isinstance(table, dict):
        raise data_problem(path, "synonyms", "must be a table [synonyms] of word = word")
    for word, meant in table.items():
        if not isinstance(meant, str) or not meant.strip():
            raise data_problem(path, f"synonyms.{word}", "must be a word")
    return dict(table)
