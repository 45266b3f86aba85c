"""What a clinician sees of the clients who shared with them: each client's latest saved status.

The records are read through the ordinary scoped storage layer while acting for the client, so the
share is checked (and the read audited) exactly as for any other read of a client's record.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from magcheck.accounts import audit
from magcheck.accounts.scope import Caller, acting_as
from magcheck.accounts.sharing import clients_of
from magcheck.storage import repo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _latest(output: dict[str, Any]) -> dict[str, Any]:
    status = output.get("status") or {}
    adequacy = output.get("adequacy") or {}
    mds = output.get("mds") or {}
    return {
        "status_level": status.get("level"),
        "status_label": status.get("label"),
        "probability_adequate": adequacy.get("probability_adequate"),
        "mds": mds.get("score"),
        "red_flags": [flag.get("text") for flag in output.get("red_flags") or []],
    }


def client_people(clinician: Caller, client: str) -> list[dict[str, Any]]:
    """Each person in one client's record with their latest saved assessment (or None)."""

    def work(session: Session) -> list[dict[str, Any]]:
        people = []
        for person in repo.list_persons(session):
            audit.touched(f"person:{person.name}")
            saved = repo.list_assessments(session, person.id)
            last = saved[-1] if saved else None
            people.append(
                {
                    "person": person.name,
                    "assessed_at": last.created_at.replace(tzinfo=dt.UTC) if last else None,
                    **(_latest(last.output_json) if last else _latest({})),
                }
            )
        return people

    with acting_as(clinician.for_client(client)):
        return audit.read(work, "client_people")


def client_list(clinician: Caller) -> list[dict[str, Any]]:
    """`GET /api/v1/clients`: every client sharing with the clinician, newest status first per person."""
    return [
        {"name": name, "shared_at": since, "people": client_people(clinician, name)}
        for _id, name, since in clients_of(clinician)
    ]
