"""Read the Taiwan FDA food-composition table (TFND 2024 UPDATE2 CSV) into memory.

The file is a spreadsheet export: UTF-8 with a byte-order mark, a note on line 1, the header on line 2,
one food per line after that, values per 100 g edible portion. Names are Traditional Chinese as used in
Taiwan; every name and common name is also converted to Simplified Chinese here (OpenCC, `t2s`), so that
the foods can be shown to and searched by mainland readers — the reviewed mainland aliases of the foods
people eat most live in the curated table, not here. Like the USDA readers, everything is parsed and
checked before the store is touched, the first bad line is a `DataFileError` naming file and line, and a
blank value stays None (not measured), never 0.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from magcheck.core.errors import DataFileError, FieldProblem
from magcheck.foods.import_rows import (
    MAX_KCAL_PER_100G,
    MAX_MG_PER_100G,
    Progress,
    body_rows,
    import_problem,
    read_number,
)

if TYPE_CHECKING:
    import opencc

# the columns the reader needs, by their header text (line 2)
COL_ID = "整合編號"
COL_CATEGORY = "食品分類"
COL_NAME = "樣品名稱"
COL_DESCRIPTION = "內容物描述"
COL_ALIASES = "俗名"
COL_REFUSE = "廢棄率(%)"
COL_KCAL = "熱量(kcal)"
COL_MG = "鎂(mg)"
REQUIRED = (COL_ID, COL_CATEGORY, COL_NAME, COL_DESCRIPTION, COL_ALIASES, COL_REFUSE, COL_KCAL, COL_MG)
HEADER_LINE = 2
_ID = re.compile(r"^[A-Z]\d{5}(?:\d{2})?$")
_ALIAS_SPLIT = re.compile(r"[,，;；、]")
_PROGRESS_EVERY = 500


@dataclass(frozen=True, slots=True)
class TfdaFood:
    """One row of the table; `name`/`aliases` as published (Traditional), `*_zh` converted to Simplified."""

    id: str
    category: str
    name: str
    name_zh: str
    description: str
    aliases: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    refuse_pct: float | None
    mg: float | None
    kcal: float | None


def _tfda_problem(file: str, line: int, code: str, **params: object) -> DataFileError:
    """A problem only the TFDA file can have (its messages live in the `tfda` catalogue)."""
    return DataFileError(
        [FieldProblem(f"{file}:{line}", f"tfda.import.{code}", {"file": file, "line": line, **params})]
    )


@cache
def _converter() -> opencc.OpenCC:
    import opencc  # lazy: ~10 ms to load its dictionaries: only when a TFDA file or query needs it

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified characters (OpenCC t2s): "饅頭" → "馒头"; other text is unchanged."""
    return str(_converter().convert(text))


def looks_like_tfda(head: str) -> bool:
    """Whether the first lines of a CSV file are the TFDA table's (its header names the 整合編號 column);
    a missing value column is then reported on the header line rather than as "no food file"."""
    return COL_ID in head


def read_csv(text: str, display: str, progress: Progress | None = None) -> dict[str, TfdaFood]:
    """Every food of the TFDA CSV `text` by id; raises DataFileError("<file>:<line>") on the first problem."""
    text = text.removeprefix("\ufeff")
    total = text.count("\n") or 1
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        next(reader)  # line 1: "*本資料庫所列數值單位均為每100 g可食部分之含量。" and placeholders
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise _tfda_problem(display, HEADER_LINE, "no_header") from None
    except csv.Error as exc:
        raise import_problem(display, reader.line_num, "csv", reason=str(exc)) from None
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise import_problem(display, HEADER_LINE, "missing_columns", columns=", ".join(missing))
    at = {column: header.index(column) for column in REQUIRED}
    convert = _converter().convert
    foods: dict[str, TfdaFood] = {}
    for line, row in body_rows(reader, len(header), display, progress, total, _PROGRESS_EVERY):
        food_id = row[at[COL_ID]].strip()
        if not _ID.match(food_id):
            raise _tfda_problem(display, line, "bad_id", value=food_id[:20])
        if food_id in foods:
            raise _tfda_problem(display, line, "duplicate", id=food_id)
        name = row[at[COL_NAME]].strip()
        if not name:
            raise import_problem(display, line, "empty_name")
        category = row[at[COL_CATEGORY]].strip()
        if not category:
            raise import_problem(display, line, "missing_value")
        aliases = tuple(a.strip() for a in _ALIAS_SPLIT.split(row[at[COL_ALIASES]]) if a.strip())
        foods[food_id] = TfdaFood(
            id=food_id,
            category=category,
            name=name,
            name_zh=convert(name),
            description=row[at[COL_DESCRIPTION]].strip(),
            aliases=aliases,
            aliases_zh=tuple(dict.fromkeys(convert(a) for a in aliases)),
            refuse_pct=read_number(row[at[COL_REFUSE]], display, line, COL_REFUSE, 100.0),
            mg=read_number(row[at[COL_MG]], display, line, COL_MG, MAX_MG_PER_100G),
            kcal=read_number(row[at[COL_KCAL]], display, line, COL_KCAL, MAX_KCAL_PER_100G),
        )
    if progress is not None:
        progress(display, total, total)
    if not foods:
        raise import_problem(display, None, "no_foods")
    return foods
