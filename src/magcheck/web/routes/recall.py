"""The guided recall in the browser: four passes over a server-side draft, the result at its own URL.

Every pass is a GET page (``/recall/{id}/{step}``) and a POST that saves the answers and redirects
(post/redirect/get), so Back/Forward and a reload show what was answered; the draft lives in the private
history database under a random id and is bound to this browser by a key cookie (only its hash is
stored). Typing is saved as it happens (``/api/v1/recall/{id}/autosave``, same-origin JSON with the CSRF
token), so switching language or reloading mid-sentence loses nothing. The finished recall opens at
``/results/{id}`` (a GET URL: bookmarkable, and recomputed in the page's language, after a restart too).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from magcheck.core.errors import FieldProblem, InputError, NotFoundError
from magcheck.foods.store import FoodStore
from magcheck.i18n import Lang
from magcheck.i18n.problems import message_for
from magcheck.recall import drafts, flow, repeat
from magcheck.recall.model import STEPS
from magcheck.service import recall as recall_service
from magcheck.storage.record_rules import parse_day
from magcheck.web import recall_forms
from magcheck.web import recall_views as views
from magcheck.web.browser_drafts import key_of, key_or_new, load, see
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.routes.pages import classic_result
from magcheck.web.security import CSRF_COOKIE, csrf_valid
from magcheck.web.templating import NavLink, render

router = APIRouter(include_in_schema=False)
NAV = [NavLink("/recall", "recall.nav", order=15)]

_NO_STORE = {"cache-control": "no-store"}


@router.get("/recall")
def recall_start(request: Request) -> Response:
    """The start page: what the recall is, a date, and the way to copy a day or use a usual meal later."""
    lang = page_lang(request)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    return render(
        request,
        "recall_start.html",
        lang,
        headers=_NO_STORE,
        yesterday=yesterday.isoformat(),
        open_drafts=drafts.open_for(key_of(request)),
    )


@router.post("/recall")
async def recall_create(request: Request) -> Response:
    lang = page_lang(request)
    form = await require_csrf(request)
    raw = form.get("date")
    day = None
    if isinstance(raw, str) and raw.strip():
        try:
            day = parse_day(raw)
        except InputError as exc:
            yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
            return render(
                request,
                "recall_start.html",
                lang,
                status_code=422,
                headers=_NO_STORE,
                yesterday=yesterday,
                open_drafts=drafts.open_for(key_of(request)),
                errors=[message_for(p, lang) for p in exc.problems],
            )
    key, fresh_key = key_or_new(request)
    stored = await run_in_threadpool(drafts.create, lang, day, repeat.current_person_name(), key)
    return see(f"/recall/{stored.id}/quick", fresh_key)


@router.get("/recall/{draft_id}")
def recall_resume(request: Request, draft_id: str) -> Response:
    stored = load(request, draft_id)
    return see(f"/recall/{draft_id}/{stored.draft.step}")


@router.get("/recall/{draft_id}/{step}")
def recall_step(request: Request, draft_id: str, step: str) -> Response:
    if step not in STEPS:
        raise NotFoundError([FieldProblem("step", "recall.errors.no_step", {"value": step})])
    stored = load(request, draft_id)
    return views.step_page(request, page_lang(request), stored, step)


class Autosave(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quick: dict[str, str] = Field(default_factory=dict, max_length=10)
    probes: dict[str, str] = Field(default_factory=dict, max_length=20)


@router.post("/api/v1/recall/{draft_id}/autosave")
async def recall_autosave(request: Request, draft_id: str, body: Autosave) -> Response:
    """Keep what is being typed (not yet read as foods): a reload or a language switch shows it again."""
    token = request.headers.get("x-csrf-token")
    if not csrf_valid(request.cookies.get(CSRF_COOKIE), token):
        return JSONResponse({"detail": [{"field": "csrf_token", "code": "web.errors.csrf"}]}, status_code=403)

    def work() -> None:
        stored = load(request, draft_id)
        drafts.save(draft_id, flow.save_texts(stored.draft, body.quick, body.probes), key_of(request))

    await run_in_threadpool(work)
    return JSONResponse({"saved": True}, headers=_NO_STORE)


@router.get("/results/{draft_id}")
def result_page(request: Request, draft_id: str) -> Response:
    stored = load(request, draft_id)
    if stored.draft.classic is not None:
        return classic_result(request, page_lang(request), stored.draft.classic)
    if stored.status != "finished":
        return see(f"/recall/{draft_id}/{stored.draft.step}")
    return views.result_page(request, page_lang(request), stored)


async def _posted(request: Request, draft_id: str) -> tuple[Lang, FormData, drafts.Stored]:
    """A form posted from the result page: its language, its fields (CSRF checked) and the draft."""
    lang = page_lang(request)
    form = await require_csrf(request)
    return lang, form, await run_in_threadpool(load, request, draft_id)


@router.post("/recall/{draft_id}/save")
async def recall_save(request: Request, draft_id: str) -> Response:
    """ "Save to my history": on a first visit this creates the person (the name is optional)."""
    lang, form, stored = await _posted(request, draft_id)
    name = form.get("name")
    try:
        kept, person, person_id, _ = await run_in_threadpool(
            recall_service.save_to_history, stored.draft, name if isinstance(name, str) else None, lang
        )
    except InputError as exc:
        return views.result_page(
            request, lang, stored, save_errors=[message_for(p, lang) for p in exc.problems], status_code=422
        )
    await run_in_threadpool(drafts.save, draft_id, kept, key_of(request), None, person_id)
    return see(f"/history?{urlencode({'person': person, 'saved': draft_id})}")


@router.post("/recall/{draft_id}/another")
async def recall_another(request: Request, draft_id: str) -> Response:
    """Start another (non-consecutive) day in the same recall."""
    lang, form, stored = await _posted(request, draft_id)
    raw = form.get("date")
    try:
        day = parse_day(raw if isinstance(raw, str) and raw.strip() else None, field="date")
        draft = flow.add_day(stored.draft, day)
    except InputError as exc:
        return views.result_page(
            request, lang, stored, day_errors=[message_for(p, lang) for p in exc.problems], status_code=422
        )
    await run_in_threadpool(drafts.save, draft_id, draft, key_of(request), "open")
    return see(f"/recall/{draft_id}/quick")


@router.post("/recall/{draft_id}/edit")
async def recall_edit(request: Request, draft_id: str) -> Response:
    await require_csrf(request)
    stored = await run_in_threadpool(load, request, draft_id)
    await run_in_threadpool(drafts.save, draft_id, stored.draft, key_of(request), "open")
    return see(f"/recall/{draft_id}/review")


@router.post("/recall/{draft_id}/discard")
async def recall_discard(request: Request, draft_id: str) -> Response:
    await require_csrf(request)
    await run_in_threadpool(drafts.discard, draft_id, key_of(request))
    return see("/recall")


# registered last: the fixed paths above (save, another, edit, discard) must win over {step}
@router.post("/recall/{draft_id}/{step}")
async def recall_post(request: Request, draft_id: str, step: str) -> Response:
    """Save a pass's answers, then go where the pressed button says (next, back, or stay for an action)."""
    lang = page_lang(request)
    form = await require_csrf(request)
    if step not in STEPS:
        raise NotFoundError([FieldProblem("step", "recall.errors.no_step", {"value": step})])
    stored = await run_in_threadpool(load, request, draft_id)
    action = form.get("action")
    action = action if isinstance(action, str) else "next"
    draft = stored.draft
    store = FoodStore.open_default()
    try:
        draft, target = await run_in_threadpool(recall_forms.apply, draft, step, action, form, store, lang)
    except InputError as exc:
        draft = exc.draft if isinstance(exc, recall_forms.Rejected) else draft
        await run_in_threadpool(drafts.save, draft_id, draft, key_of(request))
        errors: dict[str, list[str]] = {}
        for problem in exc.problems:
            name = problem.field.replace("profile.", "about.", 1)
            errors.setdefault(name, []).append(message_for(problem, lang))
        fresh = drafts.Stored(
            stored.id, stored.owner, stored.status, stored.lang, draft, stored.person_id, stored.updated_at
        )
        return views.step_page(request, lang, fresh, step, errors=errors, status_code=422, form=form)
    if target == "result":
        draft.step = "review"
        await run_in_threadpool(drafts.save, draft_id, draft, key_of(request), "finished")
        return see(f"/results/{draft_id}")
    draft.step = target if target in STEPS else step
    await run_in_threadpool(drafts.save, draft_id, draft, key_of(request))
    anchor = f"#{action.split(':')[1]}" if action.count(":") >= 1 and target == step else ""
    return see(f"/recall/{draft_id}/{draft.step}{anchor}")
