"""Gather what a report shows, from an assessment input or from a person's history.

The CLI (`magcheck report`) and the web buttons (results page, history page) both call these, so a
report made in either place holds the same numbers. The service and the history store are imported
inside the functions: they are heavier than the report template itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from magcheck.core.models import Assessment, AssessmentInput, FoodEntryResult
from magcheck.foods.ids import source_of
from magcheck.i18n import Lang
from magcheck.reports.render import LabPoint, ReportHistory

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class ReportData:
    """An assessment plus, for a person, their record over the same window and their name."""

    assessment: Assessment
    history: ReportHistory | None
    person_name: str | None
    clinicians: tuple[str, ...] = ()  # practice mode: whom the record is shared with


def from_input(inp: AssessmentInput, lang: Lang) -> ReportData:
    """A report for one assessment input; the name is the one given in the profile, if any."""
    from magcheck.service.assessment import assess

    return ReportData(assess(inp, lang), None, inp.profile.name)


def from_input_text(text: str, lang: Lang, source: str = "input") -> ReportData:
    """As `from_input`, from JSON text; bad JSON or bad fields raise `InputError` naming the field."""
    from magcheck.validation import parse_json_text

    return from_input(parse_json_text(AssessmentInput, text, source=source), lang)


def from_person(person: str | None, days: int, lang: Lang) -> ReportData:
    """Assess a person's last `days` logged days, and chart the same calendar window from their record.

    The assessment is the one `magcheck assess --from-log` makes (not saved again): daily totals plus
    the stored food-log entries, so the report lists what each food gave. The charts are drawn from the
    record over the same window (each entry keeps the food and magnesium it was parsed to when logged).
    """
    from magcheck.service.history import summary as record_summary
    from magcheck.service.history.food_log import list_entries
    from magcheck.service.history.from_log import assess_from_log
    from magcheck.service.history.trends import sign_trends

    assessment = assess_from_log(person, days, lang, save=False)
    summary = record_summary.summary(person, days=days, lang=lang)
    checkins = [(c.date, c.burden) for c in summary.checkins if c.burden is not None]
    entries = list_entries(person=summary.person, start=summary.start, end=summary.end)
    foods = [
        FoodEntryResult(
            entry=e.text,
            day=(e.date - summary.start).days + 1,
            ndb=e.ndb,
            food_id=e.food_id,
            source=source_of(e.food_id),
            name_en=e.name_en,
            name_zh=e.name_zh,
            grams=e.grams,
            mg=e.mg,
            note=e.note,
        )
        for e in entries
    ]
    record = ReportHistory(
        dates=[d.date for d in summary.days],
        daily_mg=[d.mg for d in summary.days],
        checkin_dates=[day for day, _ in checkins],
        burden=[value for _, value in checkins],
        labs=[LabPoint(lab.date, lab.value, lab.unit, lab.mmol_per_l) for lab in summary.labs],
        foods=foods,
        sign_trends=sign_trends(summary, lang),
    )
    from magcheck.accounts.sharing import clinicians_of_owner

    return ReportData(assessment, record, summary.person, clinicians_of_owner())
