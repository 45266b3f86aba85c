"""The report view: what a shareable report shows, from an assessment input or from a person's history.

The CLI (`magcheck report`), the web buttons (results page, history page) and the API all call these,
so a report made in any of them holds the same numbers; `magcheck.reports.render` only lays the data
out (HTML, PDF, charts). The method note and the reference list come from the reviewed knowledge,
which adapters never read themselves, so they are made here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import magcheck
from magcheck.accounts.sharing import clinicians_of_owner
from magcheck.core.food_ids import source_of
from magcheck.core.models import Assessment, AssessmentInput, FoodEntryResult, SourceRef
from magcheck.core.validation import parse_json_text
from magcheck.i18n import Lang, t
from magcheck.knowledge.loader import load_knowledge
from magcheck.service.assessment import assess
from magcheck.service.history import summary as record_summary
from magcheck.service.history.food_log import list_entries
from magcheck.service.history.from_log import assess_from_log
from magcheck.service.history.trends import SignTrend, sign_trends

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class LabPoint:
    """A lab result from the person's history."""

    day: date
    value: float
    unit: str
    mmol_per_l: float


@dataclass(frozen=True)
class ReportHistory:
    """What a report needs from a person's history: daily totals (None = not logged), check-ins, labs."""

    dates: Sequence[date]
    daily_mg: Sequence[float | None]
    checkin_dates: Sequence[date] = field(default_factory=tuple)
    burden: Sequence[float] = field(default_factory=tuple)
    labs: Sequence[LabPoint] = field(default_factory=tuple)
    foods: Sequence[FoodEntryResult] = field(default_factory=tuple)
    sign_trends: Sequence[SignTrend] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReportData:
    """An assessment plus, for a person, their record over the same window and their name."""

    assessment: Assessment
    history: ReportHistory | None
    person_name: str | None
    clinicians: tuple[str, ...] = ()  # practice mode: whom the record is shared with


@dataclass(frozen=True)
class MethodLine:
    """One sentence of the report's method note and the sources it rests on."""

    text: str
    sources: list[str]


def from_input(inp: AssessmentInput, lang: Lang) -> ReportData:
    """A report for one assessment input; the name is the one given in the profile, if any."""
    return ReportData(assess(inp, lang), None, inp.profile.name)


def from_input_text(text: str, lang: Lang, source: str = "input") -> ReportData:
    """As `from_input`, from JSON text; bad JSON or bad fields raise `InputError` naming the field."""
    return from_input(parse_json_text(AssessmentInput, text, source=source), lang)


def from_person(person: str | None, days: int, lang: Lang, confirmed: bool = False) -> ReportData:
    """Assess a person's last `days` logged days, and chart the same calendar window from their record.

    The assessment is the one `magcheck assess --from-log` makes (not saved again): daily totals plus
    the stored food-log entries, so the report lists what each food gave. The charts are drawn from the
    record over the same window (each entry keeps the food and magnesium it was parsed to when logged).
    """
    assessment = assess_from_log(person, days, lang, save=False, confirmed=confirmed)
    summary = record_summary.summary(person, days=days, lang=lang)
    checkin_dates, burdens = record_summary.burden_series(summary)
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
        checkin_dates=checkin_dates,
        burden=burdens,
        labs=[LabPoint(lab.date, lab.value, lab.unit, lab.mmol_per_l) for lab in summary.labs],
        foods=foods,
        sign_trends=sign_trends(summary, lang),
    )
    return ReportData(assessment, record, summary.person, clinicians_of_owner())


def method(assessment: Assessment, lang: Lang) -> list[MethodLine]:
    """The report's method note: how each number was made, with the sources each rests on."""
    req, adequacy = assessment.requirement, assessment.adequacy
    lines = [
        MethodLine(
            t("report.method.requirement", lang, edition=req.edition, life_stage=req.life_stage_label),
            req.sources,
        )
    ]
    if adequacy.method == "iom_ear" and adequacy.sd_requirement_mg is not None:
        text = t(
            "report.method.adequacy_ear",
            lang,
            sd_r=f"{adequacy.sd_requirement_mg:.1f}",
            sd_w=f"{adequacy.sd_within_mg:.0f}" if adequacy.sd_within_mg is not None else "0",
            n=adequacy.n_days,
        )
        if adequacy.sd_within_verified is False:
            text += " " + t("report.method.sd_estimate", lang)
        lines.append(MethodLine(text, adequacy.sources))
    elif adequacy.method == "iom_ai":
        lines.append(MethodLine(t("report.method.adequacy_ai", lang), adequacy.sources))
    else:
        lines.append(MethodLine(t("report.method.adequacy_none", lang), []))
    mds_note = load_knowledge().mds.validation_note.get(lang)
    lines.append(MethodLine(t("report.method.mds", lang) + " " + mds_note, assessment.mds.sources))
    labs = load_knowledge().labs
    lines.append(
        MethodLine(
            t(
                "report.method.labs",
                lang,
                molar_mass=labs.molar_mass_g_per_mol,
                low=f"{labs.cutoffs.hypomagnesaemia_below:.2f}",
                high=f"{labs.cutoffs.upper_reference:.2f}",
            ),
            sorted({*labs.conversion_sources, *labs.cutoff_sources["hypomagnesaemia_below"]}),
        )
    )
    lines.append(
        MethodLine(
            t("report.method.version", lang, kb=assessment.knowledge_version, app=magcheck.__version__), []
        )
    )
    return lines


def _cited(assessment: Assessment, method: list[MethodLine]) -> list[str]:
    """Every source id the report cites, in order of first appearance."""
    a = assessment
    groups: list[list[str]] = [a.requirement.sources, a.adequacy.sources, a.mds.sources]
    groups += [r.sources for r in a.status.reasons] + [f.sources for f in a.red_flags]
    groups += [s.sources for s in a.signs.items] + [r.sources for r in a.recommendations]
    groups += [a.labs.sources] if a.labs else []
    if a.supplements:
        groups += [a.supplements.sources] + [
            r.sources for r in (*a.supplements.spacing, *a.supplements.interactions)
        ]
    if a.plan and a.plan.supplement:
        groups.append(a.plan.supplement.sources)
    groups += [line.sources for line in method]
    return list(dict.fromkeys(source for group in groups for source in group))


def references(assessment: Assessment, method: list[MethodLine]) -> list[SourceRef]:
    """The assessment's reference list, completed with any id the report cites that it lacks.

    "The full reference list" means a reader can look up every bracketed id in the report, including
    the ones only the method note cites; missing entries come from the knowledge base's bibliography.
    """
    listed = {ref.id for ref in assessment.sources}
    extra = []
    bibliography = load_knowledge().references
    for source in _cited(assessment, method):
        if source not in listed and source in bibliography:
            ref = bibliography[source]
            extra.append(SourceRef(id=source, citation=ref.citation, url=ref.url))
    return [*assessment.sources, *sorted(extra, key=lambda r: r.id)]
