"""Bilingual parity: every message exists in en and zh, with the same placeholders, and zh is Chinese."""

from __future__ import annotations

import re
import string

import pytest

from magcheck.i18n import LANGS, catalogue, lang_from_accept_language, normalise_lang

CJK = re.compile(r"[\u3400-\u9fff]")
# short technical strings that are the same in both languages (units, codes, brand-free symbols)
SAME_IN_BOTH = re.compile(r"^[\s\d.,:;%/()+\-–—≥≤<>=×·|#{}a-zA-Z_µ]*$")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_languages() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    assert set(en) - set(zh) == set(), "keys missing in zh"
    assert set(zh) - set(en) == set(), "keys missing in en"
    assert len(en) > 20


@pytest.mark.parametrize("key", sorted(catalogue("en")))
def test_placeholders_match(key: str) -> None:
    assert _fields(catalogue("en")[key]) == _fields(catalogue("zh")[key])


def test_chinese_texts_are_chinese() -> None:
    zh = catalogue("zh")
    untranslated = [
        key for key, text in zh.items()
        if not CJK.search(text) and not (SAME_IN_BOTH.match(text) and len(re.findall(r"[a-zA-Z]{4,}", text)) == 0)
    ]
    assert untranslated == []


def test_english_texts_are_not_chinese() -> None:
    assert [k for k, v in catalogue("en").items() if CJK.search(v) and "中文" not in v] == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-GB,en;q=0.9", "en"), ("fr-FR,en;q=0.5,zh;q=0.7", "zh"),
     ("fr", None), (None, None), ("", None)],
)
def test_accept_language_picks_the_preferred_supported_language(header: str | None, expected: str | None) -> None:
    assert lang_from_accept_language(header) == expected


def test_locale_names_map_to_supported_languages() -> None:
    assert normalise_lang("zh_CN.UTF-8") == "zh"
    assert normalise_lang("en_US.UTF-8") == "en"
    assert normalise_lang("C.UTF-8") is None
    assert set(LANGS) == {"en", "zh"}
