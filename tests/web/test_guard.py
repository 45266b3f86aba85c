"""The request guard: DNS rebinding (Host), cross-site writes (Origin / Sec-Fetch-Site) and API content types.

Each attack from the security review is replayed exactly as a browser or curl would send it, and the
test shows it refused before any route ran (nothing read, nothing changed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import form_token

from magcheck.cli import app as cli_app
from magcheck.storage.engine import close_stores
from magcheck.web.app import create_app
from magcheck.web.guard import allow_serving_address, configured_hosts, host_allowed

EVIL_HOST = "evil.example:8000"


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client on an empty SQLite record that already holds two people (Dana is current)."""
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'history.sqlite3'}")
    close_stores()
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        for name in ("Bea", "Dana"):
            made = c.post("/api/v1/persons", json={"name": name, "age_years": 40, "sex": "female"})
            assert made.status_code == 201, made.text
        assert c.post("/api/v1/persons/Dana/use").status_code == 200
        assert c.post("/api/v1/labs", json={"value": 0.61, "unit": "mmol/L"}).status_code == 201
        yield c
    close_stores()


def _current(client: TestClient) -> str:
    name: str = next(p["name"] for p in client.get("/api/v1/persons").json() if p["current"])
    return name


def _names(client: TestClient) -> list[str]:
    return sorted(p["name"] for p in client.get("/api/v1/persons").json())


def _assert_error_body(response_text: str, code: str) -> None:
    body = json.loads(response_text)
    assert [d["code"] for d in body["detail"]] == [code]
    assert all(set(d) == {"field", "message", "code"} and d["message"] for d in body["detail"])


# ---------------------------------------------------------------- Host (DNS rebinding)


def test_export_with_a_rebinding_host_reveals_nothing(client: TestClient) -> None:
    response = client.get("/api/v1/export?format=json", headers={"host": EVIL_HOST})
    assert response.status_code == 400
    _assert_error_body(response.text, "security.errors.host")
    assert "Dana" not in response.text and "0.61" not in response.text
    assert "MAGCHECK_ALLOWED_HOSTS" in response.json()["detail"][0]["message"]


def test_delete_with_a_rebinding_host_deletes_nobody(client: TestClient) -> None:
    response = client.delete("/api/v1/persons/Dana", headers={"host": EVIL_HOST})
    assert response.status_code == 400
    _assert_error_body(response.text, "security.errors.host")
    assert _names(client) == ["Bea", "Dana"]


