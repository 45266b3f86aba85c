"""Who may talk to the server: Host, Origin/Sec-Fetch-Site and Content-Type checks before any route runs.

Why each check exists:

- **Host** (DNS rebinding): a web page on ``evil.example`` can point its own name at 127.0.0.1 and then
  read ``http://evil.example:8000/api/v1/export`` as a same-origin page. The browser still sends
  ``Host: evil.example:8000``, so answering only loopback names (and the ones the person lists in
  ``MAGCHECK_ALLOWED_HOSTS``) stops it. Refused with 400 before routing.
- **Origin / Sec-Fetch-Site** (cross-site writes): any page may *send* a form post or a ``fetch`` with a
  simple content type to localhost. Browsers mark such requests (``Origin: https://other.site``,
  ``Sec-Fetch-Site: cross-site``/``same-site``), so every state-changing request that carries such a mark is
  refused with 403. Programs such as curl send neither header and are answered as before.
- **Content-Type** (API writes): a cross-site page can only send ``text/plain``, form or multipart bodies
  without a CORS preflight (which this server never grants). API writes therefore accept JSON only (and
  the documented upload types for ``/api/v1/import``) and answer 415 otherwise.

Every check is a small function ``(Incoming) -> Refusal | None`` run in order by `RequestGuard`. More
checks (an access token, a login session) plug in by passing them to `RequestGuard(checks=...)`; see
`default_checks`. Refusals use the API's error body (``{"detail": [{"field", "message", "code"}]}``) on
``/api/`` paths and the friendly error page elsewhere, in the request's language.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from magcheck.core.errors import FieldProblem
from magcheck.web import errors
from magcheck.web.language import api_lang
from magcheck.web.security import ASGIApp, Receive, Scope, Send

ALLOWED_HOSTS_ENV = "MAGCHECK_ALLOWED_HOSTS"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_TYPES = frozenset({"application/json"})
# `magcheck export` writes JSON or CSV; the page's upload form and curl -F send multipart
IMPORT_TYPES = frozenset({"application/json", "text/csv", "multipart/form-data"})
# FHIR clients send the FHIR media type (the import of lab results as Observations, `routes/fhir.py`)
FHIR_TYPES = frozenset({"application/json", "application/fhir+json"})
UPLOAD_TYPES: dict[str, frozenset[str]] = {
    "/api/v1/import": IMPORT_TYPES,
    "/api/v1/fhir/observations": FHIR_TYPES,
}
_FINE_FETCH_SITES = frozenset({"same-origin", "none"})


@dataclass(frozen=True)
class Incoming:
    """What the checks look at: method, path and the request headers (lower-case names, latin-1 text)."""

    method: str
    path: str
    headers: dict[str, str]
    scope: Scope

    @classmethod
    def from_scope(cls, scope: Scope) -> Incoming:
        headers: dict[str, str] = {}
        for name, value in scope.get("headers", []):
            headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
        return cls(scope["method"], scope.get("path", ""), headers, scope)

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/") or self.path == "/openapi.json"


@dataclass(frozen=True)
class Refusal:
    """An answer given instead of running the route: status, the field-level problem, extra headers."""

    status: int
    problem: FieldProblem
    title_key: str = "security.refused_title"
    headers: dict[str, str] = field(default_factory=dict)


Check = Callable[[Incoming], Refusal | None]


def _split_host(value: str) -> tuple[str, str | None]:
    """``name[:port]`` → (lower-case name, port or None); IPv6 literals keep their brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return value, None
        name, rest = value[: end + 1], value[end + 1 :]
        # anything after "]" other than ":port" stays in the port, which then fails the digits check
        return name, (rest[1:] if rest.startswith(":") else rest) or None
    name, sep, port = value.partition(":")
    return name, port if sep else None


def configured_hosts(raw: str | None = None) -> frozenset[str]:
    """The extra names from ``MAGCHECK_ALLOWED_HOSTS`` (comma- or space-separated, ``name`` or
    ``name:port``), lower-cased."""
    text = os.environ.get(ALLOWED_HOSTS_ENV, "") if raw is None else raw
    return frozenset(part.strip().lower() for part in text.replace(",", " ").split() if part.strip())


