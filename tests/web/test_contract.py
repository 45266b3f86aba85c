"""The contract findings of the security review, one by one (the schemathesis run covers them broadly):
strict JSON types, timezone-aware timestamps, the documented error body on every error status, and
`Allow` on a 405 naming every method of the resource."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from magcheck.storage.engine import close_stores
from magcheck.web.app import create_app

PERSON = {"name": "Ana", "age_years": 34, "sex": "female"}
PROFILE = {"age_years": 35, "sex": "female"}


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'history.sqlite3'}")
    close_stores()
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c
    close_stores()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/supplements", {"elemental_mg": True}, "elemental_mg"),
        ("/api/v1/supplements", {"elemental_mg": "100"}, "elemental_mg"),
        ("/api/v1/persons", {**PERSON, "age_years": "30"}, "age_years"),
        ("/api/v1/persons", {**PERSON, "pregnant": "true"}, "pregnant"),
        ("/api/v1/labs", {"value": "0.8", "unit": "mmol/L"}, "value"),
        ("/api/v1/assess", {"profile": {**PROFILE, "age_years": "30"}}, "profile.age_years"),
        (
            "/api/v1/assess",
            {"profile": PROFILE, "supplements": [{"elemental_mg": True}]},
            "supplements.0.elemental_mg",
        ),
        ("/api/v1/assess", {"profile": PROFILE, "intake": {"usual_mg": False}}, "intake.usual_mg"),
        (
            "/api/v1/plan",
            {"profile": PROFILE, "preferences": {"max_extra_kcal": False}},
            "preferences.max_extra_kcal",
        ),
    ],
)
def test_json_types_are_strict(client: TestClient, path: str, body: dict[str, Any], field: str) -> None:
    client.post("/api/v1/persons", json=PERSON)
    before = client.get("/api/v1/supplements").json() if path == "/api/v1/supplements" else None
    response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    assert field in [d["field"] for d in response.json()["detail"]]
    if before is not None:
        assert client.get("/api/v1/supplements").json() == before  # nothing stored as 1 mg


def test_numbers_are_still_numbers_and_dates_still_iso_text(client: TestClient) -> None:
    assert client.post("/api/v1/persons", json={**PERSON, "age_years": 34}).status_code == 201
    sup = client.post("/api/v1/supplements", json={"elemental_mg": 100, "date": "2026-03-01"})
    assert sup.status_code == 201 and sup.json()["elemental_mg"] == 100


def test_timestamps_carry_their_timezone(client: TestClient) -> None:
    made = client.post("/api/v1/persons", json=PERSON).json()
    stamp = dt.datetime.fromisoformat(made["created_at"])
    assert stamp.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - stamp) < dt.timedelta(minutes=5)
    for row in client.get("/api/v1/persons").json():
        assert dt.datetime.fromisoformat(row["created_at"]).tzinfo is not None


def test_every_error_status_of_every_operation_documents_the_error_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ErrorBody" in schemas
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "422"} <= set(responses), (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"403", "413", "415"} <= set(responses), (method, path)
            for status, response in responses.items():
                if status.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorBody", (method, path, status)
    export = spec["paths"]["/api/v1/export"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv"} <= set(export)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/api/v1/persons", "GET, POST"),
        ("PATCH", "/api/v1/log", "GET, POST"),
        ("GET", "/api/v1/foods/parse", "POST"),
        ("DELETE", "/api/v1/labs", "GET, POST"),
        ("POST", "/api/v1/labs/3", "DELETE"),
        ("PUT", "/api/v1/foods/12061", "GET"),
    ],
)
def test_405_names_every_method_of_the_resource(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    response = client.request(method, path, json={})
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["detail"][0]["code"] == "web.errors.method_not_allowed"
