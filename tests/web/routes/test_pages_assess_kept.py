"""The classic /assess form loses nothing: its result has its own GET URL (kept like a recall's, so a
bookmark, Back and a restart all reopen it), the language switch keeps the answers typed so far, and
"Save to my history" on a first visit creates the person instead of stopping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import form_token, has_cjk

from magcheck.storage.engine import close_stores
from magcheck.web.app import create_app

ANSWERS = {
    "profile.age_years": "35",
    "profile.sex": "female",
    "intake.mode": "food_log",
    "food_rows": "1",
    "food.0.day": "1",
    "food.0.text": "30 g almonds",
}


@pytest.fixture
def fresh_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty history database of its own (a first visit)."""
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'history.sqlite3'}")
    close_stores()
    yield str(tmp_path)
    close_stores()


def _status(html: str) -> str:
    found = re.search(r'data-testid="status-label">([^<]+)<', html)
    assert found, "the page shows no status"
    return found.group(1)


def _submit(client: TestClient) -> str:
    token = form_token(client, "/assess?lang=en")
    posted = client.post("/assess", data={"csrf_token": token, **ANSWERS}, follow_redirects=False)
    assert posted.status_code == 303
    location: str = posted.headers["location"]
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]{10,64}\?lang=en", location)  # in the form's language
    return location


def test_the_result_has_its_own_url_that_survives_a_restart(fresh_db: str) -> None:
    client = TestClient(create_app())
    location = _submit(client)
    page = client.get(location)
    assert page.status_code == 200
    status = _status(page.text)
    assert "30 g almonds" in page.text
    # the results page's own switch is now a plain link to the same URL in the other language
    assert re.search(r'href="/lang/zh\?next=[^"]*' + location.rsplit("/", 1)[1].split("?")[0], page.text)

    close_stores()  # a server restart: a new app on the same data folder, same browser cookies
    again = TestClient(create_app(), cookies=client.cookies)
    reopened = again.get(location)
    assert reopened.status_code == 200 and _status(reopened.text) == status
    assert TestClient(create_app()).get(location).status_code == 404  # another browser: nothing


def test_invalid_input_still_shows_field_messages(fresh_db: str) -> None:
    client = TestClient(create_app())
    token = form_token(client, "/assess?lang=en")
    bad = client.post("/assess", data={"csrf_token": token, **ANSWERS, "profile.age_years": "forty"})
    assert bad.status_code == 422 and 'data-testid="error-summary"' in bad.text


def test_the_language_switch_keeps_the_typed_answers(fresh_db: str) -> None:
    client = TestClient(create_app())
    page = client.get("/assess?lang=en").text
    assert 'formaction="/assess?lang=zh"' in page and 'value="relang"' in page
    token = form_token(client, "/assess?lang=en")
    switched = client.post(
        "/assess?lang=zh",
        data={"csrf_token": token, **ANSWERS, "profile.age_years": "41", "action": "relang"},
    )
    assert switched.status_code == 200 and has_cjk(switched.text)
    assert 'value="41"' in switched.text and 'value="30 g almonds"' in switched.text
    assert 'data-testid="error-summary"' not in switched.text  # not an assessment: no messages yet


def test_save_to_history_on_a_first_visit_creates_the_person(fresh_db: str) -> None:
    client = TestClient(create_app())
    result = client.get(_submit(client)).text
    assert 'id="f-save-name"' in result  # a first visit: the optional name is asked for
    hidden = re.search(r'name="input_json" value="([^"]+)"', result)
    assert hidden
    import html

    saved = client.post(
        "/history/save",
        data={"csrf_token": form_token(client), "input_json": html.unescape(hidden.group(1)), "name": "Ana"},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and "person=Ana" in saved.headers["location"]
    history = client.get(saved.headers["location"])
    assert history.status_code == 200 and "Ana" in history.text
    assert _status(result) in history.text  # the saved assessment is listed with its status
    assert 'id="f-save-name"' not in client.get(_submit(client)).text  # someone exists now
