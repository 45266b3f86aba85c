"""The docs that state the plausibility limits in prose (docs/api.md, docs/method.md) state them as
plausibility.toml has them: the published schemas are filled from the data, the prose is checked here."""

from __future__ import annotations

from pathlib import Path

import pytest

from magcheck.core.knowledge_base import KnowledgeBase

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("doc", ["api.md", "method.md"])
def test_prose_states_the_limits_of_the_data(kb: KnowledgeBase, doc: str) -> None:
    text = " ".join((DOCS / doc).read_text(encoding="utf-8").split())
    lim = kb.plausibility
    for phrase in (
        f"entry over {lim.entry.max_grams / 1000:g} kg",
        f"food over {lim.food_total.max_mg_per_day:,.0f} mg of magnesium a day",
        f"more than {lim.drinks.max_per_day:g} drinks a day",
        f"supplement over {lim.supplement.max_ul_multiple:g} × the UL",
    ):
        assert phrase in text, f"docs/{doc} should say {phrase!r} (knowledge/plausibility.toml)"
