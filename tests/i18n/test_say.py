"""`Say`: the one name rule, joining per language, and a third language made of files alone."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from starlette.requests import Request

from magcheck.i18n import LOCALES, Locales, Say, t
from magcheck.web.templating import context, environment


@pytest.fixture(scope="module")
def en() -> Say:
    return Say("en")


@pytest.fixture(scope="module")
def zh() -> Say:
    return Say("zh")


def test_messages_are_the_catalogue_with_the_singular_rule(en: Say, zh: Say) -> None:
    assert en("core.adequacy.days_note", n=1) == t("core.adequacy.days_note", "en", n=1)
    assert en("core.adequacy.days_note", n=1).startswith("Based on 1 day;")
    assert en("core.adequacy.days_note", n=3).startswith("Based on 3 days;")
    assert zh("web.switch_to") == t("web.switch_to", "zh")
    with pytest.raises(KeyError):
        en("no.such.key")


def test_a_name_is_the_readers_then_english_then_none(en: Say, zh: Say) -> None:
    both = SimpleNamespace(name_en="Spinach", name_zh="菠菜")
    english_only = SimpleNamespace(name_en="Teff", name_zh=None)
    blank = {"name_en": "Quinoa", "name_zh": ""}
    assert (en.name(both), zh.name(both)) == ("Spinach", "菠菜")
    assert zh.name(english_only) == "Teff"
    assert zh.name(blank) == "Quinoa"  # a mapping works like an object; "" counts as missing
    assert zh.name({"name_en": None}) == ""
    assert zh.name(SimpleNamespace(label_en="Nuts", label_zh="坚果"), "label") == "坚果"
    # the name shown beside: the other language's, never a fallback
    assert (en.other_name(both), zh.other_name(both)) == ("菠菜", "Spinach")
    assert en.other_name(english_only) == ""


def test_bilingual_texts_and_own_language_first(en: Say, zh: Say) -> None:
    assert zh.text(SimpleNamespace(en="Dose", zh="剂量")) == "剂量"
    assert zh.text(SimpleNamespace(en="Dose")) == "Dose"
    food = SimpleNamespace(aliases_en=["greens"], aliases_zh=["青菜", "菜"])
    assert en.own_first(food, "aliases") == ["greens", "青菜", "菜"]
    assert zh.own_first(food, "aliases") == ["青菜", "菜", "greens"]


def test_joining_follows_each_language(en: Say, zh: Say) -> None:
    assert en.sentences("One.", None, " ", "Two. ") == "One. Two."
    assert zh.sentences("一。", "", "二。") == "一。二。"
    assert (en.listing(["a", "b"]), zh.listing(["甲", "乙"])) == ("a, b", "甲、乙")
    assert (en.clauses(["a", "b"]), zh.clauses(["甲", "乙"])) == ("a; b", "甲；乙")
    assert (en.labelled("Dose", "300 mg"), zh.labelled("剂量", "300 mg")) == ("Dose: 300 mg", "剂量：300 mg")
    assert (en.brackets("often"), zh.brackets("常见")) == ("(often)", "（常见）")
    assert (en.stops(["A", "B"]), zh.stops(["甲", "乙"])) == ("A. B.", "甲。乙。")


def test_the_languages_themselves(en: Say, zh: Say) -> None:
    assert LOCALES.langs == ("en", "zh")
    assert (en.web_tag, zh.web_tag, en.print_tag, zh.print_tag) == ("en", "zh-Hans", "en", "zh-CN")
    assert (en.other, zh.other) == ("zh", "en")
    assert (en.standard, zh.standard) == ("us", "cn")
    assert en.in_base and not zh.in_base
    assert en.tag_of("zh") == "zh-Hans"
    with pytest.raises(KeyError):
        Say("fr")


FRENCH_PROFILE = """\
name = "Français"
tags = ["fr", "fr-fr"]
web_tag = "fr"
print_tag = "fr-FR"
other = "en"
standard = "us"
print_font = "'Noto Sans', sans-serif"
chart_font = "system-ui, sans-serif"

