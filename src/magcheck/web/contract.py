"""The API's error answers as the OpenAPI document states them, and the ``Allow`` header of a 405.

FastAPI documents its own 422 shape (``loc``/``msg``/``type``), but every error this API gives is
``{"detail": [{"field", "message", "code"}]}`` (see `magcheck.web.errors`). This module puts that one
schema on every error status an operation can answer, including the ones given before any route runs
(400 foreign Host or unreadable body, 403 cross-site write, 413 body too large, 415 not JSON), so a
client — and the contract test that fuzzes the API — can rely on the document.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.routing import Match
from starlette.types import Scope

from magcheck.service.knowledge import published

ERROR_SCHEMA_NAME = "ErrorBody"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "additionalProperties": False,
    "properties": {
        "detail": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["field", "message", "code"],
                "additionalProperties": False,
                "properties": {
                    "field": {
                        "type": "string",
                        "description": "Dotted path of the field, or `body`, `host`.",
                    },
                    "message": {"type": "string", "description": "In the request's language."},
                    "code": {"type": "string", "description": "Stable message key."},
                },
            },
        }
    },
}
_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
_ERROR_CONTENT = {"application/json": {"schema": _REF}}

# every operation: a foreign Host or a malformed request line/query answers 400 before routing
_ALWAYS = {
    "400": "Refused before routing: a Host that is not this computer, or an unreadable request.",
    "422": "Invalid input: field-level messages in the chosen language.",
}
# writes (POST, PUT, PATCH, DELETE), see `magcheck.web.guard` and `magcheck.web.security`
_WRITES = {
    "403": "A write that the browser marks as coming from another website.",
    "413": "Request body too large.",
    "415": "The body is not JSON (or, for the import, not one of the upload types).",
}
_WRITE_METHODS = {"post", "put", "patch", "delete"}
# answers that are not JSON, by (path, method)
EXTRA_CONTENT: dict[tuple[str, str], dict[str, Any]] = {
    ("/api/v1/export", "get"): {"text/csv": {"schema": {"type": "string"}}},
}


def _patch(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses: dict[str, Any] = operation["responses"]
            wanted = dict(_ALWAYS)
            if method in _WRITE_METHODS:
                wanted.update(_WRITES)
            if "{" in path:
                wanted.setdefault("404", "Unknown id.")
            for status, description in wanted.items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    response["content"] = _ERROR_CONTENT
            extra = EXTRA_CONTENT.get((path, method))
            if extra:
                responses.setdefault("200", {"description": "OK"}).setdefault("content", {}).update(extra)


def document_errors(app: FastAPI) -> None:
    """Make `app.openapi()` state the error body on every error status of every API operation (and the
    plausibility limits in the input models' descriptions)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema and ERROR_SCHEMA_NAME in app.openapi_schema.get("components", {}).get(
            "schemas", {}
        ):
            return app.openapi_schema
        schema = published(build())  # the plausibility limits the input models name, from the data
        _patch(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def allowed_methods(app: Any, scope: Scope) -> list[str]:
    """Every method some route answers at this path (Starlette's own 405 names the first route's only)."""
    exact: set[str] = set()
    templated: set[str] = set()
    for route in getattr(app, "routes", []):
        route_methods = getattr(route, "methods", None)
        if not route_methods:
            continue
        # matched as GET: a route of another method still matches the path (PARTIAL)
        match, _ = route.matches({**scope, "method": "GET"})
        if match != Match.NONE:
            # `/api/v1/foods/parse` is the parse resource, even though `/api/v1/foods/{ndb}` matches too
            (templated if "{" in getattr(route, "path", "") else exact).update(route_methods)
    return sorted(exact or templated)
