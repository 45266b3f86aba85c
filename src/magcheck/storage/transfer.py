"""Export and import of the whole record: your data is yours, in JSON or CSV, and it round-trips exactly.

The file names people, never database ids, so it can be imported into another database (another
computer, or a practice's PostgreSQL server). Timestamps, floats and texts are written so that reading
them back gives the same values (floats by their shortest exact repr, datetimes in ISO 8601 with
microseconds). An import is validated completely before anything is written, then written in one
transaction: a bad file — wrong format, wrong version, a bad value on line 812 — writes nothing.

Here: the file's records, the snapshot written out, and the checks and the write of an import; the CSV
form (one record per row, for spreadsheets) is written and read back by `storage.transfer_csv`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.orm import Session

from magcheck.core.errors import InputError, input_error
from magcheck.core.models import Profile
from magcheck.core.validation import load_json, problems_from_pydantic
from magcheck.core.vocabulary import Frequency, LabUnit, Sex, SignId, Standard
from magcheck.storage import repo
from magcheck.storage.schemas import COLUMN_OF
from magcheck.storage.transfer_csv import csv_to_data

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


# ---------------------------------------------------------------- import


def parse_text(text: str, source: str = "file") -> ExportFile:
    """Read an export (JSON or CSV, recognised by content) and validate every field before any write."""
    stripped = text.lstrip("\ufeff").lstrip()
    is_json = stripped.startswith(("{", "["))
    data = load_json(stripped, source) if is_json else csv_to_data(stripped, source)
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
