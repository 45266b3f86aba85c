"""Practice-mode pages: the clinician's client list and client page, the client's sharing page."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from practice_accounts import HIDDEN, MARKER, PASSWORD
from web_support import csrf_from


def _browser(practice: dict[str, Any], name: str) -> TestClient:
    browser = TestClient(practice["app"], raise_server_exceptions=False)
    page = browser.get("/login")
    login = browser.post(
        "/login",
        data={"csrf_token": csrf_from(page.text), "username": name, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert login.status_code == 303
    return browser


def test_clinician_sees_the_clients_who_shared(practice: dict[str, Any]) -> None:
    carol = _browser(practice, "carol")
    home = carol.get("/")
    assert 'href="/clients"' in home.text and 'href="/sharing"' not in home.text
    page = carol.get("/clients")
    assert page.status_code == 200 and 'data-testid="clients-table"' in page.text
    assert "alice" in page.text and MARKER in page.text and HIDDEN in page.text
    assert "%" in page.text  # the probability of adequacy
    client = carol.get("/clients/alice")
    assert client.status_code == 200 and f"/history?client=alice&amp;person={MARKER}" in client.text
    history = carol.get(f"/history?client=alice&person={MARKER}")
    assert history.status_code == 200 and MARKER in history.text
    zh = carol.get("/clients?lang=zh")
    assert "您的客户" in zh.text


def test_notes_from_the_page_reach_the_client(practice: dict[str, Any]) -> None:
    carol = _browser(practice, "carol")
    page = carol.get("/clients/alice")
    sent = carol.post(
        "/clients/alice/notes",
        data={"csrf_token": csrf_from(page.text), "text": "Please log a week of meals."},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert "Please log a week of meals." in carol.get("/clients/alice").text
    empty = carol.post("/clients/alice/notes", data={"csrf_token": csrf_from(page.text), "text": " "})
    assert empty.status_code == 422 and 'role="alert"' in empty.text
    alice = _browser(practice, "alice")
    sharing = alice.get("/sharing")
    assert "Please log a week of meals." in sharing.text and "carol" in sharing.text


def test_pages_without_a_share_are_not_found(practice: dict[str, Any]) -> None:
    dave = _browser(practice, "dave")
    assert "alice" not in dave.get("/clients").text
    assert dave.get("/clients/alice").status_code == 404
    page = dave.get("/clients")
    note = dave.post("/clients/alice/notes", data={"csrf_token": csrf_from(page.text), "text": "x"})
    assert note.status_code == 404
    assert dave.get(f"/history?client=alice&person={MARKER}").status_code == 404
    bob = _browser(practice, "bob")
    assert bob.get("/clients").status_code == 403  # about bob's role, not about anyone's data
    assert bob.get("/clients/alice").status_code == 403


def test_client_shares_and_revokes_on_the_page(practice: dict[str, Any]) -> None:
    alice = _browser(practice, "alice")
    page = alice.get("/sharing")
    assert page.status_code == 200 and 'data-testid="shares"' in page.text
    token = csrf_from(page.text)
    assert (
        alice.post(
            "/sharing", data={"csrf_token": token, "clinician": "dave"}, follow_redirects=False
        ).status_code
        == 303
    )
    unknown = alice.post("/sharing", data={"csrf_token": token, "clinician": "nobody"})
    assert unknown.status_code == 404 and "nobody" in unknown.text
    assert "dave" in alice.get("/sharing").text
    assert (
        alice.post(
            "/sharing", data={"csrf_token": token, "revoke": "carol"}, follow_redirects=False
        ).status_code
        == 303
    )
    carol = _browser(practice, "carol")
    assert carol.get("/clients/alice").status_code == 404
    assert alice.get("/clients").status_code == 403


def test_the_report_names_the_clinician_when_shared(practice: dict[str, Any]) -> None:
    from magcheck.accounts import users
    from magcheck.accounts.scope import Caller, acting_as
    from magcheck.reports.render import render_html
    from magcheck.service import report as report_data

    ids = {a.name: a.id for a in users.list_users()}
    alice = Caller(ids["alice"], "alice", "client")
    with acting_as(alice):
        data = report_data.from_person(MARKER, 7, "en")
    assert data.clinicians == ("carol",)
    html = render_html(data.assessment, "en", data.history, data.person_name, clinicians=data.clinicians)
    assert "Shared with clinician: carol" in html
    # the clinician's own copy says the same; after revoking, nobody is named
    with acting_as(Caller(ids["carol"], "carol", "clinician", client="alice")):
        assert report_data.from_person(MARKER, 7, "en").clinicians == ("carol",)
    practice["clients"]["alice"].delete("/api/v1/shares/carol")
    with acting_as(alice):
        assert report_data.from_person(MARKER, 7, "en").clinicians == ()
    # the single-user record names nobody
    assert "Shared with" not in render_html(data.assessment, "en", data.history, data.person_name)


def test_clinician_downloads_a_sharing_clients_report(practice: dict[str, Any]) -> None:
    carol = _browser(practice, "carol")
    page = carol.get("/clients/alice")
    assert 'data-testid="client-report"' in page.text
    form = {"csrf_token": csrf_from(page.text), "person": MARKER, "days": "30", "lang": "en"}
    pdf = carol.post("/report/history/pdf?client=alice", data=form)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    dave = _browser(practice, "dave")
    token = csrf_from(dave.get("/clients").text)
    assert (
        dave.post("/report/history/pdf?client=alice", data={**form, "csrf_token": token}).status_code == 404
    )
