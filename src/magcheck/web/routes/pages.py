"""The pages people use: home, the step-by-step assessment and its results, signs, foods, about.

Every page is plain server-rendered HTML that works without JavaScript; `static/app.js` only adds
conveniences (one step at a time, food search as you type, portions). The assessment's answers
travel in the page (form fields, and a hidden JSON copy on the results page), never in a server
session: nothing about a person's health is stored unless they save it on the history pages.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from magcheck.core import vocabulary
from magcheck.core.errors import InputError, NotFoundError
from magcheck.core.models import Assessment, AssessmentInput
from magcheck.core.validation import parse_json_text, parse_model
from magcheck.foods.sources import uses_tfda
from magcheck.i18n import LANGS, Lang, catalogue, t
from magcheck.i18n.problems import message_for
from magcheck.reports.charts.results import result_charts
from magcheck.service import claims as claim_views
from magcheck.service import foods as food_views
from magcheck.service import knowledge as knowledge_views
from magcheck.service import plan as plan_views
from magcheck.service import signs as sign_views
from magcheck.service.assessment import assess
from magcheck.service.history.people import list_persons
from magcheck.web import forms
from magcheck.web.api_docs import openapi_operations
from magcheck.web.browser_drafts import keep_classic  # the recall's storage of finished results
from magcheck.web.language import LANG_COOKIE, ONE_YEAR, page_lang
from magcheck.web.payload import to_json
from magcheck.web.templating import RESULT_ACTIONS, NavLink
from magcheck.web.templating import render as render_template

PLAUSIBILITY_CODE = "safety.plausible."
router = APIRouter(include_in_schema=False)

NAV = [
    NavLink("/assess", "web.nav.assess", order=10),
    NavLink("/signs", "web.nav.signs", order=20),
    NavLink("/foods", "web.nav.foods", order=30),
    NavLink("/about", "web.nav.about", order=90),
]
_NO_STORE = {"cache-control": "no-store"}
_PER_PATTERN = f"^({'|'.join(vocabulary.PERS)})$"  # the food ranking's choices, as a query pattern


def render(request: Request, name: str, lang: Lang, status_code: int = 200, **extra: Any) -> Response:
    """A page; a language chosen with `?lang=` is remembered like the switch's, so that the next page,
    the form's errors and its results are in the same language (links and forms do not carry `?lang=`)."""
    response = render_template(request, name, lang, status_code=status_code, **extra)
    if request.query_params.get("lang") in LANGS and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax", path="/", httponly=True)
    return response


@router.get("/")
def home(request: Request) -> Response:
    return render(request, "index.html", page_lang(request))


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    """Remember the language in a cookie and go back to the page the person was on (a local path only)."""
    target = next if next.startswith("/") and not next.startswith("//") and not urlsplit(next).netloc else "/"
    response = RedirectResponse(target, status_code=303)
    if code in LANGS:
        response.set_cookie(LANG_COOKIE, code, max_age=ONE_YEAR, samesite="lax", path="/", httponly=True)
    return response


def _form_page(request: Request, lang: Lang, state: forms.FormState, status_code: int = 200) -> Response:
    cat = catalogue(lang)
    labels = {
        key.removeprefix("web.field."): value for key, value in cat.items() if key.startswith("web.field.")
    }
    for i in range(len(state.rows)):
        labels[f"food.{i}.text"] = t("web.assess.food_row_n", lang, n=i + 1)
    for sign in knowledge_views.form_options(lang)["signs"]:
        labels[f"signs.{sign['id']}"] = sign["name"]
    return render(
        request,
        "assess.html",
        lang,
        status_code=status_code,
        headers=_NO_STORE,
        form=state,
        labels=labels,
        options=knowledge_views.form_options(lang),
        frequencies=vocabulary.FREQUENCIES,
        units=vocabulary.FORM_FOOD_UNITS,
        lab_units=vocabulary.LAB_UNITS,
        diets=vocabulary.DIETS,
        goals=vocabulary.GOALS,
        cuisines=vocabulary.CUISINES,
        families=vocabulary.EXCLUDE_FAMILIES,
        max_days=forms.MAX_DAYS,
    )


@router.get("/assess")
def assess_form(request: Request) -> Response:
    return _form_page(request, page_lang(request), forms.blank_state())


@router.post("/assess")
async def assess_submit(request: Request) -> Response:
    lang = page_lang(request)
    form = await forms.require_csrf(request)
    state = forms.state_from_form(form)
    if form.get("action") == "relang":  # the form page's language switch: same answers, other language
        return _form_page(request, lang, state)
    if form.get("action") == "add_rows":
        state.rows.extend(forms.FoodRow(day=state.rows[-1].day if state.rows else 1) for _ in range(4))
        state.rows = state.rows[: forms.MAX_FOOD_ROWS]
        return _form_page(request, lang, state)
    row_of: dict[str, str] = {}
    try:
        inp, row_of = forms.input_from_state(state)
        assess(inp, lang)  # the checks the result will make (plausibility too), as field messages
    except InputError as exc:
        for problem in exc.problems:
            named = forms.form_problem(problem, row_of)
            state.errors.setdefault(named.field, []).append(message_for(named, lang))
            state.ask_confirm |= problem.code.startswith(PLAUSIBILITY_CODE)
        return _form_page(request, lang, state, status_code=422)
    return await run_in_threadpool(keep_classic, request, inp, lang)


