"""History in the browser and over the REST API: people, the day's food log, check-ins, labs, trends.

Pages: ``/history`` (charts of daily intake vs EAR/RDA with a 7-day mean, sign burden over time, lab
values; forms for a check-in, a lab value and a new person) and ``/history/log`` (one day's entries with
add/remove). Every form posts with a CSRF token and answers with a redirect (post/redirect/get), or
re-renders the page with the message next to the field. API: CRUD under ``/api/v1`` (``persons``,
``log``, ``supplements``, ``checkins``, ``labs``), the ``history`` summary, ``export``/``import`` and an
assessment drawn from the record. All of it calls `magcheck.history`, exactly as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, Strict

from magcheck import history
from magcheck.accounts.scope import current
from magcheck.core.errors import InputError, MagcheckError, input_error
from magcheck.core.models import SIGN_IDS, Assessment
from magcheck.i18n import Lang, t
from magcheck.recall import repeat
from magcheck.storage import schemas
from magcheck.storage.import_limits import import_text_from_bytes
from magcheck.trends import history_answers
from magcheck.web.errors import message_for
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.routes.api import LangDep
from magcheck.web.templating import NavLink, ResultAction, render

router = APIRouter()
NAV = [NavLink("/history", "history.nav", order=40)]
RESULT_ACTIONS = [ResultAction("/history/save", "history.web.save_result", order=30)]

FREQUENCIES = ("never", "sometimes", "often", "daily")
PERIODS = (7, 30, 90, 365)
_NO_STORE = {"cache-control": "no-store"}

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input: field-level messages in the chosen language."},
    404: {"description": "Unknown person or id."},
}
_API: dict[str, Any] = {"tags": ["history"], "responses": _ERRORS}


# ---------------------------------------------------------------- API models


class _In(BaseModel):
    # strict like the assessment input: `"age_years": "30"` or `"value": true` is refused (422)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True, allow_inf_nan=False)


# JSON has no date type: a date is its ISO text, so dates alone are read laxly
Day = Annotated[dt.date, Strict(False)]


class PersonIn(_In):
    name: str = Field(min_length=1, max_length=80)
    age_years: float
    sex: Literal["female", "male"]
    pregnant: bool = False
    lactating: bool = False
    standard: Literal["us", "cn"] = "us"


class EntryIn(_In):
    text: str = Field(
        min_length=1, max_length=300, description='What was eaten, e.g. "2 cups cooked spinach".'
    )
    date: Day | None = None
    person: str | None = None


class SupplementIn(_In):
    compound: str | None = None
    compound_mg: float | None = None
    elemental_mg: float | None = None
    count: float = 1
    date: Day | None = None
    person: str | None = None


class CheckInIn(_In):
    signs: dict[str, str] = Field(description="Sign id → never | sometimes | often | daily.")
    date: Day | None = None
    person: str | None = None


class LabIn(_In):
    value: float
    unit: str = Field(description="mmol/L, mg/dL or mEq/L.")
    date: Day | None = None
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
    return history.list_persons()


@router.post("/api/v1/persons", status_code=201, summary="Add a person", **_API)
def api_add_person(body: PersonIn) -> schemas.PersonOut:
    return history.add_person(
        body.name, body.age_years, body.sex, body.pregnant, body.lactating, body.standard
    )


@router.post("/api/v1/persons/{name}/use", summary="Make a person current", **_API)
def api_use_person(name: str) -> schemas.PersonOut:
    return history.use_person(name)


@router.delete("/api/v1/persons/{name}", summary="Delete a person and all their records", **_API)
def api_delete_person(name: str) -> dict[str, Any]:
    return {"deleted": name, "rows": history.delete_person(name)}


@router.get("/api/v1/log", summary="Food-log entries", **_API)
def api_entries(person: PersonQuery = None, date: dt.date | None = None) -> list[schemas.EntryOut]:
    return history.list_entries(date, person)


@router.post("/api/v1/log", status_code=201, summary="Log a food entry", **_API)
def api_add_entry(body: EntryIn, lang: LangDep) -> schemas.EntryOut:
    return history.add_entry(body.text, body.date, body.person, lang)


@router.delete("/api/v1/log/{entry_id}", summary="Remove a food entry", **_API)
def api_remove_entry(entry_id: RowId) -> schemas.EntryOut:
    return history.remove_entry(entry_id)


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
    history.list_supplements,
    history.remove_supplement,
)
_list_and_remove(
    "/api/v1/checkins",
    "checkin",
    schemas.CheckInOut,
    ("Sign check-ins", "Remove a check-in"),
    history.list_checkins,
    history.remove_checkin,
)
_list_and_remove(
    "/api/v1/labs",
    "lab",
    schemas.LabOut,
    ("Lab results", "Remove a lab result"),
    history.list_labs,
    history.remove_lab,
)


@router.post("/api/v1/supplements", status_code=201, summary="Log a supplement", **_API)
def api_add_supplement(body: SupplementIn) -> schemas.SupplementOut:
    return history.add_supplement(
        body.compound, body.compound_mg, body.elemental_mg, body.count, body.date, body.person
    )


@router.post("/api/v1/checkins", status_code=201, summary="Record a check-in", **_API)
def api_add_checkin(body: CheckInIn) -> schemas.CheckInOut:
    return history.add_checkin(body.signs, body.date, body.person)


@router.post("/api/v1/labs", status_code=201, summary="Record a lab result", **_API)
def api_add_lab(body: LabIn) -> schemas.LabOut:
    return history.add_lab(body.value, body.unit, body.date, body.person)


@router.get("/api/v1/history", summary="Daily intake, check-ins and labs over N days", **_API)
def api_summary(lang: LangDep, person: PersonQuery = None, days: Days = 30) -> schemas.HistorySummary:
    return history.summary(person, days, lang=lang)


@router.post("/api/v1/history/assess", summary="Assess from the last N logged days", **_API)
def api_assess_from_log(lang: LangDep, person: PersonQuery = None, days: Days = 7) -> Assessment:
    """Like `magcheck assess --from-log`: intake from the record, latest check-in answers and lab value."""
    return history.assess_from_log(person, days, lang)


@router.get("/api/v1/assessments", summary="Saved assessments", **_API)
def api_assessments(person: PersonQuery = None) -> list[schemas.SavedAssessmentOut]:
    return history.list_assessments(person)


@router.get("/api/v1/export", summary="Export the record (JSON or CSV)", **_API)
def api_export(
    format: Annotated[Literal["json", "csv"], Query()] = "json", person: PersonQuery = None
) -> Response:
    text, _ = history.export_text(format, person)
    media = "application/json" if format == "json" else "text/csv; charset=utf-8"
    name = f"magcheck-history-{dt.date.today().isoformat()}.{format}"
    return Response(
        text, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"', **_NO_STORE}
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
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    field = "body"
    if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        field = "file"
        upload = (await request.form()).get("file")
        if not isinstance(upload, UploadFile):
            raise input_error(field, "errors.missing")
        raw = await upload.read()
    else:
        raw = await request.body()
    return await run_in_threadpool(history.import_text, import_text_from_bytes(raw, field), field)


# ---------------------------------------------------------------- pages


def _qs(**params: Any) -> str:
    """A query string for a link or redirect of these pages; a clinician reading a client's record
    (``?client=NAME``) keeps reading it."""
    client = current().client
    if client:
        params.setdefault("client", client)
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _see(path: str, **params: Any) -> RedirectResponse:
    """Post/redirect/get: a form that worked answers with the page to look at next."""
    query = _qs(**params)
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


def _chosen(persons: list[schemas.PersonOut], name: str | None) -> schemas.PersonOut | None:
    if name:
        for p in persons:
            if p.name == name or p.name.lower() == name.lower():
                return p
        return None
    current = [p for p in persons if p.current]
    if current:
        return current[0]
    return persons[0] if len(persons) == 1 else None


def _errors(exc: MagcheckError, lang: Lang) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in exc.problems:
        out.setdefault(p.field.split(".")[0], []).append(message_for(p, lang))
    return out


def _history_page(
    request: Request,
    lang: Lang,
    person: str | None,
    days: int,
    errors: dict[str, list[str]] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    from magcheck.charts import burden_chart, trend_chart

    persons = history.list_persons()
    chosen = _chosen(persons, person)
    summary = charts = adequacy = None
    trends: list[Any] = []
    saved: list[schemas.SavedAssessmentOut] = []
    if chosen is not None:
        summary = history.summary(chosen.name, days, lang=lang)
        adequacy, trends = history_answers(chosen.name, days, summary, lang)
        saved = history.list_assessments(chosen.name)[::-1][:20]
        charts = {
            "intake": trend_chart(
                [d.date for d in summary.days],
                [d.mg for d in summary.days],
                summary.ear_mg,
                summary.rda_mg,
                lang,
                ai=summary.ai_mg,
                rda_name=summary.rda_name,
            ),
            "burden": burden_chart(
                [c.date for c in summary.checkins],
                [c.burden or 0.0 for c in summary.checkins],
                lang,
                max_value=1.0,
            )
            if summary.checkins
            else None,
        }
    return render(
        request,
        "history_overview.html",
        lang,
        status_code=status_code,
        headers=_NO_STORE,
        persons=persons,
        person=chosen,
        summary=summary,
        adequacy=adequacy,
        trends=trends,
        saved=saved,
        charts=charts,
        days=days,
        periods=PERIODS,
        sign_ids=SIGN_IDS,
        frequencies=FREQUENCIES,
        sign_names=_sign_names(lang),
        errors=errors or {},
        values=values or {},
        today=history.today().isoformat(),
        qs=_qs,
        disclaimer=t("history.disclaimer", lang),
    )


def _history_again(
    request: Request, lang: Lang, person: str | None, exc: MagcheckError, values: dict[str, str] | None = None
) -> Response:
    """The history page once more, with the form's problems next to its fields (422)."""
    return _history_page(request, lang, person, 30, _errors(exc, lang), values, status_code=422)


