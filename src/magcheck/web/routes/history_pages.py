"""The history pages: ``/history`` (daily intake against EAR/RDA with a 7-day mean, sign burden, labs,
saved assessments) and ``/history/log`` (one day's entries and supplements).

Both are re-rendered with the problems next to their fields when a form on them fails (422); the forms
themselves post to `history_forms`. Everything shown comes from `magcheck.service.history` (the history
page's data from its one view, `page.history_view`); only the charts are drawn here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from magcheck.accounts.scope import current
from magcheck.core.errors import InputError, MagcheckError, input_error
from magcheck.core.signs import BURDEN_MAX
from magcheck.core.vocabulary import FREQUENCIES, SIGN_IDS
from magcheck.foods.sources import NO_RECIPES, uses_tfda
from magcheck.i18n import Lang, t
from magcheck.i18n.problems import message_for
from magcheck.recall import repeat
from magcheck.reports.charts.bars import burden_chart
from magcheck.reports.charts.intake import trend_chart
from magcheck.service.history.food_log import list_entries
from magcheck.service.history.page import chosen_person, history_view
from magcheck.service.history.people import list_persons
from magcheck.service.history.summary import burden_series
from magcheck.service.history.supplements import list_supplements
from magcheck.service.recipes import recipe_sources
from magcheck.storage import work
from magcheck.storage.record_rules import parse_day
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.templating import NavLink, ResultAction, render

router = APIRouter()
NAV = [NavLink("/history", "history.nav", order=40)]
RESULT_ACTIONS = [ResultAction("/history/save", "history.web.save_result", order=30)]

PERIODS = (7, 30, 90, 365)
NO_STORE = {"cache-control": "no-store"}


def qs(**params: Any) -> str:
    """A query string for a link or redirect of these pages; a clinician reading a client's record
    (``?client=NAME``) keeps reading it."""
    client = current().client
    if client:
        params.setdefault("client", client)
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def see(path: str, **params: Any) -> RedirectResponse:
    """Post/redirect/get: a form that worked answers with the page to look at next."""
    query = qs(**params)
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


def field_errors(exc: MagcheckError, lang: Lang) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in exc.problems:
        out.setdefault(p.field.split(".")[0], []).append(message_for(p, lang))
    return out


@dataclass(frozen=True)
class Again:
    """A page shown once more after one of its forms failed: the problems by field and what was typed."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    status_code: int = 422


def record_page(
    request: Request, template: str, lang: Lang, chosen: Any, again: Again | None, **context: Any
) -> Response:
    """One of the record's pages for the chosen person (never cached), with a failed form's problems."""
    shown = again or Again(status_code=200)
    return render(
        request,
        template,
        lang,
        status_code=shown.status_code,
        headers=NO_STORE,
        person=chosen,
        errors=shown.errors,
        values=shown.values,
        qs=qs,
        disclaimer=t("history.disclaimer", lang),
        **context,
    )


def _history_page(
    request: Request,
    lang: Lang,
    person: str | None,
    days: int,
    again: Again | None = None,
    confirmed: bool = False,
) -> Response:
    view = history_view(person, days, lang, confirmed)
    summary, charts = view.summary, None
    if summary is not None:
        burden = burden_series(summary)
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
            "burden": burden_chart(*burden, lang, max_value=BURDEN_MAX) if burden[0] else None,
        }
    return record_page(
        request,
        "history_overview.html",
        lang,
        view.person,
        again,
        persons=view.persons,
        summary=summary,
        adequacy=view.adequacy,
        trends=view.trends,
        implausible=view.implausible,
        confirmed=confirmed,
        saved=view.saved,
        charts=charts,
        days=days,
        periods=PERIODS,
        sign_ids=SIGN_IDS,
        frequencies=FREQUENCIES,
        sign_names=view.sign_names,
        today=work.today().isoformat(),
    )


def history_again(
    request: Request, lang: Lang, person: str | None, exc: MagcheckError, values: dict[str, str] | None = None
) -> Response:
    """The history page once more, with the form's problems next to its fields (422)."""
    return _history_page(request, lang, person, 30, Again(field_errors(exc, lang), values or {}))


