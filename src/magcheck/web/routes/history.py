"""The personal record over the REST API: people, the day's food log, supplements, check-ins, labs.

CRUD under ``/api/v1`` (``persons``, ``log``, ``supplements``, ``checkins``, ``labs``), the ``history``
summary, ``export``/``import`` and an assessment drawn from the record. All of it calls
`magcheck.service.history`, exactly as the CLI does. The pages are in `history_pages` (``/history`` and
``/history/log``) and their forms in `history_forms`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from magcheck.core.errors import input_error
from magcheck.core.models import Assessment
from magcheck.core.validation import IsoDate
from magcheck.core.vocabulary import Sex, Standard
from magcheck.service.history import summary as record_summary
from magcheck.service.history.checkins import add_checkin, list_checkins, remove_checkin
from magcheck.service.history.food_log import add_entry, list_entries, remove_entry
from magcheck.service.history.from_log import assess_from_log
from magcheck.service.history.labs import add_lab, list_labs, remove_lab
from magcheck.service.history.people import add_person, delete_person, list_persons, use_person
from magcheck.service.history.saved import list_assessments
from magcheck.service.history.supplements import add_supplement, list_supplements, remove_supplement
from magcheck.service.history.transfer import export_text, import_text
from magcheck.storage import schemas
from magcheck.storage.import_limits import import_text_from_bytes
from magcheck.web.routes.api import LangDep
from magcheck.web.routes.history_pages import NO_STORE

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input: field-level messages in the chosen language."},
    404: {"description": "Unknown person or id."},
}
_API: dict[str, Any] = {"tags": ["history"], "responses": _ERRORS}


# ---------------------------------------------------------------- API models


class _In(BaseModel):
    # strict like the assessment input: `"age_years": "30"` or `"value": true` is refused (422)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True, allow_inf_nan=False)


class PersonIn(_In):
    name: str = Field(min_length=1, max_length=80)
    age_years: float
    sex: Sex
    pregnant: bool = False
    lactating: bool = False
    standard: Standard = "us"


class EntryIn(_In):
    text: str = Field(
        min_length=1, max_length=300, description='What was eaten, e.g. "2 cups cooked spinach".'
    )
    date: IsoDate | None = None
    person: str | None = None


class SupplementIn(_In):
    compound: str | None = None
    compound_mg: float | None = None
    elemental_mg: float | None = None
    count: float = 1
    date: IsoDate | None = None
    person: str | None = None


class CheckInIn(_In):
    signs: dict[str, str] = Field(description="Sign id → never | sometimes | often | daily.")
    date: IsoDate | None = None
    person: str | None = None


class LabIn(_In):
    value: float
    unit: str = Field(description="mmol/L, mg/dL or mEq/L.")
    date: IsoDate | None = None
    person: str | None = None


PersonQuery = Annotated[
    str | None, Query(max_length=80, description="Whose record (default: the current one).")
]
RowId = Annotated[int, Path(ge=-(2**63), le=2**63 - 1)]
Days = Annotated[int, Query(ge=1, le=366)]


# ---------------------------------------------------------------- API routes


@router.get(
    "/api/v1/persons", tags=["history"], summary="List people", response_model=list[schemas.PersonOut]
)
def api_persons() -> list[schemas.PersonOut]:
    return list_persons()


@router.post("/api/v1/persons", status_code=201, summary="Add a person", **_API)
def api_add_person(body: PersonIn) -> schemas.PersonOut:
    return add_person(body.name, body.age_years, body.sex, body.pregnant, body.lactating, body.standard)


@router.post("/api/v1/persons/{name}/use", summary="Make a person current", **_API)
def api_use_person(name: str) -> schemas.PersonOut:
    return use_person(name)


@router.delete("/api/v1/persons/{name}", summary="Delete a person and all their records", **_API)
def api_delete_person(name: str) -> dict[str, Any]:
    return {"deleted": name, "rows": delete_person(name)}


@router.get("/api/v1/log", summary="Food-log entries", **_API)
def api_entries(person: PersonQuery = None, date: IsoDate | None = None) -> list[schemas.EntryOut]:
    return list_entries(date, person)


@router.post("/api/v1/log", status_code=201, summary="Log a food entry", **_API)
def api_add_entry(body: EntryIn, lang: LangDep) -> schemas.EntryOut:
    return add_entry(body.text, body.date, body.person, lang)


@router.delete("/api/v1/log/{entry_id}", summary="Remove a food entry", **_API)
def api_remove_entry(entry_id: RowId) -> schemas.EntryOut:
    return remove_entry(entry_id)


def _list_and_remove(
    path: str,
    name: str,
    model: Any,  # a schemas.*Out class (Any: mypy refuses list[<a variable>] as a type)
    summaries: tuple[str, str],
    lister: Callable[[str | None], Any],
    remover: Callable[[int], Any],
) -> None:
    """A person's rows of one kind (GET `path`) and removing one by id (DELETE `path/{row_id}`)."""

    def listing(person: PersonQuery = None) -> Any:
        return lister(person)

    def removal(row_id: RowId) -> Any:
        return remover(row_id)

    router.add_api_route(
        path,
        listing,
        methods=["GET"],
        response_model=list[model],
        summary=summaries[0],
        name=f"api_{name}s",
        **_API,
    )
    router.add_api_route(
        path + "/{row_id}",
        removal,
        methods=["DELETE"],
        response_model=model,
        summary=summaries[1],
        name=f"api_remove_{name}",
        **_API,
    )


