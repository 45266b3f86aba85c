"""Safety: headers, CSRF, the body cap, no inline code, nothing external, no health data in logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send
from web_support import EXAMPLE_INPUT, form_token

from magcheck.web.security import SecurityMiddleware, csrf_token_for, csrf_valid
from magcheck.web.templating import STATIC_DIR

PAGES = ["/", "/assess", "/signs", "/signs/fatigue", "/foods", "/about", "/api/docs"]


@pytest.mark.parametrize("path", [*PAGES, "/api/v1/signs", "/static/app.css", "/nowhere"])
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style_and_nothing_external(client: TestClient, path: str) -> None:
    html = client.get(path).text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    assert not re.search(r"""(?:src|href|action)=["'](?:https?:)?//""", html)


def test_static_assets_load_nothing_external() -> None:
    for path in (p for p in STATIC_DIR.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), path.name
        assert "@import" not in text, path.name
        assert not re.search(r"fetch\(\s*['\"](?:https?:)?//", text), path.name
        assert not re.search(r"(?:href|src)\s*=\s*['\"](?:https?:)?//", text), path.name


def test_first_page_load_is_light(client: TestClient) -> None:
    html = client.get("/assess").text
    total = len(html.encode())
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        total += len(client.get(asset).content)
    assert total <= 200_000


def test_form_post_without_csrf_token_is_refused(client: TestClient) -> None:
    response = client.post("/assess", data={"profile.age_years": "30", "profile.sex": "female"})
    assert response.status_code == 403
    token = form_token(client)
    forged = token.split(".")[0] + ".0000"
    assert client.post("/assess", data={"csrf_token": forged, "profile.sex": "female"}).status_code == 403


def test_csrf_token_is_bound_to_the_cookie() -> None:
    token = csrf_token_for("abc")
    assert csrf_valid("abc", token)
    assert not csrf_valid("abd", token)
    assert not csrf_valid(None, token)
    assert not csrf_valid("abc", None)


def test_csrf_cookie_is_http_only_and_same_site(client: TestClient) -> None:
    cookie = client.get("/assess").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def test_request_bodies_are_capped(client: TestClient) -> None:
    big = b'{"profile": {"age_years": 30, "sex": "female"}, "medications": ["' + b"x" * 1_100_000 + b'"]}'
    api = client.post("/api/v1/assess", content=big, headers={"content-type": "application/json"})
    assert api.status_code == 413
    assert api.json()["detail"][0]["code"] == "web.errors.body_too_large"
    page = client.post("/assess", content=big, headers={"content-type": "application/x-www-form-urlencoded"})
    assert page.status_code == 413


def test_chunked_bodies_are_capped_too() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover - never reached
        raise AssertionError("the app must not see an oversized body")

    capped = FastAPI()
    capped.add_middleware(SecurityMiddleware, max_body=10)
    client = TestClient(capped)

    def chunks() -> Iterator[bytes]:
        yield b"12345"
        yield b"67890"
        yield b"abc"

    response = client.post("/api/v1/x", content=chunks())
    assert response.status_code == 413


def test_access_log_has_no_query_string_or_body(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="magcheck.web.access"):
        client.get("/api/v1/foods/search", params={"q": "secretfoodname"})
        client.post("/api/v1/assess", json={**EXAMPLE_INPUT, "medications": ["secretmedicine"]})
    text = caplog.text
    assert "/api/v1/foods/search" in text
    assert "secretfoodname" not in text and "secretmedicine" not in text


def test_unexpected_errors_are_a_clean_500_without_details(
    app: FastAPI, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magcheck.service import signs

    def boom(*args: object) -> object:
        raise RuntimeError("secret health detail 42 mg")

    monkeypatch.setattr(signs, "signs_json", boom)
    with caplog.at_level(logging.ERROR), TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/signs")
    assert response.status_code == 500
    assert response.json()["detail"][0]["code"] == "web.errors.server"
    assert "secret health detail" not in response.text
    assert "RuntimeError" in caplog.text
    assert "secret health detail" not in caplog.text


def test_history_import_may_be_larger_but_is_capped_too(client: TestClient) -> None:
    two_mb = b'{"x": "' + b"y" * 2_000_000 + b'"}'
    response = client.post("/api/v1/import", content=two_mb, headers={"content-type": "application/json"})
    assert response.status_code != 413  # the import route reads whole exports
    huge = {"content-type": "application/json", "content-length": "30000000"}
    assert client.post("/api/v1/import", content=b"{}", headers=huge).status_code == 413


def test_static_assets_are_cacheable_and_versioned(client: TestClient) -> None:
    html = client.get("/").text
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{10})"', html)
    assert css
    response = client.get(css.group(1))
    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]