def classic_result(request: Request, lang: Lang, stored_input: dict[str, Any]) -> Response:
    """A kept classic result at its own URL, assessed again in the page's language."""
    inp = parse_model(AssessmentInput, stored_input)
    first_visit = not list_persons()  # then "Save to my history" asks for an optional name
    return _results_page(
        request, lang, inp, assess(inp, lang), result_url=request.url.path, first_visit=first_visit
    )


def _results_page(
    request: Request,
    lang: Lang,
    inp: AssessmentInput,
    assessment: Assessment,
    result_url: str | None = None,
    first_visit: bool = False,
) -> Response:
    charts = result_charts(assessment, lang)
    return render(
        request,
        "results.html",
        lang,
        headers=_NO_STORE,
        assessment=assessment,
        disclaimer=assessment.disclaimer,
        input_json=forms.input_to_hidden(inp),
        result_actions=RESULT_ACTIONS,
        grades=sign_views.sign_grades(),
        intake_svg=charts["intake_svg"],
        contributions_svg=charts["contributions_svg"],
        mds_svg=charts["mds_svg"],
        result_url=result_url,
        first_visit=first_visit,
    )


@router.post("/assess/edit")
async def assess_edit(request: Request) -> Response:
    """Back from the results to the form, with every answer filled in."""
    lang = page_lang(request)
    form = await forms.require_csrf(request)
    raw = form.get("input_json")
    inp = parse_json_text(AssessmentInput, raw if isinstance(raw, str) else "", source="input_json")
    return _form_page(request, lang, forms.state_from_input(inp))


@router.post("/assess/view")
async def assess_view(request: Request) -> Response:
    """The same results again, in the language asked for by `?lang=` (the results page's language switch).

    The answers come back from the page itself, so switching language keeps them without storing them.
    """
    lang = page_lang(request)
    form = await forms.require_csrf(request)
    raw = form.get("input_json")
    inp = parse_json_text(AssessmentInput, raw if isinstance(raw, str) else "", source="input_json")
    return _results_page(request, lang, inp, assess(inp, lang))


@router.get("/signs")
def signs_page(request: Request) -> Response:
    lang = page_lang(request)
    return render(request, "signs.html", lang, signs=sign_views.sign_pages(lang))


@router.get("/signs/{sign_id}")
def sign_page(request: Request, sign_id: str) -> Response:
    lang = page_lang(request)
    pages = {s["id"]: s for s in sign_views.sign_pages(lang)}
    if sign_id not in pages:
        raise NotFoundError([sign_views.unknown_sign(sign_id)])
    return render(request, "sign.html", lang, sign=pages[sign_id], signs=list(pages.values()))


@router.get("/foods")
def foods_page(
    request: Request,
    q: Annotated[str, Query(max_length=100)] = "",
    per: Annotated[str, Query(pattern=_PER_PATTERN)] = "portion",
    group: Annotated[str, Query(max_length=40)] = "",
    exclude: Annotated[list[str] | None, Query(max_length=20)] = None,
) -> Response:
    lang = page_lang(request)
    results = food_views.search_json(q.strip(), 20, lang, field="q") if q.strip() else None
    excluded: list[str] = [e for e in (exclude or []) if e in vocabulary.EXCLUDE_FAMILIES]
    return render(
        request,
        "foods.html",
        lang,
        q=q,
        per=per,
        group=group,
        results=json.loads(to_json(results)) if results is not None else None,
        tfda=uses_tfda(r["id"] for r in results or []),  # dishes made with TFDA foods count too
        excluded=excluded,
        families=vocabulary.EXCLUDE_FAMILIES,
        top=plan_views.top_foods_view(per, group or None, excluded, lang),
        groups=food_views.food_groups(lang),
    )


@router.get("/about")
def about_page(request: Request) -> Response:
    """The method, the evidence grades and the article's claims, whose source ids link to full citations."""
    lang = page_lang(request)
    claims = claim_views.claims_view(lang)
    references = knowledge_views.references(ref_id for claim in claims for ref_id in claim["sources"])
    return render(
        request,
        "about.html",
        lang,
        claims=claims,
        references=references,
        version=knowledge_views.knowledge_version(),
        method=knowledge_views.method_params(),
    )


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """A readable page of the OpenAPI document, rendered here so that no CDN is needed."""
    lang = page_lang(request)
    spec = request.app.openapi()
    return render(request, "api_docs.html", lang, operations=openapi_operations(spec), spec=spec)
