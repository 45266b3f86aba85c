"""`Say`: everything language-dependent that one request or one command needs, made once from its
language so no other module ever compares a language code.

- ``say("key", **params)`` — a message (`magcheck.i18n.catalogue.lookup`, with the ``_one`` rule);
- ``say.name(thing)`` — a thing's name in the reader's language (the one rule, below);
- ``say.sentences(...)``, ``say.listing(...)``, ``say.clauses(...)``, ``say.colon`` … — joining the
  way the language writes it (the punctuation lives in the language's profile, ``locales/<lang>.toml``).

The name rule: a thing (a food, a group, a candidate, an option — an object or a mapping) carries its
names in ``<field>_<lang>`` (``name_en``, ``name_zh``; ``label_en`` …). Its name for a reader is the
one in the reader's language when that is present and not empty, else the one in `BASE_LANG`
(English: every source names everything in English), else "" — the caller decides what an unnamed
thing shows (``say.name(food) or food.entry``). A bilingual text with fields named by the codes
alone (``.en``, ``.zh``) follows the same rule through `Say.text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from magcheck.core.facts import Text
from magcheck.core.messages import Formatted, Msg, Param, Words
from magcheck.i18n.catalogue import lookup
from magcheck.i18n.languages import BASE_LANG, LOCALES, Lang, Locales, Profile


def _field(thing: Any, name: str) -> Any:
    kind = type(thing)
    mapping = _MAPPINGS.get(kind)
    if mapping is None:  # once per class: `isinstance(x, Mapping)` is a slow ABC check on every name
        mapping = _MAPPINGS[kind] = issubclass(kind, Mapping)
    return thing.get(name) if mapping else getattr(thing, name, None)


_MAPPINGS: dict[type, bool] = {}


class Say:
    """The wording of one language; cheap to make (the catalogue is read once per process)."""

    __slots__ = ("_locales", "_messages", "lang", "profile")

    def __init__(self, lang: Lang, locales: Locales = LOCALES) -> None:
        if lang not in locales.profiles:
            raise KeyError(f"no language {lang!r} in {locales.directory}")
        self.lang = lang
        self.profile: Profile = locales.profiles[lang]
        self._locales = locales
        self._messages = locales.messages(lang)

    def __call__(self, key: str, /, **params: Any) -> str:
        return lookup(self._messages, key, self.lang, params)

    def __repr__(self) -> str:
        return f"Say({self.lang!r})"

    @property
    def known_keys(self) -> dict[str, str]:
        """Every message of this language (a template asks ``key in known_keys`` before an optional
        text)."""
        return self._messages

    def area(self, area: str) -> dict[str, str]:
        """The messages of one catalogue file, by their key inside it (e.g. the words a page's script
        needs, handed over as JSON)."""
        prefix = f"{area}."
        return {
            key.removeprefix(prefix): text for key, text in self._messages.items() if key.startswith(prefix)
        }

    # ---------------------------------------------------------------- the core's words

    def words(self, words: Words) -> str:
        """The core's words (`magcheck.core.messages`) written in this language."""
        if isinstance(words, str):
            return words
        if isinstance(words, Msg):
            return self(words.key, **self._params(words.params))
        if isinstance(words, Text):
            return self.text(words)
        if isinstance(words, Formatted):
            return self.text(words.template).format(**self._params(words.params))
        parts = [self.words(part) for part in words.parts]
        if words.how == "sentences":
            return self.sentences(*parts)
        if words.how == "listing":
            return self.listing(parts)
        if words.how == "labelled":
            return self.colon.join(parts)
        return words.sep.join(parts)

    def all_words(self, items: Iterable[Words]) -> list[str]:
        """`words` of each item, in order."""
        return [self.words(item) for item in items]

    def _params(self, params: Mapping[str, Param]) -> dict[str, Any]:
        # numbers stay numbers (the singular rule reads `n`); words are written first
        return {k: v if isinstance(v, int | float) else self.words(v) for k, v in params.items()}

    # ---------------------------------------------------------------- names

    def name(self, thing: Any, field: str = "name") -> str:
        """`thing`'s ``<field>`` in this language, else in English, else "" (the module's rule)."""
        return str(_field(thing, f"{field}_{self.lang}") or _field(thing, f"{field}_{BASE_LANG}") or "")

    def other_name(self, thing: Any, field: str = "name") -> str:
        """`thing`'s ``<field>`` in the language shown beside this one (English beside Chinese…), or
        "": a second line under a name, never a fallback."""
        return str(_field(thing, f"{field}_{self.profile.other}") or "")

    def text(self, pair: Any) -> str:
        """A bilingual text whose fields are the codes themselves (``.en``, ``.zh``): same rule."""
        return str(_field(pair, self.lang) or _field(pair, BASE_LANG))

    def own_first(self, thing: Any, field: str) -> list[Any]:
        """The ``<field>_<lang>`` lists of every language joined, this language's first (e.g. aliases)."""
        order = [self.lang, *(lang for lang in self._locales.langs if lang != self.lang)]
        return [item for lang in order for item in (_field(thing, f"{field}_{lang}") or [])]

    # ---------------------------------------------------------------- the language itself

    @property
    def other(self) -> Lang:
        """The language a page's switch offers."""
        return self.profile.other

    @property
    def web_tag(self) -> str:
        """The ``lang`` attribute and Content-Language of a web page (``zh-Hans``)."""
        return self.profile.web_tag

    @property
    def print_tag(self) -> str:
        """The ``lang`` of a printed report or chart (``zh-CN``)."""
        return self.profile.print_tag

    @property
    def in_base(self) -> bool:
        """True for the base language (English), in which pages written only once need no notice."""
        return self.lang == BASE_LANG

    @property
    def standard(self) -> str:
        """The nutrient standard a new person of this language starts with."""
        return self.profile.standard

    def tag_of(self, lang: Lang) -> str:
        """The web ``lang`` attribute of another language (for a link or a name in it)."""
        return self._locales.profiles[lang].web_tag

    # ---------------------------------------------------------------- joining

    @property
    def colon(self) -> str:
        """``": "`` / ``"："``."""
        return self.profile.punctuation.colon

    @property
    def comma(self) -> str:
        """Between names in a row: ``", "`` / ``"、"``."""
        return self.profile.punctuation.comma

    @property
    def semicolon(self) -> str:
        """Between clauses in a row: ``"; "`` / ``"；"``."""
        return self.profile.punctuation.semicolon

    def labelled(self, label: str, text: str) -> str:
        """``label: text`` (``标签：文本``)."""
        return f"{label}{self.colon}{text}"

    def listing(self, items: Iterable[str]) -> str:
        """Names in a row: ``A, B`` / ``A、B``."""
        return self.comma.join(items)

    def clauses(self, items: Iterable[str]) -> str:
        """Clauses in a row: ``A; B`` / ``A；B``."""
        return self.semicolon.join(items)

    def brackets(self, text: str) -> str:
        """``(text)`` / ``（text）``."""
        return self.profile.punctuation.brackets.format(text)

    def sentences(self, *parts: str | None) -> str:
        """Whole sentences (each with its own full stop) one after another; empty parts are dropped.
        English puts a space between them, Chinese does not (its full stop already closes one)."""
        return self.profile.punctuation.space.join(p.strip() for p in parts if p and p.strip())

    def stops(self, parts: Iterable[str]) -> str:
        """Sentence bodies without their full stops, each closed by one: ``A. B.`` / ``A。B。``."""
        mark = self.profile.punctuation
        return (mark.full_stop + mark.space).join(parts) + mark.full_stop


def sentences(lang: Lang, *parts: str | None) -> str:
    """`Say.sentences` for a caller that holds only a language code."""
    return Say(lang).sentences(*parts)
