"""Report downloads: "Download report (PDF)" under the results and on the history page, and the API.

The results page posts the assessment input it already carries (``input_json``), so nothing about the
person is stored to make a report; the history page posts the person's name and the window in days.
Rendering a PDF takes a few hundred milliseconds of CPU, so it runs in the thread pool, never on the
event loop. The same functions as `magcheck report` gather the data (`magcheck.service.report`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from magcheck.core.errors import input_error
from magcheck.core.models import AssessmentInput
from magcheck.core.vocabulary import Paper
from magcheck.i18n import Lang, normalise_lang
from magcheck.reports.render import render_html, render_pdf
from magcheck.service import report as report_data
from magcheck.web import forms
from magcheck.web.language import page_lang
from magcheck.web.routes.api import LangDep
from magcheck.web.templating import ResultAction

router = APIRouter()

RESULT_ACTIONS = [ResultAction("/report/pdf", "report.web.download_pdf", order=20)]

_NO_STORE = {"cache-control": "no-store"}
_ERRORS: dict[int | str, dict[str, str]] = {
    422: {"description": "Invalid input: field-level messages in the chosen language."},
    413: {"description": "Request body too large."},
}


def _download(content: bytes, kind: Literal["pdf", "html"]) -> Response:
    name = f"magcheck-report-{dt.date.today().isoformat()}.{kind}"
    media = "application/pdf" if kind == "pdf" else "text/html; charset=utf-8"
    headers = {**_NO_STORE, "content-disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media, headers=headers)


def _pdf_from_input_text(text: str, lang: Lang) -> bytes:
    data = report_data.from_input_text(text, lang, source="input_json")
    return render_pdf(data.assessment, lang, None, data.person_name)


def _pdf_for_person(person: str | None, days: int, lang: Lang, confirmed: bool) -> bytes:
    """A person's report; with no name, the current person (or the only one), as `magcheck report`."""
    data = report_data.from_person(person, days, lang, confirmed)
    return render_pdf(data.assessment, lang, data.history, data.person_name, clinicians=data.clinicians)


async def _posted_form(request: Request) -> tuple[FormData, Lang]:
    """A download button's form and the report's language (its ``lang`` field, else the page's).

    A missing or stale CSRF token raises `CsrfError`, which the app answers with its 403 page."""
    form = await forms.require_csrf(request)
    value = form.get("lang")
    return form, normalise_lang(value if isinstance(value, str) else None) or page_lang(request)


@router.post("/report/pdf", include_in_schema=False)
async def results_pdf(request: Request) -> Response:
    """The results page's button: the same input that produced the page, as a PDF report."""
    form, lang = await _posted_form(request)
    raw = form.get("input_json")
    pdf = await run_in_threadpool(_pdf_from_input_text, raw if isinstance(raw, str) else "", lang)
    return _download(pdf, "pdf")


@router.post("/report/history/pdf", include_in_schema=False)
async def history_pdf(request: Request) -> Response:
    """The history page's button: form fields ``person`` (optional: the current person) and ``days``."""
    form, lang = await _posted_form(request)
    person = form.get("person")
    raw_days = form.get("days")
    days_text = raw_days.strip() if isinstance(raw_days, str) and raw_days.strip() else "30"
    if not days_text.isdigit():
        raise input_error("days", "errors.not_an_integer", value=days_text)
    name = person.strip() if isinstance(person, str) and person.strip() else None
    confirmed = form.get("confirmed") == "1"  # the page said the logged amounts are right
    pdf = await run_in_threadpool(_pdf_for_person, name, int(days_text), lang, confirmed)
    return _download(pdf, "pdf")


@router.post(
    "/api/v1/report",
    tags=["api"],
    summary="The shareable report (PDF or self-contained HTML) for an assessment input",
    responses={
        200: {"content": {"application/pdf": {}, "text/html": {}}, "description": "The report file."},
        **_ERRORS,
    },
)
def api_report(
    inp: AssessmentInput,
    lang: LangDep,
    format: Annotated[Literal["pdf", "html"], Query(description="pdf (default) or html.")] = "pdf",
    paper: Annotated[Paper, Query(description="Paper size of the PDF.")] = "A4",
    include_name: Annotated[bool, Query(description="Print profile.name on the report if given.")] = True,
) -> Response:
    """As `magcheck report --input FILE.json`: the same template, numbers and sources as the CLI."""
    data = report_data.from_input(inp, lang)
    name = data.person_name if include_name else None
    if format == "html":
        return _download(render_html(data.assessment, lang, None, name, paper=paper).encode("utf-8"), "html")
    return _download(render_pdf(data.assessment, lang, None, name, paper=paper), "pdf")
