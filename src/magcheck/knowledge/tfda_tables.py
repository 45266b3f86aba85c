"""The Taiwan FDA rows of the curated food table, and the portion weights per food kind.

`curated_tfda.csv` holds the TFDA foods that USDA SR28 lacks or gets wrong for Chinese eating, each with
the TFDA id, the name as published (Traditional), a reviewed Simplified name and mainland aliases, an
English name, our group and allergen families, and a *portion kind*. Its numbers are TFDA's, copied
unchanged (a test compares every row with ../shared/data/tfda_2024). Where the same food is also a
curated USDA row, `replaces` names that row and `prefer_reason` says why the TFDA food is the one a
person means (紫菜 is eaten dried; SR28 has only fresh laver).

`portion_kinds.csv` gives household portions per kind of food (a mantou, a stick of youtiao, a dried
jujube, a carton of milk…), each with the basis of its weight, and marks the *typical* portion that an
entry without an amount is read as. `tfda_alias_exclusions.csv` lists TFDA common names that mean
something else in mainland usage (土豆 is a peanut in Taiwan, a potato in the mainland); they are never
used as aliases. Like the USDA table, a malformed row is a `DataFileError` naming file and line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from magcheck.core.errors import DataFileError, FieldProblem
from magcheck.core.food_ids import make_id, normalise
from magcheck.knowledge.food_tables import (
    DATA_DIR,
    GROUPS_TOML,
    CuratedBase,
    _Frozen,
    _problem,
    _required,
    _rows,
    check_shared,
    first_time,
    load_groups,
    portion_grams,
)

TFDA_CSV = DATA_DIR / "curated_tfda.csv"
KINDS_CSV = DATA_DIR / "portion_kinds.csv"
EXCLUSIONS_CSV = DATA_DIR / "tfda_alias_exclusions.csv"

TFDA_COLUMNS: tuple[str, ...] = (
    "tfda_id", "name_tw", "name_zh", "name_en", "aliases_en", "aliases_zh", "group", "families", "cuisine",
    "portion_kind", "mg_per_100g", "kcal_per_100g", "common", "replaces", "prefer_reason",
)  # fmt: skip
KIND_COLUMNS: tuple[str, ...] = ("kind", "unit", "grams", "label_en", "label_zh", "typical", "basis")
_TFDA_ID = re.compile(r"^[A-Z]\d{5}(?:\d{2})?$")


def _tfda_problem(path: Path, line: int, code: str, /, **params: object) -> DataFileError:
    """A problem only this table can have (its messages live in the `tfda` catalogue)."""
    return DataFileError([FieldProblem(f"{path.name}:{line}", f"tfda.errors.{code}", dict(params))])


class KindPortion(_Frozen):
    """One household portion of a kind of food; `basis` says where the weight comes from."""

    kind: str
    unit: str
    grams: float
    label_en: str
    label_zh: str
    typical: bool
    basis: str


class CuratedTfdaFood(CuratedBase):
    tfda_id: str
    name_tw: str
    portion_kind: str
    replaces: str | None
    prefer_reason: str | None

    @property
    def id(self) -> str:
        return make_id("tfda", self.tfda_id)


@cache
def load_portion_kinds(path: Path = KINDS_CSV) -> dict[str, tuple[KindPortion, ...]]:
    """Portions by kind, in file order; every kind has exactly one typical portion."""
    out: dict[str, list[KindPortion]] = {}
    seen: dict[tuple[str, str], int] = {}
    first_line: dict[str, int] = {}
    for line, row in _rows(path, KIND_COLUMNS):
        _required(path, line, row, *KIND_COLUMNS)
        kind, unit = row["kind"], row["unit"]
        first_line.setdefault(kind, line)
        grams = portion_grams(path, line, seen, kind, row)
        if row["typical"] not in ("0", "1"):
            raise _problem(path, line, "bad_choice", column="typical", value=row["typical"], allowed="0, 1")
        out.setdefault(kind, []).append(
            KindPortion(
                kind=kind,
                unit=unit,
                grams=grams,
                label_en=row["label_en"],
                label_zh=row["label_zh"],
                typical=row["typical"] == "1",
                basis=row["basis"],
            )
        )
    for kind, portions in out.items():
        typical = sum(p.typical for p in portions)
        if typical != 1:
            raise _tfda_problem(path, first_line[kind], "typical_count", kind=kind, count=typical)
    return {kind: tuple(items) for kind, items in out.items()}


@cache
def load_alias_exclusions(path: Path = EXCLUSIONS_CSV) -> frozenset[str]:
    """TFDA common names never used as aliases (they name another food in mainland usage)."""
    rows = _rows(path, ("alias", "reason"))
    for line, row in rows:
        _required(path, line, row, "alias", "reason")
    return frozenset(row["alias"] for _, row in rows)


@cache
def _tfda_foods(path: Path, kinds_path: Path, groups_path: Path) -> tuple[CuratedTfdaFood, ...]:
    groups = load_groups(groups_path)
    kinds = load_portion_kinds(kinds_path)
    seen: dict[str, int] = {}
    foods: list[CuratedTfdaFood] = []
    for line, row in _rows(path, TFDA_COLUMNS):
        _required(path, line, row, "tfda_id", "name_tw", "name_zh", "name_en", "group", "cuisine",
                  "portion_kind", "mg_per_100g", "kcal_per_100g", "common")  # fmt: skip
        tfda_id = row["tfda_id"]
        if not _TFDA_ID.match(tfda_id):
            raise _tfda_problem(path, line, "bad_tfda_id", value=tfda_id)
        first_time(path, line, seen, tfda_id)
        shared = check_shared(path, line, row, groups)
        if row["portion_kind"] not in kinds:
            raise _tfda_problem(path, line, "unknown_portion_kind", value=row["portion_kind"])
        replaces = normalise(row["replaces"]) if row["replaces"] else None
        if row["replaces"] and (replaces is None or not replaces.startswith("usda:")):
            raise _tfda_problem(path, line, "bad_replaces", value=row["replaces"])
        if replaces is not None and not row["prefer_reason"]:
            raise _problem(path, line, "missing_value", column="prefer_reason")
        foods.append(
            CuratedTfdaFood(
                tfda_id=tfda_id,
                name_tw=row["name_tw"],
                portion_kind=row["portion_kind"],
                replaces=replaces,
                prefer_reason=row["prefer_reason"] or None,
                **shared,
            )
        )
    return tuple(foods)


def load_curated_tfda(
    path: Path = TFDA_CSV, kinds_path: Path = KINDS_CSV, groups_path: Path = GROUPS_TOML
) -> list[CuratedTfdaFood]:
    """Every curated TFDA food in file order, after checking the table and its portion kinds."""
    return list(_tfda_foods(path, kinds_path, groups_path))
