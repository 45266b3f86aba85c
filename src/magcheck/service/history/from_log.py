"""The assessment input drawn from a record, and `magcheck assess --from-log`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from pydantic import TypeAdapter

from magcheck.core.errors import input_error
from magcheck.core.food_ids import source_of
from magcheck.core.models import AssessmentInput, FoodEntryResult, Profile, SupplementInput
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import SIGN_IDS, Sex
from magcheck.foods.log import log_summary
from magcheck.foods.sources import NO_RECIPES, Recipes, entry_sources
from magcheck.i18n import Lang, t
from magcheck.service.assessment import adequacy_of, assess
from magcheck.service.history.saved import save_assessment
from magcheck.service.recipes import recipe_tables
from magcheck.storage import repo
from magcheck.storage.record_rules import check_days
from magcheck.storage.work import read_owned, today

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.core.models import Adequacy, Assessment, FoodLogSummary
    from magcheck.storage.models import CheckIn, Person, SupplementIntake


SIGN_WINDOW_DAYS = 30  # check-ins older than this do not describe how someone feels now
LAB_WINDOW_DAYS = 365  # a serum value older than a year is not used for a current assessment
_ENTRIES = TypeAdapter(list[FoodEntryResult])


def _profile(person: Person) -> Profile:
    return Profile(
        age_years=person.age_years,
        sex=cast(Sex, person.sex),
        pregnant=person.pregnant,
        lactating=person.lactating,
        name=person.name,
    )


def _regimen(rows: Sequence[SupplementIntake], n_days: int) -> list[SupplementInput]:
    """Supplements logged in the window as an average daily regimen (same product → one line)."""
    totals: dict[tuple[str | None, float | None, float | None], float] = {}
    for row in rows:
        key = (row.compound, row.compound_mg, row.elemental_mg)
        totals[key] = totals.get(key, 0.0) + row.count
    out = []
    for (compound, compound_mg, elemental_mg), count in totals.items():
        per_day = min(12.0, round(count / n_days, 3))
        if per_day > 0:
            out.append(
                SupplementInput(
                    compound=compound, compound_mg=compound_mg, elemental_mg=elemental_mg, per_day=per_day
                )
            )
    return out[:20]


def _latest_signs(checkins: Sequence[CheckIn]) -> dict[str, str]:
    latest: dict[str, str] = {}
    for checkin in checkins:  # oldest first: later answers overwrite earlier ones
        latest.update(checkin.signs)
    return {s: latest[s] for s in SIGN_IDS if s in latest}


def _food_log(
    entries: Sequence[Any], logged: list[dt.date], lang: Lang, recipes: Recipes = NO_RECIPES
) -> FoodLogSummary:
    """The stored snapshots as the core's food-log summary: per-food contributions and honest coverage.

    The rows are validated as one list (a year of logs is ~10,000 entries: one validator call instead
    of one per entry is ~⅓ cheaper, benchmarks/bench_history.py).
    """
    index = {day: i for i, day in enumerate(logged)}
    label = t("foods.log.label_entry", lang)
    rows = []
    for e in entries:
        source = source_of(e.food_id)
        rows.append(
            {
                "entry": e.text,
                "day": index[e.day],
                "ndb": e.ndb,
                "food_id": e.food_id,
                "source": source,
                "sources": entry_sources(e.food_id, source, recipes),
                "name_en": e.name_en,
                "name_zh": e.name_zh,
                "grams": e.grams,
                "mg": e.mg,
                "note": label if e.food_id is None and e.mg is not None else e.note,
            }
        )
    results = _ENTRIES.validate_python(rows)
    daily = [0.0] * len(logged)
    for r in results:
        daily[r.day] += r.mg or 0.0
    return log_summary(results, [round(v, 1) for v in daily], lang)


def record_input(
    person: str | None = None,
    days: int = 7,
    until: dt.date | None = None,
    standard: str | None = None,
    lang: Lang = "en",
) -> tuple[AssessmentInput, FoodLogSummary | None]:
    """The assessment input drawn from the record, and the logged entries behind its daily totals."""
    check_days(days)
    end = until or today()

    def work(session: Session, owner: Person) -> tuple[AssessmentInput, FoodLogSummary | None]:
        logged = repo.last_logged_days(session, owner.id, days, end)
        data: dict[str, Any] = {
            "profile": _profile(owner).model_dump(),
            "standard": standard or owner.standard,
        }
        food_log = None
        if logged:
            rows = repo.entry_rows(session, owner.id, logged[0], logged[-1])
            food_log = _food_log(rows, logged, lang, recipe_tables(repo.list_recipes(session, owner.id)))
            data["intake"] = {"daily_mg": food_log.daily_mg}
            supplements = repo.list_supplements(session, owner.id, logged[0], end)
            data["supplements"] = [
                s.model_dump(exclude_none=True) for s in _regimen(supplements, len(logged))
            ]
        signs = _latest_signs(
            repo.list_checkins(session, owner.id, end - dt.timedelta(days=SIGN_WINDOW_DAYS), end)
        )
        if signs:
            data["signs"] = signs
        labs = repo.list_labs(session, owner.id, end - dt.timedelta(days=LAB_WINDOW_DAYS), end)
        if labs:
            data["labs"] = {"serum_magnesium": {"value": labs[-1].value, "unit": labs[-1].unit}}
        if not logged and not signs and not labs:
            raise input_error("person", "history.errors.nothing_logged", value=owner.name)
        return parse_model(AssessmentInput, data), food_log

    return read_owned(person, work)


def input_from_log(
    person: str | None = None, days: int = 7, until: dt.date | None = None, standard: str | None = None
) -> AssessmentInput:
    """An assessment input drawn from the record (see the module docstring for what is used)."""
    return record_input(person, days, until, standard)[0]


def assess_from_log(
    person: str | None,
    days: int,
    lang: Lang,
    standard: str | None = None,
    save: bool = True,
    until: dt.date | None = None,
) -> Assessment:
    """`magcheck assess --from-log`: assess the recorded days, and keep the result in the record.

    The input carries the daily totals (so a saved or exported input reproduces the result); the
    stored entries go along as the food log, so the result shows what each food contributed and how
    many entries had no magnesium value.
    """
    inp, food_log = record_input(person, days, until, standard, lang)
    out = assess(inp, lang, food_log=food_log)
    if save:
        save_assessment(inp.profile.name, inp, out)
    return out


def adequacy_from_log(person: str | None, days: int, lang: Lang, until: dt.date | None = None) -> Adequacy:
    """The probability of adequacy of the recorded days: `assess_from_log(...).adequacy`, not saved, and
    without writing out the rest of the assessment (the history page shows only this answer)."""
    inp, food_log = record_input(person, days, until, lang=lang)
    return adequacy_of(inp, lang, food_log=food_log)