[quantity]
fractions = true
half = ""
portion = "{qty} {measure} ({grams} g)"
portion_half = "{qty} {measure} ({grams} g)"

[punctuation]
colon = "\u00a0: "
comma = ", "
semicolon = "\u00a0; "
space = " "
full_stop = "."
brackets = "({})"
"""


@pytest.fixture
def with_french(tmp_path: Path) -> Locales:
    """The program's locales plus a French one: a profile and catalogue files, no code."""
    source = LOCALES.directory
    for lang in LOCALES.langs:
        shutil.copy(source / f"{lang}.toml", tmp_path / f"{lang}.toml")
        shutil.copytree(source / lang, tmp_path / lang)
    shutil.copytree(source / "en", tmp_path / "fr")
    web = tmp_path / "fr" / "web.toml"
    text = web.read_text(encoding="utf-8")
    for english, french in (
        ('[foods]\ntitle = "Foods high in magnesium"', '[foods]\ntitle = "Aliments riches en magnésium"'),
        ('switch_to = "中文"', 'switch_to = "English"'),
    ):
        assert english in text, english
        text = text.replace(english, french, 1)
    web.write_text(text, encoding="utf-8")
    (tmp_path / "fr.toml").write_text(FRENCH_PROFILE, encoding="utf-8")
    return Locales(tmp_path)


def _request(path: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []})


def test_a_third_language_is_files_only_and_renders_a_page(with_french: Locales) -> None:
    assert with_french.langs == ("en", "fr", "zh")
    assert with_french.normalise("fr_FR.UTF-8") == "fr"
    say = Say("fr", with_french)
    food = {"id": "usda:11457", "name_en": "Spinach, raw", "name_zh": "菠菜", "name_fr": "Épinards crus"}
    unnamed = {"id": "usda:20001", "name_en": "Amaranth grain", "name_zh": "苋菜籽", "mg_per_100g": 248.0}
    page = context(
        _request("/foods"),
        say,
        csrf_token="x",
        q="épinards",
        results=[{**food, "mg_per_100g": 79.0, "source": "usda"}, {**unnamed, "source": "usda"}],
        top=[],
        groups=[],
        families=[],
        excluded=[],
        per="portion",
        group="",
        tfda=False,  # no Taiwan FDA value on the page, so no attribution line
    )
    html = environment().get_template("foods.html").render(page)
    assert '<html lang="fr">' in html
    assert "<title>Aliments riches en magnésium · magcheck</title>" in html
    assert "Épinards crus" in html  # the reader's language
    assert "Amaranth grain" in html  # no French name: the English one
    assert '<span lang="en">Spinach, raw</span>' in html  # the name beside is the profile's `other`
    assert 'hreflang="en"' in html
    assert say.labelled("Dose", "300 mg") == "Dose\u00a0: 300 mg"
    assert say.sentences("Un.", "Deux.") == "Un. Deux."


@pytest.fixture
def french_everywhere(with_french: Locales, monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's own locales folder, as if the French files had been added to it."""
    monkeypatch.setattr(LOCALES, "directory", with_french.directory)
    monkeypatch.setitem(LOCALES.__dict__, "profiles", with_french.profiles)
    monkeypatch.setattr(LOCALES, "_messages", {})


@pytest.mark.usefixtures("french_everywhere")
def test_with_the_files_added_the_web_app_and_the_charts_speak_it() -> None:
    from fastapi.testclient import TestClient

    from magcheck.reports.charts.mds import MdsPart, mds_chart
    from magcheck.web.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        page = client.get("/foods?lang=fr&q=spinach")
    assert page.status_code == 200, page.text
    assert page.headers["content-language"] == "fr"
    assert "<title>Aliments riches en magnésium · magcheck</title>" in page.text
    assert "Spinach" in page.text  # foods have no French names yet: the English ones
    svg = mds_chart(
        [MdsPart("heavy_drinking", "Heavy drinking", 1, 1), MdsPart("diuretic", "Diuretic", None, 2)],
        1,
        3,
        "fr",
    )
    assert 'xml:lang="fr-FR"' in svg and 'font-family="system-ui, sans-serif"' in svg
