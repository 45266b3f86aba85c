"""Everything that depends on the reader's language: the catalogues, the languages themselves, and
`Say`, the one object the rest of the program asks for wording (see `magcheck.i18n.say`)."""

from __future__ import annotations

from magcheck.i18n.catalogue import catalogue, t
from magcheck.i18n.languages import (
    BASE_LANG,
    LOCALES,
    Lang,
    Locales,
    allowed_langs,
    as_lang,
    default_lang,
    lang_from_accept_language,
    normalise_lang,
    query_lang,
)
from magcheck.i18n.say import Say, sentences

LANGS: tuple[Lang, ...] = LOCALES.langs

__all__ = [
    "BASE_LANG",
    "LANGS",
    "LOCALES",
    "Lang",
    "Locales",
    "Say",
    "allowed_langs",
    "as_lang",
    "catalogue",
    "default_lang",
    "lang_from_accept_language",
    "normalise_lang",
    "query_lang",
    "sentences",
    "t",
]
