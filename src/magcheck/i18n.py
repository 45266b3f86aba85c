"""Message catalogues in English and Simplified Chinese.

Catalogues live in ``locales/<lang>/<area>.toml`` (one file per area, e.g. ``core``, ``errors``,
``foods``, ``web``) so that each part of the program owns its own texts. A key is
``<area>.<dotted.path>``; placeholders use ``str.format`` syntax. Every key must exist in both
languages (checked by the test suite), so a missing key is a bug, not a fallback case.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from typing import Any, Literal

from magcheck.paths import LOCALES_DIR

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """All messages of one language, flattened to dotted keys."""
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(path.stem, tomllib.load(fh), out)
    return out


def t(key: str, lang: Lang, /, **params: Any) -> str:
    """The message `key` in `lang`, with its placeholders filled.

    English needs a singular now and then ("1 day", not "1 day(s)"): when the count `n` is 1 and a
    sibling key `<key>_one` exists, that text is used instead (Chinese simply repeats its text there).
    """
    messages = catalogue(lang)
    if str(params.get("n")) in ("1", "1.0") and f"{key}_one" in messages:
        key = f"{key}_one"
    text = messages.get(key)
    if text is None:
        raise KeyError(f"message {key!r} missing in {lang}")
    return text.format(**params) if params else text


def normalise_lang(value: str | None) -> Lang | None:
    """Map 'zh', 'zh-CN', 'zh_CN.UTF-8', 'en-GB' … to a supported language, or None."""
    if not value:
        return None
    low = value.strip().lower()
    if low.startswith("zh"):
        return "zh"
    if low.startswith("en"):
        return "en"
    return None


def lang_from_accept_language(header: str | None) -> Lang | None:
    """Pick the first supported language of an HTTP Accept-Language header, honouring q-values."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        bits = part.strip().split(";")
        quality = 1.0
        for bit in bits[1:]:
            name, _, val = bit.strip().partition("=")
            if name == "q":
                try:
                    quality = float(val)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, index, bits[0]))
    for _, _, tag in sorted(ranked):
        lang = normalise_lang(tag)
        if lang:
            return lang
    return None


def default_lang() -> Lang:
    """The language of the user's locale (LC_ALL, LC_MESSAGES, LANG), English when unknown."""
    for var in ("MAGCHECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        lang = normalise_lang(os.environ.get(var))
        if lang:
            return lang
    return "en"


def as_lang(value: str) -> Lang:
    """Validate a user-supplied language code ('en', 'zh', 'zh-CN', 'en_GB' …)."""
    lang = normalise_lang(value)
    if lang is None:
        from magcheck.errors import input_error

        raise input_error("lang", "errors.invalid_choice", value=value, allowed="en, zh")
    return lang
