"""Which languages magcheck speaks, found on disk, and how a language code from outside is understood.

A language is a profile file ``locales/<code>.toml`` (its tags, punctuation, default standard…) plus a
folder ``locales/<code>/`` of message catalogues. Nothing in the code names a language: adding one is
adding those files (and `<field>_<code>` columns to the data that has names).
"""

from __future__ import annotations

import os
import tomllib
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from magcheck.core.errors import input_error
from magcheck.knowledge.cache import cached

# A language code such as "en" or "zh": the name of a profile under ``locales/``.
Lang = str

# The language every named thing has a name in (the sources — USDA, the reviewed data — are English),
# so it is the fallback of a name missing in another language and the answer when nothing else is known.
BASE_LANG: Lang = "en"

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


class Punctuation(BaseModel):
    """The marks that differ between languages (Chinese uses full-width marks and no space between
    sentences)."""

    # built on first validation only: from the cache (knowledge/cache.py) the values come ready-made
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    colon: str
    comma: str
    semicolon: str
    space: str
    full_stop: str
    brackets: str = Field(pattern=r"\{\}")


class Quantity(BaseModel):
    """How an amount of a household measure is written ("1½ cups (270 g)", "半碗（75 克）")."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    fractions: bool
    half: str
    # a measure word -> its form for more than one ("cup" -> "cups"); none for a language without plurals
    plurals: dict[str, str] = Field(default_factory=dict)
    portion: str = Field(pattern=r"\{qty\}.*\{measure\}.*\{grams\}")
    portion_half: str = Field(pattern=r"\{qty\}.*\{measure\}.*\{grams\}")


class Profile(BaseModel):
    """Everything about a language that is not a message: see ``locales/en.toml`` for each field."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    tags: tuple[str, ...] = Field(min_length=1)
    web_tag: str
    print_tag: str
    other: Lang
    standard: str
    print_font: str
    chart_font: str
    quantity: Quantity
    punctuation: Punctuation


class Locales:
    """The languages of one ``locales`` folder: their profiles and their flattened message catalogues.

    The program uses one, `LOCALES`; tests build another over a temporary folder to show that a third
    language needs no code."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._messages: dict[Lang, dict[str, str]] = {}

    @cached_property
    def profiles(self) -> dict[Lang, Profile]:
        """Each language with a profile file and a catalogue folder, in code order (``en``, ``zh``);
        parsed once per change of the files (knowledge/cache.py: every command needs them)."""
        paths = [p for p in sorted(self.directory.glob("*.toml")) if (self.directory / p.stem).is_dir()]
        return cached("locale-profiles", paths, lambda: _read_profiles(paths))

    @property
    def langs(self) -> tuple[Lang, ...]:
        return tuple(self.profiles)

    def messages(self, lang: Lang) -> dict[str, str]:
        """All messages of one language, flattened to ``<file>.<dotted.path>`` keys (read once)."""
        if lang not in self._messages:
            paths = sorted((self.directory / lang).glob("*.toml"))
            self._messages[lang] = cached(f"messages-{lang}", paths, lambda: _read_messages(paths))
        return self._messages[lang]

    def normalise(self, value: str | None) -> Lang | None:
        """Map 'zh', 'zh-CN', 'zh_CN.UTF-8', 'en-GB' … to a language spoken here, or None."""
        if not value:
            return None
        primary = value.strip().lower().replace("_", "-").split(".")[0].split("-")[0]
        return primary if primary in self.profiles else None


def _read_profiles(paths: list[Path]) -> dict[Lang, Profile]:
    found: dict[Lang, Profile] = {}
    for path in paths:
        with path.open("rb") as fh:
            found[path.stem] = Profile.model_validate(tomllib.load(fh))
    return found


def _read_messages(paths: list[Path]) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in paths:
        with path.open("rb") as fh:
            _flatten(path.stem, tomllib.load(fh), out)
    return out


def _flatten(prefix: str, table: dict[str, object], out: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


LOCALES = Locales(LOCALES_DIR)


def normalise_lang(value: str | None) -> Lang | None:
    """Map 'zh', 'zh-CN', 'zh_CN.UTF-8', 'en-GB' … to a supported language, or None."""
    return LOCALES.normalise(value)


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
    """The language of the user's locale (MAGCHECK_LANG, LC_ALL, LC_MESSAGES, LANG), else the base."""
    for var in ("MAGCHECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        lang = normalise_lang(os.environ.get(var))
        if lang:
            return lang
    return BASE_LANG


def allowed_langs() -> str:
    """The codes to list in an "invalid choice" message: "en, zh"."""
    return ", ".join(LOCALES.langs)


def as_lang(value: str) -> Lang:
    """Validate a user-supplied language code ('en', 'zh', 'zh-CN', 'en_GB' …)."""
    lang = normalise_lang(value)
    if lang is None:
        raise input_error("lang", "errors.invalid_choice", value=value, allowed=allowed_langs())
    return lang


def query_lang(raw: str) -> Lang | None:
    """A ``?lang=`` value: one of a language's own tags (``zh``, ``zh-CN``, ``en-GB`` …), else None —
    stricter than `normalise_lang`, because a link should say exactly what it means."""
    low = raw.strip().lower()
    for lang, profile in LOCALES.profiles.items():
        if low in profile.tags:
            return lang
    return None
