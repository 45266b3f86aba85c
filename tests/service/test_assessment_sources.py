"""`Assessment.sources` lists every source id the output cites anywhere — nothing is cited unlisted.

The walk here is the test's own: every `sources` list of ids at any depth of the JSON output, and USDA
SR28 wherever a food (a food-log entry or a planned food) is named by its NDB number.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from magcheck.core.models import AssessmentInput
from magcheck.service.assessment import assess, input_from_json_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "assess-example.json"
FOOD_LOG = {
    "profile": {"age_years": 40, "sex": "female"},
    "intake": {"days": [["30 g almonds", "200 g rice, cooked"], ["100 g spinach"], ["1 banana"]]},
    "medications": ["omeprazole"],
    "supplements": [{"compound": "citrate", "elemental_mg": 100, "per_day": 1}],
}


def _cited(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, source id) for every citation in the JSON output, except the top-level list itself."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if key == "sources" and path and all(isinstance(v, str) for v in value):
                yield from ((where, v) for v in value)
            elif key == "ndb" and value is not None:
                yield where, "usda_sr28"
            elif where != "sources":
                yield from _cited(value, where)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _cited(item, f"{path}[{i}]")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", ["food_log", "example"])
def test_every_cited_id_is_listed_in_sources(case: str, lang: str) -> None:
    if case == "example":
        inp = input_from_json_text(EXAMPLE.read_text(encoding="utf-8"))
    else:
        inp = AssessmentInput.model_validate(FOOD_LOG)
    data = assess(inp, lang).model_dump(mode="json")
    listed = {s["id"] for s in data["sources"]}
    cited = list(_cited(data))
    assert cited, "the output cites nothing"
    missing = sorted({(where, ref) for where, ref in cited if ref not in listed})
    assert missing == []
    assert all(s["citation"] for s in data["sources"])
    if case == "food_log":
        # the plan line and every food-log entry rest on SR28, and the walk saw both
        assert data["plan"] is not None and data["intake"]["foods"]
        assert "usda_sr28" in listed
        assert any(where.startswith("intake.foods") for where, _ in cited)
        assert any(where.startswith("recommendations") and ref == "usda_sr28" for where, ref in cited)