def _sign_names(lang: Lang) -> dict[str, str]:
    from magcheck.knowledge.loader import load_knowledge

    try:
        base = load_knowledge()
        return {s.id: s.name.get(lang) for s in base.signs}
    except (MagcheckError, AttributeError):
        return {s: s for s in SIGN_IDS}


@router.get("/history", include_in_schema=False)
def history_page(request: Request, person: str | None = None, days: int = 30) -> Response:
    lang = page_lang(request)
    return _history_page(request, lang, person, days if days in PERIODS else 30)


def _day_page(
    request: Request,
    lang: Lang,
    person: str | None,
    day: str | None,
    errors: dict[str, list[str]] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    persons = history.list_persons()
    chosen = _chosen(persons, person)
    try:
        when = history.parse_day(day) if day else history.today()
    except InputError as exc:
        errors = {**(errors or {}), **_errors(exc, lang)}
        when = history.today()
    entries = history.list_entries(when, chosen.name) if chosen else []
    supplements = history.list_supplements(chosen.name, when) if chosen else []
    known = sum(e.mg for e in entries if e.mg is not None)
    missing = sum(1 for e in entries if e.mg is None)
    shortcuts = repeat.shortcuts(chosen.name if chosen else None)
    return render(
        request,
        "history_day.html",
        lang,
        status_code=status_code,
        headers=_NO_STORE,
        persons=persons,
        person=chosen,
        day=when,
        prev_day=when - dt.timedelta(days=1),
        next_day=when + dt.timedelta(days=1) if when < history.today() else None,
        entries=entries,
        supplements=supplements,
        shortcuts=shortcuts,
        other_days=[d for d in shortcuts.logged_days if d != when],
        total=known,
        missing=missing,
        errors=errors or {},
        values=values or {},
        qs=_qs,
        disclaimer=t("history.disclaimer", lang),
    )


def _day_again(
    request: Request,
    lang: Lang,
    person: str | None,
    day: str | None,
    exc: MagcheckError,
    values: dict[str, str],
) -> Response:
    """The day page once more, with the form's problems and what was typed (422)."""
    return _day_page(request, lang, person, day, _errors(exc, lang), values, status_code=422)


@router.get("/history/log", include_in_schema=False)
def day_page(request: Request, person: str | None = None, date: str | None = None) -> Response:
    return _day_page(request, page_lang(request), person, date)


async def _form(request: Request) -> dict[str, str]:
    """The form's text fields; a bad CSRF token raises `CsrfError` (answered by the app-wide handler)."""
    form = await require_csrf(request)
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def _posted(request: Request) -> tuple[Lang, dict[str, str]]:
    """The page's language and the posted form's text fields."""
    return page_lang(request), await _form(request)


def _number(form: dict[str, str], key: str, field: str) -> float | None:
    """A number typed into a form ("1,5" too); empty → None; anything else is a field error."""
    raw = form.get(key, "")
    text = raw.strip().replace(",", ".")
    try:
        return float(text) if text else None
    except ValueError:
        raise input_error(field, "errors.not_a_number", value=raw) from None


def _required_number(form: dict[str, str], key: str, field: str) -> float:
    value = _number(form, key, field)
    if value is None:
        raise input_error(field, "errors.not_a_number", value="")
    return value


@router.post("/history/log/add", include_in_schema=False)
async def day_add(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    lang, form = await _posted(request)
    person, day = form.get("person") or None, form.get("date") or None
    try:
        await run_in_threadpool(history.add_entry, form.get("text", ""), day, person, lang)
    except InputError as exc:
        return _day_again(request, lang, person, day, exc, form)
    return _see("/history/log", person=person, date=day)


async def _remove_from_day(request: Request, remove: Callable[[int], object]) -> Response:
    """A day page's Remove button: the row with the posted id goes, and the same day is shown again."""
    from starlette.concurrency import run_in_threadpool

    form = await _form(request)
    row_id = form.get("id", "")
    if row_id.isdigit():
        await run_in_threadpool(remove, int(row_id))
    return _see("/history/log", person=form.get("person"), date=form.get("date"))


@router.post("/history/log/remove", include_in_schema=False)
async def day_remove(request: Request) -> Response:
    return await _remove_from_day(request, history.remove_entry)


@router.post("/history/person", include_in_schema=False)
async def person_add(request: Request) -> Response:
    lang, form = await _posted(request)
    state = form.get("state", "")
    try:
        added = history.add_person(
            form.get("name", ""),
            _required_number(form, "age_years", "profile.age_years"),
            form.get("sex", ""),
            state == "pregnant",
            state == "lactating",
            form.get("standard", "us"),
        )
        history.use_person(added.name)
    except InputError as exc:
        return _history_again(request, lang, None, exc, form)
    return _see("/history", person=added.name)


@router.post("/history/checkin", include_in_schema=False)
async def checkin_add(request: Request) -> Response:
    lang, form = await _posted(request)
    person = form.get("person") or None
    signs = {s: form[f"sign.{s}"] for s in SIGN_IDS if form.get(f"sign.{s}")}
    try:
        history.add_checkin(signs, form.get("date") or None, person)
    except InputError as exc:
        return _history_again(request, lang, person, exc, form)
    return _see("/history", person=person)


@router.post("/history/lab", include_in_schema=False)
async def lab_add(request: Request) -> Response:
    lang, form = await _posted(request)
    person = form.get("person") or None
    try:
        value = _required_number(form, "value", "value")
        history.add_lab(value, form.get("unit", ""), form.get("date") or None, person)
    except InputError as exc:
        return _history_again(request, lang, person, exc, form)
    return _see("/history", person=person)


@router.post("/history/save", include_in_schema=False)
async def save_result(request: Request) -> Response:
    """The results page's "Save to my history" button: the same input, assessed again and kept."""
    from starlette.concurrency import run_in_threadpool

    from magcheck.web.errors import page_error

    lang, form = await _posted(request)
    try:
        name, saved_id = await run_in_threadpool(
            history.save_input_text, form.get("input_json", ""), lang, None, form.get("name") or None
        )
    except InputError as exc:
        return page_error(request, 422, "history.web.save_failed", exc.problems)
    return RedirectResponse(f"/history?{_qs(person=name)}#saved-{saved_id}", status_code=303)


@router.post("/history/supplement/add", include_in_schema=False)
async def supplement_add(request: Request) -> Response:
    lang, form = await _posted(request)
    person, day = form.get("person") or None, form.get("date") or None
    try:
        numbers = {k: _number(form, k, "supplement") for k in ("compound_mg", "elemental_mg", "count")}
        history.add_supplement(
            form.get("compound") or None,
            numbers["compound_mg"],
            numbers["elemental_mg"],
            numbers["count"] or 1,
            day,
            person,
        )
    except InputError as exc:
        return _day_again(request, lang, person, day, exc, form)
    return _see("/history/log", person=person, date=day)


@router.post("/history/supplement/remove", include_in_schema=False)
async def supplement_remove(request: Request) -> Response:
    return await _remove_from_day(request, history.remove_supplement)


@router.post("/history/person/delete", include_in_schema=False)
async def person_delete(request: Request) -> Response:
    """Deleting a person needs the confirmation box ticked: it removes every record of theirs."""
    lang, form = await _posted(request)
    name = form.get("person", "")
    if form.get("confirm") != "yes":
        return _history_again(
            request, lang, name, input_error("confirm", "history.web.delete_confirm_needed")
        )
    history.delete_person(name)
    return _see("/history")


@router.post("/history/import", include_in_schema=False)
async def import_file(request: Request) -> Response:
    """Upload an export file (JSON or CSV); all of it is imported, or nothing."""
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    lang = page_lang(request)
    form = await require_csrf(request)
    upload = form.get("file")
    raw = await upload.read() if isinstance(upload, UploadFile) else b""
    try:
        text = import_text_from_bytes(raw, "file")
        if not text.strip():
            raise input_error("file", "errors.missing")
        counts = await run_in_threadpool(history.import_text, text, "file")
    except InputError as exc:
        return _history_again(request, lang, None, exc)
    return _see("/history", imported=counts["persons"], entries=counts["entries"])
