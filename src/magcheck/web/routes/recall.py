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
import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from magcheck.core.errors import FieldProblem, InputError, MagcheckError, NotFoundError, input_error
from magcheck.core.models import AssessmentInput
from magcheck.core.vocabulary import SEXES, STANDARDS
from magcheck.i18n import Lang
from magcheck.i18n.problems import message_for
from magcheck.recall import drafts, flow, repeat
from magcheck.recall.model import MEALS, PROBES, STEPS, Draft
from magcheck.service import recall as recall_service
from magcheck.web import recall_views as views
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.security import CSRF_COOKIE, csrf_valid
from magcheck.web.templating import NavLink, render

router = APIRouter(include_in_schema=False)
NAV = [NavLink("/recall", "recall.nav", order=15)]

KEY_COOKIE = "magcheck_recall_key"
_NO_STORE = {"cache-control": "no-store"}
_NEXT = {"quick": "forgotten", "forgotten": "details", "details": "review"}
_BACK = {"forgotten": "quick", "details": "forgotten", "review": "details"}


def _key(request: Request) -> str | None:
    return request.cookies.get(KEY_COOKIE)


def _see(path: str, key: str | None = None) -> RedirectResponse:
    response = RedirectResponse(path, status_code=303)
    if key is not None:
        response.set_cookie(KEY_COOKIE, key, max_age=400 * 24 * 3600, httponly=True, samesite="lax", path="/")
    return response


def _store() -> Any:
    from magcheck.foods.store import FoodStore

    return FoodStore.open_default()


def _load(request: Request, draft_id: str) -> drafts.Stored:
    return drafts.get(draft_id, _key(request))


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
        open_drafts=drafts.open_for(_key(request)),
    )


@router.post("/recall")
async def recall_create(request: Request) -> Response:
    lang = page_lang(request)
    form = await require_csrf(request)
    raw = form.get("date")
    day = None
    if isinstance(raw, str) and raw.strip():
        from magcheck.storage.record_rules import parse_day

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
                open_drafts=drafts.open_for(_key(request)),
                errors=[message_for(p, lang) for p in exc.problems],
            )
    key = _key(request)
    fresh_key = None
    if not key:
        from magcheck.recall.model import new_id

        key = fresh_key = new_id(24)
    stored = await run_in_threadpool(drafts.create, lang, day, repeat.current_person_name(), key)
    return _see(f"/recall/{stored.id}/quick", fresh_key)


@router.get("/recall/{draft_id}")
def recall_resume(request: Request, draft_id: str) -> Response:
    stored = _load(request, draft_id)
    return _see(f"/recall/{draft_id}/{stored.draft.step}")


@router.get("/recall/{draft_id}/{step}")
def recall_step(request: Request, draft_id: str, step: str) -> Response:
    if step not in STEPS:
        raise NotFoundError([FieldProblem("step", "recall.errors.no_step", {"value": step})])
    stored = _load(request, draft_id)
    return views.step_page(request, page_lang(request), stored, step)


