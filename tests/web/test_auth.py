"""Issue 12 item 6: with MAGCHECK_TOKEN set, every request needs it, on every address.

The API wants ``Authorization: Bearer TOKEN`` (401 with the error body and WWW-Authenticate
otherwise); browsers sign in on /login and get a secure session cookie; without a token the loopback
app stays open, exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import csrf_from

from magcheck.accounts.throttle import login_throttle
from magcheck.web import auth

TOKEN = "s3cret-token-for-tests-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("MAGCHECK_TOKEN", TOKEN)
    login_throttle.clear()
    yield TOKEN
    login_throttle.clear()


def _set_cookie_headers(response: httpx2.Response) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]


def _sign_in(client: TestClient, value: str = TOKEN, next_path: str = "/") -> httpx2.Response:
    page = client.get(f"/login?next={next_path}")
    assert page.status_code == 200
    response: httpx2.Response = client.post(
        "/login",
        data={"csrf_token": csrf_from(page.text), "token": value, "next": next_path},
        follow_redirects=False,
    )
    return response


# ------------------------------------------------------------------ API


@pytest.mark.usefixtures("token")
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/version"),
        ("GET", "/api/v1/persons"),
        ("GET", "/api/v1/export?format=json"),
        ("POST", "/api/v1/persons"),
        ("DELETE", "/api/v1/persons/ann"),
        ("GET", "/openapi.json"),
    ],
)
def test_api_without_the_token_is_401(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={"name": "ann", "age_years": 30, "sex": "female"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="magcheck"'
    detail = response.json()["detail"]
    assert detail == [
        {
            "field": "authorization",
            "code": "accounts.errors.unauthorized",
            "message": detail[0]["message"],
        }
    ]
    assert "Bearer" in detail[0]["message"]
    assert response.headers["x-content-type-options"] == "nosniff"  # security headers still apply


@pytest.mark.usefixtures("token")
def test_api_with_a_wrong_token_is_401_invalid_token(client: TestClient) -> None:
    for header in (f"Bearer {TOKEN}x", "Bearer ", f"Basic {TOKEN}", TOKEN):
        response = client.get("/api/v1/version", headers={"Authorization": header})
        assert response.status_code == 401, header
    wrong = client.get("/api/v1/version", headers={"Authorization": "Bearer nope"})
    assert wrong.headers["www-authenticate"] == 'Bearer realm="magcheck", error="invalid_token"'


@pytest.mark.usefixtures("token")
def test_api_401_message_follows_the_language(client: TestClient) -> None:
    zh = client.get("/api/v1/version?lang=zh").json()["detail"][0]["message"]
    assert "需要登录" in zh
    en = client.get("/api/v1/version", headers={"Accept-Language": "zh-CN"}).json()
    assert "需要登录" in en["detail"][0]["message"]


@pytest.mark.usefixtures("token")
def test_api_with_the_token_works(client: TestClient) -> None:
    assert client.get("/api/v1/version", headers=BEARER).status_code == 200
    assert client.get("/api/v1/version", headers={"Authorization": f"bearer  {TOKEN}"}).status_code == 200
    assert client.get("/openapi.json", headers=BEARER).status_code == 200


def test_without_a_token_the_loopback_app_is_open(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAGCHECK_TOKEN", raising=False)
    assert client.get("/api/v1/version").status_code == 200
    home = client.get("/")
    assert home.status_code == 200 and 'data-testid="logout"' not in home.text
    # /login has nothing to do on an open app: straight back
    assert client.get("/login?next=/foods", follow_redirects=False).headers["location"] == "/foods"


# ------------------------------------------------------------------ pages and the session cookie


@pytest.mark.usefixtures("token")
def test_pages_redirect_to_the_sign_in_page(client: TestClient) -> None:
    response = client.get("/history?days=7", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fhistory%3Fdays%3D7"
    # a form post without a session is refused outright (its data must not be taken)
    post = client.post("/assess", data={"profile.sex": "female"}, follow_redirects=False)
    assert post.status_code == 401 and "<form" not in post.text.split("<main", 1)[1].split("</main>")[0]


@pytest.mark.usefixtures("token")
def test_public_paths_need_no_session(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200 and 'name="token"' in page.text and 'type="password"' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert client.get("/login?lang=zh").text.count("访问令牌") >= 1
    css = page.text.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert client.get(css).status_code == 200


@pytest.mark.usefixtures("token")
def test_sign_in_sets_a_secure_session_cookie(client: TestClient) -> None:
    response = _sign_in(client, next_path="/signs")
    assert response.status_code == 303
    assert response.headers["location"] == "/signs"
    cookie = next(c for c in _set_cookie_headers(response) if c.startswith(auth.SESSION_COOKIE + "="))
    low = cookie.lower()
    assert "httponly" in low and "samesite=strict" in low and "path=/" in low and "max-age=" in low
    assert "secure" not in low.replace("samesite", "")  # plain http on loopback: no Secure flag
    assert TOKEN not in cookie
    home = client.get("/")
    assert home.status_code == 200 and 'data-testid="logout"' in home.text
    # the browser's session also lets the page's own scripts use the API
    assert client.get("/api/v1/foods/search?q=rice").status_code == 200


@pytest.mark.usefixtures("token")
def test_session_cookie_is_secure_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        cookie = next(
            c for c in _set_cookie_headers(_sign_in(client)) if c.startswith(auth.SESSION_COOKIE + "=")
        )
    assert "; secure" in cookie.lower()


@pytest.mark.usefixtures("token")
def test_a_wrong_token_does_not_sign_in(client: TestClient) -> None:
    response = _sign_in(client, value="guess")
    assert response.status_code == 401
    assert "not right" in response.text
    assert auth.SESSION_COOKIE not in client.cookies
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.usefixtures("token")
def test_sign_in_is_throttled(client: TestClient) -> None:
    for _ in range(5):
        assert _sign_in(client, value="guess").status_code == 401
    blocked = _sign_in(client)  # even the right token waits: the guesser must not learn it worked
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "wait" in blocked.text


@pytest.mark.usefixtures("token")
def test_sign_in_returns_only_to_local_paths(client: TestClient) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = _sign_in(client, next_path=target)
        assert response.headers["location"] == "/"


@pytest.mark.usefixtures("token")
def test_sign_out_ends_the_session(client: TestClient) -> None:
    _sign_in(client)
    home = client.get("/")
    response = client.post("/logout", data={"csrf_token": csrf_from(home.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.usefixtures("token")
def test_sign_out_needs_the_form_token(client: TestClient) -> None:
    _sign_in(client)
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/").status_code == 200


@pytest.mark.usefixtures("token")
def test_a_forged_or_stale_cookie_is_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    value, _ = auth.new_token_session()
    expires, signature = value.split(".")[1:]
    forged = f"t1.{int(expires) + 3600}.{signature}"
    client.cookies.set(auth.SESSION_COOKIE, forged)
    assert client.get("/", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/version").headers["www-authenticate"].endswith('error="invalid_token"')
    # a new token signs everybody out
    client.cookies.set(auth.SESSION_COOKIE, value)
    assert client.get("/").status_code == 200
    monkeypatch.setenv("MAGCHECK_TOKEN", TOKEN + "-rotated")
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.usefixtures("token")
def test_sessions_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGCHECK_SESSION_HOURS", "1")
    value, lifetime = auth.new_token_session(now=1_000_000)
    assert lifetime == 3600
    assert auth.token_session_valid(value, now=1_000_000 + 3599)
    assert not auth.token_session_valid(value, now=1_000_000 + 3600)
    for broken in ("", "t1", "t1.x.y", "t2.99999999999.abc", f"t1.{'9' * 13}.abc"):
        assert not auth.token_session_valid(broken)


def test_openapi_documents_the_bearer_scheme_and_401(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The server's access token (MAGCHECK_TOKEN).",
    }
    operations = [
        op for path, ops in schema["paths"].items() if path.startswith("/api/") for op in ops.values()
    ]
    assert operations
    for op in operations:
        assert "401" in op["responses"], op.get("summary")
        assert op["security"] == [{"bearerAuth": []}, {}]
