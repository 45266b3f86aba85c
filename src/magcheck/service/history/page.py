"""The history page view: everything `/history` shows for one person and window, in one call.

The page used to gather it from five service functions itself; any other interface showing a person's
history (and the tests) now asks here, so they show the same person, window, answers and saved results.
Drawing the charts from `summary` is the adapter's part (`magcheck.reports.charts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from magcheck.core.errors import FieldProblem, MagcheckError
from magcheck.core.models import Adequacy
from magcheck.core.vocabulary import SIGN_IDS
from magcheck.i18n import Lang
from magcheck.service.history import summary as record_summary
from magcheck.service.history.people import list_persons
from magcheck.service.history.saved import list_assessments
from magcheck.service.history.trends import SignTrend, history_answers
from magcheck.service.signs import sign_names
from magcheck.storage.schemas import HistorySummary, PersonOut, SavedAssessmentOut

SAVED_SHOWN = 20  # the newest saved assessments listed on the page


@dataclass(frozen=True)
class HistoryView:
    """The chosen person's record over `days` days; with nobody chosen, only the people to choose from."""

    persons: list[PersonOut]
    person: PersonOut | None
    days: int
    sign_names: dict[str, str]
    summary: HistorySummary | None = None
    adequacy: Adequacy | None = None
    trends: list[SignTrend] = field(default_factory=list)
    saved: list[SavedAssessmentOut] = field(default_factory=list)  # newest first
    implausible: list[FieldProblem] = field(default_factory=list)  # logged days that look wrong


def chosen_person(persons: list[PersonOut], name: str | None) -> PersonOut | None:
    """The person a page shows: the one named (any case), else the current one, else the only one."""
    if name:
        for p in persons:
            if p.name == name or p.name.lower() == name.lower():
                return p
        return None
    current = [p for p in persons if p.current]
    if current:
        return current[0]
    return persons[0] if len(persons) == 1 else None


def _sign_names(lang: Lang) -> dict[str, str]:
    """The signs' names for the check-in table; their ids if the knowledge cannot name them."""
    try:
        return sign_names(lang)
    except (MagcheckError, AttributeError):
        return {s: s for s in SIGN_IDS}


def history_view(person: str | None, days: int, lang: Lang, confirmed: bool = False) -> HistoryView:
    """The history page of `person` (or the current/only one) over the last `days` days, in `lang`;
    `confirmed`: the person said the logged amounts are right (days over the plausibility limit count)."""
    persons = list_persons()
    chosen = chosen_person(persons, person)
    names = _sign_names(lang)
    if chosen is None:
        return HistoryView(persons, None, days, names)
    summary = record_summary.summary(chosen.name, days, lang=lang)
    answers = history_answers(chosen.name, days, summary, lang, confirmed)
    saved = list_assessments(chosen.name)[::-1][:SAVED_SHOWN]
    return HistoryView(
        persons, chosen, days, names, summary, answers.adequacy, answers.trends, saved, answers.implausible
    )
