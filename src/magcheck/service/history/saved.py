"""Assessments kept in a record: saved as shown (input, output, knowledge version) and listed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcheck.core.models import AssessmentInput
from magcheck.i18n import Lang
from magcheck.recall.finish import owner_for
from magcheck.recall.model import About, Day, Draft
from magcheck.service.assessment import assess, input_from_json_text
from magcheck.storage import repo
from magcheck.storage.schemas import SavedAssessmentOut
from magcheck.storage.work import read_owned, resolve_person, today, write, write_owned

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.core.models import Assessment
    from magcheck.storage.models import Person


def save_assessment(person: str | None, inp: AssessmentInput, out: Assessment) -> int:
    """Keep an assessment as shown (input, output, knowledge version) in the person's record."""
    return write_owned(person, lambda session, owner: add_assessment(session, owner, inp, out))


def add_assessment(session: Session, owner: Person, inp: AssessmentInput, out: Assessment) -> int:
    row = repo.add_assessment(
        session,
        owner.id,
        lang=out.lang,
        knowledge_version=out.knowledge_version,
        input_json=inp.model_dump(mode="json", exclude_none=True),
        output_json=out.model_dump(mode="json"),
    )
    return row.id


def save_input_text(
    text: str, lang: Lang, person: str | None = None, new_name: str | None = None
) -> tuple[str, int]:
    """Assess an input (JSON text, e.g. the web results page's) and keep it in a person's record.

    The person is the one named, else the one whose name the profile carries if they exist, else the
    current (or only) person. On a first visit (nobody recorded yet) the person is created from the
    input's profile, the way the guided recall does it (`new_name` optional, a default otherwise), so
    "Save to my history" is never a dead end. Returns the person's name and the saved id.
    """
    inp = input_from_json_text(text)
    out = assess(inp, lang)

    def work(session: Session) -> tuple[str, int]:
        by_profile = repo.find_person(session, inp.profile.name) if inp.profile.name and not person else None
        if by_profile is None and not person and not repo.list_persons(session):
            owner = _first_person(session, inp, new_name, lang)
        else:
            owner = by_profile or resolve_person(session, person)
        return owner.name, add_assessment(session, owner, inp, out)

    return write(work)


def _first_person(session: Session, inp: AssessmentInput, name: str | None, lang: Lang) -> Person:
    """The first person, created inline by the recall's own code (same default name, same checks)."""
    profile = inp.profile
    state = "pregnant" if profile.pregnant else "lactating" if profile.lactating else "none"
    about = About(age_years=profile.age_years, sex=profile.sex, state=state, standard=inp.standard)
    draft = Draft(days=[Day(date=today())], about=about, person=profile.name)
    return owner_for(session, draft, name, lang)


def list_assessments(person: str | None = None) -> list[SavedAssessmentOut]:
    def work(session: Session, owner: Person) -> list[SavedAssessmentOut]:
        out = []
        for row in repo.list_assessments(session, owner.id):
            result = row.output_json if isinstance(row.output_json, dict) else {}
            status = result.get("status") or {}
            intake = result.get("intake") or {}
            adequacy = result.get("adequacy") or {}
            out.append(
                SavedAssessmentOut(
                    id=row.id,
                    person=owner.name,
                    created_at=row.created_at,
                    lang=row.lang,
                    knowledge_version=row.knowledge_version,
                    status_level=status.get("level"),
                    status_label=status.get("label"),
                    mean_mg=intake.get("mean_mg"),
                    probability_adequate=adequacy.get("probability_adequate"),
                )
            )
        return out

    return read_owned(person, work)
