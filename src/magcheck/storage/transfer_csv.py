"""The CSV form of the export file: one record per row, written so that a spreadsheet opens the food log.

Every row has a ``kind`` column (``meta``, ``person``, ``food``, ``supplement``, ``checkin``, ``lab``,
``assessment``, ``recipe``); a check-in's answers are ``sign=frequency`` pairs separated by ``;`` and an
assessment's input and output are JSON texts. Reading gives back the same data as the JSON file, which
`storage.transfer` then validates in one place for both formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any, TypeVar

from magcheck.core.errors import InputError, input_error
from magcheck.core.validation import load_json

T = TypeVar("T")

PERSON_COLUMNS = ("age_years", "sex", "pregnant", "lactating", "standard", "created_at")


COLUMNS = [
    "kind",
    "person",
    "date",
    "created_at",
    "text",
    "ndb",
    "name_en",
    "name_zh",
    "grams",
    "mg",
    "note",
    "compound",
    "compound_mg",
    "elemental_mg",
    "count",
    "signs",
    "analyte",
    "value",
    "unit",
    "mmol_per_l",
    "age_years",
    "sex",
    "pregnant",
    "lactating",
    "standard",
    "lang",
    "knowledge_version",
    "input_json",
    "output_json",
    "food_id",  # added after the first release: last, so older readers of the columns keep working
]


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in a name or
# a note would run when the export is opened); such text is written with a leading apostrophe, which
# spreadsheets show as plain text and the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, _QUOTE)):
        return _QUOTE + value  # text that starts with a quote gets one more, so the import is exact
    return str(value)


def _uncell(text: str) -> str:
    """The text `_cell` wrote: one leading apostrophe fewer where `_cell` added one."""
    if text.startswith(_QUOTE) and text[1:].startswith((*FORMULA_STARTS, _QUOTE)):
        return text[1:]
    return text


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()

    def row(kind: str, **cells: Any) -> None:
        writer.writerow({c: _cell(cells.get(c)) for c in COLUMNS} | {"kind": kind})

    row(
        "meta",
        text=data["format"],
        value=data["version"],
        created_at=data["exported_at"],
        person=data["current_person"],
    )
    for p in data["persons"]:
        name = p["name"]
        row("person", person=name, **{k: p[k] for k in PERSON_COLUMNS})
        for e in p["food_entries"]:
            row("food", person=name, **e)
        for s in p["supplements"]:
            row("supplement", person=name, **s)
        for c in p["checkins"]:
            row(
                "checkin",
                person=name,
                date=c["date"],
                created_at=c["created_at"],
                signs=";".join(f"{k}={v}" for k, v in c["signs"].items()),
            )
        for r in p["labs"]:
            row("lab", person=name, **r)
        for a in p["assessments"]:
            row(
                "assessment",
                person=name,
                created_at=a["created_at"],
                lang=a["lang"],
                knowledge_version=a["knowledge_version"],
                input_json=json.dumps(a["input"], ensure_ascii=False, sort_keys=True),
                output_json=json.dumps(a["output"], ensure_ascii=False, sort_keys=True),
            )
        for r in p.get("recipes", []):  # the recipe itself, as JSON, in the input_json column
            recipe = {k: v for k, v in r.items() if k not in ("name", "created_at")}
            row(
                "recipe",
                person=name,
                text=r["name"],
                created_at=r["created_at"],
                input_json=json.dumps(recipe, ensure_ascii=False, sort_keys=True),
            )
    return out.getvalue()


# ---------------------------------------------------------------- import


def _shape_error(field: str, reason: str) -> InputError:
    return input_error(field, "history.errors.import_shape", reason=reason)


def csv_to_data(text: str, source: str) -> dict[str, Any]:
    """The CSV export read back into the same data as the JSON file (checked later, as JSON is)."""
    reader = csv.DictReader(io.StringIO(text))
    if _csv_read(reader, source, lambda: reader.fieldnames) != COLUMNS:
        raise input_error(f"{source}.line 1", "history.errors.import_csv_columns", expected=",".join(COLUMNS))
    data: dict[str, Any] = {"persons": []}
    persons: dict[str, dict[str, Any]] = {}
    while (row := _csv_read(reader, source, lambda: next(reader, None))) is not None:
        line = reader.line_num
        where = f"{source}.line {line}"
        if None in row or any(v is None for v in row.values()):
            raise input_error(where, "history.errors.import_csv_columns", expected=",".join(COLUMNS))
        kind = row["kind"]
        cells: dict[str, Any] = {k: _uncell(v) for k, v in row.items() if v != "" and k != "kind"}
        if kind == "meta":
            data.update(
                format=cells.get("text"),
                version=_int(cells.get("value"), where),
                exported_at=cells.get("created_at"),
                current_person=cells.get("person"),
            )
            continue
        if kind == "person":
            person = {k: cells.get(k) for k in ("age_years", "sex", "standard", "created_at")}
            person.update(
                name=cells.get("person"),
                pregnant=cells.get("pregnant") == "true",
                lactating=cells.get("lactating") == "true",
                food_entries=[],
                supplements=[],
                checkins=[],
                labs=[],
                assessments=[],
                recipes=[],
            )
            persons[str(cells.get("person"))] = person
            data["persons"].append(person)
            continue
        owner = persons.get(row["person"])
        if owner is None:
            if kind not in ("food", "supplement", "checkin", "lab", "assessment", "recipe"):
                raise input_error(where, "history.errors.import_csv_kind", value=kind)
            raise input_error(where, "history.errors.import_csv_person", value=row["person"])
        _add_csv_record(owner, kind, cells, where)
    return data


def _csv_read(reader: Any, source: str, step: Callable[[], T]) -> T:
    """One step of the CSV reader; its errors (a field over the size limit, a NUL byte) name the line."""
    try:
        return step()
    except csv.Error as exc:
        where = f"{source}.line {max(reader.line_num, 1)}"
        if "field larger than field limit" in str(exc):
            raise input_error(
                where, "security.errors.csv_field_too_long", limit=csv.field_size_limit()
            ) from None
        raise _shape_error(where, str(exc)) from None


def _int(value: str | None, where: str) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        raise input_error(where, "errors.not_an_integer", value=value) from None


def _pick(cells: dict[str, str], *names: str) -> dict[str, str]:
    return {n: cells[n] for n in names if n in cells}


def _add_csv_record(owner: dict[str, Any], kind: str, cells: dict[str, str], where: str) -> None:
    if kind == "food":
        owner["food_entries"].append(
            _pick(
                cells,
                "date",
                "text",
                "ndb",
                "food_id",
                "name_en",
                "name_zh",
                "grams",
                "mg",
                "note",
                "created_at",
            )
        )
    elif kind == "supplement":
        owner["supplements"].append(
            _pick(cells, "date", "compound", "compound_mg", "elemental_mg", "count", "created_at")
        )
    elif kind == "checkin":
        signs: dict[str, str] = {}
        for pair in filter(None, cells.get("signs", "").split(";")):
            sign, sep, freq = pair.partition("=")
            if not sep:
                raise input_error(where, "history.errors.sign_format", value=pair)
            signs[sign.strip()] = freq.strip()
        owner["checkins"].append({**_pick(cells, "date", "created_at"), "signs": signs})
    elif kind == "lab":
        owner["labs"].append(_pick(cells, "date", "analyte", "value", "unit", "mmol_per_l", "created_at"))
    elif kind == "assessment":
        record: dict[str, Any] = _pick(cells, "created_at", "lang", "knowledge_version")
        for column, key in (("input_json", "input"), ("output_json", "output")):
            record[key] = load_json(cells.get(column, ""), f"{where}.{column}")
        owner["assessments"].append(record)
    elif kind == "recipe":
        recipe = load_json(cells.get("input_json", ""), f"{where}.input_json")
        if not isinstance(recipe, dict):
            raise input_error(f"{where}.input_json", "history.errors.import_shape", reason="not an object")
        owner["recipes"].append({**recipe, "name": cells.get("text"), "created_at": cells.get("created_at")})
    else:
        raise input_error(where, "history.errors.import_csv_kind", value=kind)
