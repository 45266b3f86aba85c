"""The history service: people, food log, supplements, check-ins and labs over time.

Every interface (CLI, web pages, REST API, reports) calls these functions; they validate the input,
name the field at fault (`InputError`/`NotFoundError`, messages in ``locales/*/history.toml``), and make
each change in one transaction, so a bad value writes nothing. People are referred to by name; with no
name given the current person (`person use`) is used, or the only person if there is just one.

`input_from_log` turns the record into an `AssessmentInput`: intake from the last N logged days (the
snapshot stored with each entry, as daily totals: more days give the IOM method a tighter estimate),
the latest answer to each sign from recent check-ins, recent supplements as an average daily regimen,
and the latest lab value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from magcheck.accounts import audit
from magcheck.accounts.scope import check_writable
from magcheck.core.errors import FieldProblem, InputError, NotFoundError, input_error
from magcheck.core.models import (
    SIGN_IDS,
    AssessmentInput,
    Frequency,
    LabUnit,
    Profile,
    Sex,
    SignId,
    Standard,
    SupplementInput,
)
from magcheck.i18n import Lang, t
from magcheck.storage.schemas import (
    CheckInOut,
    DayOut,
    EntryOut,
    HistorySummary,
    LabOut,
    PersonOut,
    SavedAssessmentOut,
    SupplementOut,
    from_row,
)
from magcheck.validation import parse_model

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.core.models import Assessment, FoodLogSummary, Requirement
    from magcheck.foods.store import FoodStore
    from magcheck.storage.engine import Store
    from magcheck.storage.models import CheckIn, FoodEntry, LabResult, Person, SupplementIntake

    Owned = FoodEntry | SupplementIntake | CheckIn | LabResult

T = TypeVar("T")
R = TypeVar("R", bound="Owned")

MAX_FUTURE_DAYS = 1  # a day of slack for time zones and logging tomorrow's breakfast tonight
EARLIEST_DAY = dt.date(1900, 1, 1)
MAX_ENTRY_GRAMS = 5000.0  # one line of a food log weighing more than 5 kg is a typo, not a meal
MAX_ENTRY_MG = 5000.0
SIGN_WINDOW_DAYS = 30  # check-ins older than this do not describe how someone feels now
LAB_WINDOW_DAYS = 365  # a serum value older than a year is not used for a current assessment
MAX_DAYS = 366


def _store() -> Store:
    from magcheck.storage.engine import open_store

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

    return _store().write(audited)


def today() -> dt.date:
    return dt.date.today()


def _read_owned(person: str | None, work: Callable[[Session, Person], T]) -> T:
    """Read from the record of `person` (see `resolve_person`)."""
    return read(lambda session: work(session, resolve_person(session, person)))


def _write_owned(person: str | None, work: Callable[[Session, Person], T]) -> T:
    """Change the record of `person` in one transaction."""
    return write(lambda session: work(session, resolve_person(session, person)))


def _added(
    person: str | None, add: Callable[..., R], out: Callable[[R, str], T], *args: Any, **fields: Any
) -> T:
    """A new row in the record of `person` (`add(session, person_id, *args, **fields)`), as shown."""
    return _write_owned(
        person, lambda session, owner: out(add(session, owner.id, *args, **fields), owner.name)
    )


def _listed(
    person: str | None, rows: Callable[..., Sequence[R]], out: Callable[[R, str], T], *args: Any
) -> list[T]:
    """The rows of `person` (`rows(session, person_id, *args)`), as shown."""
    return _read_owned(
        person, lambda session, owner: [out(r, owner.name) for r in rows(session, owner.id, *args)]
    )


def _remove(
    get: Callable[[Session, int], R | None],
    out: Callable[[R, str], T],
    row_id: int,
    person: str | None = None,
) -> T:
    """Delete one row by id and return it as shown; an unknown id (or another person's row) is a 404."""
    from magcheck.storage import repo

    def work(session: Session) -> T:
        row = get(session, row_id)
        # another account's row is "not found", exactly like a row that never existed
        owner = repo.get_person(session, row.person_id) if row is not None else None
        if row is None or owner is None:
            raise _not_found("id", row_id)
        if person is not None and resolve_person(session, person).id != row.person_id:
            raise _not_found("id", row_id)
        check_writable()
        audit.touched(f"{type(row).__tablename__}:{row_id}")
        shown = out(row, owner.name)
        session.delete(row)
        return shown

    return write(work)


# ---------------------------------------------------------------- validation helpers


def parse_day(value: dt.date | str | None, field: str = "date") -> dt.date:
    """A log date: YYYY-MM-DD, not before 1900 and at most one day in the future (default: today)."""
    if value is None:
        return today()
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise input_error(field, "errors.not_a_date", value=value) from None
    else:
        day = value
    latest = today() + dt.timedelta(days=MAX_FUTURE_DAYS)
    if day > latest:
        raise input_error(
            field, "history.errors.future_date", value=day.isoformat(), latest=latest.isoformat()
        )
    if day < EARLIEST_DAY:
        raise input_error(field, "history.errors.date_too_old", value=day.isoformat())
    return day


def _check_days(days: int, field: str = "days") -> int:
    if not 1 <= days <= MAX_DAYS:
        raise input_error(
            field,
            "errors.too_large" if days > MAX_DAYS else "errors.too_small",
            limit=MAX_DAYS if days > MAX_DAYS else 1,
            value=days,
        )
    return days


def _validate_signs(signs: dict[str, str]) -> dict[str, str]:
    from pydantic import TypeAdapter, ValidationError

    from magcheck.validation import problems_from_pydantic

    if not signs:
        raise input_error("signs", "history.errors.no_signs")
    try:
        valid = TypeAdapter(dict[SignId, Frequency]).validate_python(signs)
    except ValidationError as exc:
        raise InputError(problems_from_pydantic(exc, "signs")) from None
    return {str(k): str(v) for k, v in valid.items()}


# ---------------------------------------------------------------- people


def _person_out(person: Person, current_id: int | None) -> PersonOut:
    return from_row(PersonOut, person, current=person.id == current_id)


def _current_id(session: Session) -> int | None:
    from magcheck.storage import repo

    value = repo.get_setting(session, repo.CURRENT_PERSON)
    return int(value) if value and value.isdigit() else None


def resolve_person(session: Session, name: str | None) -> Person:
    """The named person; else the current one; else the only one; else a clear error."""
    person = _resolve_person(session, name)
    audit.touched(f"person:{person.name}")
    return person


def _resolve_person(session: Session, name: str | None) -> Person:
    from magcheck.storage import repo

    if name is not None and name.strip():
        person = repo.find_person(session, name.strip())
        if person is None:
            # never the names of the others: whoever asks may not be allowed to know who else is here
            raise NotFoundError([FieldProblem("person", "history.errors.unknown_person", {"value": name})])
        return person
    current = _current_id(session)
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


def add_person(
    name: str,
    age_years: float,
    sex: str,
    pregnant: bool = False,
    lactating: bool = False,
    standard: str = "us",
) -> PersonOut:
    from magcheck.storage import repo

    clean = name.strip()
    if not clean:
        raise input_error("name", "errors.missing")
    profile = parse_model(
        Profile,
        {"name": clean, "age_years": age_years, "sex": sex, "pregnant": pregnant, "lactating": lactating},
        prefix="profile",
    )
    if standard not in ("us", "cn"):
        raise input_error("standard", "errors.invalid_choice", value=standard, allowed="us, cn")

    def work(session: Session) -> PersonOut:
        if repo.find_person(session, clean) is not None:
            raise input_error("name", "history.errors.person_exists", value=clean)
        person = repo.add_person(
            session,
            name=clean,
            age_years=profile.age_years,
            sex=profile.sex,
            pregnant=profile.pregnant,
            lactating=profile.lactating,
            standard=standard,
        )
        return _person_out(person, _current_id(session))

    return write(work)


def list_persons() -> list[PersonOut]:
    from magcheck.storage import repo

    def work(session: Session) -> list[PersonOut]:
        current = _current_id(session)
        audit.touched("persons")
        return [_person_out(p, current) for p in repo.list_persons(session)]

    return read(work)


def use_person(name: str) -> PersonOut:
    from magcheck.storage import repo

    def work(session: Session) -> PersonOut:
        person = resolve_person(session, name)
        repo.set_setting(session, repo.CURRENT_PERSON, str(person.id))
        return _person_out(person, person.id)

    return write(work)


def delete_person(name: str) -> dict[str, int]:
    """Delete a person and every row of theirs; returns how many rows of each kind went."""
    from magcheck.storage import repo

    def work(session: Session) -> dict[str, int]:
        person = resolve_person(session, name)
        counts = repo.count_rows_of(session, person.id)
        repo.delete_person(session, person)
        return counts

    counts = write(work)
    # secure_delete zeroed the rows in the new pages, but the write-ahead log still holds the old ones
    # until a checkpoint: empty it now, so no trace of the person is left in the database files
    _store().checkpoint()
    return counts


# ---------------------------------------------------------------- food log


def _entry_out(entry: FoodEntry, person: str) -> EntryOut:
    return from_row(EntryOut, entry, person=person)


def _store_of(person: str | None) -> FoodStore:
    """The foods `person`'s entries are read with: the shared store plus their own recipes."""
    from magcheck.core.errors import MagcheckError
    from magcheck.foods.store import FoodStore
    from magcheck.recipes import store_for

    try:
        return read(lambda session: store_for(session, resolve_person(session, person).id))
    except MagcheckError:  # no such person (yet): the add itself reports that on its field
        return FoodStore.open_default()


def parse_food(text: str, lang: Lang, person: str | None = None) -> dict[str, Any]:
    """Parse one log line with the foods parser; the snapshot that is stored with the entry.

    The person's own recipes are foods here ("1 serving grandma's soup"). An ambiguous line is refused
    with its candidates named (the person picks one and logs it again) rather than silently logging the
    first guess into their record.
    """
    from magcheck.foods.parse import parse_entry

    parsed = parse_entry(text, _store_of(person), lang, field="entry")
    if parsed.status != "ok":
        names = ", ".join((c.name_zh if lang == "zh" and c.name_zh else c.name_en) for c in parsed.candidates)
        raise input_error("entry", "history.errors.ambiguous_food", value=text, candidates=names or "—")
    food = parsed.food
    return {
        "ndb": food.ndb if food else None,
        "name_en": food.name_en if food else None,
        "name_zh": food.name_zh if food else None,
        "grams": parsed.grams,
        "mg": parsed.mg,
        "note": parsed.note,
    }


def _check_quantity(snapshot: dict[str, Any], text: str) -> None:
    grams, mg = snapshot.get("grams"), snapshot.get("mg")
    if grams is not None and not 0 < grams <= MAX_ENTRY_GRAMS:
        raise input_error(
            "entry",
            "history.errors.impossible_grams",
            value=text,
            grams=f"{grams:g}",
            limit=f"{MAX_ENTRY_GRAMS:g}",
        )
    if mg is not None and not 0 <= mg <= MAX_ENTRY_MG:
        raise input_error(
            "entry", "history.errors.impossible_mg", value=text, mg=f"{mg:g}", limit=f"{MAX_ENTRY_MG:g}"
        )


def add_entry(
    text: str,
    day: dt.date | str | None = None,
    person: str | None = None,
    lang: Lang = "en",
    parser: Callable[[str, Lang], dict[str, Any]] | None = None,
) -> EntryOut:
    """Parse and log one line ("2 cups cooked spinach", "一碗米饭"); a line that does not parse is refused."""
    from magcheck.storage import repo

    clean = text.strip()
    if not clean:
        raise input_error("entry", "errors.missing")
    if len(clean) > 300:
        raise input_error("entry", "errors.too_long", limit=300)
    when = parse_day(day)
    # Parse before opening the write transaction: the lock is held only for the insert.
    snapshot = parser(clean, lang) if parser is not None else parse_food(clean, lang, person)
    _check_quantity(snapshot, clean)

    return _added(person, repo.add_entry, _entry_out, when, clean, **snapshot)


def list_entries(
    day: dt.date | str | None = None,
    person: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[EntryOut]:
    from magcheck.storage import repo

    when = None if day is None else parse_day(day)

    return _listed(person, repo.list_entries, _entry_out, when, start, end)


def _not_found(field: str, value: Any) -> NotFoundError:
    return NotFoundError([FieldProblem(field, "history.errors.no_such_id", {"value": value})])


def remove_entry(entry_id: int, person: str | None = None) -> EntryOut:
    """Remove one entry by id (if a person is named, the entry must be theirs)."""
    from magcheck.storage import repo

    return _remove(repo.get_entry, _entry_out, entry_id, person)


# ---------------------------------------------------------------- supplements


def _supplement_out(row: SupplementIntake, person: str) -> SupplementOut:
    return from_row(SupplementOut, row, person=person)


def add_supplement(
    compound: str | None = None,
    compound_mg: float | None = None,
    elemental_mg: float | None = None,
    count: float = 1,
    day: dt.date | str | None = None,
    person: str | None = None,
) -> SupplementOut:
    """Log a supplement as on the label; validated like the assessment's supplement input."""
    from magcheck.storage import repo

    item = parse_model(
        SupplementInput,
        {"compound": compound, "compound_mg": compound_mg, "elemental_mg": elemental_mg, "per_day": count},
        prefix="supplement",
    )
    when = parse_day(day)

    return _added(
        person,
        repo.add_supplement,
        _supplement_out,
        when,
        compound=item.compound,
        compound_mg=item.compound_mg,
        elemental_mg=item.elemental_mg,
        count=item.per_day,
    )


def list_supplements(person: str | None = None, day: dt.date | str | None = None) -> list[SupplementOut]:
    from magcheck.storage import repo

    when = None if day is None else parse_day(day)

    return _listed(person, repo.list_supplements, _supplement_out, when, when)


def remove_supplement(row_id: int) -> SupplementOut:
    from magcheck.storage import repo

    return _remove(repo.get_supplement, _supplement_out, row_id)


# ---------------------------------------------------------------- check-ins


def sign_burden(signs: dict[str, str]) -> float:
    """The evidence-weighted burden of one check-in, computed by the core's signs screen."""
    from magcheck.core.signs import burden
    from magcheck.knowledge.loader import load_knowledge

    return burden(load_knowledge(), signs)  # type: ignore[arg-type]


def _checkin_out(row: CheckIn, person: str) -> CheckInOut:
    return from_row(CheckInOut, row, person=person, burden=sign_burden(row.signs))


def add_checkin(
    signs: dict[str, str], day: dt.date | str | None = None, person: str | None = None
) -> CheckInOut:
    """Record how often each sign was felt; unanswered signs stay unanswered (not "never")."""
    from magcheck.storage import repo

    valid = _validate_signs(signs)
    when = parse_day(day)

    return _added(person, repo.add_checkin, _checkin_out, when, valid)


def list_checkins(person: str | None = None) -> list[CheckInOut]:
    from magcheck.storage import repo

    return _listed(person, repo.list_checkins, _checkin_out)


def remove_checkin(row_id: int) -> CheckInOut:
    from magcheck.storage import repo

    return _remove(repo.get_checkin, _checkin_out, row_id)


# ---------------------------------------------------------------- labs


def lab_to_mmol(value: float, unit: LabUnit) -> float:
    """Serum magnesium in mmol/L by the core's exact conversion; implausible values (a wrong unit) refused."""
    from magcheck.core.labs import check_plausible
    from magcheck.knowledge.loader import load_knowledge

    return check_plausible(load_knowledge(), value, unit, "value")


def _lab_out(row: LabResult, person: str) -> LabOut:
    return from_row(LabOut, row, person=person)


def add_lab(value: float, unit: str, day: dt.date | str | None = None, person: str | None = None) -> LabOut:
    """Record a serum magnesium value; implausible values are refused (check the unit)."""
    from magcheck.core.models import LabValue
    from magcheck.storage import repo

    lab = parse_model(LabValue, {"value": value, "unit": unit})
    if lab.unit is None:  # a stored result keeps the unit it was reported in
        raise input_error("unit", "errors.missing")
    mmol = lab_to_mmol(lab.value, lab.unit)
    when = parse_day(day)

    return _added(
        person,
        repo.add_lab,
        _lab_out,
        when,
        analyte="serum_magnesium",
        value=lab.value,
        unit=lab.unit,
        mmol_per_l=mmol,
    )


def add_labs(results: Sequence[tuple[float, str, dt.date | str]], person: str | None = None) -> list[LabOut]:
    """Several serum magnesium results (value, unit, day) in one transaction: all stored, or none."""
    from magcheck.core.models import LabValue
    from magcheck.storage import repo

    checked = []
    for value, unit, day in results:
        lab = parse_model(LabValue, {"value": value, "unit": unit})
        if lab.unit is None:
            raise input_error("unit", "errors.missing")
        checked.append((parse_day(day), lab.value, lab.unit, lab_to_mmol(lab.value, lab.unit)))

    def work(session: Session, owner: Person) -> list[LabOut]:
        return [
            _lab_out(
                repo.add_lab(
                    session,
                    owner.id,
                    when,
                    analyte="serum_magnesium",
                    value=value,
                    unit=unit,
                    mmol_per_l=mmol,
                ),
                owner.name,
            )
            for when, value, unit, mmol in checked
        ]

    return _write_owned(person, work)


def list_labs(person: str | None = None) -> list[LabOut]:
    from magcheck.storage import repo

    return _listed(person, repo.list_labs, _lab_out)


def remove_lab(row_id: int) -> LabOut:
    from magcheck.storage import repo

    return _remove(repo.get_lab, _lab_out, row_id)


# ---------------------------------------------------------------- assessment from the record


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


def _food_log(entries: Sequence[Any], logged: list[dt.date], lang: Lang) -> FoodLogSummary:
    """The stored snapshots as the core's food-log summary: per-food contributions and honest coverage."""
    from magcheck.core.models import FoodEntryResult
    from magcheck.foods.log import log_summary

    index = {day: i for i, day in enumerate(logged)}
    results = [
        FoodEntryResult(
            entry=e.text,
            day=index[e.day],
            ndb=e.ndb,
            name_en=e.name_en,
            name_zh=e.name_zh,
            grams=e.grams,
            mg=e.mg,
            note=t("foods.log.label_entry", lang) if e.ndb is None and e.mg is not None else e.note,
        )
        for e in entries
    ]
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
    from magcheck.storage import repo

    _check_days(days)
    end = until or today()

    def work(session: Session, owner: Person) -> tuple[AssessmentInput, FoodLogSummary | None]:
        logged = repo.last_logged_days(session, owner.id, days, end)
        data: dict[str, Any] = {
            "profile": _profile(owner).model_dump(),
            "standard": standard or owner.standard,
        }
        food_log = None
        if logged:
            food_log = _food_log(repo.entry_rows(session, owner.id, logged[0], logged[-1]), logged, lang)
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

    return _read_owned(person, work)


def input_from_log(
    person: str | None = None, days: int = 7, until: dt.date | None = None, standard: str | None = None
) -> AssessmentInput:
    """An assessment input drawn from the record (see the module docstring for what is used)."""
    return record_input(person, days, until, standard)[0]


def save_assessment(person: str | None, inp: AssessmentInput, out: Assessment) -> int:
    """Keep an assessment as shown (input, output, knowledge version) in the person's record."""
    return _write_owned(person, lambda session, owner: _add_assessment(session, owner, inp, out))


def _add_assessment(session: Session, owner: Person, inp: AssessmentInput, out: Assessment) -> int:
    from magcheck.storage import repo

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
    from magcheck.service.assessment import assess, input_from_json_text
    from magcheck.storage import repo

    inp = input_from_json_text(text)
    out = assess(inp, lang)

    def work(session: Session) -> tuple[str, int]:
        by_profile = repo.find_person(session, inp.profile.name) if inp.profile.name and not person else None
        if by_profile is None and not person and not repo.list_persons(session):
            owner = _first_person(session, inp, new_name, lang)
        else:
            owner = by_profile or resolve_person(session, person)
        return owner.name, _add_assessment(session, owner, inp, out)

    return write(work)


def _first_person(session: Session, inp: AssessmentInput, name: str | None, lang: Lang) -> Person:
    """The first person, created inline by the recall's own code (same default name, same checks)."""
    from magcheck.recall.finish import _owner
    from magcheck.recall.model import About, Day, Draft

    profile = inp.profile
    state = "pregnant" if profile.pregnant else "lactating" if profile.lactating else "none"
    about = About(age_years=profile.age_years, sex=profile.sex, state=state, standard=inp.standard)
    draft = Draft(days=[Day(date=today())], about=about, person=profile.name)
    return _owner(session, draft, name, lang)


def list_assessments(person: str | None = None) -> list[SavedAssessmentOut]:
    from magcheck.storage import repo

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

    return _read_owned(person, work)


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
    from magcheck.service.assessment import assess

    inp, food_log = record_input(person, days, until, standard, lang)
    out = assess(inp, lang, food_log=food_log)
    if save:
        save_assessment(inp.profile.name, inp, out)
    return out


# ---------------------------------------------------------------- history summary


def _requirement(person: Person, lang: Lang) -> Requirement:
    """The person's requirement (EAR, RDA/RNI or AI) in their standard, from the core's DRI tables."""
    from magcheck.core.requirements import requirement
    from magcheck.knowledge.loader import load_knowledge

    return requirement(
        load_knowledge(),
        age=person.age_years,
        sex=cast(Sex, person.sex),
        pregnant=person.pregnant,
        lactating=person.lactating,
        standard=cast(Standard, person.standard),
        lang=lang,
    )


def summary(
    person: str | None = None, days: int = 30, until: dt.date | None = None, lang: Lang = "en"
) -> HistorySummary:
    """Daily intake (with a trailing 7-day mean of logged days), check-ins and labs over `days` days."""
    from magcheck.storage import repo

    _check_days(days)
    end = until or today()
    start = end - dt.timedelta(days=days - 1)

    def work(session: Session, owner: Person) -> HistorySummary:
        lead = start - dt.timedelta(days=6)  # so the first day's 7-day mean has its week
        totals = {d.day: d for d in repo.daily_totals(session, owner.id, lead, end)}
        out_days: list[DayOut] = []
        for i in range(days):
            day = start + dt.timedelta(days=i)
            week = [totals[d].mg for d in (day - dt.timedelta(days=k) for k in range(7)) if d in totals]
            total = totals.get(day)
            out_days.append(
                DayOut(
                    date=day,
                    logged=total is not None,
                    mg=None if total is None else round(total.mg, 3),
                    entries=total.entries if total else 0,
                    entries_with_value=total.entries_with_value if total else 0,
                    complete=total is not None and total.entries == total.entries_with_value,
                    mean7_mg=round(sum(week) / len(week), 3) if week else None,
                )
            )
        logged = [d.mg for d in out_days if d.mg is not None]
        mean = round(sum(logged) / len(logged), 3) if logged else None
        checkins = [_checkin_out(c, owner.name) for c in repo.list_checkins(session, owner.id, start, end)]
        labs = [_lab_out(r, owner.name) for r in repo.list_labs(session, owner.id, start, end)]
        req = _requirement(owner, lang)
        text = (
            t("history.summary.text", lang, logged=len(logged), days=days, mean=round(mean))
            if mean is not None
            else t("history.summary.empty", lang, days=days)
        )
        return HistorySummary(
            person=owner.name,
            start=start,
            end=end,
            standard=owner.standard,
            life_stage_label=req.life_stage_label,
            ear_mg=req.ear_mg,
            rda_mg=req.rda_mg,
            ai_mg=req.ai_mg,
            rda_name=req.rda_name,
            logged_days=len(logged),
            mean_mg=mean,
            days=out_days,
            checkins=checkins,
            labs=labs,
            text=text,
        )

    return _read_owned(person, work)


# ---------------------------------------------------------------- export / import


def export_text(fmt: str = "json", person: str | None = None) -> tuple[str, dict[str, int]]:
    """The record (everyone's, or one person's) as JSON or CSV text, and what it holds."""
    from magcheck.storage import transfer

    if fmt not in ("json", "csv"):
        raise input_error("format", "history.errors.export_format", value=fmt)

    def work(session: Session) -> dict[str, Any]:
        person_id = resolve_person(session, person).id if person else None
        audit.touched("export")
        return transfer.snapshot(session, person_id)

    data = read(work)
    counts = {
        "persons": len(data["persons"]),
        "entries": sum(len(p["food_entries"]) for p in data["persons"]),
        "checkins": sum(len(p["checkins"]) for p in data["persons"]),
        "labs": sum(len(p["labs"]) for p in data["persons"]),
    }
    return (transfer.to_json(data) if fmt == "json" else transfer.to_csv(data)), counts


def import_text(text: str, source: str = "file") -> dict[str, int]:
    """Import an export file in one transaction: everything, or (on any problem) nothing."""
    from magcheck.storage import transfer

    parsed = transfer.parse_text(text, source)

    def work(session: Session) -> dict[str, int]:
        audit.touched("import")
        return transfer.write_import(session, parsed)

    return write(work)
