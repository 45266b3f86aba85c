"""Turning errors into answers: 422 with field-level messages, 404, 413 — and never a raw 500.

The API answers ``{"detail": [{"field", "message", "code"}]}`` with messages in the request's
language; pages re-render their form (see `routes.pages`) or show a friendly error page. The
catch-all handler logs the exception type and the code location only: never the request body,
query string or exception message, which could hold health data.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from magcheck.accounts.scope import ForbiddenError
from magcheck.core.errors import FieldProblem, InputError, MagcheckError, NotFoundError
from magcheck.core.validation import problems_from_pydantic
from magcheck.i18n import Lang, Say
from magcheck.i18n.problems import message_for
from magcheck.web.contract import allowed_methods
from magcheck.web.language import api_lang, page_lang
from magcheck.web.security import log_safe
from magcheck.web.templating import render

log = logging.getLogger("magcheck.web")


class CsrfError(Exception):
    """Raised by `web.forms.require_csrf`; carries the ready 403 page, which the app's handler sends."""

    def __init__(self, response: Response) -> None:
        super().__init__("csrf")
        self.response = response


_LOCATIONS = ("body", "query", "path", "header", "cookie")


def encodable(text: str) -> str:
    """`text` that UTF-8 can encode: a lone surrogate from the input (JSON ``"\\ud800"``), quoted back
    in a message, would otherwise turn the error answer itself into a 500."""
    return text.encode("utf-8", "replace").decode("utf-8")


def problem_dicts(problems: list[FieldProblem], lang: Lang) -> list[dict[str, str]]:
    return [
        {"field": encodable(p.field), "message": encodable(message_for(p, lang)), "code": p.code}
        for p in problems
    ]


class _ErrorList:
    """Lets `core.validation.problems_from_pydantic` read FastAPI's request errors like pydantic's own."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self._errors = errors

    def errors(self, include_url: bool = False) -> list[dict[str, Any]]:
        return self._errors


def problems_from_request_errors(errors: list[dict[str, Any]]) -> list[FieldProblem]:
    """FastAPI's errors (loc starts with body/query/path) as our field problems."""
    plain: list[dict[str, Any]] = []
    special: list[FieldProblem] = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if loc and loc[0] in _LOCATIONS:
            loc = loc[1:]
        if err.get("type") == "json_invalid":
            reason = str((err.get("ctx") or {}).get("error", ""))
            special.append(FieldProblem("body", "web.errors.malformed_json", {"reason": reason}))
            continue
        if err.get("type") == "missing" and not loc:
            special.append(FieldProblem("body", "web.errors.body_missing", {}))
            continue
        plain.append({**err, "loc": loc})
    return special + problems_from_pydantic(cast(ValidationError, _ErrorList(plain)))


def _lang_for_error(request: Request) -> Lang:
    """The language of an error answer; an invalid `?lang=` must not hide the real error."""
    if request.url.path.startswith("/api/"):
        return api_lang(request)
    return page_lang(request)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def api_error(status: int, problems: list[FieldProblem], lang: Lang) -> JSONResponse:
    return JSONResponse({"detail": problem_dicts(problems, lang)}, status_code=status)


def page_error(request: Request, status: int, title_key: str, problems: list[FieldProblem]) -> Response:
    say = Say(page_lang(request))
    messages = [
        encodable(say.labelled(_field_label(say, p.field), message_for(p, say.lang))) for p in problems
    ]
    return render(request, "error.html", say, status_code=status, title_key=title_key, messages=messages)


def _field_label(say: Say, field: str) -> str:
    """The field's name in the page's language when the catalogue has one, else its dotted path."""
    key = f"web.field.{field}"
    return say(key) if key in say.known_keys else field


def _answer(request: Request, status: int, title_key: str, problems: list[FieldProblem]) -> Response:
    """The API's error body, or the error page titled `title_key`, as the request's path asks."""
    if _is_api(request):
        return api_error(status, problems, _lang_for_error(request))
    return page_error(request, status, title_key, problems)


# The program's typed errors the person can act on: the status and the error page's title of each.
_TYPED: dict[type[MagcheckError], tuple[int, str]] = {
    InputError: (422, "web.errors.invalid_title"),
    NotFoundError: (404, "web.errors.not_found_title"),
    ForbiddenError: (403, "accounts.errors.forbidden_title"),
}


def _typed_handler(status: int, title_key: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, exc: Exception) -> Response:
        return _answer(request, status, title_key, cast(MagcheckError, exc).problems)

    return handle


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = problems_from_request_errors(list(exc.errors()))
        return _answer(request, 422, "web.errors.invalid_title", problems)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: CsrfError) -> Response:
        return exc.response

    for error, (status, title_key) in _TYPED.items():
        app.add_exception_handler(error, _typed_handler(status, title_key))

    @app.exception_handler(MagcheckError)
    async def _other(request: Request, exc: MagcheckError) -> Response:
        log.error("data error %s at %s", type(exc).__name__, log_safe(request.url.path))
        return _answer(request, 500, "web.errors.server_title", exc.problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:  # FastAPI could not read the body (not UTF-8, nested too deep, …)
            problems = [FieldProblem("body", "security.errors.unreadable_body", {})]
        else:
            code = {404: "web.errors.not_found", 405: "web.errors.method_not_allowed"}.get(
                exc.status_code, "web.errors.http"
            )
            problems = [FieldProblem("path", code, {"status": exc.status_code})]
        response = _answer(request, exc.status_code, "web.errors.not_found_title", problems)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:
            response.headers["allow"] = ", ".join(allowed_methods(request.app, request.scope))
        return response
