"""The history page answers like the PDF: the same probability of adequacy and the same sign trends."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from web_support import csrf_from

from magcheck.reports.render import render_html
from magcheck.service.history.checkins import add_checkin
from magcheck.service.history.food_log import add_entry
from magcheck.service.history.from_log import assess_from_log
from magcheck.service.history.people import add_person
from magcheck.service.history.saved import list_assessments
from magcheck.service.report import from_person
from magcheck.storage import work
from magcheck.web.app import create_app
from magcheck.web.templating import format_pct


def test_history_page_and_pdf_report_agree(db: str) -> None:
    add_person("Mei", 34, "female")
    for day, text in (("2026-11-20", "30 g almonds"), ("2026-11-22", "2 cups cooked spinach")):
        add_entry(text, day, "Mei")
    today = work.today().isoformat()
    add_checkin({"fatigue": "daily", "muscle_cramps": "often"}, today, "Mei")
    add_checkin({"fatigue": "sometimes", "muscle_cramps": "often"}, today, "Mei")

    expected = assess_from_log("Mei", 30, "en", save=False).adequacy.probability_adequate
    page = TestClient(create_app()).get("/history?person=Mei&lang=en").text
    shown = re.search(r'data-testid="history-probability">([^<]+)<', page)
    assert shown is not None and shown.group(1) == format_pct(expected)
    assert "less often ↓" in page and "unchanged →" in page  # fatigue daily → sometimes; cramps often

    report = from_person("Mei", 30, "en")
    html = render_html(report.assessment, "en", report.history, report.person_name)
    assert report.assessment.adequacy.probability_adequate == expected
    assert "less often ↓" in html and "Each sign over time" in html
    # the same check-in chart, on the same 0–1 scale
    burden = re.compile(r"<svg[^>]*mc-chart-burden.*?</svg>", re.S)
    on_page, in_report = burden.search(page), burden.search(html)
    assert on_page is not None and in_report is not None and on_page.group(0) == in_report.group(0)
    assert list_assessments("Mei") == []  # neither the page nor the report saves anything


def test_an_implausible_day_is_named_on_the_page_and_can_be_confirmed(db: str) -> None:
    """2 × 300 g pumpkin seeds in one day is 3,552 mg (over the 2,000 mg plausibility limit): the page
    does not show a probability as if nothing were wrong, names the day with a link to it, and offers to
    use the days as logged — which the PDF button then keeps; the API answers 422 on that day's date
    until confirmed=true. A day beyond what an input may hold (over 5,000 mg) cannot be confirmed."""
    add_person("Mei", 34, "female")
    today = work.today().isoformat()
    for text in ("300 g pumpkin seeds",) * 2:
        add_entry(text, today, "Mei")
    client = TestClient(create_app())
    for lang, words in (("en", "looks wrong"), ("zh", "看起来不对")):
        page = client.get("/history", params={"person": "Mei", "lang": lang}).text
        assert 'data-testid="history-implausible"' in page and words in page
        assert 'data-testid="history-probability"' not in page
        assert f"/history/log?person=Mei&amp;date={today}" in page
        assert "/history?person=Mei&amp;days=30&amp;confirmed=1" in page
    confirmed = client.get("/history", params={"person": "Mei", "lang": "en", "confirmed": 1})
    expected = assess_from_log("Mei", 30, "en", save=False, confirmed=True).adequacy.probability_adequate
    shown = re.search(r'data-testid="history-probability">([^<]+)<', confirmed.text)
    assert shown is not None and shown.group(1) == format_pct(expected)
    form = {"csrf_token": csrf_from(confirmed.text), "person": "Mei", "days": "30", "lang": "en"}
    assert 'name="confirmed" value="1"' in confirmed.text
    assert client.post("/report/history/pdf", data=form).status_code == 422
    pdf = client.post("/report/history/pdf", data={**form, "confirmed": "1"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    refused = client.post("/api/v1/history/assess", params={"person": "Mei", "days": 30})
    assert refused.status_code == 422
    [problem] = refused.json()["detail"]
    assert problem["field"] == f"log.{today}" and "confirmed=true" in problem["message"]
    allowed = client.post("/api/v1/history/assess", params={"person": "Mei", "days": 30, "confirmed": "true"})
    assert allowed.status_code == 200 and allowed.json()["adequacy"]["probability_adequate"] == expected

    yesterday = (work.today() - dt.timedelta(days=1)).isoformat()
    for text in ("300 g pumpkin seeds",) * 3:
        add_entry(text, yesterday, "Mei")
    for lang in ("en", "zh"):
        page = client.get("/history", params={"person": "Mei", "lang": lang, "confirmed": 1}).text
        assert 'data-testid="history-implausible"' in page and "5,328" in page
        assert 'data-testid="use-as-logged"' not in page and 'data-testid="history-probability"' not in page
    still = client.post("/api/v1/history/assess", params={"person": "Mei", "days": 30, "confirmed": "true"})
    assert still.status_code == 422
    assert [(p["field"], p["code"]) for p in still.json()["detail"]] == [
        (f"log.{yesterday}", "history.errors.impossible_day")
    ]
