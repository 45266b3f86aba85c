"""Fast repeat logging on the history's day page: copy a day, a usual meal in one tap, favourites.

Each form posts with its CSRF token and answers with the day page (post/redirect/get), or shows the day
page again with the message next to the field (422). All of it goes through `magcheck.recall.repeat`,
scoped to the person the form names.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from magcheck.core.errors import InputError, input_error
from magcheck.recall import repeat
from magcheck.web.routes.history import _day_again, _posted

router = APIRouter(include_in_schema=False)


def _back(person: str | None, day: str | None) -> RedirectResponse:
    query = urlencode({k: v for k, v in (("person", person), ("date", day)) if v})
    return RedirectResponse(f"/history/log?{query}", status_code=303)


@router.post("/history/log/copy")
async def copy_day(request: Request) -> Response:
    """ "Copy yesterday / copy a day": every line of another day logged again on this one."""
    lang, form = await _posted(request)
    person, day = form.get("person") or None, form.get("date") or None
    try:
        await run_in_threadpool(repeat.copy_log_day, person, form.get("copy_from", ""), day, lang)
    except InputError as exc:
        return _day_again(request, lang, person, day, exc, form)
    return _back(person, day)


@router.post("/history/log/template")
async def use_template(request: Request) -> Response:
    """A usual meal's lines logged on this day in one tap."""
    lang, form = await _posted(request)
    person, day = form.get("person") or None, form.get("date") or None

    def work() -> None:
        found = [t for t in repeat.shortcuts(person).templates if str(t.id) == form.get("template")]
        if not found:
            raise input_error("template", "recall.errors.no_template")
        repeat.log_lines(person, found[0].entries, day, lang)

    try:
        await run_in_threadpool(work)
    except InputError as exc:
        return _day_again(request, lang, person, day, exc, form)
    return _back(person, day)


@router.post("/history/template")
async def save_template(request: Request) -> Response:
    """Keep the day's lines as a usual meal under a name."""
    from magcheck import history

    lang, form = await _posted(request)
    person, day = form.get("person") or None, form.get("date") or None

    def work() -> None:
        lines = [e.text for e in history.list_entries(day, person)]
        repeat.save_template(
            person, form.get("template_name", ""), form.get("template_meal", "snacks"), lines
        )

    try:
        await run_in_threadpool(work)
    except InputError as exc:
        return _day_again(request, lang, person, day, exc, form)
    return _back(person, day)


@router.post("/history/favourite")
async def favourite(request: Request) -> Response:
    """Star a line to log it again in one tap (or unstar it)."""
    lang, form = await _posted(request)
    person, day = form.get("person") or None, form.get("date") or None
    try:
        await run_in_threadpool(repeat.toggle_favourite, person, form.get("text", ""))
    except InputError as exc:
        return _day_again(request, lang, person, day, exc, form)
    return _back(person, day)
