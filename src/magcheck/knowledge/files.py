"""Generic readers for reviewed data files: TOML and CSV in, validated pydantic values out.

Every reader of a reviewed file (the clinical knowledge, foods, synonyms, portions, dishes) goes through
these functions so that all of them fail the same way: a `DataFileError` whose field is
``<file name>:<entry>`` and whose reason says what is wrong. A bad edit then fails loudly at start-up with
the place to fix, instead of producing a wrong number later.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from magcheck.core.errors import DataFileError, FieldProblem

M = TypeVar("M", bound=BaseModel)


def data_problem(path: Path, entry: str, reason: str) -> DataFileError:
    """The one error shape for a bad data file: which file, which entry, what is wrong."""
    return DataFileError([FieldProblem(f"{path.name}:{entry}", "core.data_file", {"reason": reason})])


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; a missing or malformed file is a `DataFileError`."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise data_problem(path, "file", "file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise data_problem(path, "file", f"not valid TOML: {exc}") from None


def read_text(path: Path) -> str:
    """A small text file (e.g. VERSION), stripped; a missing file is a `DataFileError`."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise data_problem(path, "file", "file is missing") from None


def validate(model: type[M], data: Any, path: Path, entry: str) -> M:
    """`data` as `model`; the first pydantic error becomes a `DataFileError` naming the entry's field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise data_problem(path, f"{entry}{'.' + where if where else ''}", first["msg"]) from None


def validate_tables(model: type[M], path: Path, table: str) -> tuple[M, ...]:
    """A TOML file of `[[table]]` entries, each validated as `model` (entry names: ``table[i]``)."""
    return tuple(
        validate(model, body, path, f"{table}[{i}]") for i, body in enumerate(read_toml(path).get(table, []))
    )


def csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each body row of a UTF-8 CSV file with a header; ragged rows are refused."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise data_problem(path, f"line {reader.line_num}", "wrong number of columns")
                yield reader.line_num, row
    except FileNotFoundError:
        raise data_problem(path, "file", "file is missing") from None


def _cell(raw: str) -> str | None:
    """Empty cells are "not set" (None); the rest is left to pydantic to type and check."""
    raw = raw.strip()
    return raw or None


def load_csv(
    model: type[M],
    path: Path,
    list_cols: Collection[str] = ("sources",),
    text_cols: Collection[str] = ("label",),
) -> tuple[M, ...]:
    """Every row of a CSV file validated as `model`; a file without rows is refused.

    Cells of `list_cols` hold ``|``-separated lists; the columns ``<name>_<lang>`` of each name in
    `text_cols` (``label_en``, ``label_zh``) fold into one bilingual value ``<name>: {lang: text}``, so a
    third language is one more column.
    """
    out: list[M] = []
    for line, row in csv_rows(path):
        data: dict[str, Any] = {}
        for key, raw in row.items():
            name, _, lang = key.rpartition("_")
            if key in list_cols:
                data[key] = tuple(p.strip() for p in raw.split("|") if p.strip())
            elif name in text_cols:
                data.setdefault(name, {})[lang] = raw.strip()
            else:
                data[key] = _cell(raw)
        out.append(validate(model, data, path, f"line {line}"))
    if not out:
        raise data_problem(path, "file", "no rows")
    return tuple(out)


def check_sources(obj: Any, known: Mapping[str, Any], path: Path, entry: str) -> None:
    """Walk a validated value: every field named ``*sources`` must list only ids in `known`.

    Tuples of items with an ``id`` extend the entry name by that id, so the error points at the item.
    """
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name.endswith("sources") and isinstance(value, tuple):
                check_source_ids(value, known, path, entry)
            elif name.endswith("sources") and isinstance(value, dict):
                for key, ids in value.items():
                    check_source_ids(ids, known, path, f"{entry}.{name}.{key}")
            else:
                check_sources(value, known, path, entry)
    elif isinstance(obj, tuple):
        for item in obj:
            sub = f"{entry}.{getattr(item, 'id', '')}" if getattr(item, "id", None) else entry
            check_sources(item, known, path, sub)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            check_sources(value, known, path, f"{entry}.{key}")


def check_source_ids(ids: Iterable[str], known: Mapping[str, Any], path: Path, entry: str) -> None:
    """Every id of `ids` must be a known reference."""
    unknown = [s for s in ids if s not in known]
    if unknown:
        raise data_problem(path, entry, f"unknown source id(s) {unknown} (define them in references/)")


def require_unique(items: Iterable[Any], path: Path, what: str) -> None:
    """No two items share an ``id``."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise data_problem(path, f"{what}.{item.id}", "duplicate id")
        seen.add(item.id)


def require_all(found: Iterable[str], expected: Iterable[str], path: Path, what: str) -> None:
    """Every expected id has an entry (the code names them; the data must describe each)."""
    missing = sorted(set(expected) - set(found))
    if missing:
        raise data_problem(path, what, f"missing entries for {missing}")
