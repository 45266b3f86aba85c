"""Which language a request wants: `?lang=`, then the remembered cookie, then Accept-Language."""

from __future__ import annotations

from fastapi import Request

from magcheck.errors import input_error
from magcheck.i18n import Lang, lang_from_accept_language, normalise_lang

LANG_COOKIE = "magcheck_lang"
ONE_YEAR = 365 * 24 * 3600


def header_lang(request: Request) -> Lang:
    """The language a request's own headers ask for; used to word an error about `?lang=` itself."""
    return lang_from_accept_language(request.headers.get("accept-language")) or "en"


def _query_lang(request: Request) -> Lang | None:
    raw = request.query_params.get("lang")
    if raw is None or raw == "":
        return None
    lang = normalise_lang(raw)
    if lang is None or raw.strip().lower() not in ("en", "zh", "zh-cn", "zh-hans", "en-us", "en-gb"):
        raise input_error("lang", "errors.invalid_choice", value=raw, allowed="en, zh")
    return lang


def page_lang(request: Request) -> Lang:
    """For pages: `?lang=`, the language-switch cookie, Accept-Language, English — never an error."""
    try:
        chosen = _query_lang(request)
    except Exception:
        chosen = None
    return chosen or normalise_lang(request.cookies.get(LANG_COOKIE)) or header_lang(request)
