"""The recall's views: a finished recall assessed, and kept in a person's record ("Save to my history").

The CLI's `magcheck recall`, the web recall pages and the API all call these two, so a recall assessed or
saved in one place gives the same result in the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcheck.core.errors import FieldProblem
from magcheck.core.models import Assessment, AssessmentInput
from magcheck.i18n.problems import message_for
from magcheck.recall.finish import assessment_input, counted_days, keep_days, owner_for
from magcheck.recall.model import Draft, Item
from magcheck.recall.uncertainty import Narrowing, narrowing
from magcheck.service.assessment import assess
from magcheck.service.history.saved import add_assessment
from magcheck.storage.work import write

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.i18n import Lang


def assess_draft(draft: Draft, lang: Lang) -> tuple[AssessmentInput, Assessment]:
    """The recalled days assessed, with the items as the food log (what each food gave)."""
    inp, food_log = assessment_input(draft, lang)
    return inp, assess(inp, lang, food_log=food_log)


def save_to_history(draft: Draft, name: str | None, lang: Lang) -> tuple[Draft, str, int, int]:
    """Keep the recall in a record: returns the updated draft, the person's name and id, the saved id.

    The person (created inline on a first visit), the days and the assessment go in one transaction.
    """
    inp, out = assess_draft(draft, lang)

    def work(session: Session) -> tuple[Draft, str, int, int]:
        person = owner_for(session, draft, name, lang)
        kept = keep_days(session, draft, person)
        named = inp.model_copy(update={"profile": inp.profile.model_copy(update={"name": person.name})})
        return kept, person.name, person.id, add_assessment(session, person, named, out)

    return write(work)


def narrowing_of(draft: Draft, assessment: Assessment) -> tuple[list[Narrowing], bool]:
    """How more recalled days would narrow the estimate (and whether its SD is verified); nothing to
    show without a mean intake or the person's age and sex."""
    about = draft.about
    if assessment.intake.mean_mg is None or about.age_years is None or about.sex is None:
        return [], True
    return narrowing(
        age=about.age_years,
        sex=about.sex,
        pregnant=about.state == "pregnant",
        lactating=about.state == "lactating",
        standard=about.standard,
        mean_mg=assessment.intake.mean_mg,
        n_days=len(counted_days(draft)),
    )


def item_reason(item: Item, lang: Lang) -> str | None:
    """Why the recall could not use an item as typed, in the person's language (None when it could)."""
    if not item.reason_code:
        return None
    return message_for(FieldProblem("item", item.reason_code, item.reason_params), lang)
