"""Browser-facing safety: security headers, a request-body cap and CSRF tokens for form posts.

Everything here is plain ASGI (no BaseHTTPMiddleware) because it runs on every request and the API
must stay fast. Nothing in this module ever looks at or logs a request body or query string: the
access log written here carries the method, the path and the status only, so no health data reaches
the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from magcheck.paths import data_dir
from magcheck.private_files import tighten_files
from magcheck.storage.import_limits import MAX_IMPORT_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY = 1_000_000  # bytes: a year of food logs fits; anything larger is refused with 413
# a whole exported history (years of daily logs) may be imported in one request
LARGER_BODIES = {"/api/v1/import": MAX_IMPORT_BYTES}
CSRF_COOKIE = "magcheck_csrf"
CSRF_FIELD = "csrf_token"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: other sites still learn nothing, and our own form posts keep a real
    # `Origin` (no-referrer turns it into "null", which the cross-site check must treat as foreign)
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

access_log = logging.getLogger("magcheck.web.access")


def log_safe(text: str) -> str:
    """`text` with control characters (and lone surrogates) escaped, for one log line.

    Paths arrive percent-decoded: ``/x%0A2026-01-01 INFO forged`` would otherwise write a second,
    forged line into the log.
    """
    if text.isprintable():  # the usual path (every request is logged); surrogates are not printable
        return text
    return "".join(
        ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else ascii(ch)[1:-1] for ch in text
    )


def max_body_bytes() -> int:
    """The body cap; `MAGCHECK_MAX_BODY` overrides it for servers that import big exports."""
    raw = os.environ.get("MAGCHECK_MAX_BODY")
    return int(raw) if raw and raw.isdigit() else DEFAULT_MAX_BODY


class SecurityMiddleware:
    """Adds the security headers, refuses oversized bodies (413) and writes a query-free access log."""

    def __init__(
        self,
        app: ASGIApp,
        max_body: int | None = None,
        on_error: Callable[[Scope, BaseException], ASGIApp] | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body if max_body is not None else max_body_bytes()
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_holder = [0]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in _HEADERS if h[0] not in present)
                message["headers"] = headers
            await send(message)

        try:
            if scope["method"] in _BODY_METHODS:
                cap = max(self.max_body, LARGER_BODIES.get(scope.get("path", ""), 0))
                body = await _read_capped(scope, receive, cap)
                if body is None:
                    await _too_large(scope, send_with_headers, cap)
                else:
                    await self.app(scope, _replay(body), send_with_headers)
            else:
                await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            # Answer here, before Starlette's outermost handler (and uvicorn) would log the exception's
            # message, which may quote health data. `on_error` logs the type and code location only.
            if self.on_error is None or status_holder[0]:
                raise
            await self.on_error(scope, exc)(scope, _replay(b""), send_with_headers)
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %d %.1fms",
                log_safe(str(scope["method"])),
                log_safe(scope.get("path", "")),
                status_holder[0],
                (time.perf_counter() - started) * 1000,
            )


async def _read_capped(scope: Scope, receive: Receive, cap: int) -> bytes | None:
    """The whole body, or None when it is (or claims to be) larger than the cap."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                if int(value) > cap:
                    return None
            except ValueError:
                return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    """413 in JSON for the API and plain text for pages (no template: this runs before routing)."""
    path = scope.get("path", "")
    if path.startswith("/api/"):
        problem = {
            "field": "body",
            "code": "web.errors.body_too_large",
            "message": f"larger than {limit} bytes",
        }
        body = json.dumps({"detail": [problem]}).encode()
        ctype = b"application/json"
    else:
        body = f"Request body larger than {limit} bytes / 提交的内容超过 {limit} 字节".encode()
        ctype = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------- CSRF (signed double submit)


def _secret_file() -> Path:
    return data_dir() / "web-secret.key"


_secret_cache: dict[str, bytes] = {}


def secret_key() -> bytes:
    """The signing key: `MAGCHECK_SECRET_KEY`, else a random key created once in the data dir (0600)."""
    env = os.environ.get("MAGCHECK_SECRET_KEY")
    if env:
        return env.encode()
    path = _secret_file()
    cached = _secret_cache.get(str(path))
    if cached:
        return cached
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        tighten_files(path)
        key = path.read_bytes().strip()
    else:
        key = secrets.token_hex(32).encode()
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
    if not key:  # a half-written file from a crash: replace it
        path.unlink(missing_ok=True)
        return secret_key()
    _secret_cache[str(path)] = key
    return key


def _sign(nonce: str) -> str:
    return hmac.new(secret_key(), nonce.encode(), hashlib.sha256).hexdigest()


def new_csrf_nonce() -> str:
    return secrets.token_urlsafe(24)


def csrf_token_for(nonce: str) -> str:
    """The hidden form value that goes with the cookie `nonce`."""
    return f"{nonce}.{_sign(nonce)}"


def csrf_valid(cookie_nonce: str | None, form_token: str | None) -> bool:
    """True when the form token was issued by this server for the nonce in the browser's cookie.

    A cross-site page can make the browser send the cookie but can neither read it nor forge the
    signature, so it cannot produce a matching form field.
    """
    if not cookie_nonce or not form_token or "." not in form_token:
        return False
    nonce, _, signature = form_token.partition(".")
    return hmac.compare_digest(nonce, cookie_nonce) and hmac.compare_digest(signature, _sign(nonce))
