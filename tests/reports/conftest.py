"""Report tests run in both languages; the sample assessments live in `report_samples`."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)
