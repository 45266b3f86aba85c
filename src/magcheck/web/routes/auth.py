"""The sign-in and sign-out pages (only reachable, and only needed, when access control is on).

With an access token the page asks for the token; with accounts it asks for a name and password.
Both are throttled per client address, and accounts also per name (`accounts.throttle`, counted in
the database so that every worker sees the same failures).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from magcheck.accounts import users
from magcheck.accounts.mode import auth_mode, token_matches
from magcheck.accounts.signin import BadCredentialsError, ThrottledError, sign_in
from magcheck.accounts.throttle import login_throttle
from magcheck.i18n import Lang, t
from magcheck.web.auth import (
    SESSION_COOKIE,
    authenticate,
    clear_session_cookie,
    new_token_session,
    safe_next,
    set_session_cookie,
)
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.templating import render

router = APIRouter(include_in_schema=False)
_NO_STORE = {"cache-control": "no-store"}


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login_page(
    request: Request,
    lang: Lang,
    next_path: str,
    error: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    username: str = "",
) -> Response:
    return render(
        request,
        "login.html",
        lang,
        status_code=status_code,
        headers={**_NO_STORE, **(headers or {})},
        next_path=next_path,
        error=error,
        mode=auth_mode(),
        username=username,
    )


@router.get("/login")
async def login_form(request: Request, next: str = "/") -> Response:
    if auth_mode() == "open":  # nothing to sign in to: the app is open on loopback
        return RedirectResponse(safe_next(next), status_code=303)
    if await run_in_threadpool(authenticate, request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, page_lang(request), safe_next(next))


def _field(form: object, name: str) -> str:
    value = form.get(name)  # type: ignore[attr-defined]
    return value if isinstance(value, str) else ""


@router.post("/login")
async def login_submit(request: Request) -> Response:
    lang = page_lang(request)
    form = await require_csrf(request)
    target = safe_next(_field(form, "next"))
    mode = auth_mode()
    if mode == "open":
        return RedirectResponse(target, status_code=303)
    username = _field(form, "username").strip()[:80]
    address = f"ip:{client_address(request)}"
    try:
        if mode == "accounts":
            account = await run_in_threadpool(sign_in, username, _field(form, "password"), address)
            issued = await run_in_threadpool(users.issue, account.id, "session")
            value, lifetime = issued.token, int(users.lifetime("session").total_seconds())
        else:
            value, lifetime = await run_in_threadpool(_token_sign_in, _field(form, "token"), address)
    except ThrottledError as exc:
        return _login_page(
            request,
            lang,
            target,
            error=t("accounts.errors.throttled", lang, seconds=exc.seconds),
            status_code=429,
            headers={"retry-after": str(exc.seconds)},
            username=username,
        )
    except BadCredentialsError:
        error = t(
            "accounts.errors.bad_credentials" if mode == "accounts" else "accounts.errors.bad_token", lang
        )
        return _login_page(request, lang, target, error=error, status_code=401, username=username)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, value, lifetime)
    return response


def _token_sign_in(token: str, address: str) -> tuple[str, int]:
    """A session for the holder of the server's access token, throttled per address."""
    wait = login_throttle.retry_after(address)
    if wait:
        raise ThrottledError(wait)
    if not token_matches(token):
        login_throttle.failed(address)
        raise BadCredentialsError()
    login_throttle.succeeded(address)
    return new_token_session()


@router.post("/logout")
async def logout(request: Request) -> Response:
    await require_csrf(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    if auth_mode() == "accounts" and cookie:
        await run_in_threadpool(users.revoke, cookie)  # the session ends on the server, not only here
    response = RedirectResponse("/login" if auth_mode() != "open" else "/", status_code=303)
    clear_session_cookie(response, request)
    return response
