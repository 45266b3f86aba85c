"""What the recall pages show: each pass's page and the result page, built from a stored draft.

Kept apart from the routes (which only read answers and redirect) so the page-building stays readable:
items grouped by meal with their portion options and drawn aids, open items with their reasons and
candidates, the totals, the person's shortcuts, and on the result page the narrowing of SD_D by day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from magcheck.core.errors import MagcheckError
from magcheck.foods.store import FoodStore
from magcheck.i18n import Lang
from magcheck.recall import aids, drafts, flow, repeat
from magcheck.recall.model import MEALS, PROBES, STEPS, Item
from magcheck.recall.understand import food_by_id
from magcheck.reports.charts.results import result_charts
from magcheck.service import recall as recall_service
from magcheck.service.history.people import list_persons
from magcheck.service.signs import sign_grades
from magcheck.storage import work
from magcheck.web.forms import input_to_hidden
from magcheck.web.templating import RESULT_ACTIONS, render

_NO_STORE = {"cache-control": "no-store"}


@dataclass(frozen=True)
class ItemView:
    item: Item
    name: str
    reason: str | None
    options: list[aids.PortionOption]


def _options(item: Item, lang: Lang) -> list[aids.PortionOption]:
    if item.status != "ok" or not item.food_id or item.food_id.startswith("compound:"):
        return []
    try:
        food = food_by_id(FoodStore.open_default(), item.food_id)
    except MagcheckError:
        return []
    return aids.options_for(food, lang)


def item_views(items: list[Item], lang: Lang, with_options: bool) -> dict[str, list[ItemView]]:
    """The day's items by meal (in meal order), each with its name, reason and portion options."""
    out: dict[str, list[ItemView]] = {meal: [] for meal in MEALS}
    for item in items:
        options = _options(item, lang) if with_options else []
        reason = recall_service.item_reason(item, lang)
        out[item.meal].append(ItemView(item, item.name(lang), reason, options))
    return out


def step_page(
    request: Request,
    lang: Lang,
    stored: drafts.Stored,
    step: str,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
    form: Any = None,
) -> Response:
    draft = stored.draft
    day = draft.day
    shortcuts = repeat.shortcuts(draft.person) if step in ("quick", "review") else None
    by_meal = item_views(day.items, lang, with_options=step in ("details", "review"))
    return render(
        request,
        "recall.html",
        lang,
        status_code=status_code,
        headers=_NO_STORE,
        draft_id=stored.id,
        draft=draft,
        day=day,
        day_index=len(draft.days),
        step=step,
        steps=STEPS,
        step_index=STEPS.index(step),
        meals=MEALS,
        probes=PROBES,
        by_meal=by_meal,
        open_items=[v for views in by_meal.values() for v in views if v.item.status != "ok"],
        total=day.total_mg(),
        missing=day.missing_values(),
        shortcuts=shortcuts,
        aid_list=aids.aids(),
        errors=errors or {},
        needs_confirm=any(k.startswith(("intake", "supplements")) for k in (errors or {})),
        posted=form,
        finished=stored.status == "finished",
        today=dt.date.today().isoformat(),
    )


def result_page(
    request: Request,
    lang: Lang,
    stored: drafts.Stored,
    save_errors: list[str] | None = None,
    day_errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    """The assessment of the recalled days, recomputed from the stored draft in the page's language."""
    draft = stored.draft
    inp, assessment = recall_service.assess_draft(draft, lang)
    charts = result_charts(assessment, lang)
    steps, verified = recall_service.narrowing_of(draft, assessment)
    suggested = flow.suggest_next_day(draft, work.today() - dt.timedelta(days=1))
    return render(
        request,
        "recall_result.html",
        lang,
        status_code=status_code,
        headers=_NO_STORE,
        assessment=assessment,
        disclaimer=assessment.disclaimer,
        input_json=input_to_hidden(inp),
        result_actions=[a for a in RESULT_ACTIONS if a.path != "/history/save"],
        grades=sign_grades(),
        intake_svg=charts["intake_svg"],
        contributions_svg=charts["contributions_svg"],
        mds_svg=charts["mds_svg"],
        draft_id=stored.id,
        draft=draft,
        recall_days=[(d, d.total_mg()) for d in draft.days],
        narrowing=steps,
        sd_verified=verified,
        suggested_day=suggested.isoformat(),
        consecutive=flow.consecutive(draft),
        persons=list_persons(),
        saved=stored.person_id is not None and all(d.saved for d in draft.days),
        save_errors=save_errors or [],
        day_errors=day_errors or [],
        today=dt.date.today().isoformat(),
    )
