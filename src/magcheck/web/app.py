"""The FastAPI application: `create_app()` is what `magcheck serve` runs.

Adding a part of the app (for another area, e.g. history or reports):

1. Create ``src/magcheck/web/routes/<area>.py`` with a module-level ``router = APIRouter()``; it is
   found and included automatically (modules are included in alphabetical order; ``api`` and
   ``pages`` are included first and last so their catch-alls do not shadow yours). Put JSON routes
   under the ``/api/v1`` prefix so the error handlers answer them in JSON.
2. For a link in the top navigation, add ``NAV = [NavLink("/history", "history.nav", order=40)]``
   (`magcheck.web.templating.NavLink`; the label is a message key that must exist in en and zh).
3. Pages: ``render(request, "history_day.html", page_lang(request), ...)`` from
   `magcheck.web.templating` and `magcheck.web.language`; templates extend ``base.html`` and fill
   ``{% block title %}`` and ``{% block content %}``. Forms that POST must carry
   ``<input type="hidden" name="csrf_token" value="{{ csrf_token }}">`` and the handler must call
   ``await require_csrf(request)`` (`magcheck.web.forms`), which returns the parsed form; on a bad token
   it raises `CsrfError`, which the app answers with a 403 page.
4. A button under the assessment results: ``RESULT_ACTIONS = [ResultAction("/report/pdf",
   "report.download_pdf")]`` (`magcheck.web.templating.ResultAction`). The button posts the form fields
   ``input_json`` (the `AssessmentInput` as JSON — validate it with `magcheck.core.validation`), ``lang`` and
   ``csrf_token``.
5. No inline ``<script>`` or ``style=""``: the Content-Security-Policy blocks them. Put JS/CSS in
   ``web/static/`` and load it with ``{{ static_url("file.js") }}``.
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

import magcheck
from magcheck.core.errors import FieldProblem
from magcheck.foods.store import FoodStore
from magcheck.service.knowledge import knowledge_base
from magcheck.storage.engine import close_stores
from magcheck.web import errors, routes
from magcheck.web.auth import AuthMiddleware, document_auth
from magcheck.web.contract import document_errors
from magcheck.web.guard import RequestGuard, default_checks
from magcheck.web.language import header_lang
from magcheck.web.security import Scope, SecurityMiddleware, log_safe
from magcheck.web.templating import NAV_LINKS, RESULT_ACTIONS, STATIC_DIR

log = logging.getLogger("magcheck.web")

_FIRST = ("api",)
_LAST = ("pages",)


def _route_modules() -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(routes.__path__) if not m.name.startswith("_"))
    middle = [n for n in names if n not in _FIRST and n not in _LAST]
    return [n for n in _FIRST if n in names] + middle + [n for n in _LAST if n in names]


class _Assets(StaticFiles):
    """Static files; URLs made by `static_url` carry a content hash, so browsers may keep them a year."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "public, max-age=31536000, immutable"
        return response


def _on_error(scope: Scope, exc: BaseException) -> ASGIApp:
    # where it happened (file, line, function) but no source text and no message: either could quote input
    frames = "\n".join(
        f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)
    )
    log.error(
        "unexpected %s at %s %s\n%s",
        type(exc).__name__,
        log_safe(str(scope.get("method"))),
        log_safe(str(scope.get("path"))),
        frames,
    )
    request = Request(scope)
    problems = [FieldProblem("server", "web.errors.server", {})]
    if request.url.path.startswith("/api/"):
        return errors.api_error(500, problems, header_lang(request))
    return errors.page_error(request, 500, "web.errors.server_title", problems)


def _warm_up() -> None:
    """Load the knowledge base and the food index before the first visitor types a food."""
    knowledge_base()
    FoodStore.open_default().search("rice", 1)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    try:
        await run_in_threadpool(_warm_up)
    except Exception as exc:  # the pages will show the problem; the server must still start
        log.error("warm-up failed: %s", type(exc).__name__)
    # What is loaded now (code, knowledge, the food index) lives as long as the server: kept out of the
    # cyclic collector's walks, a full collection no longer visits it. A year's history page builds ~10,000
    # objects and triggers such collections: 172 → 107 ms (benchmarks/bench_history.py).
    gc.freeze()
    yield
    gc.unfreeze()  # an app stopped inside a longer process (the tests) leaves nothing uncollectable
    # a clean stop: the write-ahead log goes into the database file, which then holds everything
    await run_in_threadpool(close_stores)


def create_app() -> FastAPI:
    """A new application with every router under `magcheck.web.routes` included."""
    app = FastAPI(
        title="magcheck API",
        version=magcheck.__version__,
        description=(
            "An honest, bilingual (en/zh) magnesium status check. Not a diagnosis. "
            "Texts follow `?lang=en|zh` or the Accept-Language header."
        ),
        docs_url=None,  # the default pages load Swagger UI/ReDoc from a CDN; /api/docs is local
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    errors.install(app)
    NAV_LINKS.clear()
    RESULT_ACTIONS.clear()
    seen: set[str] = set()
    for name in _route_modules():
        module: Any = importlib.import_module(f"{routes.__name__}.{name}")
        if hasattr(module, "router"):
            # added route by route (not `include_router`, which FastAPI now includes lazily) so that
            # `app.routes` lists every concrete path, as the docs check and the OpenAPI document expect
            app.router.routes.extend(module.router.routes)
        for link in getattr(module, "NAV", []):
            if link.path not in seen:
                NAV_LINKS.append(link)
                seen.add(link.path)
        for action in getattr(module, "RESULT_ACTIONS", []):
            if action.path not in seen:
                RESULT_ACTIONS.append(action)
                seen.add(action.path)
    RESULT_ACTIONS.sort(key=lambda a: (a.order, a.path))
    app.mount("/static", _Assets(directory=STATIC_DIR), name="static")
    document_auth(app)
    document_errors(app)
    # Starlette runs the middleware added last first: SecurityMiddleware (headers, body cap, error
    # safety) wraps the guard (Host, Origin, Content-Type: a rebinding page learns nothing, not even
    # that a token is needed), which wraps the token check, which wraps the routes.
    app.add_middleware(AuthMiddleware)
    app.add_middleware(RequestGuard, checks=default_checks())
    app.add_middleware(SecurityMiddleware, on_error=_on_error)
    return app
