"""The history day page's fast repeat logging: copy a day, star a line, keep and reuse a usual meal,
and food suggestions on the "What did you eat?" box — every form with its CSRF token."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from magcheck.service.history.food_log import add_entry, list_entries
from magcheck.service.history.people import add_person
from magcheck.web.app import create_app


def token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_copy_star_and_usual_meal_on_the_day_page(db: str) -> None:
    add_person("Mei", 34, "female")
    add_entry("30 g almonds", "2026-11-20", "Mei")
    add_entry("一碗米饭", "2026-11-20", "Mei", "zh")
    client = TestClient(create_app())
    page = client.get("/history/log?person=Mei&date=2026-11-21&lang=en").text
    assert "data-food-complete" in page and "recall.js" in page
    form = {"csrf_token": token(page), "person": "Mei", "date": "2026-11-21"}

    done = client.post("/history/log/copy", data={**form, "copy_from": "2026-11-20"}, follow_redirects=False)
    assert done.status_code == 303
    assert [e.text for e in list_entries("2026-11-21", "Mei")] == ["30 g almonds", "一碗米饭"]

    client.post("/history/favourite", data={**form, "text": "30 g almonds"})
    client.post("/history/template", data={**form, "template_name": "usual lunch", "template_meal": "lunch"})
    page = client.get("/history/log?person=Mei&date=2026-11-22&lang=en").text
    assert "★ 30 g almonds" in page and "usual lunch" in page
    template_id = re.search(r'name="template" value="(\d+)"', page)
    assert template_id
    form["date"] = "2026-11-22"
    client.post("/history/log/template", data={**form, "template": template_id.group(1)})
    assert len(list_entries("2026-11-22", "Mei")) == 2

    bad = client.post("/history/log/copy", data={**form, "copy_from": "2026-01-01"})
    assert bad.status_code == 422 and "nothing is logged on 2026-01-01" in bad.text
    assert (
        client.post(
            "/history/log/copy", data={**form, "csrf_token": "x", "copy_from": "2026-11-20"}
        ).status_code
        == 403
    )
