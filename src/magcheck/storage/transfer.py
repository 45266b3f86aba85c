"""Export and import of the whole record: your data is yours, in JSON or CSV, and it round-trips exactly.

The file names people, never database ids, so it can be imported into another database (another
computer, or a practice's PostgreSQL server). Timestamps, floats and texts are written so that reading
them back gives the same values (floats by their shortest exact repr, datetimes in ISO 8601 with
microseconds). An import is validated completely before anything is written, then written in one
transaction: a bad file — wrong format, wrong version, a bad value on line 812 — writes nothing.

CSV holds one record per row with a ``kind`` column (``meta``, ``person``, ``food``, ``supplement``,
``checkin``, ``lab``, ``assessment``); a check-in's answers are ``sign=frequency`` pairs separated by
``;`` and an assessment's input and output are JSON texts, so a spreadsheet can open the food log
directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.orm import Session

from magcheck.core.errors import InputError, input_error
from magcheck.core.models import Profile
from magcheck.core.validation import load_json, problems_from_pydantic
from magcheck.core.vocabulary import Frequency, LabUnit, Sex, SignId, Standard
from magcheck.storage import repo
from magcheck.storage.schemas import COLUMN_OF

T = TypeVar("T")

FORMAT = "magcheck-history"
VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FoodRecord(_Strict):
    date: dt.date
    text: str = Field(min_length=1, max_length=300)
    ndb: str | None = Field(default=None, max_length=16)
    food_id: str | None = Field(default=None, max_length=80)
    name_en: str | None = Field(default=None, max_length=200)
    name_zh: str | None = Field(default=None, max_length=200)
    grams: float | None = Field(default=None, gt=0, le=5000)
    mg: float | None = Field(default=None, ge=0, le=5000)
    note: str | None = Field(default=None, max_length=300)
    created_at: dt.datetime


class SupplementRecord(_Strict):
    date: dt.date
    compound: str | None = Field(default=None, max_length=80)
    compound_mg: float | None = Field(default=None, gt=0, le=20000)
    elemental_mg: float | None = Field(default=None, gt=0, le=5000)
    count: float = Field(gt=0, le=12)
    created_at: dt.datetime


class CheckInRecord(_Strict):
    date: dt.date
    signs: dict[SignId, Frequency] = Field(min_length=1)
    created_at: dt.datetime


class LabRecord(_Strict):
    date: dt.date
    analyte: Literal["serum_magnesium"] = "serum_magnesium"
    value: float = Field(gt=0)
    unit: LabUnit
    mmol_per_l: float = Field(gt=0)
    created_at: dt.datetime


class AssessmentRecord(_Strict):
    created_at: dt.datetime
    lang: Literal["en", "zh"]
    knowledge_version: str = Field(max_length=40)
    input: dict[str, Any]
    output: dict[str, Any]


class RecipeRecord(_Strict):
    """A saved recipe with the parse its ingredients got (see `magcheck.service.recipes`)."""

    name: str = Field(min_length=1, max_length=80)
    ingredients: list[str] = Field(min_length=1, max_length=60)
    items: list[dict[str, Any]]
    servings: float | None = Field(default=None, gt=0, le=100)
    cooked_g: float | None = Field(default=None, gt=0, le=20000)
    grams: float = Field(ge=0, le=100000)
    mg: float | None = Field(default=None, ge=0, le=100000)
    created_at: dt.datetime


class PersonRecord(_Strict):
    name: str = Field(min_length=1, max_length=80)
    age_years: float = Field(ge=0, le=120)
    sex: Sex
    pregnant: bool = False
    lactating: bool = False
    standard: Standard = "us"
    created_at: dt.datetime
    food_entries: list[FoodRecord] = Field(default_factory=list)
    supplements: list[SupplementRecord] = Field(default_factory=list)
    checkins: list[CheckInRecord] = Field(default_factory=list)
    labs: list[LabRecord] = Field(default_factory=list)
    assessments: list[AssessmentRecord] = Field(default_factory=list)
    recipes: list[RecipeRecord] = Field(default_factory=list)

    @model_validator(mode="after")
    def _profile_is_possible(self) -> PersonRecord:
        Profile(age_years=self.age_years, sex=self.sex, pregnant=self.pregnant, lactating=self.lactating)
        return self


# A person's records: the file's list name, the name of its count in an import's summary, how to add one.
RECORD_LISTS: dict[str, tuple[str, Callable[..., object]]] = {
    "food_entries": ("entries", repo.add_entry),
    "supplements": ("supplements", repo.add_supplement),
    "checkins": ("checkins", repo.add_checkin),
    "labs": ("labs", repo.add_lab),
    "assessments": ("assessments", repo.add_assessment),
    "recipes": ("recipes", repo.add_recipe),
}
DATED_LISTS = ("food_entries", "supplements", "checkins", "labs")
PERSON_COLUMNS = ("age_years", "sex", "pregnant", "lactating", "standard", "created_at")


class ExportFile(_Strict):
    format: str
    version: int
    exported_at: dt.datetime
    current_person: str | None = None
    persons: list[PersonRecord]


# ---------------------------------------------------------------- export


def snapshot(session: Session, person_id: int | None = None) -> dict[str, Any]:
    """The record as plain JSON-ready data (all people, or one)."""
    current = repo.get_setting(session, repo.CURRENT_PERSON)
    current_name = None
    persons = []
    for person in repo.list_persons(session):
        if str(person.id) == current:
            current_name = person.name
        if person_id is not None and person.id != person_id:
            continue
        persons.append(
            _exported(person, PersonRecord)
            | {
                "food_entries": _all_exported(repo.list_entries(session, person.id), FoodRecord),
                "supplements": _all_exported(repo.list_supplements(session, person.id), SupplementRecord),
                "checkins": _all_exported(repo.list_checkins(session, person.id), CheckInRecord),
                "labs": _all_exported(repo.list_labs(session, person.id), LabRecord),
                "assessments": _all_exported(repo.list_assessments(session, person.id), AssessmentRecord),
                "recipes": _all_exported(repo.list_recipes(session, person.id), RecipeRecord),
            }
        )
    if person_id is not None and current_name not in {p["name"] for p in persons}:
        current_name = None
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
        "current_person": current_name,
        "persons": persons,
    }


def _exported(row: Any, record: type[_Strict]) -> dict[str, Any]:
    """The fields of `record` read from a table row, dates and times in ISO 8601 (lists left out)."""
    out: dict[str, Any] = {}
    for name in record.model_fields:
        if name in RECORD_LISTS:
            continue
        value = getattr(row, COLUMN_OF.get(name, name))
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _all_exported(rows: Any, record: type[_Strict]) -> list[dict[str, Any]]:
    return [_exported(row, record) for row in rows]


def _columns(record: _Strict) -> dict[str, Any]:
    """A validated record as keyword arguments of the `repo.add_*` functions (lists left out)."""
    return {COLUMN_OF.get(k, k): v for k, v in record.model_dump(exclude=set(RECORD_LISTS)).items()}


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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


def parse_text(text: str, source: str = "file") -> ExportFile:
    """Read an export (JSON or CSV, recognised by content) and validate every field before any write."""
    stripped = text.lstrip("\ufeff").lstrip()
    is_json = stripped.startswith(("{", "["))
    data = load_json(stripped, source) if is_json else _csv_to_data(stripped, source)
    if not isinstance(data, dict):
        raise input_error(source, "errors.not_an_object", value=str(data)[:60])
    if data.get("format") != FORMAT:
        raise input_error(f"{source}.format", "history.errors.import_format")
    if data.get("version") != VERSION:
        raise input_error(
            f"{source}.version", "history.errors.import_version", value=data.get("version"), supported=VERSION
        )
    try:
        parsed = ExportFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_pydantic(exc, source)) from None
    _check_dates(parsed, source)
    seen: set[str] = set()
    for i, person in enumerate(parsed.persons):
        if person.name in seen:
            raise input_error(f"{source}.persons.{i}.name", "history.errors.person_exists", value=person.name)
        seen.add(person.name)
    return parsed


def _check_dates(parsed: ExportFile, source: str) -> None:
    """The same rule as logging: nothing dated more than a day ahead, nothing before 1900."""
    latest = dt.date.today() + dt.timedelta(days=1)
    for i, person in enumerate(parsed.persons):
        for kind in DATED_LISTS:
            for j, record in enumerate(getattr(person, kind)):
                field = f"{source}.persons.{i}.{kind}.{j}.date"
                if record.date > latest:
                    raise input_error(
                        field,
                        "history.errors.future_date",
                        value=record.date.isoformat(),
                        latest=latest.isoformat(),
                    )
                if record.date.year < 1900:
                    raise input_error(field, "history.errors.date_too_old", value=record.date.isoformat())


def _csv_to_data(text: str, source: str) -> dict[str, Any]:
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


def write_import(session: Session, parsed: ExportFile) -> dict[str, int]:
    """Insert everything in `parsed` (the caller's transaction makes it all-or-nothing)."""
    counts = dict.fromkeys(["persons", *(count for count, _ in RECORD_LISTS.values())], 0)
    for i, p in enumerate(parsed.persons):
        if repo.find_person(session, p.name) is not None:
            raise input_error(f"persons.{i}.name", "history.errors.import_duplicate", value=p.name)
        person = repo.add_person(session, **_columns(p))
        counts["persons"] += 1
        for kind, (count, add) in RECORD_LISTS.items():
            records = getattr(p, kind)
            for record in records:
                add(session, person.id, **_columns(record))
            counts[count] += len(records)
        if parsed.current_person == p.name:
            repo.set_setting(session, repo.CURRENT_PERSON, str(person.id))
    return counts
