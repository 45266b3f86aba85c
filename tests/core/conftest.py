"""Fixtures for the core tests: a small input builder (the knowledge base is `tests/conftest.py`'s `kb`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from magcheck.core.models import AssessmentInput


def build_input(**parts: Any) -> AssessmentInput:
    """An adult woman of 40 unless the test says otherwise; only the given keys are set."""
    data: dict[str, Any] = {"profile": {"age_years": 40, "sex": "female"}}
    data.update(parts)
    return AssessmentInput.model_validate(data)


@pytest.fixture(scope="session")
def make_input() -> Callable[..., AssessmentInput]:
    return build_input
