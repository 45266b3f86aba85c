"""Words the core hands out without writing them: message keys with their parameters.

The core decides *what* to say — which message, which numbers, which names — and never *how* it reads in
a language: it cannot, it knows no language. A `Msg` names a catalogue message (``locales/<lang>/*.toml``)
and its parameters; a `Formatted` is a reviewed bilingual template from the knowledge (a status rule's
text) with its parameters; a `Joined` puts several of them together the way the language joins sentences
or names. A reviewed bilingual `Text` and a plain `str` (something the person typed, a number already
formatted) are words too. The service layer renders all of them through `magcheck.i18n.Say.words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from magcheck.core.facts import Text

JoinKind = Literal["sentences", "listing", "labelled", "verbatim"]


@dataclass(frozen=True, slots=True)
class Msg:
    """The catalogue message `key` with its placeholders' values (numbers stay numbers: the catalogue's
    singular rule looks at ``n``)."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Formatted:
    """A reviewed bilingual template from the knowledge base filled with `params` (``{name}`` style)."""

    template: Text
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Joined:
    """Words put together: whole ``sentences``, names in a ``listing`` (``A, B`` / ``A、B``), a
    ``labelled`` pair (``label: text``), or ``verbatim`` with `sep` written as is in every language."""

    how: JoinKind
    parts: tuple[Words, ...]
    sep: str = ""


Words: TypeAlias = Msg | Formatted | Joined | Text | str
Param: TypeAlias = Words | int | float


def msg(key: str, /, **params: Param) -> Msg:
    """`Msg(key, params)` written like the call that renders it."""
    return Msg(key, params)


def sentences(*parts: Words | None) -> Joined:
    """Whole sentences one after another; missing parts are left out."""
    return Joined("sentences", tuple(p for p in parts if p is not None))


def listing(parts: tuple[Words, ...] | list[Words]) -> Joined:
    """Names in a row, joined the way the reader's language lists them."""
    return Joined("listing", tuple(parts))


def verbatim(sep: str, parts: tuple[Words, ...] | list[Words]) -> Joined:
    """Parts joined by `sep` as written (``", "``, ``" — "``) in every language, as the output always did."""
    return Joined("verbatim", tuple(parts), sep)
