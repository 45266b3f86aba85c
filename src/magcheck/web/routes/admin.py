"""The admin page: accounts of a practice server (list, add, disable/enable, reset a password).

Only an admin account reaches it (403 for other roles; 404 when accounts are off). It shows accounts,
never records, and every change goes through `accounts.admin` (audited, CSRF-checked forms,
post/redirect/get).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from magcheck.accounts import admin
from magcheck.accounts.mode import auth_mode
from magcheck.accounts.scope import Caller, ForbiddenError, current
from magcheck.core.errors import FieldProblem, MagcheckError, NotFoundError
from magcheck.i18n import Lang
from magcheck.i18n.problems import message_for
from magcheck.storage.account_tables import ROLES
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.templating import render

router = APIRouter(include_in_schema=False)
_NO_STORE = {"cache-control": "no-store"}
DONE = ("added", "disabled", "enabled", "password")


def _caller() -> Caller:
    caller = current().for_client(None)
    if auth_mode() != "accounts" or not caller.is_account or caller.role == "anonymous":
        raise NotFoundError([FieldProblem("path", "accounts.errors.accounts_off", {})])
    return caller


def _page(
    request: Request,
    lang: Lang,
    caller: Caller,
    error: str | None = None,
    status_code: int = 200,
    values: dict[str, str] | None = None,
) -> Response:
    done = request.query_params.get("done")
    return render(
        request,
        "admin.html",
        lang,
        status_code=status_code,
        headers=_NO_STORE,
        accounts=admin.accounts(caller),  # 403 for anyone but an admin
        roles=ROLES,
        me=caller.name,
        error=error,
        values=values or {},
        done=done if done in DONE else None,
        done_name=request.query_params.get("name", "")[:80],
    )


@router.get("/admin")
def admin_page(request: Request) -> Response:
    return _page(request, page_lang(request), _caller())


async def _change(request: Request, action: str, name: str = "") -> Response:
    lang = page_lang(request)
    form = {k: v for k, v in (await require_csrf(request)).items() if isinstance(v, str)}
    caller = _caller()
    try:
        if action == "added":
            info = await run_in_threadpool(
                admin.add, caller, form.get("name", ""), form.get("role", ""), form.get("password", "")
            )
        elif action == "password":
            info = await run_in_threadpool(admin.reset_password, caller, name, form.get("password", ""))
        else:
            info = await run_in_threadpool(admin.set_disabled, caller, name, action == "disabled")
    except MagcheckError as exc:
        if isinstance(exc, ForbiddenError):
            raise  # not an admin: the app's 403 page, not this one
        error = "; ".join(message_for(p, lang) for p in exc.problems)
        status = 404 if isinstance(exc, NotFoundError) else 422
        kept = {k: v for k, v in form.items() if k in ("name", "role")}
        return await run_in_threadpool(_page, request, lang, caller, error, status, kept)
    return RedirectResponse("/admin?" + urlencode({"done": action, "name": info.name}), status_code=303)


@router.post("/admin/accounts")
async def add_account(request: Request) -> Response:
    return await _change(request, "added")


@router.post("/admin/accounts/{name}/disable")
async def disable_account(request: Request, name: str) -> Response:
    return await _change(request, "disabled", name)


@router.post("/admin/accounts/{name}/enable")
async def enable_account(request: Request, name: str) -> Response:
    return await _change(request, "enabled", name)


@router.post("/admin/accounts/{name}/password")
async def reset_password(request: Request, name: str) -> Response:
    return await _change(request, "password", name)
