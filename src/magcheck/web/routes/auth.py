"""The sign-in and sign-out pages (only reachable, and only needed, when access control is on)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from magcheck.accounts.mode import auth_mode, token_matches
from magcheck.accounts.throttle import login_throttle
from magcheck.i18n import Lang, t
from magcheck.web.auth import (
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
    )


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    if auth_mode() == "open":  # nothing to sign in to: the app is open on loopback
        return RedirectResponse(safe_next(next), status_code=303)
    if authenticate(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, page_lang(request), safe_next(next))


@router.post("/login")
async def login_submit(request: Request) -> Response:
    lang = page_lang(request)
    form = await require_csrf(request)
    next_raw = form.get("next")
    target = safe_next(next_raw if isinstance(next_raw, str) else None)
    if auth_mode() == "open":
        return RedirectResponse(target, status_code=303)
    where = f"ip:{client_address(request)}"
    wait = login_throttle.retry_after(where)
    if wait:
        return _login_page(
            request,
            lang,
            target,
            error=t("accounts.errors.throttled", lang, seconds=wait),
            status_code=429,
            headers={"retry-after": str(wait)},
        )
    given = form.get("token")
    if not token_matches(given if isinstance(given, str) else None):
        login_throttle.failed(where)
        return _login_page(request, lang, target, error=t("accounts.errors.bad_token", lang), status_code=401)
    login_throttle.succeeded(where)
    value, lifetime = new_token_session()
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, value, lifetime)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await require_csrf(request)
    response = RedirectResponse("/login" if auth_mode() != "open" else "/", status_code=303)
    clear_session_cookie(response, request)
    return response
