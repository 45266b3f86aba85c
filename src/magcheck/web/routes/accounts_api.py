"""Practice-mode API: tokens for programs, sharing, the clinician's client list, notes, health.

The names are a contract other tools rely on (issue 16): ``POST /api/v1/auth/token`` with
``{"username", "password"}`` answers ``{"token", "expires_at"}``; ``POST /api/v1/shares`` with
``{"clinician"}``; ``DELETE /api/v1/shares/{clinician}``; ``GET /api/v1/clients``. These routes
exist only in accounts mode (404 otherwise). Records of another account are never "forbidden", they
are "not found": a 403 would tell a stranger that the client exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from magcheck.accounts import clinician, sharing, users
from magcheck.accounts.mode import auth_mode
from magcheck.accounts.scope import Caller, ForbiddenError, current
from magcheck.accounts.signin import BadCredentialsError, ThrottledError, sign_in
from magcheck.core.errors import FieldProblem, NotFoundError
from magcheck.storage.engine import open_store
from magcheck.web.errors import api_error
from magcheck.web.payload import to_json
from magcheck.web.routes.api import LangDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])

_BASE: dict[int | str, dict[str, Any]] = {
    401: {"description": "Sign-in required."},
    404: {"description": "Accounts are not enabled, or no such item (also: not shared with you)."},
    413: {"description": "Request body too large."},
    422: {"description": "Invalid input: field-level messages in the chosen language."},
}
_ROLE: dict[int | str, dict[str, Any]] = {
    **_BASE,
    403: {"description": "Your role cannot do this (e.g. only clients share, only clinicians list clients)."},
}


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1000)
    label: str | None = Field(default=None, max_length=80, description="What the token is for.")


class TokenOut(BaseModel):
    token: str
    expires_at: dt.datetime


class TokenInfo(BaseModel):
    id: int
    label: str | None
    created_at: dt.datetime
    expires_at: dt.datetime


class ShareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    clinician: str = Field(min_length=1, max_length=80)


class ShareOut(BaseModel):
    clinician: str
    created_at: dt.datetime


class NoteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=sharing.MAX_NOTE_LENGTH)


class NoteOut(BaseModel):
    id: int
    client: str
    author: str
    text: str
    created_at: dt.datetime


class PersonStatus(BaseModel):
    person: str
    assessed_at: dt.datetime | None
    status_level: str | None
    status_label: str | None
    probability_adequate: float | None
    mds: int | None
    red_flags: list[str]


class ClientOut(BaseModel):
    name: str
    shared_at: dt.datetime
    people: list[PersonStatus]


def _accounts_only() -> None:
    if auth_mode() != "accounts":
        raise NotFoundError([FieldProblem("path", "accounts.errors.accounts_off", {})])


def _caller(role: str | None = None) -> Caller:
    """The signed-in account (the middleware has checked it), optionally of one role."""
    _accounts_only()
    caller = current().for_client(None)
    if not caller.is_account or caller.role == "anonymous":
        raise NotFoundError([FieldProblem("path", "accounts.errors.accounts_off", {})])
    if role is not None and caller.role != role:
        raise ForbiddenError([FieldProblem("role", f"accounts.errors.only_{role}", {})])
    return caller


def _json(payload: Any, status: int = 200) -> Response:
    return Response(to_json(payload), status_code=status, media_type="application/json")


@router.get("/health", summary="Health check: the server and its database answer")
def health() -> Response:
    """Public (no sign-in): for load balancers and monitors. Says nothing about anyone's data."""
    try:
        open_store().read(lambda s: s.execute(text("SELECT 1")).scalar())
    except Exception:
        return JSONResponse({"status": "unavailable", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.post(
    "/auth/token",
    summary="Get an API token for a program (name and password)",
    responses={
        200: {"model": TokenOut},
        429: {"description": "Too many failed attempts: wait for Retry-After seconds."},
        **_BASE,
    },
)
async def get_token(body: TokenRequest, request: Request, lang: LangDep) -> Response:
    _accounts_only()
    address = f"ip:{request.client.host if request.client else 'unknown'}"
    try:
        account = await run_in_threadpool(sign_in, body.username, body.password, address)
    except ThrottledError as exc:
        response = api_error(429, exc.problems, lang)
        response.headers["retry-after"] = str(exc.seconds)
        return response
    except BadCredentialsError as exc:
        response = api_error(401, exc.problems, lang)
        response.headers["www-authenticate"] = 'Bearer realm="magcheck"'
        return response
    issued = await run_in_threadpool(users.issue, account.id, "api", body.label)
    return _json(TokenOut(token=issued.token, expires_at=issued.expires_at.replace(tzinfo=dt.UTC)))


@router.get("/auth/tokens", summary="Your API tokens (never their values)", responses=_BASE)
def list_tokens() -> list[TokenInfo]:
    return [TokenInfo(**row) for row in users.list_tokens(_caller().account_id or 0)]


@router.delete("/auth/tokens/{token_id}", summary="Revoke one of your API tokens", responses=_BASE)
def revoke_token(token_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> dict[str, int]:
    users.revoke_token(_caller().account_id or 0, token_id)
    return {"revoked": token_id}


@router.post("/shares", status_code=201, summary="Share your records with a clinician", responses=_ROLE)
def add_share(body: ShareRequest) -> ShareOut:
    return ShareOut(**sharing.add_share(_caller("client"), body.clinician))


@router.get("/shares", summary="The clinicians you share your records with", responses=_ROLE)
def list_shares() -> list[ShareOut]:
    return [ShareOut(**row) for row in sharing.list_shares(_caller("client"))]


@router.delete("/shares/{clinician}", summary="Stop sharing with a clinician (at once)", responses=_ROLE)
def remove_share(clinician: Annotated[str, Path(min_length=1, max_length=80)]) -> dict[str, Any]:
    return sharing.remove_share(_caller("client"), clinician)


@router.get("/clients", summary="Clients who share with you, with their latest status", responses=_ROLE)
def list_clients() -> list[ClientOut]:
    return [ClientOut(**row) for row in clinician.client_list(_caller("clinician"))]


@router.get("/clients/{client}/notes", summary="Your notes on a client", responses=_ROLE)
def client_notes(client: Annotated[str, Path(min_length=1, max_length=80)]) -> list[NoteOut]:
    return [NoteOut(**row) for row in sharing.notes_for(_caller("clinician"), client)]


@router.post(
    "/clients/{client}/notes", status_code=201, summary="Add a note to a client's record", responses=_ROLE
)
def add_client_note(client: Annotated[str, Path(min_length=1, max_length=80)], body: NoteRequest) -> NoteOut:
    return NoteOut(**sharing.add_note(_caller("clinician"), client, body.text))


@router.get("/notes", summary="Your clinicians' notes on your record", responses=_ROLE)
def my_notes() -> list[NoteOut]:
    return [NoteOut(**row) for row in sharing.notes_for(_caller("client"))]
