"""Serum magnesium results: converted by the core's exact factors, implausible values refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from magcheck.core.errors import input_error
from magcheck.core.labs import check_plausible
from magcheck.core.models import LabValue
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import LabUnit
from magcheck.knowledge.loader import load_knowledge
from magcheck.storage import repo
from magcheck.storage.record_rules import parse_day
from magcheck.storage.schemas import LabOut, from_row
from magcheck.storage.work import added, listed, remove, write_owned

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.storage.models import LabResult, Person


def lab_to_mmol(value: float, unit: LabUnit) -> float:
    """Serum magnesium in mmol/L by the core's exact conversion; implausible values (a wrong unit) refused."""
    return check_plausible(load_knowledge(), value, unit, "value")


def lab_out(row: LabResult, person: str) -> LabOut:
    return from_row(LabOut, row, person=person)


def add_lab(value: float, unit: str, day: dt.date | str | None = None, person: str | None = None) -> LabOut:
    """Record a serum magnesium value; implausible values are refused (check the unit)."""
    lab = parse_model(LabValue, {"value": value, "unit": unit})
    if lab.unit is None:  # a stored result keeps the unit it was reported in
        raise input_error("unit", "errors.missing")
    mmol = lab_to_mmol(lab.value, lab.unit)
    when = parse_day(day)

    return added(
        person,
        repo.add_lab,
        lab_out,
        when,
        analyte="serum_magnesium",
        value=lab.value,
        unit=lab.unit,
        mmol_per_l=mmol,
    )


def add_labs(results: Sequence[tuple[float, str, dt.date | str]], person: str | None = None) -> list[LabOut]:
    """Several serum magnesium results (value, unit, day) in one transaction: all stored, or none."""
    checked = []
    for value, unit, day in results:
        lab = parse_model(LabValue, {"value": value, "unit": unit})
        if lab.unit is None:
            raise input_error("unit", "errors.missing")
        checked.append((parse_day(day), lab.value, lab.unit, lab_to_mmol(lab.value, lab.unit)))

    def work(session: Session, owner: Person) -> list[LabOut]:
        return [
            lab_out(
                repo.add_lab(
                    session,
                    owner.id,
                    when,
                    analyte="serum_magnesium",
                    value=value,
                    unit=unit,
                    mmol_per_l=mmol,
                ),
                owner.name,
            )
            for when, value, unit, mmol in checked
        ]

    return write_owned(person, work)


def list_labs(person: str | None = None) -> list[LabOut]:
    return listed(person, repo.list_labs, lab_out)


def remove_lab(row_id: int) -> LabOut:
    return remove(repo.get_lab, lab_out, row_id)
