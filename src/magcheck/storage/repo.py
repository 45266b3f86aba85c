"""Queries and writes on the personal record, each taking an explicit `Session`.

The caller owns the transaction (`Store.write` / `Store.read`), so several of these functions compose
into one atomic change (an import, a check-in with its 11 answers). Validation of user input happens in
`magcheck.service.history` before anything reaches here; these functions assume valid values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, case, delete, func, select
from sqlalchemy.orm import Session

from magcheck.accounts.scope import check_writable, owner_id, setting_key
from magcheck.storage.base import Base
from magcheck.storage.models import (
    CheckIn,
    CheckInSign,
    FavouriteFood,
    FoodEntry,
    LabResult,
    MealTemplate,
    Person,
    RecallDraft,
    Recipe,
    SavedAssessment,
    Setting,
    SupplementIntake,
)

CURRENT_PERSON = "current_person"
D = TypeVar("D", FoodEntry, SupplementIntake, CheckIn, LabResult)
A = TypeVar("A", bound=Base)
Q = TypeVar("Q", bound=Select)  # type: ignore[type-arg]  # any row shape


def _added(session: Session, row: A) -> A:
    """`row` inserted now (flushed, so that it has its id)."""
    check_writable()
    session.add(row)
    session.flush()
    return row


# ---------------------------------------------------------------- people
# Every lookup of people is scoped to the caller's records (`accounts.scope.owner_id`): rows of other
# people hang off a person, so this is the one place where one account's data is kept from another's.


def _owned(session: Session) -> ColumnElement[bool]:
    owner = owner_id(session)
    return Person.owner_id.is_(None) if owner is None else Person.owner_id == owner


def list_persons(session: Session) -> Sequence[Person]:
    return session.scalars(select(Person).where(_owned(session)).order_by(Person.name)).all()


def find_person(session: Session, name: str) -> Person | None:
    """Exact name first, then a case-insensitive match if it is unambiguous ("alice" finds "Alice")."""
    owned = _owned(session)
    person = session.scalars(select(Person).where(owned, Person.name == name)).first()
    if person is not None:
        return person
    matches = session.scalars(select(Person).where(owned, func.lower(Person.name) == name.lower())).all()
    return matches[0] if len(matches) == 1 else None


def get_person(session: Session, person_id: int) -> Person | None:
    """The person with this id if it is one of the caller's (else None, as if it did not exist)."""
    return session.scalars(select(Person).where(_owned(session), Person.id == person_id)).first()


def add_person(session: Session, **fields: Any) -> Person:
    return _added(session, Person(owner_id=owner_id(session), **fields))


def delete_person(session: Session, person: Person) -> None:
    """Remove the person and, through ON DELETE CASCADE, every row that belongs to them."""
    check_writable()
    if get_setting(session, CURRENT_PERSON) == str(person.id):
        session.execute(delete(Setting).where(Setting.key == _setting_key(session, CURRENT_PERSON)))
    session.execute(delete(Person).where(Person.id == person.id))
    session.expunge(person)


def _setting_key(session: Session, key: str) -> str:
    # the current person is chosen per account; other settings are the server's
    return setting_key(key, owner_id(session)) if key == CURRENT_PERSON else key


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, _setting_key(session, key))
    return row.value if row else None


def set_setting(session: Session, key: str, value: str) -> None:
    check_writable()
    scoped = _setting_key(session, key)
    row = session.get(Setting, scoped)
    if row is None:
        session.add(Setting(key=scoped, value=value))
    else:
        row.value = value


def count_rows_of(session: Session, person_id: int) -> dict[str, int]:
    """How many rows each table holds for a person (used to prove a delete removed everything)."""
    out: dict[str, int] = {}
    for model in (
        FoodEntry,
        SupplementIntake,
        CheckIn,
        LabResult,
        SavedAssessment,
        RecallDraft,
        FavouriteFood,
        MealTemplate,
        Recipe,
    ):
        out[model.__tablename__] = (
            session.scalar(select(func.count()).select_from(model).where(model.person_id == person_id)) or 0
        )
    out["checkin_sign"] = (
        session.scalar(
            select(func.count()).select_from(CheckInSign).join(CheckIn).where(CheckIn.person_id == person_id)
        )
        or 0
    )
    return out


# ---------------------------------------------------------------- food log


def add_entry(session: Session, person_id: int, day: dt.date, text: str, **snapshot: Any) -> FoodEntry:
    return _added(session, FoodEntry(person_id=person_id, day=day, text=text, **snapshot))


