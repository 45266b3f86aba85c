"""life_stages.toml: the ages at which pregnancy and lactation are accepted select rows of the DRI tables.

No source sets the two ages (the file says so); what a test can check is that every accepted age finds a
pregnancy and a lactation row in the US table as published (shared/spec clinical.md §1.1: "≤ 18 y", "19–30 y",
"31–50 y") and that the China increments apply at every such age.
"""

from __future__ import annotations

from itertools import pairwise

from magcheck.core.knowledge_base import KnowledgeBase


def test_every_accepted_age_has_pregnancy_and_lactation_rows(kb: KnowledgeBase) -> None:
    ages = kb.life_stages.pregnancy
    # the table's "≤ 18 y" and "31–50 y" rows read wider: from an age below 14 to one above 50
    assert 0 < ages.min_age_years < 14 <= 50 < ages.max_age_years
    for kind in ("pregnant", "lactating"):
        rows = [r for r in kb.requirements_us if getattr(r, kind)]
        assert min(r.age_min for r in rows) <= ages.min_age_years
        assert max(r.age_max for r in rows) > ages.max_age_years
        bands = sorted((r.age_min, r.age_max) for r in rows)
        assert all(a[1] == b[0] for a, b in pairwise(bands))  # no gap between the rows
    for kind in ("pregnancy_add", "lactation_add"):
        [row] = [r for r in kb.requirements_cn if r.kind == kind]
        assert row.age_min <= ages.min_age_years and row.age_max > ages.max_age_years
    assert "iom1997" in ages.sources
