"""Report downloads in the web app: the results-page button, the history button and /api/v1/report."""

from __future__ import annotations

import html as htmllib
import json
import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from magcheck.i18n import Lang, t
from magcheck.web.app import create_app

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
EXAMPLE = {
    "profile": {"age_years": 40, "sex": "female", "name": "Chen Jing"},
    "intake": {"daily_mg": [290, 330, 340]},
    "signs": {"muscle_cramps": "often"},
}
FORM = {
    "profile.age_years": "40",
    "profile.sex": "female",
    "profile.state": "none",
    "standard": "us",
    "intake.mode": "usual",
    "intake.usual_mg": "250",
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def _token(client: TestClient, path: str = "/assess") -> str:
    page = client.get(path)
    match = CSRF_RE.search(page.text)
    assert match
    return match.group(1)


def _results(client: TestClient, lang: Lang) -> str:
    page = client.post(f"/assess?lang={lang}", data={"csrf_token": _token(client), **FORM})
    assert page.status_code == 200, page.text[:2000]
    html: str = page.text
    return html


def test_results_page_has_a_download_button_in_the_page_language(client: TestClient, lang: Lang) -> None:
    page = _results(client, lang)
    form = re.search(r'<form method="post" action="/report/pdf".*?</form>', page, flags=re.S)
    assert form is not None
    assert t("report.web.download_pdf", lang) in form.group(0)
    assert 'name="input_json"' in form.group(0) and 'name="csrf_token"' in form.group(0)


@pytest.mark.pdf
def test_the_button_posts_the_same_input_and_gets_a_pdf(client: TestClient, pdf_toolchain: None) -> None:
    page = _results(client, "zh")
    hidden = re.search(r'action="/report/pdf".*?name="input_json" value="([^"]+)"', page, flags=re.S)
    token = CSRF_RE.search(page)
    assert hidden is not None and token is not None
    data = {
        "csrf_token": token.group(1),
        "input_json": htmllib.unescape(hidden.group(1)),
        "lang": "zh",
    }
    response = client.post("/report/pdf", data=data)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('attachment; filename="magcheck-report-')
    assert response.headers["cache-control"] == "no-store"
    assert response.content[:5] == b"%PDF-"


def test_download_without_a_csrf_token_is_refused(client: TestClient) -> None:
    response = client.post("/report/pdf", data={"input_json": json.dumps(EXAMPLE)})
    assert response.status_code == 403


def test_a_bad_posted_input_is_a_422_page_not_a_500(client: TestClient) -> None:
    token = _token(client)
    response = client.post(
        "/report/pdf", data={"csrf_token": token, "input_json": '{"profile": 1}', "lang": "en"}
    )
    assert response.status_code == 422
    assert "profile" in response.text
    response = client.post("/report/pdf", data={"csrf_token": token, "input_json": "not json"})
    assert response.status_code == 422


def test_api_report_as_html_carries_the_numbers(client: TestClient, lang: Lang) -> None:
    response = client.post(f"/api/v1/report?format=html&lang={lang}", json=EXAMPLE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    mg = "每天 {} 毫克" if lang == "zh" else "{} mg/day"
    assert mg.format(265) in body and mg.format(320) in body and "84%" in body
    assert "Chen Jing" in body
    anonymous = client.post(f"/api/v1/report?format=html&lang={lang}&include_name=false", json=EXAMPLE)
    assert "Chen Jing" not in anonymous.text


@pytest.mark.pdf
def test_api_report_pdf_follows_accept_language(client: TestClient, pdf_toolchain: None) -> None:
    response = client.post("/api/v1/report?paper=Letter", json=EXAMPLE, headers={"accept-language": "zh-CN"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


def test_api_report_bad_input_is_field_level_json(client: TestClient) -> None:
    response = client.post("/api/v1/report?lang=zh", json={"profile": {"age_years": -1, "sex": "female"}})
    assert response.status_code == 422
    fields = [d["field"] for d in response.json()["detail"]]
    assert "profile.age_years" in fields
    bad_format = client.post("/api/v1/report?format=docx", json=EXAMPLE)
    assert bad_format.status_code == 422


def test_api_report_is_documented_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/v1/report"]["post"]
    assert "application/pdf" in operation["responses"]["200"]["content"]


@pytest.mark.pdf
def test_history_button_makes_a_pdf_for_the_person(client: TestClient, pdf_toolchain: None) -> None:
    from magcheck.service.history.food_log import add_entry
    from magcheck.service.history.people import add_person

    name = f"Web report {uuid.uuid4().hex[:8]}"
    add_person(name, 40, "female")
    add_entry("30 g almonds", person=name)
    token = _token(client)
    response = client.post("/report/history/pdf", data={"csrf_token": token, "person": name, "days": "14"})
    assert response.status_code == 200, response.text[:500]
    assert response.content[:5] == b"%PDF-"


def test_history_button_errors_are_pages_with_the_field(client: TestClient) -> None:
    token = _token(client)
    unknown = client.post("/report/history/pdf", data={"csrf_token": token, "person": "No Such Person"})
    assert unknown.status_code in (404, 422)
    assert unknown.headers["content-type"].startswith("text/html")
    bad_days = client.post("/report/history/pdf", data={"csrf_token": token, "person": "x", "days": "week"})
    assert bad_days.status_code == 422 and "days" in bad_days.text


@pytest.mark.pdf
def test_history_page_button_downloads_the_report(
    client: TestClient, lang: Lang, pdf_toolchain: None
) -> None:
    from magcheck.service.history.food_log import add_entry
    from magcheck.service.history.people import add_person

    name = f"Page report {uuid.uuid4().hex[:8]}"
    add_person(name, 40, "female")
    add_entry("100 g spinach", person=name)
    page = client.get("/history", params={"person": name, "days": 7, "lang": lang})
    assert page.status_code == 200
    form = re.search(r'<form method="post" action="/report/history/pdf".*?</form>', page.text, flags=re.S)
    assert form is not None and t("report.web.download_pdf", lang) in form.group(0)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(0)))
    response = client.post("/report/history/pdf", data={k: htmllib.unescape(v) for k, v in fields.items()})
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
