"""The published input schemas (docs/input.schema.json, the OpenAPI document) state the plausibility limits
and the labs' default units of the reviewed data: the input models name them by placeholder,
`service.knowledge.published` fills them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import AssessmentInput
from magcheck.service.knowledge import input_schema, published
from magcheck.web.app import create_app

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "input.schema.json"


def _descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for value in node.values() for d in _descriptions(value)]
    if isinstance(node, list):
        return [d for item in node for d in _descriptions(item)]
    return []


def _confirm_texts(schema: dict[str, Any]) -> dict[str, str]:
    """The descriptions of the three `confirmed` flags and of a lab value's unit, by model."""
    defs = schema.get("$defs") or schema["components"]["schemas"]
    props = schema["properties"] if "properties" in schema else defs["AssessmentInput"]["properties"]
    return {
        "lab_unit": defs["LabValue"]["properties"]["unit"]["description"],
        "intake": defs["Intake"]["properties"]["confirmed"]["description"],
        "supplement": defs["SupplementInput"]["properties"]["confirmed"]["description"],
        "drinks": props["alcohol_drinks_confirmed"]["description"],
    }


def _expected(kb: KnowledgeBase) -> dict[str, list[str]]:
    """What each text must say, computed from the data (2000.0 mg -> "2,000 mg", 2000 g -> "2 kg")."""
    lim = kb.plausibility
    return {
        "lab_unit": [f"{standard}: {unit}" for standard, unit in kb.labs.default_unit.items()],
        "intake": [
            f"over {lim.food_total.max_mg_per_day:,.0f} mg a day",
            f"over {lim.entry.max_grams / 1000:g} kg",
        ],
        "supplement": [f"above {lim.supplement.max_ul_multiple:g} times the UL"],
        "drinks": [f"more than {lim.drinks.max_per_day:g} drinks a day"],
    }


def test_committed_schema_equals_generated() -> None:
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == input_schema(), (
        "docs/input.schema.json is stale: regenerate it as described in docs/method.md (Input schema)"
    )


def test_published_limits_are_the_data(kb: KnowledgeBase) -> None:
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    openapi = create_app().openapi()
    for schema in (committed, openapi):
        texts = _confirm_texts(schema)
        for name, phrases in _expected(kb).items():
            assert all(phrase in texts[name] for phrase in phrases), (name, texts[name])
        leftover = [d for d in _descriptions(schema) if re.search(r"\{[a-z_]+\}", d)]
        assert leftover == []
    # the raw model still carries the placeholders: the numbers are not typed into the models
    raw = _confirm_texts(AssessmentInput.model_json_schema())
    assert "{food_total_mg}" in raw["intake"] and "{drinks}" in raw["drinks"]
    assert "{default_units}" in raw["lab_unit"]


def test_changing_the_data_changes_the_published_schema(kb: KnowledgeBase) -> None:
    lim = kb.plausibility
    changed = kb.model_copy(
        update={
            "plausibility": lim.model_copy(
                update={
                    "food_total": lim.food_total.model_copy(update={"max_mg_per_day": 2500.0}),
                    "entry": lim.entry.model_copy(update={"max_grams": 3000.0}),
                    "drinks": lim.drinks.model_copy(update={"max_per_day": 25.0}),
                    "supplement": lim.supplement.model_copy(update={"max_ul_multiple": 8.0}),
                }
            )
        }
    )
    texts = _confirm_texts(published(AssessmentInput.model_json_schema(), changed))
    assert "over 2,500 mg a day" in texts["intake"] and "over 3 kg" in texts["intake"]
    assert "above 8 times the UL" in texts["supplement"] and "more than 25 drinks" in texts["drinks"]