@router.get("/history", include_in_schema=False)
def history_page(
    request: Request, person: str | None = None, days: int = 30, confirmed: bool = False
) -> Response:
    lang = page_lang(request)
    return _history_page(request, lang, person, days if days in PERIODS else 30, confirmed=confirmed)


def _day_page(
    request: Request, lang: Lang, person: str | None, day: str | None, again: Again | None = None
) -> Response:
    persons = list_persons()
    chosen = chosen_person(persons, person)
    try:
        when = parse_day(day) if day else work.today()
    except InputError as exc:  # a bad ?date= shows today, with the problem next to the date
        shown = again or Again(status_code=200)
        again = Again({**shown.errors, **field_errors(exc, lang)}, shown.values, shown.status_code)
        when = work.today()
    entries = list_entries(when, chosen.name) if chosen else []
    supplements = list_supplements(chosen.name, when) if chosen else []
    known = sum(e.mg for e in entries if e.mg is not None)
    missing = sum(1 for e in entries if e.mg is None)
    shortcuts = repeat.shortcuts(chosen.name if chosen else None)
    return record_page(
        request,
        "history_day.html",
        lang,
        chosen,
        again,
        persons=persons,
        day=when,
        prev_day=when - dt.timedelta(days=1),
        next_day=when + dt.timedelta(days=1) if when < work.today() else None,
        entries=entries,
        # the Taiwan FDA licence asks for its attribution: its foods, and dishes or recipes made with them
        tfda=uses_tfda((e.food_id for e in entries), recipe_sources(chosen.name) if chosen else NO_RECIPES),
        supplements=supplements,
        shortcuts=shortcuts,
        other_days=[d for d in shortcuts.logged_days if d != when],
        total=known,
        missing=missing,
    )


def day_again(
    request: Request,
    lang: Lang,
    person: str | None,
    day: str | None,
    exc: MagcheckError,
    values: dict[str, str],
) -> Response:
    """The day page once more, with the form's problems and what was typed (422)."""
    return _day_page(request, lang, person, day, Again(field_errors(exc, lang), values))


@router.get("/history/log", include_in_schema=False)
def day_page(request: Request, person: str | None = None, date: str | None = None) -> Response:
    return _day_page(request, page_lang(request), person, date)


async def form_fields(request: Request) -> dict[str, str]:
    """The form's text fields; a bad CSRF token raises `CsrfError` (answered by the app-wide handler)."""
    form = await require_csrf(request)
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def posted(request: Request) -> tuple[Lang, dict[str, str]]:
    """The page's language and the posted form's text fields."""
    return page_lang(request), await form_fields(request)


def number(form: dict[str, str], key: str, field: str) -> float | None:
    """A number typed into a form ("1,5" too); empty → None; anything else is a field error."""
    raw = form.get(key, "")
    text = raw.strip().replace(",", ".")
    try:
        return float(text) if text else None
    except ValueError:
        raise input_error(field, "errors.not_a_number", value=raw) from None


def required_number(form: dict[str, str], key: str, field: str) -> float:
    value = number(form, key, field)
    if value is None:
        raise input_error(field, "errors.not_a_number", value="")
    return value


# what a form does, given the person and the day it names, the page's language and the posted fields
Change = Callable[[str | None, str | None, Lang, dict[str, str]], object]


async def change_day(request: Request, change: Change) -> Response:
    """Run one day-page form's change; the day page again on success, with the problem on failure."""
    lang, form = await posted(request)
    person, day = form.get("person") or None, form.get("date") or None
    try:
        await run_in_threadpool(change, person, day, lang, form)
    except InputError as exc:
        return day_again(request, lang, person, day, exc, form)
    return see("/history/log", person=person, date=day)


async def change_history(request: Request, change: Change) -> Response:
    """Run one history-page form's change (a check-in, a lab value); the page again, or the problem."""
    lang, form = await posted(request)
    person = form.get("person") or None
    try:
        await run_in_threadpool(change, person, form.get("date") or None, lang, form)
    except InputError as exc:
        return history_again(request, lang, person, exc, form)
    return see("/history", person=person)
