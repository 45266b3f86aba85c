"""A clinician reading a client's history (``?client=NAME``) stays on the client's record.

Every link, form action, redirect and pager on the client's pages keeps ``client=``; the forms that
would change the record (read only for a clinician) are not offered at all.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from practice_accounts import DAY, HIDDEN, MARKER, PASSWORD
from web_support import csrf_from

RECORD_PAGES = ("/history", "/report/history", "/api/v1/export")


def _signed_in(practice: dict[str, Any], name: str) -> TestClient:
    browser = TestClient(practice["app"], raise_server_exceptions=False)
    page = browser.get("/login")
    data = {"csrf_token": csrf_from(page.text), "username": name, "password": PASSWORD, "next": "/"}
    assert browser.post("/login", data=data, follow_redirects=False).status_code == 303
    return browser


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _targets(html: str) -> list[str]:
    """Every link and POST form target inside the page's main content (the site menu is not the
    client's; a GET form carries the client as a hidden field, checked on its own)."""
    main = re.sub(r'<form method="get" action="[^"]*"', "", _main(html))
    return [unescape(u) for u in re.findall(r'(?:href|action)="([^"#][^"]*)"', main)]


def _assert_keeps_client(html: str) -> int:
    checked = 0
    for url in _targets(html):
        parts = urlsplit(url)
        if parts.path.startswith(RECORD_PAGES):
            assert parse_qs(parts.query).get("client") == ["alice"], f"{url} drops ?client="
            checked += 1
    return checked


def test_the_overview_keeps_the_client(practice: dict[str, Any]) -> None:
    carol = _signed_in(practice, "carol")
    page = carol.get(f"/history?client=alice&person={MARKER}")
    assert page.status_code == 200 and MARKER in page.text
    assert 'data-testid="acting-for"' in page.text and 'href="/clients/alice"' in page.text
    assert _assert_keeps_client(page.text) >= 5  # log, export ×2, report, each logged day
    # the person/period chooser (alice has two people) is a GET form that carries the client along
    chooser = _main(page.text).split('<form method="get" action="/history"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="client" value="alice">' in chooser
    switched = carol.get(f"/history?client=alice&person={HIDDEN}&days=7")
    assert switched.status_code == 200 and HIDDEN in switched.text
    # nothing that would change Alice's record is offered to her clinician
    for action in ("/history/checkin", "/history/lab", "/history/import", "/history/person", "/recall"):
        assert f'"{action}"' not in _main(page.text), action
    # her own page still has every form, and no ?client= anywhere
    alice = _signed_in(practice, "alice")
    own = alice.get("/history")
    assert 'action="/history/checkin"' in own.text and "client=" not in _main(own.text)
    assert 'data-testid="acting-for"' not in own.text


def test_the_day_pages_and_pager_keep_the_client(practice: dict[str, Any]) -> None:
    carol = _signed_in(practice, "carol")
    day = carol.get(f"/history/log?client=alice&person={MARKER}&date={DAY}")
    assert day.status_code == 200 and "almonds" in day.text
    assert _assert_keeps_client(day.text) >= 2  # previous day, back to the overview
    for action in (
        "/history/log/add",
        "/history/log/remove",
        "/history/favourite",
        "/history/supplement/add",
    ):
        assert f'"{action}"' not in day.text, action
    # following the pager leads to the client's previous day, not the clinician's own record
    previous = next(u for u in _targets(day.text) if "date=" in u and u.startswith("/history/log"))
    older = carol.get(previous)
    assert older.status_code == 200 and MARKER in older.text and _assert_keeps_client(older.text) >= 2


def test_the_report_form_keeps_the_client(practice: dict[str, Any]) -> None:
    carol = _signed_in(practice, "carol")
    page = carol.get(f"/history?client=alice&person={MARKER}")
    form = re.search(r'<form method="post" action="(/report/history/pdf[^"]*)"', page.text)
    assert form is not None and unescape(form.group(1)) == "/report/history/pdf?client=alice"
    data = {"csrf_token": csrf_from(page.text), "person": MARKER, "days": "30", "lang": "en"}
    pdf = carol.post(form.group(1), data=data)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_redirects_keep_the_client() -> None:
    """Post/redirect/get answers keep ``client=`` (the history routes' one query-string helper)."""
    from magcheck.accounts.scope import Caller, acting_as
    from magcheck.web.routes.history_pages import see as _see

    with acting_as(Caller(7, "carol", "clinician", client="alice")):
        assert _see("/history", person="Ann").headers["location"] == "/history?person=Ann&client=alice"
        assert _see("/history").headers["location"] == "/history?client=alice"
    assert _see("/history").headers["location"] == "/history"
    assert (
        _see("/history/log", person="Ann", date=DAY).headers["location"]
        == f"/history/log?person=Ann&date={DAY}"
    )
