"""From a finished recall to an assessment input, and its days into a person's record.

The assessment gets the recalled days as daily totals with the items as its food log (the way the
history's stored snapshots are assessed), so the result lists what each food gave and counts the days
for the IOM method; supplements named in the recall go in as supplements (their upper limit applies
to them, never to food). Saving writes the person (created inline on a first visit, name optional),
every day's items as food-log entries, the supplements and the assessment in one transaction
(`magcheck.service.recall` runs the assessment and the transaction).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magcheck.core.errors import input_error
from magcheck.core.models import AssessmentInput, FoodEntryResult, FoodLogSummary, Profile
from magcheck.core.validation import parse_model
from magcheck.foods.log import log_summary
from magcheck.foods.sources import entry_sources
from magcheck.i18n import t
from magcheck.recall.model import About, Day, Draft, Item
from magcheck.storage import repo
from magcheck.storage.work import add_profile, resolve_person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.i18n import Lang
    from magcheck.storage.models import Person

MAX_NAME = 80


def _is_supplement(item: Item) -> bool:
    return item.source == "supplement"


def _ndb(food_id: str | None) -> str | None:
    """The USDA number of a USDA food (the assessment's `ndb`, USDA-only); None for other tables."""
    return food_id.removeprefix("usda:") if food_id and food_id.startswith("usda:") else None


def _life_stage(about: About) -> dict[str, Any]:
    """The profile fields the recall's "about you" step answers."""
    return {
        "age_years": about.age_years,
        "sex": about.sex,
        "pregnant": about.state == "pregnant",
        "lactating": about.state == "lactating",
    }


def counted_days(draft: Draft) -> list[Day]:
    """The days the assessment counts: those with at least one understood food or drink."""
    return [d for d in draft.days if any(i.status == "ok" and not _is_supplement(i) for i in d.items)]


def _supplements(days: list[Day]) -> list[dict[str, Any]]:
    """Supplements as an average daily regimen over the recalled days (same product → one line)."""
    counts: dict[tuple[str | None, float | None], float] = {}
    for day in days:
        for item in day.items:
            if _is_supplement(item) and item.status == "ok":
                key = (item.food_id, item.amount)
                counts[key] = counts.get(key, 0.0) + 1
    out = []
    for (food_id, amount), count in counts.items():
        per_day = round(count / len(days), 3)
        if food_id and food_id.startswith("compound:"):
            out.append(
                {"compound": food_id.removeprefix("compound:"), "compound_mg": amount, "per_day": per_day}
            )
        else:
            out.append({"elemental_mg": amount, "per_day": per_day})
    return out[:20]


def assessment_input(draft: Draft, lang: Lang) -> tuple[AssessmentInput, FoodLogSummary]:
    """The assessment input (profile, daily totals, supplements) and the food log behind the totals."""
    days = counted_days(draft)
    if not days:
        raise input_error("items", "recall.errors.nothing_understood")
    about = draft.about
    if about.age_years is None:
        raise input_error("about.age_years", "errors.missing")
    if about.sex is None:
        raise input_error("about.sex", "errors.missing")
    entries: list[FoodEntryResult] = []
    daily: list[float] = []
    for index, day in enumerate(days):
        foods = [i for i in day.items if i.status == "ok" and not _is_supplement(i)]
        for item in foods:
            entries.append(
                FoodEntryResult(
                    entry=item.text,
                    day=index,
                    ndb=_ndb(item.food_id),
                    food_id=item.food_id,
                    source=item.source,
                    sources=entry_sources(item.food_id, item.source),
                    name_en=item.name_en,
                    name_zh=item.name_zh,
                    grams=item.grams,
                    mg=item.mg,
                    note=t("recall.portion_assumed_note", lang) if item.portion_assumed else None,
                )
            )
        daily.append(round(sum(i.mg or 0.0 for i in foods), 1))
    profile = _life_stage(about)
    if draft.person:
        profile["name"] = draft.person
    data: dict[str, Any] = {
        "profile": profile,
        "standard": about.standard,
        "intake": {"daily_mg": daily, "confirmed": about.confirm},
        "supplements": [{**s, "confirmed": about.confirm} for s in _supplements(days)],
    }
    inp = parse_model(AssessmentInput, data)
    return inp, log_summary(entries, daily, lang)


def owner_for(session: Session, draft: Draft, name: str | None, lang: Lang) -> Person:
    """The person to save to: the one named (created if new), else the draft's, else a new one."""
    wanted = (name or "").strip()[:MAX_NAME] or draft.person
    if wanted:
        found = repo.find_person(session, wanted)
        if found is not None:
            return found
    elif repo.list_persons(session):
        return resolve_person(session, None)
    if not wanted:
        wanted = t("recall.default_person", lang)
    about = draft.about
    profile = parse_model(
        Profile,
        {"name": wanted, **_life_stage(about)},
        prefix="profile",
    )
    person = add_profile(session, wanted, profile, about.standard)
    repo.set_setting(session, repo.CURRENT_PERSON, str(person.id))
    return person


def keep_days(session: Session, draft: Draft, person: Person) -> Draft:
    """Write the draft's unsaved days into `person`'s record (food-log entries and supplements) and
    return the draft with those days marked saved, so saving again writes nothing twice."""
    kept = draft.model_copy(deep=True)
    kept.person = person.name
    for day in kept.days:
        if day.saved:
            continue
        for item in day.items:
            if item.status != "ok":
                continue
            if _is_supplement(item):
                compound = item.food_id.removeprefix("compound:") if item.food_id else None
                repo.add_supplement(
                    session,
                    person.id,
                    day.date,
                    compound=compound,
                    compound_mg=item.amount if compound else None,
                    elemental_mg=None if compound else item.amount,
                    count=1,
                )
                continue
            repo.add_entry(
                session,
                person.id,
                day.date,
                item.text[:300],
                ndb=_ndb(item.food_id),
                food_id=item.food_id,
                name_en=item.name_en,
                name_zh=item.name_zh,
                grams=item.grams,
                mg=item.mg,
                note=None,
            )
        day.saved = True
    return kept