def allow_serving_address(host: str) -> bool:
    """Answer the address `magcheck serve --host` binds to (e.g. ``192.168.1.5``) as a Host too.

    A wildcard (``0.0.0.0``, ``::``) names no host, so nothing is added: returns False when the person
    must list their names in ``MAGCHECK_ALLOWED_HOSTS`` (and has not yet) to be answered beyond loopback.
    """
    name = host.strip().strip("[]").lower()
    if name in ("0.0.0.0", "::", ""):
        return bool(configured_hosts())
    shown = f"[{name}]" if ":" in name else name
    if shown not in LOOPBACK_HOSTS and shown not in configured_hosts():
        os.environ[ALLOWED_HOSTS_ENV] = f"{os.environ.get(ALLOWED_HOSTS_ENV, '')} {shown}".strip()
    return True


def host_allowed(host: str, extra: frozenset[str]) -> bool:
    """Loopback names with any port, and each configured ``name`` (any port) or ``name:port``."""
    if not host or any(ch in host for ch in "/\\@ \t"):
        return False
    name, port = _split_host(host)
    if port is not None and not port.isdigit():
        return False
    if name in LOOPBACK_HOSTS:
        return True
    return name in extra or host.strip().lower() in extra


def check_host(allowed: frozenset[str]) -> Check:
    """The DNS-rebinding check: 400 for a Host that is neither loopback nor configured."""

    def check(req: Incoming) -> Refusal | None:
        host = req.headers.get("host", "")
        if host_allowed(host, allowed):
            return None
        return Refusal(400, FieldProblem("host", "security.errors.host", {"env": ALLOWED_HOSTS_ENV}))

    return check


def _origin_matches_host(origin: str, host: str) -> bool:
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    default = "443" if parts.scheme == "https" else "80"
    o_name, o_port = _split_host(parts.netloc)
    h_name, h_port = _split_host(host)
    return o_name == h_name and (o_port or default) == (h_port or default)


def check_origin(req: Incoming) -> Refusal | None:
    """403 for a write that the browser marks as coming from another site (or an opaque origin)."""
    if req.method not in WRITE_METHODS:
        return None
    site = req.headers.get("sec-fetch-site")
    origin = req.headers.get("origin")
    if site is not None:
        # every current browser sends it and a page cannot forge it; Origin alone is not enough: a form
        # on a page with a strict referrer policy (ours too, in older browsers) posts `Origin: null`
        cross = site.strip().lower() not in _FINE_FETCH_SITES
    else:
        cross = origin is not None and not _origin_matches_host(origin, req.headers.get("host", ""))
    if not cross:
        return None
    return Refusal(403, FieldProblem("origin", "security.errors.cross_site", {}))


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _has_body(req: Incoming) -> bool:
    length = req.headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in req.headers


def check_content_type(req: Incoming) -> Refusal | None:
    """415 for an API write whose body is not JSON (or one of the import's documented upload types).

    A write without a body (``POST /api/v1/persons/NAME/use``) needs no type, as curl sends it; a body
    without a type, or any declared type other than the accepted ones, is refused.
    """
    if req.method not in WRITE_METHODS or not req.path.startswith("/api/"):
        return None
    accepted = UPLOAD_TYPES.get(req.path, JSON_TYPES)
    declared = req.headers.get("content-type")
    if declared is None:
        if not _has_body(req):
            return None
    elif _media_type(declared) in accepted:
        return None
    return Refusal(
        415,
        FieldProblem("content-type", "security.errors.media_type", {"accepted": ", ".join(sorted(accepted))}),
        title_key="security.media_type_title",
        headers={"accept": ", ".join(sorted(accepted))},
    )


def default_checks() -> list[Check]:
    """Host first (a rebinding page learns nothing), then origin, then content type.

    An authentication check belongs after these (a refused Host must not reveal whether a token is
    needed): ``RequestGuard(app, checks=[*default_checks(), check_token])``.
    """
    return [check_host(configured_hosts()), check_origin, check_content_type]


class RequestGuard:
    """Plain ASGI middleware running `checks` in order; the first refusal is the answer."""

    def __init__(self, app: ASGIApp, checks: Sequence[Check] | None = None) -> None:
        self.app = app
        self.checks = list(default_checks() if checks is None else checks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Incoming.from_scope(scope)
        for check in self.checks:
            refusal = check(incoming)
            if refusal is not None:
                await refusal_response(incoming, refusal)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def refusal_response(incoming: Incoming, refusal: Refusal) -> Response:
    """The error body for the API, the error page for people; both in the request's language."""
    request = Request(incoming.scope)
    response: Response
    if incoming.is_api:
        response = errors.api_error(refusal.status, [refusal.problem], api_lang(request))
    else:
        response = errors.page_error(request, refusal.status, refusal.title_key, [refusal.problem])
    for name, value in refusal.headers.items():
        response.headers[name] = value
    response.headers["cache-control"] = "no-store"
    return response
