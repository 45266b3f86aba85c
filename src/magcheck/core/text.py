"""Joining sentences the way each language writes them: English puts a space between sentences,
Chinese does not (its full stop already closes the sentence)."""

from __future__ import annotations

from magcheck.i18n import Lang


def sentences(lang: Lang, *parts: str | None) -> str:
    glue = "" if lang == "zh" else " "
    return glue.join(p.strip() for p in parts if p and p.strip())
