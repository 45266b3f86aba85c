"""Bilingual parity: every message exists in en and zh, with the same placeholders, and zh is Chinese."""

from __future__ import annotations

import re
import string

import pytest

from magcheck.i18n import LANGS, catalogue, lang_from_accept_language, normalise_lang

CJK = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
QUOTED = re.compile(r"[\"“「][^\"”」]*[\"”」]")
# words that are the same in both languages: units, language names, identifiers
SHARED_WORDS = {"mmol", "English", "NDB", "USDA", "eGFR", "MDS", "magcheck"}
# a message whose placeholders differ by design (numeric months in Chinese dates)
PLACEHOLDERS_DIFFER = {"report.date_format"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_languages() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    assert set(en) - set(zh) == set(), "keys missing in zh"
    assert set(zh) - set(en) == set(), "keys missing in en"
    assert len(en) > 20


@pytest.mark.parametrize("key", sorted(catalogue("en")))
def test_placeholders_match(key: str) -> None:
    if key in PLACEHOLDERS_DIFFER:
        return
    assert _fields(catalogue("en")[key]) == _fields(catalogue("zh")[key])


def test_chinese_texts_are_chinese() -> None:
    untranslated = []
    for key, text in catalogue("zh").items():
        bare = PLACEHOLDER.sub("", text)
        words = {w for w in re.findall(r"[A-Za-z]{4,}", bare)} - SHARED_WORDS
        if not CJK.search(bare) and words:
            untranslated.append(key)
    assert untranslated == []


def test_english_texts_are_not_chinese() -> None:
    """Chinese may appear in English texts only as quoted examples (e.g. “一碗米饭”) or after 'e.g.'."""
    leaked = []
    for key, text in catalogue("en").items():
        bare = QUOTED.sub("", text)
        if "e.g." in bare:
            bare = bare.split("e.g.", 1)[0]
        if CJK.search(bare) and "中文" not in bare:
            leaked.append(key)
    assert leaked == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,en;q=0.5,zh;q=0.7", "zh"),
        ("fr", None),
        (None, None),
        ("", None),
    ],
)
def test_accept_language_picks_the_preferred_supported_language(
    header: str | None, expected: str | None
) -> None:
    assert lang_from_accept_language(header) == expected


def test_locale_names_map_to_supported_languages() -> None:
    assert normalise_lang("zh_CN.UTF-8") == "zh"
    assert normalise_lang("en_US.UTF-8") == "en"
    assert normalise_lang("C.UTF-8") is None
    assert set(LANGS) == {"en", "zh"}


def test_english_says_one_day_not_one_day_s() -> None:
    from magcheck.i18n import t

    assert t("core.adequacy.days_note", "en", n=1).startswith("Based on 1 day;")
    assert t("core.adequacy.days_note", "en", n=3).startswith("Based on 3 days;")
    assert "(s)" not in t("core.mds.drinks", "en", n="1", limit="1")
