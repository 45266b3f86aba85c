"""Supplements as on the label, logged per day; validated like the assessment's supplement input."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from magcheck.core.models import SupplementInput
from magcheck.core.validation import parse_model
from magcheck.storage import repo
from magcheck.storage.record_rules import parse_day
from magcheck.storage.schemas import SupplementOut, from_row
from magcheck.storage.work import added, listed, remove

if TYPE_CHECKING:
    from magcheck.storage.models import SupplementIntake


def supplement_out(row: SupplementIntake, person: str) -> SupplementOut:
    return from_row(SupplementOut, row, person=person)


def add_supplement(
    compound: str | None = None,
    compound_mg: float | None = None,
    elemental_mg: float | None = None,
    count: float = 1,
    day: dt.date | str | None = None,
    person: str | None = None,
) -> SupplementOut:
    """Log a supplement as on the label; validated like the assessment's supplement input."""
    item = parse_model(
        SupplementInput,
        {"compound": compound, "compound_mg": compound_mg, "elemental_mg": elemental_mg, "per_day": count},
        prefix="supplement",
    )
    when = parse_day(day)

    return added(
        person,
        repo.add_supplement,
        supplement_out,
        when,
        compound=item.compound,
        compound_mg=item.compound_mg,
        elemental_mg=item.elemental_mg,
        count=item.per_day,
    )


def list_supplements(person: str | None = None, day: dt.date | str | None = None) -> list[SupplementOut]:
    when = None if day is None else parse_day(day)

    return listed(person, repo.list_supplements, supplement_out, when, when)


def remove_supplement(row_id: int) -> SupplementOut:
    return remove(repo.get_supplement, supplement_out, row_id)