def list_entries(
    session: Session,
    person_id: int,
    day: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Sequence[FoodEntry]:
    if day is not None:  # that day, within start–end if those are given too
        start, end = max(day, start or day), min(day, end or day)
    return _dated_rows(session, FoodEntry, person_id, start, end)


def _between(query: Q, column: Any, start: dt.date | None, end: dt.date | None) -> Q:
    """`query` limited to `start` ≤ column ≤ `end` (either bound may be open)."""
    if start is not None:
        query = query.where(column >= start)
    if end is not None:
        query = query.where(column <= end)
    return query


def _dated_rows(
    session: Session, model: type[D], person_id: int, start: dt.date | None, end: dt.date | None
) -> Sequence[D]:
    """A person's rows of one table in a day range, oldest first (then in the order they were added)."""
    query = _between(select(model).where(model.person_id == person_id), model.day, start, end)
    return session.scalars(query.order_by(model.day, model.id)).all()


def entry_rows(session: Session, person_id: int, start: dt.date, end: dt.date) -> Sequence[Any]:
    """Entries as plain rows (attribute access, no ORM identity): ~10× cheaper for read-only summaries."""
    query = (
        select(
            FoodEntry.day,
            FoodEntry.text,
            FoodEntry.ndb,
            FoodEntry.food_id,
            FoodEntry.name_en,
            FoodEntry.name_zh,
            FoodEntry.grams,
            FoodEntry.mg,
            FoodEntry.note,
        )
        .where(FoodEntry.person_id == person_id, FoodEntry.day >= start, FoodEntry.day <= end)
        .order_by(FoodEntry.day, FoodEntry.id)
    )
    return session.execute(query).all()


def get_entry(session: Session, entry_id: int) -> FoodEntry | None:
    return session.get(FoodEntry, entry_id)


@dataclass(frozen=True)
class DayTotal:
    """One logged day: the sum of the magnesium that is known, and how many entries had a value."""

    day: dt.date
    mg: float
    entries: int
    entries_with_value: int


def daily_totals(
    session: Session, person_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> list[DayTotal]:
    """Per-day totals computed by the database (a year of logs is one indexed GROUP BY)."""
    query = (
        select(
            FoodEntry.day,
            func.coalesce(func.sum(FoodEntry.mg), 0.0),
            func.count(),
            func.sum(case((FoodEntry.mg.is_not(None), 1), else_=0)),
        )
        .where(FoodEntry.person_id == person_id)
        .group_by(FoodEntry.day)
        .order_by(FoodEntry.day)
    )
    rows = session.execute(_between(query, FoodEntry.day, start, end))
    return [DayTotal(d, float(mg), int(n), int(k or 0)) for d, mg, n, k in rows]


def last_logged_days(session: Session, person_id: int, n: int, until: dt.date) -> list[dt.date]:
    """The most recent `n` days (≤ `until`) that have at least one food entry, oldest first."""
    days = session.scalars(
        select(FoodEntry.day)
        .where(FoodEntry.person_id == person_id, FoodEntry.day <= until)
        .group_by(FoodEntry.day)
        .order_by(FoodEntry.day.desc())
        .limit(n)
    ).all()
    return sorted(days)


# ---------------------------------------------------------------- supplements, check-ins, labs


def add_supplement(session: Session, person_id: int, day: dt.date, **fields: Any) -> SupplementIntake:
    return _added(session, SupplementIntake(person_id=person_id, day=day, **fields))


def list_supplements(
    session: Session, person_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> Sequence[SupplementIntake]:
    return _dated_rows(session, SupplementIntake, person_id, start, end)


def get_supplement(session: Session, row_id: int) -> SupplementIntake | None:
    return session.get(SupplementIntake, row_id)


def add_checkin(
    session: Session, person_id: int, day: dt.date, signs: dict[str, str], **fields: Any
) -> CheckIn:
    checkin = CheckIn(person_id=person_id, day=day, **fields)
    checkin.items = [CheckInSign(sign_id=s, frequency=f) for s, f in sorted(signs.items())]
    return _added(session, checkin)


def list_checkins(
    session: Session, person_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> Sequence[CheckIn]:
    return _dated_rows(session, CheckIn, person_id, start, end)


def get_checkin(session: Session, row_id: int) -> CheckIn | None:
    return session.get(CheckIn, row_id)


def add_lab(session: Session, person_id: int, day: dt.date, **fields: Any) -> LabResult:
    return _added(session, LabResult(person_id=person_id, day=day, **fields))


def list_labs(
    session: Session, person_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> Sequence[LabResult]:
    return _dated_rows(session, LabResult, person_id, start, end)


def get_lab(session: Session, row_id: int) -> LabResult | None:
    return session.get(LabResult, row_id)


def add_assessment(session: Session, person_id: int, **fields: Any) -> SavedAssessment:
    return _added(session, SavedAssessment(person_id=person_id, **fields))


def list_assessments(session: Session, person_id: int) -> Sequence[SavedAssessment]:
    return session.scalars(
        select(SavedAssessment)
        .where(SavedAssessment.person_id == person_id)
        .order_by(SavedAssessment.created_at, SavedAssessment.id)
    ).all()


# ---------------------------------------------------------------- recipes


def add_recipe(session: Session, person_id: int, **fields: Any) -> Recipe:
    return _added(session, Recipe(person_id=person_id, **fields))


def list_recipes(session: Session, person_id: int) -> Sequence[Recipe]:
    return session.scalars(select(Recipe).where(Recipe.person_id == person_id).order_by(Recipe.name)).all()


def find_recipe(session: Session, person_id: int, name: str) -> Recipe | None:
    return session.scalars(select(Recipe).where(Recipe.person_id == person_id, Recipe.name == name)).first()
