"""What every food-table reader shares: the `file:line` problem, numeric fields, the CSV body-row loop.

Kept apart from `import_usda.py` (the USDA readers) so that the Taiwan FDA
reader in `tfda.py` uses the same checks without importing the module that dispatches to it.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator
from typing import Any

from magcheck.core.errors import DataFileError, FieldProblem

Progress = Callable[[str, int, int], None]
"""Called as ``progress(file_name, lines_done, lines_total)`` while a file is read."""

MAX_MG_PER_100G = 100_000.0  # 100 g of anything cannot hold more than 100 g of magnesium
MAX_KCAL_PER_100G = 1_000.0  # pure fat is ~900 kcal/100 g
PROGRESS_EVERY = 2_000


def import_problem(file: str, line: int | None, code: str, **params: object) -> DataFileError:
    where = f"{file}:{line}" if line is not None else file
    return DataFileError(
        [FieldProblem(where, f"foods.import.{code}", {"file": file, "line": line, **params})]
    )


def read_number(
    value: str, display: str, line: int, column: str, upper: float, *, positive: bool = False
) -> float | None:
    """A numeric field; blank means "no value" (None), never 0."""
    text = value.strip()
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        raise import_problem(display, line, "not_a_number", column=column, value=text[:20]) from None
    if not math.isfinite(number) or number < 0 or number > upper or (positive and number == 0):
        raise import_problem(display, line, "out_of_range", column=column, value=text[:20], upper=upper)
    return number


def body_rows(
    reader: Any,
    width: int,
    display: str,
    progress: Progress | None,
    total: int,
    every: int = PROGRESS_EVERY,
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows after a CSV header with their line numbers, each `width` fields wide.

    One loop for every CSV food table (FDC here, TFDA in `tfda.py`): a broken quote, a short or long
    row is a `file:line` problem, and progress is reported as the rows go by."""
    count = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise import_problem(display, reader.line_num, "csv", reason=str(exc)) from None
        count += 1
        if progress is not None and count % every == 0:
            progress(display, reader.line_num, total)
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise import_problem(display, reader.line_num, "field_count", expected=width, got=len(row))
        yield reader.line_num, row
    if progress is not None:
        progress(display, total, total)
