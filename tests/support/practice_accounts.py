"""Practice mode's shared set-up: five accounts, Alice's full record and a share from Alice to Carol.

Used by the isolation tests and the practice pages tests; a test module takes the `practice` fixture
by importing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from magcheck.accounts import users
from magcheck.accounts.mode import forget_cached_mode
from magcheck.accounts.throttle import login_throttle
from magcheck.web.app import create_app

MARKER = "Zq9Alicerecord"
HIDDEN = "Yx7Hiddensecond"  # a second person of Alice's, never named in a request: any echo is a leak
PASSWORD = "correct horse battery"
DAY = dt.date.today().isoformat()


@pytest.fixture
def practice(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Five accounts, Alice's full record, and a share from Alice to Carol."""
    monkeypatch.setenv("MAGCHECK_AUTH", "accounts")
    forget_cached_mode()
    login_throttle.clear()
    app = create_app()
    clients: dict[str, TestClient] = {}
    for name, role in (
        ("alice", "client"),
        ("bob", "client"),
        ("carol", "clinician"),
        ("dave", "clinician"),
        ("root", "admin"),
    ):
        account = users.add_user(name, role, PASSWORD)
        token = users.issue(account.id, "api").token
        clients[name] = TestClient(
            app, headers={"Authorization": f"Bearer {token}"}, raise_server_exceptions=False
        )
    alice = clients["alice"]
    ids: dict[str, Any] = {}
    assert (
        alice.post("/api/v1/persons", json={"name": MARKER, "age_years": 40, "sex": "female"}).status_code
        == 201
    )
    for path, body in (
        ("log", {"text": "30 g almonds", "date": DAY}),
        ("supplements", {"elemental_mg": 100, "date": DAY}),
        ("checkins", {"signs": {"fatigue": "often"}, "date": DAY}),
        ("labs", {"value": 0.7, "unit": "mmol/L", "date": DAY}),
    ):
        response = alice.post(f"/api/v1/{path}", json=body)
        assert response.status_code == 201, response.text
        ids[path] = response.json()["id"]
    assert alice.post("/api/v1/history/assess?days=7").status_code == 200
    assert alice.post("/api/v1/shares", json={"clinician": "carol"}).status_code == 201
    second = {"name": HIDDEN, "age_years": 9, "sex": "male"}
    assert alice.post("/api/v1/persons", json=second).status_code == 201
    assert alice.post(f"/api/v1/persons/{MARKER}/use").status_code == 200
    yield {"app": app, "clients": clients, "ids": ids}
    forget_cached_mode()
    login_throttle.clear()
