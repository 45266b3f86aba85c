"""The people whose records are kept: add, list, choose the current one, delete with every row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcheck.accounts import audit
from magcheck.core.errors import input_error
from magcheck.core.models import Profile
from magcheck.core.requirements import check_life_stage
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import STANDARDS
from magcheck.knowledge.loader import load_knowledge
from magcheck.storage import repo
from magcheck.storage.schemas import PersonOut, from_row
from magcheck.storage.work import add_profile, current_id, read, resolve_person, store, write

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.storage.models import Person


def person_out(person: Person, current_id: int | None) -> PersonOut:
    return from_row(PersonOut, person, current=person.id == current_id)


def add_person(
    name: str,
    age_years: float,
    sex: str,
    pregnant: bool = False,
    lactating: bool = False,
    standard: str = "us",
) -> PersonOut:
    clean = name.strip()
    if not clean:
        raise input_error("name", "errors.missing")
    profile = parse_model(
        Profile,
        {"name": clean, "age_years": age_years, "sex": sex, "pregnant": pregnant, "lactating": lactating},
        prefix="profile",
    )
    check_life_stage(load_knowledge(), profile.age_years, profile.pregnant, profile.lactating)
    if standard not in STANDARDS:
        raise input_error("standard", "errors.invalid_choice", value=standard, allowed=", ".join(STANDARDS))

    def work(session: Session) -> PersonOut:
        if repo.find_person(session, clean) is not None:
            raise input_error("name", "history.errors.person_exists", value=clean)
        person = add_profile(session, clean, profile, standard)
        return person_out(person, current_id(session))

    return write(work)


def list_persons() -> list[PersonOut]:
    def work(session: Session) -> list[PersonOut]:
        current = current_id(session)
        audit.touched("persons")
        return [person_out(p, current) for p in repo.list_persons(session)]

    return read(work)


def use_person(name: str) -> PersonOut:
    def work(session: Session) -> PersonOut:
        person = resolve_person(session, name)
        repo.set_setting(session, repo.CURRENT_PERSON, str(person.id))
        return person_out(person, person.id)

    return write(work)


def delete_person(name: str) -> dict[str, int]:
    """Delete a person and every row of theirs; returns how many rows of each kind went."""

    def work(session: Session) -> dict[str, int]:
        person = resolve_person(session, name)
        counts = repo.count_rows_of(session, person.id)
        repo.delete_person(session, person)
        return counts

    counts = write(work)
    # secure_delete zeroed the rows in the new pages, but the write-ahead log still holds the old ones
    # until a checkpoint: empty it now, so no trace of the person is left in the database files
    store().checkpoint()
    return counts


def person_name(person: str | None) -> str:
    """The name `person` resolves to (the current or only person when None); a clear error otherwise."""
    return read(lambda session: resolve_person(session, person).name)
