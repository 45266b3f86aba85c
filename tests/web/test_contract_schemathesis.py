"""The API keeps its own contract: schemathesis fuzzes every operation from the OpenAPI document.

Valid and invalid data (positive and negative generation, plus the schema's examples and the coverage
phase's edge cases), at least 50 examples per operation, and every check schemathesis has that applies
to this API: no 5xx, status codes and content types as documented, responses matching their schemas,
invalid data rejected, valid data accepted, documented headers, and the ``Allow`` header of a 405.
Any failure is a bug in the code or in the document; fix the cause, never the check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from magcheck.storage.engine import close_stores
from magcheck.web.app import create_app

if TYPE_CHECKING:  # the alias exists for type checkers only
    from schemathesis.specs.openapi.schemas import OpenApiCase

EXAMPLES_PER_OPERATION = 50

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES_PER_OPERATION
)
# Schema-valid data may still be refused with 422 for what JSON Schema cannot say: a food name the store
# does not know, "no person is set up yet", pregnancy for a male profile. Every other 4xx for valid
# data (400, 405, 413, 415) remains a failure, and so does any 5xx.
schema.config.checks.positive_data_acceptance.expected_statuses = ["2XX", "404", "409", "422"]


@pytest.fixture(scope="module", autouse=True)
def _own_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The fuzzer creates and deletes people: give it a record of its own."""
    path = tmp_path_factory.mktemp("contract") / "history.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{Path(path)}")
        close_stores()
        yield
    close_stores()


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_contract(case: OpenApiCase) -> None:
    response = case.call_and_validate()
    if response.status_code >= 400:
        body = response.json()
        assert body["detail"] and all(set(d) == {"field", "message", "code"} for d in body["detail"])
