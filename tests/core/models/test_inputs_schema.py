"""The published input JSON Schema (docs/input.schema.json) is exactly what the models generate."""

from __future__ import annotations

import json
from pathlib import Path

from magcheck.core.models import AssessmentInput

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "input.schema.json"


def test_committed_schema_equals_generated() -> None:
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == AssessmentInput.model_json_schema(), (
        "docs/input.schema.json is stale: regenerate it as described in docs/method.md (Input schema)"
    )


def test_example_input_is_valid() -> None:
    example = Path(__file__).resolve().parents[3] / "examples" / "assess-example.json"
    AssessmentInput.model_validate_json(example.read_text(encoding="utf-8"))
