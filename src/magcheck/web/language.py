"""Which language a request wants: `?lang=`, then the remembered cookie, then Accept-Language."""

from __future__ import annotations

from fastapi import Request

from magcheck.core.errors import input_error
from magcheck.i18n import (
    BASE_LANG,
    LANGS,
    Lang,
    allowed_langs,
    lang_from_accept_language,
    normalise_lang,
    query_lang,
)

LANG_COOKIE = "magcheck_lang"
ONE_YEAR = 365 * 24 * 3600


def header_lang(request: Request) -> Lang:
    """The language a request's own headers ask for; used to word an error about `?lang=` itself."""
    return lang_from_accept_language(request.headers.get("accept-language")) or BASE_LANG


def exact_lang(raw: str | None) -> Lang | None:
    """`raw` when it is exactly a language code (``en``, ``zh``), else None."""
    return raw if raw in LANGS else None


def api_lang(request: Request) -> Lang:
    """For the API: an exact ``?lang=`` code, else the request's Accept-Language, else English. An
    invalid `?lang=` never hides the answer (or the real error) behind a language error."""
    return exact_lang(request.query_params.get("lang")) or header_lang(request)


def _query_lang(request: Request) -> Lang | None:
    raw = request.query_params.get("lang")
    if raw is None or raw == "":
        return None
    lang = query_lang(raw)
    if lang is None:
        raise input_error("lang", "errors.invalid_choice", value=raw, allowed=allowed_langs())
    return lang


def page_lang(request: Request) -> Lang:
    """For pages: `?lang=`, the language-switch cookie, Accept-Language, English — never an error."""
    try:
        chosen = _query_lang(request)
    except Exception:
        chosen = None
    return chosen or normalise_lang(request.cookies.get(LANG_COOKIE)) or header_lang(request)
