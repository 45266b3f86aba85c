"""Sign-in for the whole server: nothing but the sign-in page answers a caller without a credential.

In practice mode (accounts, see `magcheck.accounts.mode`) a request carries an account's API token
(``Authorization: Bearer``) or a browser session cookie; both are random values whose digests are
looked up in the database. The caller found is set for the service layer (`accounts.scope`), which
scopes every query by it; ``?client=NAME`` asks to act on a client's record (checked there).

With an access token configured (`MAGCHECK_TOKEN`), every request must carry it, on every address
(loopback included, since other local programs and rebinding web pages reach loopback too):

- programs send ``Authorization: Bearer TOKEN``; without it the API answers 401 with the usual error
  body and a ``WWW-Authenticate`` header (RFC 6750);
- people sign in once on ``/login``; the page sets a session cookie (HttpOnly, SameSite=Strict, Secure
  over HTTPS) signed with the server's key and bound to the token, so changing the token signs
  everybody out. Pages without a session redirect to ``/login``.

The check is plain ASGI middleware inside `SecurityMiddleware` (so host checks and security headers
apply to its answers too) and in front of every route, so no route can forget it. The caller it
found is left in ``scope["state"]["caller"]``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from magcheck.accounts.audit import set_operation
from magcheck.accounts.mode import auth_mode, configured_token, digest, token_matches
from magcheck.accounts.scope import ANONYMOUS, LOCAL, Caller, set_caller
from magcheck.accounts.users import resolve, session_seconds
from magcheck.core.errors import FieldProblem
from magcheck.web.errors import api_error, page_error
from magcheck.web.language import api_lang
from magcheck.web.security import ASGIApp, Receive, Scope, Send, secret_key

SESSION_COOKIE = "magcheck_session"
# reachable without signing in: the sign-in page itself, signing out, the language switch of the
# sign-in page and the static assets (public files, no data)
# (and, for programs, getting a token and checking that the server is up)
PUBLIC_PATHS = frozenset({"/login", "/logout", "/api/v1/auth/token", "/api/v1/health"})
PUBLIC_PREFIXES = ("/static/", "/lang/")


def _token_session_signature(expires: int, token: str) -> str:
    message = f"t1|{expires}|{digest(token).hex()}".encode()
    return hmac.new(secret_key(), message, hashlib.sha256).hexdigest()


def new_token_session(now: float | None = None) -> tuple[str, int]:
    """A session cookie value for the token holder and its lifetime in seconds."""
    token = configured_token()
    assert token is not None, "sessions exist only when a token is configured"
    lifetime = session_seconds()
    expires = int(now if now is not None else time.time()) + lifetime
    return f"t1.{expires}.{_token_session_signature(expires, token)}", lifetime


def token_session_valid(value: str | None, now: float | None = None) -> bool:
    """True for an unexpired cookie this server issued for the current token."""
    token = configured_token()
    if not token or not value:
        return False
    version, _, rest = value.partition(".")
    expires_text, _, signature = rest.partition(".")
    if version != "t1" or not expires_text.isdigit() or len(expires_text) > 12:
        return False
    expected = _token_session_signature(int(expires_text), token)
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        return False
    return int(expires_text) > (now if now is not None else time.time())


def set_session_cookie(response: Response, request: Request, value: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path="/",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="strict", secure=is_https(request), path="/"
    )


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def bearer_token(headers: Any) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None."""
    raw = headers.get("authorization")
    if not raw:
        return None
    scheme, _, value = raw.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def authenticate(request: Request) -> Caller | None:
    """The caller behind a request, or None when it carries no valid credential.

    Runs database lookups in accounts mode: call it from a worker thread, not the event loop.
    """
    mode = auth_mode()
    given = bearer_token(request.headers)
    cookie = request.cookies.get(SESSION_COOKIE)
    if mode == "accounts":
        account = resolve(given) if given is not None else resolve(cookie) if cookie else None
        if account is None:
            return None
        caller = Caller(account.id, account.name, account.role)
        return caller.for_client(request.query_params.get("client"))
    if given is not None:
        return LOCAL if token_matches(given) else None
    return LOCAL if token_session_valid(cookie) else None


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


def safe_next(target: str | None) -> str:
    """A local path to return to after signing in; anything else (another site) becomes ``/``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def unauthorized(request: Request, bad_credential: bool) -> Response:
    """401 for the API (error body + WWW-Authenticate); pages: a GET goes to the sign-in page."""
    path = request.url.path
    problems = [FieldProblem("authorization", "accounts.errors.unauthorized", {})]
    if is_api(path):
        response: Response = api_error(401, problems, api_lang(request))
        challenge = 'Bearer realm="magcheck"'
        if bad_credential:
            challenge += ', error="invalid_token"'
        response.headers["www-authenticate"] = challenge
        return response
    if request.method in ("GET", "HEAD"):
        here = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)
    response = page_error(request, 401, "accounts.login.title", problems)
    response.headers["www-authenticate"] = 'Bearer realm="magcheck"'
    return response


class AuthMiddleware:
    """Lets a request through only with a valid credential when access control is on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or auth_mode() == "open":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        caller = await run_in_threadpool(authenticate, request)
        if caller is None and not is_public(scope.get("path", "")):
            bad = bearer_token(request.headers) is not None or SESSION_COOKIE in request.cookies
            await unauthorized(request, bad)(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["caller"] = caller
        state["via"] = "bearer" if bearer_token(request.headers) is not None else "session"
        # this request's task (and the threads it starts) only; a public page in accounts mode runs
        # as nobody, so even a mistake there could not reach the single-user record
        set_caller(caller if caller is not None else ANONYMOUS)
        set_operation(f"{scope['method']} {scope.get('path', '')}")
        await self.app(scope, receive, send)


def document_auth(app: FastAPI) -> None:
    """Declare the bearer scheme and the 401 answer of every API operation in the OpenAPI document.

    Security is optional in the document (``{}`` is an alternative) because the loopback single-user
    app needs none; a server with a token or accounts answers 401 without one.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["bearerAuth"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "The server's access token (MAGCHECK_TOKEN).",
        }
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/api/"):
                continue
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                operation.setdefault("security", [{"bearerAuth": []}, {}])
                operation["responses"].setdefault(
                    "401",
                    {
                        "description": "Sign-in required: no valid access token (Authorization: Bearer).",
                        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
                    },
                )
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
