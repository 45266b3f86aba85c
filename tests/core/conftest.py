"""Fixtures for the core tests: the packaged knowledge base and a small input builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from magcheck import kb as kb_module
from magcheck.core.models import AssessmentInput
from magcheck.kb import KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return kb_module.load()


def build_input(**parts: Any) -> AssessmentInput:
    """An adult woman of 40 unless the test says otherwise; only the given keys are set."""
    data: dict[str, Any] = {"profile": {"age_years": 40, "sex": "female"}}
    data.update(parts)
    return AssessmentInput.model_validate(data)


@pytest.fixture(scope="session")
def make_input() -> Callable[..., AssessmentInput]:
    return build_input
