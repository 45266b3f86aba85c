"""Helpers shared by the storage tests and their writer subprocesses."""

from __future__ import annotations

from typing import Any


def fake_parser(text: str, lang: str, person: str | None = None) -> dict[str, Any]:
    """A stand-in for the foods parser where the test is about storage, not parsing (it can stand in for
    `history.parse_food`, which also takes the person whose recipes are foods).

    Entries look like "<grams> g <name>" (e.g. "30 g almonds"); magnesium is 1 mg per 10 g unless the
    name is "mystery", which has no magnesium value (to exercise lower-bound totals).
    """
    amount, _, rest = text.partition(" g ")
    grams = float(amount)
    name = rest or "food"
    mg = None if name == "mystery" else round(grams / 10, 3)
    # a Taiwan FDA food has no NDB number, only its namespaced id
    food_id = None if mg is None else "tfda:R4701201" if "豆腐" in name else "usda:99999"
    return {
        "ndb": food_id[5:] if food_id and food_id.startswith("usda:") else None,
        "food_id": food_id,
        "name_en": name,
        "name_zh": None,
        "grams": grams,
        "mg": mg,
        "note": None,
    }
