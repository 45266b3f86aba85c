"""The keyed shapes several rules share: a reason and a red flag as the output shows them, in words.

A rule's `Reason` (`magcheck.core.models`) is an id, a text and its sources; here the text is still the
core's words (`magcheck.core.messages`), written in the reader's language by the service layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from magcheck.core.messages import Words


@dataclass(frozen=True)
class ReasonFinding:
    """A `Reason` whose text is words."""

    id: str
    text: Words
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RedFlagFinding:
    """A `RedFlag` whose text and action are words."""

    id: str
    text: Words
    action: Words
    sources: list[str] = field(default_factory=list)
