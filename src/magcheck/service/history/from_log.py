"""The assessment input drawn from a record, and `magcheck assess --from-log`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

from magcheck.core.errors import FieldProblem, InputError, input_error
from magcheck.core.food_ids import source_of
from magcheck.core.models import AssessmentInput, FoodEntryResult, Intake, Profile, SupplementInput
from magcheck.core.plausibility import CODE as PLAUSIBLE
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


_DAY_FIELD = "intake.daily_mg."  # where the core names a day of the input
IMPLAUSIBLE_DAY = "history.errors.implausible_day"  # a logged day over the plausibility limit, by its date
IMPOSSIBLE_DAY = "history.errors.impossible_day"  # a logged day beyond what an input may hold at all
T = TypeVar("T")

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


class Record(NamedTuple):
    """What an assessment from the record rests on."""

    input: AssessmentInput
    food_log: FoodLogSummary | None
    logged: list[dt.date]  # the logged days, oldest first: day i of the input is logged[i]


def _record(
    person: str | None,
    days: int,
    until: dt.date | None,
    standard: str | None,
    lang: Lang,
    confirmed: bool,
) -> Record:
    check_days(days)
    end = until or today()

    def work(session: Session, owner: Person) -> Record:
        logged = repo.last_logged_days(session, owner.id, days, end)
        data: dict[str, Any] = {
            "profile": _profile(owner).model_dump(),
            "standard": standard or owner.standard,
        }
        food_log = None
        if logged:
            rows = repo.entry_rows(session, owner.id, logged[0], logged[-1])
            food_log = _food_log(rows, logged, lang, recipe_tables(repo.list_recipes(session, owner.id)))
            data["intake"] = {"daily_mg": food_log.daily_mg, "confirmed": confirmed}
            supplements = repo.list_supplements(session, owner.id, logged[0], end)
            data["supplements"] = [
                s.model_dump(exclude_none=True) | ({"confirmed": True} if confirmed else {})
                for s in _regimen(supplements, len(logged))
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
        if food_log is not None:
            _check_day_range(food_log.daily_mg, logged)
        return Record(parse_model(AssessmentInput, data), food_log, logged)

    return read_owned(person, work)


def record_input(
    person: str | None = None,
    days: int = 7,
    until: dt.date | None = None,
    standard: str | None = None,
    lang: Lang = "en",
    confirmed: bool = False,
) -> tuple[AssessmentInput, FoodLogSummary | None]:
    """The assessment input drawn from the record, and the logged entries behind its daily totals.

    `confirmed`: the person says the logged amounts are right, so a day or a supplement over its
    plausibility limit is used as it is (the input keeps the flag, like a confirmed form or file).
    """
    record = _record(person, days, until, standard, lang, confirmed)
    return record.input, record.food_log


def _check_day_range(daily: list[float], logged: list[dt.date]) -> None:
    """Days no confirmation can make usable (the input's own range for a daily total), named by date:
    otherwise the whole window would be refused with one message about `intake` that names no day."""
    problems = []
    for day, mg in zip(logged, daily, strict=True):
        try:
            Intake(daily_mg=[mg], confirmed=True)
        except ValidationError:
            params = {"date": day.isoformat(), "mg": f"{mg:,.0f}"}
            problems.append(FieldProblem(f"log.{day.isoformat()}", IMPOSSIBLE_DAY, params))
    if problems:
        raise InputError(problems)


def _dated(record: Record, call: Callable[[], T]) -> T:
    """`call`, with an implausible day named by its date: the input's day 3 means nothing to the person,
    "2026-11-21" leads them to the day page to check (and says how to confirm it)."""
    try:
        return call()
    except InputError as exc:
        problems = []
        for problem in exc.problems:
            index = problem.field.removeprefix(_DAY_FIELD)
            if (
                problem.code == f"{PLAUSIBLE}.food_total"
                and problem.field.startswith(_DAY_FIELD)
                and index.isdigit()
            ):
                day = record.logged[int(index)].isoformat()
                problem = FieldProblem(f"log.{day}", IMPLAUSIBLE_DAY, {**problem.params, "date": day})
            problems.append(problem)
        raise InputError(problems) from None


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
    confirmed: bool = False,
) -> Assessment:
    """`magcheck assess --from-log`: assess the recorded days, and keep the result in the record.

    The input carries the daily totals (so a saved or exported input reproduces the result); the
    stored entries go along as the food log, so the result shows what each food contributed and how
    many entries had no magnesium value.
    """
    record = _record(person, days, until, standard, lang, confirmed)
    out = _dated(record, lambda: assess(record.input, lang, food_log=record.food_log))
    if save:
        save_assessment(record.input.profile.name, record.input, out)
    return out


def adequacy_from_log(
    person: str | None, days: int, lang: Lang, until: dt.date | None = None, confirmed: bool = False
) -> Adequacy:
    """The probability of adequacy of the recorded days: `assess_from_log(...).adequacy`, not saved, and
    without writing out the rest of the assessment (the history page shows only this answer)."""
    record = _record(person, days, until, None, lang, confirmed)
    return _dated(record, lambda: adequacy_of(record.input, lang, food_log=record.food_log))