_list_and_remove(
    "/api/v1/supplements",
    "supplement",
    schemas.SupplementOut,
    ("Logged supplements", "Remove a supplement entry"),
    list_supplements,
    remove_supplement,
)
_list_and_remove(
    "/api/v1/checkins",
    "checkin",
    schemas.CheckInOut,
    ("Sign check-ins", "Remove a check-in"),
    list_checkins,
    remove_checkin,
)
_list_and_remove(
    "/api/v1/labs",
    "lab",
    schemas.LabOut,
    ("Lab results", "Remove a lab result"),
    list_labs,
    remove_lab,
)


@router.post("/api/v1/supplements", status_code=201, summary="Log a supplement", **_API)
def api_add_supplement(body: SupplementIn) -> schemas.SupplementOut:
    return add_supplement(
        body.compound, body.compound_mg, body.elemental_mg, body.count, body.date, body.person
    )


@router.post("/api/v1/checkins", status_code=201, summary="Record a check-in", **_API)
def api_add_checkin(body: CheckInIn) -> schemas.CheckInOut:
    return add_checkin(body.signs, body.date, body.person)


@router.post("/api/v1/labs", status_code=201, summary="Record a lab result", **_API)
def api_add_lab(body: LabIn) -> schemas.LabOut:
    return add_lab(body.value, body.unit, body.date, body.person)


@router.get("/api/v1/history", summary="Daily intake, check-ins and labs over N days", **_API)
def api_summary(lang: LangDep, person: PersonQuery = None, days: Days = 30) -> schemas.HistorySummary:
    return record_summary.summary(person, days, lang=lang)


@router.post("/api/v1/history/assess", summary="Assess from the last N logged days", **_API)
def api_assess_from_log(
    lang: LangDep,
    person: PersonQuery = None,
    days: Days = 7,
    confirmed: Annotated[
        bool, Query(description="The logged amounts are right, even a day that looks implausible.")
    ] = False,
) -> Assessment:
    """Like `magcheck assess --from-log`: intake from the record, latest check-in answers and lab value."""
    return assess_from_log(person, days, lang, confirmed=confirmed)


@router.get("/api/v1/assessments", summary="Saved assessments", **_API)
def api_assessments(person: PersonQuery = None) -> list[schemas.SavedAssessmentOut]:
    return list_assessments(person)


@router.get("/api/v1/export", summary="Export the record (JSON or CSV)", **_API)
def api_export(
    format: Annotated[Literal["json", "csv"], Query()] = "json", person: PersonQuery = None
) -> Response:
    text, _ = export_text(format, person)
    media = "application/json" if format == "json" else "text/csv; charset=utf-8"
    name = f"magcheck-history-{dt.date.today().isoformat()}.{format}"
    return Response(
        text, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"', **NO_STORE}
    )


_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A file written by `magcheck export`: sent as is (JSON or CSV), or uploaded as "
        "the form field `file` (multipart/form-data, as `curl -F file=@export.json` does).",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        },
    }
}


@router.post(
    "/api/v1/import", summary="Import an export file (all or nothing)", openapi_extra=_IMPORT_BODY, **_API
)
async def api_import(request: Request) -> dict[str, int]:
    """The body is a file written by `magcheck export` (JSON or CSV), sent as is or as an upload."""
    field = "body"
    if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        field = "file"
        upload = (await request.form()).get("file")
        if not isinstance(upload, UploadFile):
            raise input_error(field, "errors.missing")
        raw = await upload.read()
    else:
        raw = await request.body()
    return await run_in_threadpool(import_text, import_text_from_bytes(raw, field), field)
