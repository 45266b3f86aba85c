"""Jinja2 set-up for the pages: autoescaping, the message function, navigation and asset URLs.

Templates call ``t("web.key", name=value)`` (or ``say(...)``, the same), ``say.name(food)`` for a
bilingual name and ``say.other``/``say.tag_of(...)`` for the language switch: the request's `Say` is in
every page's context, so a template never picks or compares a language itself.
Static asset URLs carry a content hash so browsers may cache them forever.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context as JinjaContext

from magcheck.core import vocabulary
from magcheck.i18n import Lang, Say
from magcheck.web.security import CSRF_COOKIE, csrf_token_for, new_csrf_nonce

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


@dataclass(frozen=True)
class NavLink:
    """A link in the top navigation. Routers add theirs through a module-level ``NAV`` list."""

    path: str
    label_key: str
    order: int = 50


@dataclass(frozen=True)
class ResultAction:
    """A button under the results (e.g. "Download PDF", "Save to history"); see `app` for how to add one.

    It posts ``input_json`` (the assessment input as JSON), ``lang`` and ``csrf_token`` to `path`.
    """

    path: str
    label_key: str
    order: int = 50


NAV_LINKS: list[NavLink] = []
RESULT_ACTIONS: list[ResultAction] = []


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "svg", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static_url"] = static_url
    env.globals["vocabulary"] = vocabulary  # the fixed lists a form offers (sexes, standards …)
    env.filters["mg"] = format_mg
    env.filters["pct"] = format_pct
    env.filters["name"] = _name
    return env


@cache
def _asset_hash(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    return f"/static/{name}?v={_asset_hash(name)}"


@pass_context
def _name(page: JinjaContext, thing: Any) -> str:
    """``things | map("name")``: each thing's name by the page's `Say` (see `magcheck.i18n.say`)."""
    say: Say = page["say"]
    return say.name(thing)


def format_mg(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def format_pct(value: float | None) -> str:
    if value is None:
        return "–"
    pct = value * 100
    if pct >= 99.5 and value < 1:
        return "> 99 %"
    if 0 < pct < 0.5:
        return "< 1 %"
    return f"{pct:.0f} %"


def context(request: Request, lang: Lang | Say, **extra: Any) -> dict[str, Any]:
    """What every page template gets; `lang` is the request's language or its `Say` (a test may bring
    a `Say` over other catalogues)."""
    say = lang if isinstance(lang, Say) else Say(lang)
    acting_for = getattr(getattr(request.state, "caller", None), "client", None)
    here = request.url.path
    if request.url.query:
        kept = "&".join(p for p in request.url.query.split("&") if not p.startswith("lang="))
        here = here + ("?" + kept if kept else "")
    return {
        "request": request,
        "say": say,
        "lang": say.lang,
        "other_lang": say.other,
        "html_lang": say.web_tag,
        "t": say,
        "nav": sorted(NAV_LINKS, key=lambda n: (n.order, n.path)),
        "current_path": request.url.path,
        "here": here,
        "known_keys": say.known_keys,
        # a signed-in browser gets a sign-out button (set by `web.auth.AuthMiddleware`)
        "signed_in": getattr(request.state, "caller", None) is not None
        and getattr(request.state, "via", "") == "session",
        "caller_role": getattr(getattr(request.state, "caller", None), "role", None),
        # a clinician reading a client's record (?client=NAME): links and forms keep it
        "acting_for": acting_for,
        "client_q": "?" + urlencode({"client": acting_for}) if acting_for else "",
        **extra,
    }


def render(
    request: Request,
    name: str,
    lang: Lang | Say,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HTMLResponse:
    nonce = request.cookies.get(CSRF_COOKIE)
    fresh = not nonce or len(nonce) > 64
    if fresh:
        nonce = new_csrf_nonce()
    assert nonce is not None
    extra.setdefault("csrf_token", csrf_token_for(nonce))
    page = context(request, lang, **extra)
    html = environment().get_template(name).render(page)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    if fresh:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/")
    response.headers.setdefault("content-language", page["say"].web_tag)
    response.headers.setdefault("vary", "Accept-Language, Cookie")
    return response
