"""What the history service returns: the JSON of `--json` listings and of the `/api/v1` history routes.

Separate from the table models so that internal columns (ids of other tables, the raw setting rows) never
leak into a response by accident, and so the API documents its shapes in OpenAPI.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict

M = TypeVar("M", bound=BaseModel)

# Where a field and the table column it comes from are named differently.
COLUMN_OF = {"date": "day", "input": "input_json", "output": "output_json"}


def from_row(model: type[M], row: Any, **given: Any) -> M:
    """`model` filled from a table row's columns of the same names (see `COLUMN_OF`); `given` wins."""
    return model(
        **{
            name: given[name] if name in given else getattr(row, COLUMN_OF.get(name, name))
            for name in model.model_fields
        }
    )


def _as_utc(value: dt.datetime) -> dt.datetime:
    """The tables keep UTC without a zone (SQLite has none); answers say it is UTC (``...+00:00``)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


UtcTime = Annotated[dt.datetime, AfterValidator(_as_utc)]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonOut(_Out):
    id: int
    name: str
    age_years: float
    sex: str
    pregnant: bool
    lactating: bool
    standard: str
    current: bool
    created_at: UtcTime


class EntryOut(_Out):
    id: int
    person: str
    date: dt.date
    text: str
    ndb: str | None
    food_id: str | None
    name_en: str | None
    name_zh: str | None
    grams: float | None
    mg: float | None
    note: str | None
    created_at: UtcTime


class SupplementOut(_Out):
    id: int
    person: str
    date: dt.date
    compound: str | None
    compound_mg: float | None
    elemental_mg: float | None
    count: float
    created_at: UtcTime


class CheckInOut(_Out):
    id: int
    person: str
    date: dt.date
    signs: dict[str, str]
    burden: float | None
    created_at: UtcTime


class LabOut(_Out):
    id: int
    person: str
    date: dt.date
    analyte: str
    value: float
    unit: str
    mmol_per_l: float
    created_at: UtcTime


class DayOut(_Out):
    """One calendar day of the history; `mg` is a lower bound when `complete` is false."""

    date: dt.date
    logged: bool
    mg: float | None
    entries: int
    entries_with_value: int
    complete: bool
    mean7_mg: float | None


class HistorySummary(_Out):
    person: str
    start: dt.date
    end: dt.date
    standard: str
    life_stage_label: str | None
    ear_mg: float | None
    rda_mg: float | None
    ai_mg: float | None
    rda_name: str
    logged_days: int
    mean_mg: float | None
    days: list[DayOut]
    checkins: list[CheckInOut]
    labs: list[LabOut]
    text: str


class SavedAssessmentOut(_Out):
    """A saved assessment in a listing; the full input and output are in the export."""

    id: int
    person: str
    created_at: UtcTime
    lang: str
    knowledge_version: str
    status_level: str | None
    status_label: str | None
    mean_mg: float | None
    probability_adequate: float | None
