"""Practice-mode pages: a clinician's clients, one client's record, and a client's sharing page.

Everything is read through the same scoped service calls as the API (`accounts.sharing`,
`accounts.clinician`), so a page can show no more than the API would: a client who did not share
is "not found" here too.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from magcheck.accounts import clinician, sharing
from magcheck.accounts.mode import auth_mode
from magcheck.accounts.scope import Caller, ForbiddenError, current
from magcheck.core.errors import FieldProblem, MagcheckError, NotFoundError
from magcheck.i18n import Lang
from magcheck.i18n.problems import message_for
from magcheck.web.forms import require_csrf
from magcheck.web.language import page_lang
from magcheck.web.templating import render

router = APIRouter(include_in_schema=False)
_NO_STORE = {"cache-control": "no-store"}


def _caller(role: str) -> Caller:
    """The signed-in account of `role` (pages exist only in accounts mode: 404 otherwise)."""
    caller = current().for_client(None)
    if auth_mode() != "accounts" or not caller.is_account or caller.role == "anonymous":
        raise NotFoundError([FieldProblem("path", "accounts.errors.accounts_off", {})])
    if caller.role != role:
        raise ForbiddenError([FieldProblem("role", f"accounts.errors.only_{role}", {})])
    return caller


@router.get("/clients")
def clients_page(request: Request) -> Response:
    caller = _caller("clinician")
    return render(
        request,
        "practice_clients.html",
        page_lang(request),
        headers=_NO_STORE,
        clients=clinician.client_list(caller),
    )


def _client_page(
    request: Request, lang: Lang, caller: Caller, name: str, error: str | None = None, status_code: int = 200
) -> Response:
    people = clinician.client_people(caller, name)  # 404 without a share
    return render(
        request,
        "practice_client.html",
        lang,
        status_code=status_code,
        headers=_NO_STORE,
        client=name,
        client_q=quote(name, safe=""),
        people=people,
        notes=sharing.notes_for(caller, name),
        error=error,
    )


@router.get("/clients/{name}")
def client_page(request: Request, name: str) -> Response:
    return _client_page(request, page_lang(request), _caller("clinician"), name)


@router.post("/clients/{name}/notes")
async def client_note(request: Request, name: str) -> Response:
    lang = page_lang(request)
    form = await require_csrf(request)
    caller = _caller("clinician")
    text = form.get("text")
    try:
        await run_in_threadpool(sharing.add_note, caller, name, text if isinstance(text, str) else "")
    except NotFoundError:
        raise  # no share: the app's 404 page, like any unknown page
    except MagcheckError as exc:
        error = "; ".join(message_for(p, lang) for p in exc.problems)
        return await run_in_threadpool(_client_page, request, lang, caller, name, error, 422)
    return RedirectResponse(f"/clients/{quote(name, safe='')}", status_code=303)


def _sharing_page(
    request: Request, lang: Lang, caller: Caller, error: str | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "practice_sharing.html",
        lang,
        status_code=status,
        headers=_NO_STORE,
        shares=sharing.list_shares(caller),
        notes=sharing.notes_for(caller),
        error=error,
    )


@router.get("/sharing")
def sharing_page(request: Request) -> Response:
    return _sharing_page(request, page_lang(request), _caller("client"))


@router.post("/sharing")
async def sharing_change(request: Request) -> Response:
    """Share with a clinician (field ``clinician``) or stop sharing (field ``revoke``)."""
    lang = page_lang(request)
    form = await require_csrf(request)
    caller = _caller("client")
    revoke, add = form.get("revoke"), form.get("clinician")
    try:
        if isinstance(revoke, str) and revoke:
            await run_in_threadpool(sharing.remove_share, caller, revoke)
        else:
            await run_in_threadpool(sharing.add_share, caller, add if isinstance(add, str) else "")
    except MagcheckError as exc:
        error = "; ".join(message_for(p, lang) for p in exc.problems)
        status = 404 if isinstance(exc, NotFoundError) else 422
        return await run_in_threadpool(_sharing_page, request, lang, caller, error, status)
    return RedirectResponse("/sharing", status_code=303)
