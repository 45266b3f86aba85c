"""Units of work on the history database: one read or write transaction, audited, for one person's record.

Every change to a record goes through `write` (one transaction together with its audit events, so a bad
value writes nothing); every read through `read`. People are referred to by name; with no name given the
current person (`person use`) is used, or the only person if there is just one. The service modules
(`magcheck.service.history.*`), the recall and the recipes all build on these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from magcheck.accounts import audit
from magcheck.accounts.scope import check_writable
from magcheck.core.errors import FieldProblem, NotFoundError, input_error
from magcheck.storage import repo
from magcheck.storage.engine import Store, open_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.core.models import Profile
    from magcheck.storage.models import CheckIn, FoodEntry, LabResult, Person, SupplementIntake

    Owned = FoodEntry | SupplementIntake | CheckIn | LabResult

T = TypeVar("T")
R = TypeVar("R", bound="Owned")


def store() -> Store:
    return open_store()


def _operation(work: Callable[..., Any]) -> str:
    """The service function a unit of work belongs to ("list_entries.<locals>.work" → "list_entries")."""
    name = getattr(work, "__qualname__", "") or "call"
    return name.split(".<locals>", 1)[0].split(".", 1)[0]


def read(work: Callable[[Session], T]) -> T:
    """Run `work` in a read transaction; what it read is audited afterwards (accounts only)."""
    return audit.read(work, _operation(work))


def write(work: Callable[[Session], T]) -> T:
    """Run `work` in one write transaction, together with its audit events (accounts only)."""

    def audited(session: Session) -> T:
        with audit.call("change", _operation(work)) as record:
            result = work(session)
        audit.add_events(session, record)
        return result

    return store().write(audited)


def today() -> dt.date:
    return dt.date.today()


def read_owned(person: str | None, work: Callable[[Session, Person], T]) -> T:
    """Read from the record of `person` (see `resolve_person`)."""
    return read(lambda session: work(session, resolve_person(session, person)))


def write_owned(person: str | None, work: Callable[[Session, Person], T]) -> T:
    """Change the record of `person` in one transaction."""
    return write(lambda session: work(session, resolve_person(session, person)))


def added(
    person: str | None, add: Callable[..., R], out: Callable[[R, str], T], *args: Any, **fields: Any
) -> T:
    """A new row in the record of `person` (`add(session, person_id, *args, **fields)`), as shown."""
    return write_owned(
        person, lambda session, owner: out(add(session, owner.id, *args, **fields), owner.name)
    )


def listed(
    person: str | None, rows: Callable[..., Sequence[R]], out: Callable[[R, str], T], *args: Any
) -> list[T]:
    """The rows of `person` (`rows(session, person_id, *args)`), as shown."""
    return read_owned(
        person, lambda session, owner: [out(r, owner.name) for r in rows(session, owner.id, *args)]
    )


def remove(
    get: Callable[[Session, int], R | None],
    out: Callable[[R, str], T],
    row_id: int,
    person: str | None = None,
) -> T:
    """Delete one row by id and return it as shown; an unknown id (or another person's row) is a 404."""

    def work(session: Session) -> T:
        row = get(session, row_id)
        # another account's row is "not found", exactly like a row that never existed
        owner = repo.get_person(session, row.person_id) if row is not None else None
        if row is None or owner is None:
            raise not_found("id", row_id)
        if person is not None and resolve_person(session, person).id != row.person_id:
            raise not_found("id", row_id)
        check_writable()
        audit.touched(f"{type(row).__tablename__}:{row_id}")
        shown = out(row, owner.name)
        session.delete(row)
        return shown

    return write(work)


def current_id(session: Session) -> int | None:
    value = repo.get_setting(session, repo.CURRENT_PERSON)
    return int(value) if value and value.isdigit() else None


def resolve_person(session: Session, name: str | None) -> Person:
    """The named person; else the current one; else the only one; else a clear error."""
    person = _resolve_person(session, name)
    audit.touched(f"person:{person.name}")
    return person


def _resolve_person(session: Session, name: str | None) -> Person:
    if name is not None and name.strip():
        person = repo.find_person(session, name.strip())
        if person is None:
            # never the names of the others: whoever asks may not be allowed to know who else is here
            raise NotFoundError([FieldProblem("person", "history.errors.unknown_person", {"value": name})])
        return person
    current = current_id(session)
    if current is not None:
        person = repo.get_person(session, current)
        if person is not None:
            return person
    persons = repo.list_persons(session)
    if len(persons) == 1:
        return persons[0]
    if not persons:
        raise input_error("person", "history.errors.no_person")
    raise input_error("person", "history.errors.choose_person", n=len(persons))


def not_found(field: str, value: Any) -> NotFoundError:
    return NotFoundError([FieldProblem(field, "history.errors.no_such_id", {"value": value})])


def add_profile(session: Session, name: str, profile: Profile, standard: str) -> Person:
    """A new person called `name` with `profile`'s life stage, under `standard`'s reference values."""
    return repo.add_person(
        session,
        name=name,
        age_years=profile.age_years,
        sex=profile.sex,
        pregnant=profile.pregnant,
        lactating=profile.lactating,
        standard=standard,
    )