def test_pages_with_a_rebinding_host_get_the_error_page_in_the_persons_language(client: TestClient) -> None:
    response = client.get("/history", headers={"host": EVIL_HOST, "accept-language": "zh-CN"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "MAGCHECK_ALLOWED_HOSTS" in response.text and "本服务器" in response.text
    assert "Dana" not in response.text
    assert response.headers["content-security-policy"]  # the security headers are still there


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost", "LOCALHOST:8000", "127.0.0.1"]
)
def test_loopback_hosts_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/version", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        EVIL_HOST,
        "localhost.evil.example:8000",
        "127.0.0.1.nip.io:8000",
        "127.0.0.1:80@evil.example",
        "localhost:8000/",
        "[::1]x:80",
        "localhost:80a",
        "",
    ],
)
def test_other_hosts_are_refused(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/version", headers={"host": host}).status_code == 400


def test_configured_hosts_are_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGCHECK_ALLOWED_HOSTS", "magcheck.lan, 192.168.1.5:8000")
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        assert c.get("/api/v1/version", headers={"host": "magcheck.lan:8000"}).status_code == 200
        assert c.get("/api/v1/version", headers={"host": "MAGCHECK.LAN"}).status_code == 200
        assert c.get("/api/v1/version", headers={"host": "192.168.1.5:8000"}).status_code == 200
        assert c.get("/api/v1/version", headers={"host": "192.168.1.5:9000"}).status_code == 400
        assert c.get("/api/v1/version", headers={"host": "testserver"}).status_code == 400


def test_host_rules() -> None:
    extra = configured_hosts("a.example b.example:81")
    assert host_allowed("a.example:1234", extra) and host_allowed("b.example:81", extra)
    assert not host_allowed("b.example:82", extra) and not host_allowed("c.example", extra)
    assert host_allowed("[::1]", frozenset()) and not host_allowed("[::2]:80", frozenset())


# ---------------------------------------------------------------- cross-site writes


CROSS_SITE = [
    {"origin": "https://evil.example"},
    {"origin": "null"},
    {"origin": "http://localhost:3000"},  # another local program's page: same site, other origin
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {"origin": "http://testserver", "sec-fetch-site": "cross-site"},
    {"origin": "null", "sec-fetch-site": "cross-site"},
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_body_less_cross_site_use_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/v1/persons/Bea/use", headers=headers)
    assert response.status_code == 403
    _assert_error_body(response.text, "security.errors.cross_site")
    assert _current(client) == "Dana"


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_body_less_cross_site_history_assess_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    before = client.get("/api/v1/assessments", params={"person": "Dana"}).json()
    response = client.post("/api/v1/history/assess", headers=headers)
    assert response.status_code == 403
    assert client.get("/api/v1/assessments", params={"person": "Dana"}).json() == before


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_cross_site_delete_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    assert client.delete("/api/v1/persons/Bea", headers=headers).status_code == 403
    assert _names(client) == ["Bea", "Dana"]


def test_cross_site_form_post_is_refused_even_with_a_valid_csrf_token(client: TestClient) -> None:
    token = form_token(client, "/history")
    form = {"csrf_token": token, "name": "Eve", "age_years": "30", "sex": "female"}
    response = client.post("/history/person", data=form, headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Eve" not in _names(client)
    same = client.post(
        "/history/person",
        data=form,
        headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert same.status_code == 303 and "Eve" in _names(client)


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts
        {"sec-fetch-site": "same-origin", "origin": "http://testserver"},
        {"sec-fetch-site": "none"},  # typed into the address bar / a bookmark
        {"origin": "http://testserver:80"},
        # our own form under a strict referrer policy: the browser hides the origin but marks the site
        {"origin": "null", "sec-fetch-site": "same-origin"},
    ],
)
def test_same_origin_and_header_less_writes_are_answered(client: TestClient, headers: dict[str, str]) -> None:
    assert client.post("/api/v1/persons/Bea/use", headers=headers).status_code == 200
    assert _current(client) == "Bea"


def test_cross_site_reads_are_answered(client: TestClient) -> None:
    # a read cannot change anything, and the browser's same-origin policy keeps its answer from the page
    assert client.get("/api/v1/version", headers={"sec-fetch-site": "cross-site"}).status_code == 200


# ---------------------------------------------------------------- content types of API writes


def _export(client: TestClient) -> str:
    text: str = client.get("/api/v1/export", params={"format": "json", "person": "Dana"}).text
    return text.replace('"Dana"', '"Mallory"')


def test_text_plain_import_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/import", content=_export(client), headers={"content-type": "text/plain"})
    assert response.status_code == 415
    _assert_error_body(response.text, "security.errors.media_type")
    assert "multipart/form-data" in response.headers["accept"]
    assert _names(client) == ["Bea", "Dana"] and _current(client) == "Dana"


@pytest.mark.parametrize(
    "ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]
)
def test_api_writes_need_json(client: TestClient, ctype: str | None) -> None:
    body = json.dumps({"name": "Eve", "age_years": 30, "sex": "female"})
    headers = {"content-type": ctype} if ctype else {}
    if ctype is None:
        # httpx adds no type for raw content: a body without a declared type is refused too
        response = client.post("/api/v1/persons", content=body.encode(), headers=headers)
    else:
        response = client.post("/api/v1/persons", content=body, headers=headers)
    assert response.status_code == 415
    assert "Eve" not in _names(client)


def test_json_with_a_charset_is_fine(client: TestClient) -> None:
    body = json.dumps({"name": "Eve", "age_years": 30, "sex": "female"})
    response = client.post(
        "/api/v1/persons", content=body, headers={"content-type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 201


def test_import_accepts_json_csv_and_the_multipart_upload(client: TestClient) -> None:
    exported = _export(client)
    as_json = client.post("/api/v1/import", content=exported, headers={"content-type": "application/json"})
    assert as_json.status_code == 200, as_json.text
    csv_text = client.get("/api/v1/export", params={"format": "csv", "person": "Bea"}).text
    as_csv = client.post(
        "/api/v1/import",
        content=csv_text.replace("Bea", "Carla"),
        headers={"content-type": "text/csv; charset=utf-8"},
    )
    assert as_csv.status_code == 200, as_csv.text
    upload = client.post(
        "/api/v1/import",
        files={"file": ("export.json", exported.replace("Mallory", "Nora").encode(), "application/json")},
    )
    assert upload.status_code == 200, upload.text
    assert _names(client) == ["Bea", "Carla", "Dana", "Mallory", "Nora"]


def test_multipart_import_without_a_file_is_a_field_error(client: TestClient) -> None:
    response = client.post("/api/v1/import", files={"other": ("x.txt", b"hello", "text/plain")})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "file"


def test_serving_a_specific_address_answers_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGCHECK_ALLOWED_HOSTS", "")
    assert allow_serving_address("192.168.1.5")
    assert allow_serving_address("fe80::1")
    assert configured_hosts() == {"192.168.1.5", "[fe80::1]"}
    monkeypatch.setenv("MAGCHECK_ALLOWED_HOSTS", "")
    assert not allow_serving_address("0.0.0.0")  # a wildcard names no host: the person must list them
    monkeypatch.setenv("MAGCHECK_ALLOWED_HOSTS", "magcheck.lan")
    assert allow_serving_address("::")


def test_serve_says_how_to_be_reached_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    monkeypatch.setenv("MAGCHECK_TOKEN", "a-long-random-token-0123456789")
    monkeypatch.setenv("MAGCHECK_ALLOWED_HOSTS", "")
    wildcard = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--lang", "en"])
    assert wildcard.exit_code == 0 and "MAGCHECK_ALLOWED_HOSTS" in wildcard.output
    specific = CliRunner().invoke(cli_app, ["serve", "--host", "192.168.1.5", "--lang", "zh"])
    assert specific.exit_code == 0 and "MAGCHECK_ALLOWED_HOSTS" not in specific.output
    assert "192.168.1.5" in configured_hosts()
