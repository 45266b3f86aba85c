"""Check-ins: how often each sign was felt, with the evidence-weighted burden of each."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from magcheck.core.signs import burden
from magcheck.knowledge.loader import load_knowledge
from magcheck.storage import repo
from magcheck.storage.record_rules import parse_day, validate_signs
from magcheck.storage.schemas import CheckInOut, from_row
from magcheck.storage.work import added, listed, remove

if TYPE_CHECKING:
    from magcheck.storage.models import CheckIn


def sign_burden(signs: dict[str, str]) -> float:
    """The evidence-weighted burden of one check-in, computed by the core's signs screen."""
    return burden(load_knowledge(), signs)  # type: ignore[arg-type]


def checkin_out(row: CheckIn, person: str) -> CheckInOut:
    return from_row(CheckInOut, row, person=person, burden=sign_burden(row.signs))


def add_checkin(
    signs: dict[str, str], day: dt.date | str | None = None, person: str | None = None
) -> CheckInOut:
    """Record how often each sign was felt; unanswered signs stay unanswered (not "never")."""
    valid = validate_signs(signs)
    when = parse_day(day)

    return added(person, repo.add_checkin, checkin_out, when, valid)


def list_checkins(person: str | None = None) -> list[CheckInOut]:
    return listed(person, repo.list_checkins, checkin_out)


def remove_checkin(row_id: int) -> CheckInOut:
    return remove(repo.get_checkin, checkin_out, row_id)
