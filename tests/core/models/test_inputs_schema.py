"""The input models accept the documented example (the published schema: service/test_knowledge_schema.py)."""

from __future__ import annotations

from pathlib import Path

from magcheck.core.models import AssessmentInput


def test_example_input_is_valid() -> None:
    example = Path(__file__).resolve().parents[3] / "examples" / "assess-example.json"
    AssessmentInput.model_validate_json(example.read_text(encoding="utf-8"))