def _texts(form: Any, prefix: str, names: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for name in names:
        raw = form.get(f"{prefix}.{name}")
        out[name] = raw if isinstance(raw, str) else ""
    return out


def _float(raw: Any, field: str) -> float | None:
    text = raw.strip().replace(",", ".").replace("，", ".") if isinstance(raw, str) else ""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise input_error(field, "errors.not_a_number", value=raw) from None
    if not math.isfinite(value):
        raise input_error(field, "errors.not_a_number", value=raw)
    return value


class _Rejected(InputError):
    """Some answers of a pass were invalid: the others are kept (`draft`) and shown with the messages."""

    def __init__(self, problems: list[FieldProblem], draft: Draft) -> None:
        super().__init__(problems)
        self.draft = draft


def _portions(draft: Draft, form: Any, lang: Lang) -> tuple[Draft, list[FieldProblem]]:
    """Apply every item's amount, unit and meal from a details or review form (errors collected)."""
    store = _store()
    problems = []
    for item in list(draft.day.items):
        prefix = f"item.{item.id}"
        if f"{prefix}.amount" not in form and f"{prefix}.meal" not in form:
            continue
        try:
            amount = _float(form.get(f"{prefix}.amount"), f"{prefix}.amount")
            unit = form.get(f"{prefix}.unit")
            meal = form.get(f"{prefix}.meal")
            unchanged = amount == item.amount and (unit in (None, item.unit))
            draft = flow.set_portion(
                draft,
                item.id,
                None if unchanged else amount,
                unit if isinstance(unit, str) and unit else item.unit,
                meal if isinstance(meal, str) else None,
                store,
                lang,
            )
        except MagcheckError as exc:
            problems.extend(exc.problems)
    return draft, problems


def _about(draft: Draft, form: Any) -> tuple[Draft, list[FieldProblem]]:
    out = draft.model_copy(deep=True)
    about = out.about.model_dump()
    problems = []
    try:
        about["age_years"] = _float(form.get("about.age_years"), "about.age_years")
    except InputError as exc:
        problems.extend(exc.problems)
    for name, allowed in (
        ("sex", SEXES),
        ("state", ("none", "pregnant", "lactating")),
        ("standard", STANDARDS),
    ):
        raw = form.get(f"about.{name}")
        if isinstance(raw, str) and raw in allowed:
            about[name] = raw
    about["confirm"] = form.get("about.confirm") == "yes"
    out.about = type(out.about).model_validate(about)
    return out, problems


def _apply(draft: Draft, step: str, action: str, form: Any, store: Any, lang: Lang) -> tuple[Draft, str]:
    """The new draft and the step to show next ("result" once finished)."""
    if step == "quick":
        draft = flow.set_quick(draft, _texts(form, "meal", MEALS), store, lang)
        raw_day = form.get("date")
        if isinstance(raw_day, str) and raw_day.strip():
            draft = _set_date(draft, raw_day)
        if action.startswith("template:"):
            draft = repeat.apply_template(draft, action.removeprefix("template:"), store, lang)
            return draft, "quick"
        if action == "copy":
            source = form.get("copy_from")
            draft = repeat.copy_day(draft, source if isinstance(source, str) else "", store, lang)
            return draft, "quick"
        if action.startswith("recent:"):
            meal = form.get("recent_meal")
            draft = flow.add_items(draft, action.removeprefix("recent:"), _meal(meal), store, lang, "copied")
            return draft, "quick"
        return draft, _goto(action, "forgotten")
    if step == "forgotten":
        draft = flow.set_probes(draft, _texts(form, "probe", PROBES), store, lang)
        return draft, _goto(action, "quick" if action == "back" else "details")
    if step in ("details", "review"):
        draft, problems = _portions(draft, form, lang)
        if step == "review":
            draft, more = _about(draft, form)
            problems += more
        if problems:
            raise _Rejected(problems, draft)
            extra = form.get("final")
            if isinstance(extra, str) and extra.strip():
                draft = flow.add_items(draft, extra, _meal(form.get("final_meal")), store, lang, "final")
                if action == "add_final":
                    return draft, "review"
        kind, _, rest = action.partition(":")
        if kind == "pick":
            item_id, _, food_id = rest.partition(":")
            return flow.pick(draft, item_id, food_id, store, lang), step
        if kind == "retype":
            text = form.get(f"item.{rest}.text")
            return flow.retype(draft, rest, text if isinstance(text, str) else "", store, lang), step
        if kind == "remove":
            return flow.remove(draft, rest), step
        if kind == "add":
            text = form.get("add_text")
            if isinstance(text, str) and text.strip():
                draft = flow.add_items(draft, text, _meal(form.get("add_meal")), store, lang)
            return draft, step
        if action == "back":
            return draft, _BACK[step]
        if kind == "goto" and rest in STEPS:
            return draft, rest
        if step == "details":
            return draft, "review"
        try:  # the same checks the result will make (plausibility too), as field messages
            recall_service.assess_draft(draft, lang)
        except InputError as exc:
            raise _Rejected(exc.problems, draft) from None
        return draft, "result"
    return draft, step


def _goto(action: str, default: str) -> str:
    """Where a pass-list link (posted as ``goto:<step>``) or the default button leads."""
    kind, _, step = action.partition(":")
    return step if kind == "goto" and step in STEPS else default


def _meal(raw: Any) -> Any:
    return raw if isinstance(raw, str) and raw in MEALS else "snacks"


def _set_date(draft: Draft, raw: str) -> Draft:
    from magcheck.storage.record_rules import parse_day

    day = parse_day(raw, field="date")
    if day != draft.day.date and any(d.date == day for d in draft.days[:-1]):
        raise input_error("date", "recall.errors.same_day", value=day.isoformat())
    out = draft.model_copy(deep=True)
    out.day.date = day
    return out


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
        stored = _load(request, draft_id)
        drafts.save(draft_id, flow.save_texts(stored.draft, body.quick, body.probes), _key(request))

    await run_in_threadpool(work)
    return JSONResponse({"saved": True}, headers=_NO_STORE)


def keep_classic(request: Request, inp: AssessmentInput, lang: Lang) -> Response:
    """Keep a classic /assess form's finished input as a finished draft and answer 303 to its own GET URL.

    The same storage as a recall's result (private database, bound to this browser's key), so the
    result can be bookmarked, reached with Back, and reopened after a restart.
    """
    key = _key(request)
    fresh_key = None
    if not key:
        from magcheck.recall.model import new_id

        key = fresh_key = new_id(24)
    stored = drafts.create(lang, None, None, key)
    draft = stored.draft.model_copy(update={"classic": inp.model_dump(mode="json", exclude_none=True)})
    drafts.save(stored.id, draft, key, "finished")
    return _see(f"/results/{stored.id}?lang={lang}", fresh_key)  # the page keeps the form's language


@router.get("/results/{draft_id}")
def result_page(request: Request, draft_id: str) -> Response:
    stored = _load(request, draft_id)
    if stored.draft.classic is not None:
        from magcheck.web.routes.pages import classic_result

        return classic_result(request, page_lang(request), stored.draft.classic)
    if stored.status != "finished":
        return _see(f"/recall/{draft_id}/{stored.draft.step}")
    return views.result_page(request, page_lang(request), stored)


@router.post("/recall/{draft_id}/save")
async def recall_save(request: Request, draft_id: str) -> Response:
    """ "Save to my history": on a first visit this creates the person (the name is optional)."""
    lang = page_lang(request)
    form = await require_csrf(request)
    stored = await run_in_threadpool(_load, request, draft_id)
    name = form.get("name")
    try:
        kept, person, person_id, _ = await run_in_threadpool(
            recall_service.save_to_history, stored.draft, name if isinstance(name, str) else None, lang
        )
    except InputError as exc:
        return views.result_page(
            request, lang, stored, save_errors=[message_for(p, lang) for p in exc.problems], status_code=422
        )
    await run_in_threadpool(drafts.save, draft_id, kept, _key(request), None, person_id)
    from urllib.parse import urlencode

    return _see(f"/history?{urlencode({'person': person, 'saved': draft_id})}")


@router.post("/recall/{draft_id}/another")
async def recall_another(request: Request, draft_id: str) -> Response:
    """Start another (non-consecutive) day in the same recall."""
    lang = page_lang(request)
    form = await require_csrf(request)
    stored = await run_in_threadpool(_load, request, draft_id)
    from magcheck.storage.record_rules import parse_day

    raw = form.get("date")
    try:
        day = parse_day(raw if isinstance(raw, str) and raw.strip() else None, field="date")
        draft = flow.add_day(stored.draft, day)
    except InputError as exc:
        return views.result_page(
            request, lang, stored, day_errors=[message_for(p, lang) for p in exc.problems], status_code=422
        )
    await run_in_threadpool(drafts.save, draft_id, draft, _key(request), "open")
    return _see(f"/recall/{draft_id}/quick")


@router.post("/recall/{draft_id}/edit")
async def recall_edit(request: Request, draft_id: str) -> Response:
    await require_csrf(request)
    stored = await run_in_threadpool(_load, request, draft_id)
    await run_in_threadpool(drafts.save, draft_id, stored.draft, _key(request), "open")
    return _see(f"/recall/{draft_id}/review")


@router.post("/recall/{draft_id}/discard")
async def recall_discard(request: Request, draft_id: str) -> Response:
    await require_csrf(request)
    await run_in_threadpool(drafts.discard, draft_id, _key(request))
    return _see("/recall")


# registered last: the fixed paths above (save, another, edit, discard) must win over {step}
@router.post("/recall/{draft_id}/{step}")
async def recall_post(request: Request, draft_id: str, step: str) -> Response:
    """Save a pass's answers, then go where the pressed button says (next, back, or stay for an action)."""
    lang = page_lang(request)
    form = await require_csrf(request)
    if step not in STEPS:
        raise NotFoundError([FieldProblem("step", "recall.errors.no_step", {"value": step})])
    stored = await run_in_threadpool(_load, request, draft_id)
    action = form.get("action")
    action = action if isinstance(action, str) else "next"
    draft = stored.draft
    store = _store()
    try:
        draft, target = await run_in_threadpool(_apply, draft, step, action, form, store, lang)
    except InputError as exc:
        draft = exc.draft if isinstance(exc, _Rejected) else draft
        await run_in_threadpool(drafts.save, draft_id, draft, _key(request))
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
        await run_in_threadpool(drafts.save, draft_id, draft, _key(request), "finished")
        return _see(f"/results/{draft_id}")
    draft.step = target if target in STEPS else step
    await run_in_threadpool(drafts.save, draft_id, draft, _key(request))
    anchor = f"#{action.split(':')[1]}" if action.count(":") >= 1 and target == step else ""
    return _see(f"/recall/{draft_id}/{draft.step}{anchor}")
