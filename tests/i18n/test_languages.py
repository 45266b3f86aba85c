"""Language codes from outside (locale variables, headers, ``?lang=``) mapped to the languages on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from magcheck.core.errors import InputError
from magcheck.i18n import allowed_langs, as_lang, default_lang, normalise_lang, query_lang
from magcheck.i18n.languages import LOCALES, LOCALES_DIR, Locales


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("ZH-Hans", "zh"),
        (" en-GB ", "en"),
        ("en-US", "en"),
        ("zh_CN", None),
        ("fr", None),
    ],
)
def test_a_link_must_name_a_tag_of_the_language(raw: str, expected: str | None) -> None:
    assert query_lang(raw) == expected


def test_locale_names_and_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    assert normalise_lang("zh_TW.UTF-8") == "zh"
    assert normalise_lang("") is None
    for var in ("MAGCHECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert default_lang() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_lang() == "zh"


def test_an_unknown_language_is_a_field_error() -> None:
    assert allowed_langs() == "en, zh"
    with pytest.raises(InputError) as caught:
        as_lang("klingon")
    problem = caught.value.problems[0]
    assert (problem.field, problem.code, problem.params["allowed"]) == (
        "lang",
        "errors.invalid_choice",
        "en, zh",
    )


def test_an_edited_catalogue_or_profile_is_read_again_despite_the_cache(tmp_path: Path) -> None:
    """Catalogues and profiles are kept in the persisted cache; a changed file must never be missed."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales, ignore=shutil.ignore_patterns("__pycache__"))
    first = Locales(locales)
    assert first.messages("en")["core.disclaimer"] == LOCALES.messages("en")["core.disclaimer"]
    core = locales / "en" / "core.toml"
    text = core.read_text(encoding="utf-8")
    core.write_text(
        text.replace("disclaimer = ", "disclaimer = 'Edited.'\nold_disclaimer = ", 1), encoding="utf-8"
    )
    profile = locales / "en.toml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace('name = "', 'name = "Edited ', 1), encoding="utf-8"
    )
    second = Locales(locales)
    assert second.messages("en")["core.disclaimer"] == "Edited."
    assert second.profiles["en"].name.startswith("Edited ")
