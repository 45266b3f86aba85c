"""Sharing and notes leave an audit trail: who gave or ended a share, who wrote or read a client's notes.

The practice fixture (tests/support/practice_accounts.py) has Alice (client) sharing with Carol
(clinician); every step here goes through the API, as a person would.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from magcheck.storage.account_tables import AuditEvent
from magcheck.storage.engine import open_store


def _events(operation_like: str) -> list[tuple[str, str, str, str]]:
    return open_store().read(
        lambda s: [
            (e.actor, e.owner, e.action, e.record)
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.operation.like(operation_like)).order_by(AuditEvent.id)
            ).all()
        ]
    )


def test_giving_and_ending_a_share_is_audited_once_per_change(practice: dict[str, Any]) -> None:
    alice = practice["clients"]["alice"]
    assert alice.post("/api/v1/shares", json={"clinician": "dave"}).status_code == 201
    assert alice.post("/api/v1/shares", json={"clinician": "dave"}).status_code == 201  # no change
    assert alice.delete("/api/v1/shares/dave").status_code == 200
    assert alice.delete("/api/v1/shares/dave").status_code == 404  # nothing to end: nothing audited
    assert [e for e in _events("% /api/v1/shares%") if e[3] == "share:dave"] == [
        ("alice", "alice", "change", "share:dave"),
        ("alice", "alice", "change", "share:dave"),
    ]
    operations = open_store().read(
        lambda s: [
            e.operation for e in s.scalars(select(AuditEvent).where(AuditEvent.record == "share:dave"))
        ]
    )
    assert operations == ["POST /api/v1/shares", "DELETE /api/v1/shares/dave"]


def test_a_clinicians_notes_are_audited_as_changes_and_reads_of_the_clients_record(
    practice: dict[str, Any],
) -> None:
    carol, alice = practice["clients"]["carol"], practice["clients"]["alice"]
    written = carol.post("/api/v1/clients/alice/notes", json={"text": "Check serum Mg in 3 months."})
    assert written.status_code == 201
    assert carol.get("/api/v1/clients/alice/notes").status_code == 200
    assert alice.get("/api/v1/notes").status_code == 200
    note = f"note:{written.json()['id']}"
    assert _events("%notes%") == [
        ("carol", "alice", "change", note),
        ("carol", "alice", "read", "notes:alice"),
        ("alice", "alice", "read", "notes:alice"),
    ]
    # a clinician without the share reads nothing, and nothing is written about it
    assert practice["clients"]["dave"].get("/api/v1/clients/alice/notes").status_code == 404
    assert len(_events("%notes%")) == 3
