"""Message lookup: ``locales/<lang>/<area>.toml`` (one file per area, e.g. ``core``, ``errors``,
``foods``, ``web``) so that each part of the program owns its own texts.

A key is ``<area>.<dotted.path>``; placeholders use ``str.format`` syntax. Every key must exist in
every language (checked by the test suite), so a missing key is a bug, not a fallback case.
"""

from __future__ import annotations

from typing import Any

from magcheck.i18n.languages import LOCALES, Lang


def catalogue(lang: Lang) -> dict[str, str]:
    """All messages of one language, flattened to dotted keys."""
    return LOCALES.messages(lang)


def lookup(messages: dict[str, str], key: str, lang: Lang, params: dict[str, Any]) -> str:
    """The message `key` with its placeholders filled.

    English needs a singular now and then ("1 day", not "1 day(s)"): when the count `n` is 1 and a
    sibling key `<key>_one` exists, that text is used instead (Chinese simply repeats its text there).
    """
    n = params.get("n")
    if n is not None and str(n) in ("1", "1.0") and f"{key}_one" in messages:
        key = f"{key}_one"
    text = messages.get(key)
    if text is None:
        raise KeyError(f"message {key!r} missing in {lang}")
    return text.format(**params) if params else text


def t(key: str, lang: Lang, /, **params: Any) -> str:
    """The message `key` in `lang`, with its placeholders filled (see `lookup`)."""
    return lookup(LOCALES.messages(lang), key, lang, params)
