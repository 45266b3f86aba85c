"""The claims view: the article's claims, each with its verdict and what the sources actually say.

One function for `magcheck claims` (text and `--json`) and the about page, so the verdict a reader sees
is worded the same on the command line and in the browser.
"""

from __future__ import annotations

from typing import Any

from magcheck.i18n import Lang, t
from magcheck.knowledge.loader import load_knowledge


def claims_view(lang: Lang) -> list[dict[str, Any]]:
    """Each claim: id, the article's words, the verdict id and its label, the sources' summary and ids."""
    return [
        {
            "id": c.id,
            "article": c.article.get(lang),
            "verdict": c.verdict,
            "verdict_label": t(f"assess.verdict_label.{c.verdict}", lang),
            "what_sources_say": c.what_sources_say.get(lang),
            "sources": list(c.sources),
        }
        for c in load_knowledge().claims
    ]


def claims_json(lang: Lang) -> dict[str, Any]:
    """What `magcheck claims --json` prints: the claims and the disclaimer."""
    return {"claims": claims_view(lang), "disclaimer": t("core.disclaimer", lang)}
