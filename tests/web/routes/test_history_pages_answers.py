"""The history page answers like the PDF: the same probability of adequacy and the same sign trends."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

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
    assert list_assessments("Mei") == []  # neither the page nor the report saves anything
