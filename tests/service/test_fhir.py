"""FHIR R4 Observation hand-off of serum magnesium results: export, import, round trip, refusals.

The codes are checked against what the cited HL7 value set lists (LOINC 2.82): 19123-9 "Magnesium
[Mass/volume] in Serum or Plasma" and 2601-3 "Magnesium [Moles/volume] in Serum or Plasma"; units are
UCUM codes (mg/dL, mmol/L).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from magcheck.service import fhir
from magcheck.service.history.labs import add_lab
from magcheck.service.history.people import add_person
from magcheck.web.app import create_app

# As listed by the source cited in knowledge/fhir.toml (hl7_pddi_mg_loinc), display names verbatim.
VALUE_SET = {
    "19123-9": "Magnesium [Mass/volume] in Serum or Plasma",
    "2601-3": "Magnesium [Moles/volume] in Serum or Plasma",
}


def test_codes_match_the_cited_value_set() -> None:
    table = fhir.codes()
    assert {c.loinc: c.display for c in table.codes.values()} == VALUE_SET
    assert {c.loinc: c.ucum for c in table.codes.values()} == {
        "19123-9": "mg/dL",
        "2601-3": "mmol/L",
    }
    assert table.loinc_system == "http://loinc.org" and table.ucum_system == "http://unitsofmeasure.org"


@pytest.fixture
def client(db_url: str) -> TestClient:
    add_person("Ana", 40, "female")
    add_lab(1.7, "mg/dL", "2026-03-01")
    add_lab(0.62, "mmol/L", "2026-04-01")
    add_lab(1.5, "mEq/L", "2026-05-01")
    return TestClient(create_app(), raise_server_exceptions=False)


def test_export_is_a_bundle_of_observations(client: TestClient) -> None:
    response = client.get("/api/v1/fhir/observations")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/fhir+json"
    )
    bundle = response.json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    obs = [e["resource"] for e in bundle["entry"]]
    assert [o["code"]["coding"][0]["code"] for o in obs] == ["19123-9", "2601-3", "2601-3"]
    assert [o["valueQuantity"]["code"] for o in obs] == ["mg/dL", "mmol/L", "mmol/L"]
    assert all(o["valueQuantity"]["system"] == "http://unitsofmeasure.org" for o in obs)
    assert [o["valueQuantity"]["value"] for o in obs] == [1.7, 0.62, 0.75]  # 1.5 mEq/L / valence 2
    assert obs[2]["note"] == [{"text": "Reported as 1.5 mEq/L"}]
    assert [o["effectiveDateTime"] for o in obs] == ["2026-03-01", "2026-04-01", "2026-05-01"]
    assert all(o["status"] == "final" and o["category"][0]["coding"][0]["code"] == "laboratory" for o in obs)


def test_round_trip_into_another_person(client: TestClient) -> None:
    bundle = client.get("/api/v1/fhir/observations").json()
    add_person("Ben", 50, "male")
    response = client.post(
        "/api/v1/fhir/observations?person=Ben",
        content=json.dumps(bundle),
        headers={"content-type": "application/fhir+json"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["imported"] == 3
    ben = client.get("/api/v1/labs?person=Ben").json()
    assert sorted((lab["value"], lab["unit"]) for lab in ben) == [
        (0.62, "mmol/L"),
        (0.75, "mmol/L"),
        (1.7, "mg/dL"),
    ]
    # a single Observation works too
    single = bundle["entry"][0]["resource"]
    one = client.post("/api/v1/fhir/observations?person=Ben", json=single)
    assert one.status_code == 201 and one.json()["imported"] == 1


def _bad(bundle: dict[str, Any], change: Any) -> dict[str, Any]:
    copied = copy.deepcopy(bundle)
    change(copied["entry"][1]["resource"])
    return copied


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (
            lambda o: o["code"]["coding"][0].update(code="2597-3"),
            "entry.1.resource.code",
            "accounts.fhir.unknown_code",
        ),
        (lambda o: o.update(status="preliminary"), "entry.1.resource.status", "accounts.fhir.bad_status"),
        (
            lambda o: o["valueQuantity"].update(code="mg/dL"),
            "entry.1.resource.valueQuantity.code",
            "accounts.fhir.wrong_unit",
        ),
        (
            lambda o: o["valueQuantity"].update(value="0.7"),
            "entry.1.resource.valueQuantity.value",
            "accounts.fhir.no_value",
        ),
        (lambda o: o.pop("effectiveDateTime"), "entry.1.resource.effectiveDateTime", "accounts.fhir.no_date"),
        (lambda o: o["valueQuantity"].update(value=70), "entry.1.resource.valueQuantity.value", None),
    ],
)
def test_a_bad_observation_stores_nothing(
    client: TestClient, change: Any, field: str, code: str | None
) -> None:
    bundle = client.get("/api/v1/fhir/observations").json()
    before = client.get("/api/v1/labs").json()
    response = client.post("/api/v1/fhir/observations?lang=zh", json=_bad(bundle, change))
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail[0]["field"] == field and (code is None or detail[0]["code"] == code)
    assert client.get("/api/v1/labs").json() == before


def test_not_fhir_at_all(client: TestClient) -> None:
    for body in ('{"resourceType": "Patient"}', "[]", "{not json"):
        response = client.post(
            "/api/v1/fhir/observations", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422, body
