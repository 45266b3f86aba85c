"""The history pages' forms: log or remove an entry or a supplement, add a person, a check-in, a lab
value, save a result, delete a person, import a file.

Every form posts with its CSRF token and answers with a redirect (post/redirect/get), or shows its page
again with the message next to the field (422).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from magcheck.core.errors import InputError, input_error
from magcheck.core.vocabulary import SIGN_IDS
from magcheck.i18n import Lang
from magcheck.service.history.checkins import add_checkin
from magcheck.service.history.food_log import add_entry, remove_entry
from magcheck.service.history.labs import add_lab
from magcheck.service.history.people import add_person, delete_person, use_person
from magcheck.service.history.saved import save_input_text
from magcheck.service.history.supplements import add_supplement, remove_supplement
from magcheck.service.history.transfer import import_text
from magcheck.storage.import_limits import import_text_from_bytes
from magcheck.web.errors import page_error
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.routes.history_pages import (
    change_day,
    change_history,
    form_fields,
    history_again,
    number,
    posted,
    qs,
    required_number,
    see,
)

router = APIRouter()


@router.post("/history/log/add", include_in_schema=False)
async def day_add(request: Request) -> Response:
    def change(person: str | None, day: str | None, lang: Lang, form: dict[str, str]) -> object:
        return add_entry(form.get("text", ""), day, person, lang)

    return await change_day(request, change)


async def _remove_from_day(request: Request, remove: Callable[[int], object]) -> Response:
    """A day page's Remove button: the row with the posted id goes, and the same day is shown again."""

    form = await form_fields(request)
    row_id = form.get("id", "")
    if row_id.isdigit():
        await run_in_threadpool(remove, int(row_id))
    return see("/history/log", person=form.get("person"), date=form.get("date"))


@router.post("/history/log/remove", include_in_schema=False)
async def day_remove(request: Request) -> Response:
    return await _remove_from_day(request, remove_entry)


@router.post("/history/person", include_in_schema=False)
async def person_add(request: Request) -> Response:
    lang, form = await posted(request)
    state = form.get("state", "")
    try:
        added = add_person(
            form.get("name", ""),
            required_number(form, "age_years", "profile.age_years"),
            form.get("sex", ""),
            state == "pregnant",
            state == "lactating",
            form.get("standard", "us"),
        )
        use_person(added.name)
    except InputError as exc:
        return history_again(request, lang, None, exc, form)
    return see("/history", person=added.name)


@router.post("/history/checkin", include_in_schema=False)
async def checkin_add(request: Request) -> Response:
    def change(person: str | None, day: str | None, lang: Lang, form: dict[str, str]) -> object:
        return add_checkin({s: form[f"sign.{s}"] for s in SIGN_IDS if form.get(f"sign.{s}")}, day, person)

    return await change_history(request, change)


@router.post("/history/lab", include_in_schema=False)
async def lab_add(request: Request) -> Response:
    def change(person: str | None, day: str | None, lang: Lang, form: dict[str, str]) -> object:
        return add_lab(required_number(form, "value", "value"), form.get("unit", ""), day, person)

    return await change_history(request, change)


@router.post("/history/save", include_in_schema=False)
async def save_result(request: Request) -> Response:
    """The results page's "Save to my history" button: the same input, assessed again and kept."""

    lang, form = await posted(request)
    try:
        name, saved_id = await run_in_threadpool(
            save_input_text, form.get("input_json", ""), lang, None, form.get("name") or None
        )
    except InputError as exc:
        return page_error(request, 422, "history.web.save_failed", exc.problems)
    return RedirectResponse(f"/history?{qs(person=name)}#saved-{saved_id}", status_code=303)


@router.post("/history/supplement/add", include_in_schema=False)
async def supplement_add(request: Request) -> Response:
    def change(person: str | None, day: str | None, lang: Lang, form: dict[str, str]) -> object:
        numbers = {k: number(form, k, "supplement") for k in ("compound_mg", "elemental_mg", "count")}
        return add_supplement(
            form.get("compound") or None,
            numbers["compound_mg"],
            numbers["elemental_mg"],
            numbers["count"] or 1,
            day,
            person,
        )

    return await change_day(request, change)


@router.post("/history/supplement/remove", include_in_schema=False)
async def supplement_remove(request: Request) -> Response:
    return await _remove_from_day(request, remove_supplement)


@router.post("/history/person/delete", include_in_schema=False)
async def person_delete(request: Request) -> Response:
    """Deleting a person needs the confirmation box ticked: it removes every record of theirs."""
    lang, form = await posted(request)
    name = form.get("person", "")
    if form.get("confirm") != "yes":
        return history_again(request, lang, name, input_error("confirm", "history.web.delete_confirm_needed"))
    delete_person(name)
    return see("/history")


@router.post("/history/import", include_in_schema=False)
async def import_file(request: Request) -> Response:
    """Upload an export file (JSON or CSV); all of it is imported, or nothing."""

    lang = page_lang(request)
    form = await require_csrf(request)
    upload = form.get("file")
    raw = await upload.read() if isinstance(upload, UploadFile) else b""
    try:
        text = import_text_from_bytes(raw, "file")
        if not text.strip():
            raise input_error("file", "errors.missing")
        counts = await run_in_threadpool(import_text, text, "file")
    except InputError as exc:
        return history_again(request, lang, None, exc)
    return see("/history", imported=counts["persons"], entries=counts["entries"])
