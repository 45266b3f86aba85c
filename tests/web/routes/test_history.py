"""History in the browser (pages with forms) and over the REST API, both languages, every error path."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from magcheck.web.app import create_app

_JSON = {"content-type": "application/json"}


@pytest.fixture
def client(db_url: str) -> TestClient:
    return TestClient(create_app())


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def _person(client: TestClient, name: str = "Ana", **extra: Any) -> dict[str, Any]:
    response = client.post("/api/v1/persons", json={"name": name, "age_years": 34, "sex": "female", **extra})
    assert response.status_code == 201, response.text
    person: dict[str, Any] = response.json()
    return person


def test_api_crud_round(client: TestClient) -> None:
    ana = _person(client)
    assert [p["name"] for p in client.get("/api/v1/persons").json()] == ["Ana"]
    entry = client.post("/api/v1/log", json={"text": "30 g almonds", "date": "2026-03-01"})
    assert entry.status_code == 201 and entry.json()["mg"] == pytest.approx(81.0)  # SR28 12061: 270 mg/100 g
    assert [e["text"] for e in client.get("/api/v1/log", params={"date": "2026-03-01"}).json()] == [
        "30 g almonds"
    ]
    sup = client.post("/api/v1/supplements", json={"elemental_mg": 100, "date": "2026-03-01"})
    chk = client.post("/api/v1/checkins", json={"signs": {"fatigue": "often"}, "date": "2026-03-01"})
    lab = client.post("/api/v1/labs", json={"value": 0.7, "unit": "mmol/L", "date": "2026-03-01"})
    assert (sup.status_code, chk.status_code, lab.status_code) == (201, 201, 201)
    assert len(client.get("/api/v1/supplements").json()) == 1
    assert client.get("/api/v1/checkins").json()[0]["signs"] == {"fatigue": "often"}
    assert client.get("/api/v1/labs").json()[0]["mmol_per_l"] == 0.7
    summary = client.get("/api/v1/history", params={"days": 7}).json()
    assert summary["person"] == "Ana" and len(summary["days"]) == 7
    for path, row in (("log", entry), ("supplements", sup), ("checkins", chk), ("labs", lab)):
        assert client.delete(f"/api/v1/{path}/{row.json()['id']}").status_code == 200
        assert client.delete(f"/api/v1/{path}/{row.json()['id']}").status_code == 404
    assert client.post("/api/v1/persons/Ana/use").json()["current"] is True
    deleted = client.delete("/api/v1/persons/Ana").json()
    assert deleted["deleted"] == "Ana" and ana["id"] > 0
    assert client.get("/api/v1/persons").json() == []


def test_api_errors_are_field_level_in_the_chosen_language(client: TestClient) -> None:
    _person(client)
    future = client.post("/api/v1/log?lang=zh", json={"text": "30 g almonds", "date": "2999-01-01"})
    assert future.status_code == 422
    assert future.json()["detail"][0]["field"] == "date" and "未来" in future.json()["detail"][0]["message"]
    unknown = client.get("/api/v1/log", params={"person": "Zed"})
    assert (
        unknown.status_code == 404 and unknown.json()["detail"][0]["code"] == "history.errors.unknown_person"
    )
    food = client.post("/api/v1/log", json={"text": "zzqqxx"})
    assert food.status_code == 422 and food.json()["detail"][0]["field"] == "entry"
    lab = client.post("/api/v1/labs", json={"value": 25, "unit": "mg/dL"})
    assert lab.status_code == 422 and lab.json()["detail"][0]["code"] == "errors.lab_implausible"
    shape = client.post("/api/v1/persons", json={"name": "X", "age_years": "old", "sex": "female"})
    assert shape.status_code == 422
    assert client.post("/api/v1/import", content=b'{"format": "nope"}', headers=_JSON).status_code == 422
    assert client.post("/api/v1/import", content=b"\xff\xfe", headers=_JSON).status_code == 422
    assert client.get("/api/v1/log").json() == []


def test_api_export_import_and_assess(client: TestClient) -> None:
    _person(client)
    client.post("/api/v1/log", json={"text": "30 g almonds", "date": "2026-03-01"})
    exported = client.get("/api/v1/export", params={"format": "csv"})
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    assert client.delete("/api/v1/persons/Ana").status_code == 200
    imported = client.post("/api/v1/import", content=exported.content, headers={"content-type": "text/csv"})
    assert imported.status_code == 200 and imported.json()["entries"] == 1
    assessed = client.post("/api/v1/history/assess", params={"days": 7, "lang": "zh"})
    assert assessed.status_code == 200
    body = assessed.json()
    assert body["lang"] == "zh" and body["intake"]["source"] == "food_log" and body["disclaimer"]
    assert body["intake"]["foods"][0]["ndb"] == "12061"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_history_pages_render_in_both_languages(client: TestClient, lang: str) -> None:
    empty = client.get(f"/history?lang={lang}")
    assert empty.status_code == 200 and 'data-testid="no-person"' in empty.text
    _person(client)
    for day in ("2026-03-01", "2026-03-02"):
        client.post("/api/v1/log", json={"text": "30 g almonds", "date": day})
    client.post("/api/v1/checkins", json={"signs": {"fatigue": "often"}, "date": "2026-03-02"})
    page = client.get(f"/history?lang={lang}&days=365")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 2 and 'data-testid="burden-chart"' in page.text
    assert ("历史记录" if lang == "zh" else "Your history") in page.text
    day_page = client.get(f"/history/log?date=2026-03-01&lang={lang}")
    assert day_page.status_code == 200 and 'data-testid="day-total">81<' in day_page.text
    assert "http://" not in day_page.text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_day_page_add_and_remove_with_csrf(client: TestClient) -> None:
    _person(client)
    page = client.get("/history/log?date=2026-03-01")
    token = _token(page.text)
    form = {"csrf_token": token, "text": "1 cup cooked spinach", "date": "2026-03-01", "person": "Ana"}
    added = client.post("/history/log/add", data=form, follow_redirects=False)
    assert added.status_code == 303 and "date=2026-03-01" in added.headers["location"]
    entries = client.get("/api/v1/log").json()
    assert len(entries) == 1
    bad = client.post("/history/log/add", data={**form, "text": "2 zorps almonds"})
    assert bad.status_code == 422 and "zorps" in bad.text and 'aria-invalid="true"' in bad.text
    assert 'value="2 zorps almonds"' in bad.text  # what the person typed is kept
    no_token = client.post("/history/log/add", data={**form, "csrf_token": "forged"})
    assert no_token.status_code == 403
    removed = client.post(
        "/history/log/remove",
        data={"csrf_token": token, "id": str(entries[0]["id"]), "person": "Ana", "date": "2026-03-01"},
        follow_redirects=False,
    )
    assert removed.status_code == 303 and client.get("/api/v1/log").json() == []


def test_person_checkin_and_lab_forms(client: TestClient) -> None:
    token = _token(client.get("/history").text)
    made = client.post(
        "/history/person",
        data={"csrf_token": token, "name": "Li", "age_years": "40", "sex": "male", "standard": "cn"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    bad_age = client.post(
        "/history/person", data={"csrf_token": token, "name": "Old", "age_years": "abc", "sex": "male"}
    )
    assert bad_age.status_code == 422 and 'data-testid="error-summary"' in bad_age.text
    checkin = client.post(
        "/history/checkin",
        data={"csrf_token": token, "person": "Li", "sign.fatigue": "often", "date": "2026-03-01"},
        follow_redirects=False,
    )
    assert checkin.status_code == 303
    empty = client.post("/history/checkin", data={"csrf_token": token, "person": "Li"})
    assert empty.status_code == 422
    lab = client.post(
        "/history/lab",
        data={"csrf_token": token, "person": "Li", "value": "0.8", "unit": "mmol/L", "date": "2026-03-01"},
        follow_redirects=False,
    )
    assert lab.status_code == 303
    wrong = client.post(
        "/history/lab", data={"csrf_token": token, "person": "Li", "value": "80", "unit": "mmol/L"}
    )
    assert wrong.status_code == 422 and "mmol/L" in wrong.text
    assert len(client.get("/api/v1/labs").json()) == 1 and len(client.get("/api/v1/checkins").json()) == 1


def test_results_page_can_save_to_history(client: TestClient) -> None:
    import json

    _person(client, "Ana")
    _person(client, "Bo")
    token = _token(client.get("/history").text)
    body = {"profile": {"age_years": 34, "sex": "female", "name": "Ana"}, "intake": {"usual_mg": 180}}
    saved = client.post(
        "/history/save",
        data={"csrf_token": token, "input_json": json.dumps(body), "lang": "en"},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and "person=Ana" in saved.headers["location"]  # the profile's name
    listed = client.get("/api/v1/assessments", params={"person": "Ana"}).json()
    assert len(listed) == 1 and listed[0]["mean_mg"] == 180 and listed[0]["status_level"]
    assert 0 <= listed[0]["probability_adequate"] < 0.5  # 180 mg is below the EAR of 265 mg
    page = client.get("/history?person=Ana")
    assert 'data-testid="saved-assessments"' in page.text
    anonymous = dict(body, profile={"age_years": 34, "sex": "female"})
    refused = client.post("/history/save", data={"csrf_token": token, "input_json": json.dumps(anonymous)})
    assert refused.status_code == 422  # two people and none chosen: say which, save nothing
    assert client.get("/api/v1/assessments", params={"person": "Bo"}).json() == []
    assert client.post("/history/save", data={"csrf_token": "x", "input_json": "{}"}).status_code == 403


def test_day_page_supplements(client: TestClient) -> None:
    _person(client)
    token = _token(client.get("/history/log?date=2026-03-01").text)
    base = {"csrf_token": token, "person": "Ana", "date": "2026-03-01"}
    added = client.post(
        "/history/supplement/add",
        data={**base, "compound": "citrate", "compound_mg": "500", "count": "2"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    page = client.get("/history/log?date=2026-03-01")
    assert 'data-testid="day-supplements"' in page.text and "citrate 500 mg" in page.text
    bad = client.post("/history/supplement/add", data={**base, "compound": "citrate"})
    assert bad.status_code == 422 and 'data-testid="error-summary"' in bad.text
    words = client.post("/history/supplement/add", data={**base, "elemental_mg": "lots"})
    assert words.status_code == 422
    rows = client.get("/api/v1/supplements").json()
    assert [(r["compound"], r["compound_mg"], r["count"]) for r in rows] == [("citrate", 500.0, 2.0)]
    removed = client.post(
        "/history/supplement/remove", data={**base, "id": str(rows[0]["id"])}, follow_redirects=False
    )
    assert removed.status_code == 303 and client.get("/api/v1/supplements").json() == []


def test_person_delete_needs_confirmation_and_import_by_upload(client: TestClient) -> None:
    _person(client)
    client.post("/api/v1/log", json={"text": "30 g almonds", "date": "2026-03-01"})
    exported = client.get("/api/v1/export").content
    token = _token(client.get("/history").text)
    unconfirmed = client.post("/history/person/delete", data={"csrf_token": token, "person": "Ana"})
    assert unconfirmed.status_code == 422 and len(client.get("/api/v1/persons").json()) == 1
    confirmed = client.post(
        "/history/person/delete",
        data={"csrf_token": token, "person": "Ana", "confirm": "yes"},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303 and client.get("/api/v1/persons").json() == []
    files = {"file": ("ana.json", exported, "application/json")}
    done = client.post("/history/import", data={"csrf_token": token}, files=files, follow_redirects=False)
    assert done.status_code == 303 and "imported=1" in done.headers["location"]
    assert 'data-testid="imported"' in client.get(done.headers["location"]).text
    again = client.post("/history/import", data={"csrf_token": token}, files=files)
    assert again.status_code == 422 and "already exists" in again.text
    junk = client.post(
        "/history/import", data={"csrf_token": token}, files={"file": ("x.csv", b"\xff\xfe", "text/csv")}
    )
    assert junk.status_code == 422
    assert len(client.get("/api/v1/log").json()) == 1


@pytest.mark.parametrize("value", [0, 1.5, "0", "20260301", "2026-02-30", "1 March"])
@pytest.mark.parametrize("path", ["log", "supplements", "checkins", "labs"])
def test_a_date_is_iso_text_only(client: TestClient, path: str, value: object) -> None:
    """A number is not a date (lax parsing would read 0 as 1970-01-01); nothing is stored; both languages."""
    _person(client)
    bodies: dict[str, dict[str, object]] = {
        "log": {"text": "30 g almonds"},
        "supplements": {"elemental_mg": 100},
        "checkins": {"signs": {"fatigue": "often"}},
        "labs": {"value": 0.7, "unit": "mmol/L"},
    }
    body = bodies[path]
    for lang, words in (("en", "YYYY-MM-DD"), ("zh", "格式的日期")):
        response = client.post(f"/api/v1/{path}?lang={lang}", json={**body, "date": value})
        assert response.status_code == 422, response.text
        [problem] = response.json()["detail"]
        assert problem["field"] == "date" and problem["code"] == "errors.not_a_date"
        assert words in problem["message"]
    assert client.get(f"/api/v1/{path}").json() == []


@pytest.mark.parametrize("value", ["0", "1", "20260301", "abc"])
def test_the_log_query_takes_an_iso_date_only(client: TestClient, value: str) -> None:
    _person(client)
    response = client.get("/api/v1/log", params={"date": value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "errors.not_a_date"
    assert client.get("/api/v1/log", params={"date": "2026-03-01"}).status_code == 200
