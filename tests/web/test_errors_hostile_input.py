"""No 500, ever, for input: every hostile body from the security review gets a 4xx with the error body.

Also: a forged log line cannot be planted through the path, and a "no such person" answer never names
the people who are there.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from magcheck.storage.engine import close_stores
from magcheck.storage.transfer_csv import COLUMNS
from magcheck.web.app import create_app

JSON = {"content-type": "application/json"}
WRITES = [
    "/api/v1/assess",
    "/api/v1/plan",
    "/api/v1/foods/parse",
    "/api/v1/persons",
    "/api/v1/log",
    "/api/v1/supplements",
    "/api/v1/checkins",
    "/api/v1/labs",
    "/api/v1/import",
    "/api/v1/report",
]
# one body per write with a lone surrogate in a string field
SURROGATE_BODIES = {
    "/api/v1/assess": b'{"profile": {"age_years": 30, "sex": "female", "name": "\\ud800"}}',
    "/api/v1/plan": b'{"profile": {"age_years": 30, "sex": "female"}, "medications": ["\\udfff"]}',
    "/api/v1/foods/parse": b'{"entry": "30 g \\ud800almonds"}',
    "/api/v1/persons": b'{"name": "Ana\\ud800", "age_years": 30, "sex": "female"}',
    "/api/v1/log": b'{"text": "\\udc00 almonds"}',
    "/api/v1/supplements": b'{"compound": "\\ud800", "compound_mg": 100}',
    "/api/v1/checkins": b'{"signs": {"\\ud800": "often"}}',
    "/api/v1/labs": b'{"value": 0.8, "unit": "mmol/L\\ud800"}',
    "/api/v1/import": b'{"format": "magcheck-history", "version": 1, "persons": [{"name": "\\ud800"}]}',
    "/api/v1/report": b'{"profile": {"age_years": 30, "sex": "female", "name": "\\ud800"}}',
}


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'history.sqlite3'}")
    close_stores()
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        for name in ("Private-Person-One", "Private-Person-Two"):
            made = c.post("/api/v1/persons", json={"name": name, "age_years": 40, "sex": "female"})
            assert made.status_code == 201
        yield c
    close_stores()


def assert_refused(response: httpx2.Response, statuses: tuple[int, ...] = (400, 413, 415, 422)) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = json.loads(response.content)
    assert body["detail"] and all(set(d) == {"field", "message", "code"} for d in body["detail"])


@pytest.mark.parametrize("path", WRITES)
def test_lone_surrogates_are_refused(client: TestClient, path: str) -> None:
    assert_refused(client.post(path, content=SURROGATE_BODIES[path], headers=JSON))


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize("shape", ["[", '{"a":'])
def test_json_nested_5000_deep_is_refused(client: TestClient, path: str, shape: str) -> None:
    close = "]" if shape == "[" else "}"
    body = shape * 5000 + "1" + close * 5000
    response = client.post(path, content=body, headers=JSON)
    assert_refused(response)
    assert response.json()["detail"][0]["field"] == "body"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/assess", '{"profile": {"age_years": 1e400, "sex": "female"}}'),
        ("/api/v1/assess", '{"profile": {"age_years": ' + "1" + "0" * 400 + ', "sex": "female"}}'),
        ("/api/v1/labs", '{"value": ' + "9" * 5000 + ', "unit": "mmol/L"}'),
        ("/api/v1/labs", '{"value": 1e400, "unit": "mmol/L"}'),
        ("/api/v1/supplements", '{"elemental_mg": 100, "count": NaN}'),
        ("/api/v1/persons", '{"name": "Big", "age_years": -1e400, "sex": "male"}'),
        ("/api/v1/import", '{"format": "magcheck-history", "version": ' + "1" * 5000 + "}"),
    ],
)
def test_huge_numbers_are_refused(client: TestClient, path: str, body: str) -> None:
    assert_refused(client.post(path, content=body, headers=JSON))


@pytest.mark.parametrize("path", WRITES)
def test_bodies_that_are_not_utf8_are_refused(client: TestClient, path: str) -> None:
    assert_refused(client.post(path, content=b'{"entry": "\xff\xfe\xc0"}', headers=JSON))


def test_csv_fields_over_128_kib_are_refused(client: TestClient) -> None:
    row = {c: "" for c in COLUMNS} | {"kind": "person", "person": "x" * (129 * 1024)}
    text = ",".join(COLUMNS) + "\n" + ",".join(row[c] for c in COLUMNS) + "\n"
    response = client.post("/api/v1/import", content=text, headers={"content-type": "text/csv"})
    assert_refused(response, (422,))
    assert response.json()["detail"][0]["code"] == "security.errors.csv_field_too_long"


@pytest.mark.parametrize(
    "body", [b"kind\n\x00\n", b'kind,person\n"unterminated', ",".join(COLUMNS).encode() + b"\n\x00,a\n"]
)
def test_malformed_csv_is_refused(client: TestClient, body: bytes) -> None:
    assert_refused(client.post("/api/v1/import", content=body, headers={"content-type": "text/csv"}))


def test_a_forged_log_line_cannot_be_planted_through_the_path(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="magcheck.web.access"):
        client.get("/api/v1/x%0A2026-01-01 00:00:00,000 ERROR magcheck.web: forged%0D%1B[31m")
    lines = [r.getMessage() for r in caplog.records if r.name == "magcheck.web.access"]
    assert lines and all("\n" not in m and "\r" not in m and "\x1b" not in m for m in lines)
    assert any("\\n2026-01-01" in m for m in lines)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/v1/log?person=Nobody"),
        ("DELETE", "/api/v1/persons/Nobody"),
        ("POST", "/api/v1/persons/Nobody/use"),
        ("GET", "/api/v1/history?person=Nobody"),
        ("GET", "/api/v1/export?person=Nobody"),
        ("POST", "/api/v1/history/assess?person=Nobody"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_errors_never_list_other_peoples_names(client: TestClient, method: str, url: str, lang: str) -> None:
    response = client.request(method, url + ("&" if "?" in url else "?") + f"lang={lang}")
    assert response.status_code == 404
    assert "Private-Person" not in response.text
