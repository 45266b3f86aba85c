"""People, food log, supplements and check-ins: create, list, remove — and bad input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session
from storage_fakes import fake_parser

from magcheck.core.errors import FieldProblem, InputError, MagcheckError, NotFoundError
from magcheck.service.history.checkins import add_checkin, list_checkins, remove_checkin
from magcheck.service.history.food_log import add_entry, list_entries, remove_entry
from magcheck.service.history.people import add_person, delete_person, list_persons, use_person
from magcheck.service.history.supplements import add_supplement, list_supplements
from magcheck.storage.schemas import EntryOut
from magcheck.storage.work import read, resolve_person, write


def _codes(exc: pytest.ExceptionInfo[MagcheckError]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in exc.value.problems]


def _log(text: str, day: str | dt.date | None = None, person: str | None = None) -> EntryOut:
    return add_entry(text, day, person, "en", parser=fake_parser)


def test_people_add_list_use(db_url: str) -> None:
    add_person("Mei", 34, "female", pregnant=True, standard="cn")
    add_person("Tom", 8, "male")
    people = {p.name: p for p in list_persons()}
    assert people["Mei"].pregnant and people["Mei"].standard == "cn" and people["Tom"].age_years == 8
    assert not any(p.current for p in people.values())
    use_person("tom")  # case-insensitive lookup
    assert [p.name for p in list_persons() if p.current] == ["Tom"]


def test_the_only_person_is_the_default_and_several_need_a_choice(db_url: str) -> None:
    with pytest.raises(InputError) as none:
        _log("10 g oats")
    assert _codes(none) == [("person", "history.errors.no_person")]
    add_person("Mei", 34, "female")
    assert _log("10 g oats").person == "Mei"
    add_person("Tom", 40, "male")
    with pytest.raises(InputError) as several:
        _log("10 g oats")
    assert _codes(several) == [("person", "history.errors.choose_person")]
    use_person("Tom")
    assert _log("10 g oats").person == "Tom"
    assert _log("10 g oats", person="Mei").person == "Mei"


def test_entries_keep_their_snapshot_and_list_by_day(db_url: str) -> None:
    add_person("Mei", 34, "female")
    a = _log("300 g spinach", "2026-01-02")
    _log("50 g mystery", "2026-01-02")
    _log("100 g rice", "2026-01-03")
    assert (a.grams, a.mg, a.name_en, a.ndb) == (300.0, 30.0, "spinach", "99999")
    day = list_entries("2026-01-02")
    assert [e.text for e in day] == ["300 g spinach", "50 g mystery"]
    assert day[1].mg is None  # unknown stays unknown, never 0
    assert len(list_entries()) == 3
    removed = remove_entry(a.id)
    assert removed.text == "300 g spinach"
    assert [e.id for e in list_entries("2026-01-02")] == [day[1].id]
    with pytest.raises(NotFoundError) as missing:
        remove_entry(a.id)
    assert _codes(missing) == [("id", "history.errors.no_such_id")]


def test_summary_totals_are_lower_bounds_when_a_value_is_missing(db_url: str) -> None:
    add_person("Mei", 34, "female")
    end = dt.date(2026, 3, 10)
    _log("1000 g a", end - dt.timedelta(days=1))  # 100 mg
    _log("2000 g b", end)  # 200 mg
    _log("40 g mystery", end)
    from magcheck.storage import repo

    totals = read(lambda s: repo.daily_totals(s, resolve_person(s, None).id))
    assert [(d.day, d.mg, d.entries, d.entries_with_value) for d in totals] == [
        (end - dt.timedelta(days=1), 100.0, 1, 1),
        (end, 200.0, 2, 1),
    ]


def test_supplements_and_checkins(db_url: str) -> None:
    add_person("Mei", 34, "female")
    s = add_supplement(compound="citrate", compound_mg=500, count=2, day="2026-01-05")
    assert (s.compound, s.compound_mg, s.count) == ("citrate", 500.0, 2.0)
    c = add_checkin({"fatigue": "often", "muscle_cramps": "never"}, "2026-01-05")
    assert c.signs == {"fatigue": "often", "muscle_cramps": "never"}
    assert [x.id for x in list_checkins()] == [c.id]
    remove_checkin(c.id)
    assert list_checkins() == []
    assert [x.id for x in list_supplements()] == [s.id]


@pytest.mark.parametrize(
    ("day", "code"),
    [
        ((dt.date.today() + dt.timedelta(days=2)).isoformat(), "history.errors.future_date"),
        ("1899-12-31", "history.errors.date_too_old"),
        ("2026-02-30", "errors.not_a_date"),
        ("yesterday", "errors.not_a_date"),
    ],
)
def test_bad_dates_are_refused_and_nothing_is_written(db_url: str, day: str, code: str) -> None:
    add_person("Mei", 34, "female")
    with pytest.raises(InputError) as exc:
        _log("10 g oats", day)
    assert _codes(exc) == [("date", code)]
    assert list_entries() == []


def test_tomorrow_is_allowed_for_time_zones(db_url: str) -> None:
    add_person("Mei", 34, "female")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert _log("10 g oats", tomorrow).date == tomorrow


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("6000 g rice", "history.errors.impossible_grams"),
        ("0 g rice", "history.errors.impossible_grams"),
        ("-5 g rice", "history.errors.impossible_grams"),
        ("   ", "errors.missing"),
    ],
)
def test_impossible_quantities_are_refused(db_url: str, text: str, code: str) -> None:
    add_person("Mei", 34, "female")
    with pytest.raises(InputError) as exc:
        add_entry(text, None, None, "en", parser=fake_parser)
    assert _codes(exc) == [("entry", code)]
    assert list_entries() == []


def test_unknown_people_and_bad_profiles(db_url: str) -> None:
    add_person("Mei", 34, "female")
    with pytest.raises(NotFoundError) as unknown:
        _log("10 g oats", person="Nobody")
    assert _codes(unknown) == [("person", "history.errors.unknown_person")]
    assert "known" not in unknown.value.problems[0].params  # the others' names are nobody else's business
    with pytest.raises(InputError) as dup:
        add_person("Mei", 30, "female")
    assert _codes(dup) == [("name", "history.errors.person_exists")]
    with pytest.raises(InputError) as male_pregnant:
        add_person("Bo", 30, "male", pregnant=True)
    assert _codes(male_pregnant) == [("profile", "errors.pregnancy_requires_female")]
    with pytest.raises(InputError) as too_old:
        add_person("Gran", 65, "female", lactating=True)
    assert _codes(too_old) == [("profile", "errors.pregnancy_age")]
    with pytest.raises(InputError) as age:
        add_person("Old", 130, "female")
    assert _codes(age) == [("profile.age_years", "errors.too_large")]
    assert [p.name for p in list_persons()] == ["Mei"]


def test_bad_checkins_and_supplements(db_url: str) -> None:
    add_person("Mei", 34, "female")
    with pytest.raises(InputError) as freq:
        add_checkin({"fatigue": "always"})
    assert _codes(freq) == [("signs.fatigue", "errors.invalid_choice")]
    with pytest.raises(InputError) as sign:
        add_checkin({"tiredness": "often"})
    assert _codes(sign) == [("signs.tiredness", "errors.invalid_key")]
    with pytest.raises(InputError) as empty:
        add_checkin({})
    assert _codes(empty) == [("signs", "history.errors.no_signs")]
    with pytest.raises(InputError) as amount:
        add_supplement(compound="citrate")
    assert _codes(amount) == [("supplement", "errors.supplement_amount")]
    with pytest.raises(InputError) as huge:
        add_supplement(elemental_mg=9000)
    assert _codes(huge) == [("supplement.elemental_mg", "errors.too_large")]
    assert list_checkins() == [] and list_supplements() == []


def test_delete_person_removes_every_row_of_theirs_only(db_url: str) -> None:
    from sqlalchemy import func, select

    from magcheck.recall import repeat
    from magcheck.storage import models, repo

    def fill(who: str) -> None:
        _log("100 g oats", "2026-01-01", who)
        _log("50 g mystery", "2026-01-02", who)
        add_supplement(elemental_mg=100, person=who)
        add_checkin({"fatigue": "often", "brain_fog": "daily"}, person=who)
        read(lambda s: None)
        write(
            lambda s: repo.add_lab(
                s,
                resolve_person(s, who).id,
                dt.date(2026, 1, 1),
                value=0.8,
                unit="mmol/L",
                mmol_per_l=0.8,
            )
        )
        write(
            lambda s: repo.add_assessment(
                s,
                resolve_person(s, who).id,
                lang="en",
                knowledge_version="t",
                input_json={"a": 1},
                output_json={"b": [1, 2]},
            )
        )

    add_person("Mei", 34, "female")
    add_person("Tom", 40, "male")
    for who in ("Mei", "Tom"):
        fill(who)
    use_person("Mei")
    for who in ("Mei", "Tom"):  # the recall's favourites and usual meals belong to a person too
        repeat.toggle_favourite(who, "30 g almonds")
        repeat.save_template(who, "usual breakfast", "breakfast", ["一碗燕麦粥", "一杯豆浆"])
    mei_id = read(lambda s: resolve_person(s, "Mei").id)
    before = read(lambda s: repo.count_rows_of(s, mei_id))
    assert before == {
        "food_entry": 2,
        "supplement_intake": 1,
        "checkin": 1,
        "lab_result": 1,
        "saved_assessment": 1,
        "recall_draft": 0,
        "favourite_food": 1,
        "meal_template": 1,
        "recipe": 0,
        "checkin_sign": 2,
    }
    assert delete_person("Mei") == before
    assert read(lambda s: repo.count_rows_of(s, mei_id)) == dict.fromkeys(before, 0)

    # not a single orphan anywhere, and Tom is untouched
    def orphans(s: Session) -> int:
        # a COUNT has exactly one row, so scalar_one (never None)
        total = 0
        for model in (
            models.FoodEntry,
            models.SupplementIntake,
            models.CheckIn,
            models.LabResult,
            models.SavedAssessment,
        ):
            count = select(func.count()).select_from(model).where(model.person_id == mei_id)
            total += s.execute(count).scalar_one()
        total += s.execute(
            select(func.count())
            .select_from(models.CheckInSign)
            .where(models.CheckInSign.checkin_id.not_in(select(models.CheckIn.id)))
        ).scalar_one()
        return total

    assert read(orphans) == 0
    assert [p.name for p in list_persons()] == ["Tom"]
    assert [p.current for p in list_persons()] == [False]  # the current-person setting went too
    assert len(list_entries(person="Tom")) == 2
    with pytest.raises(NotFoundError):
        delete_person("Mei")


def test_a_race_on_the_same_name_ends_in_a_clear_error(db_url: str) -> None:
    """Another program adds "Mei" between our check and our insert: the retry reports person_exists."""
    from magcheck.storage import repo

    add_person("Mei", 34, "female")
    calls = []

    def work(session: Session) -> None:
        calls.append(1)
        if len(calls) == 1:  # first attempt: behave as if the name check had passed before "Mei" existed
            repo.add_person(
                session,
                name="Mei",
                age_years=30,
                sex="female",
                pregnant=False,
                lactating=False,
                standard="us",
            )
        elif repo.find_person(session, "Mei") is not None:
            raise InputError([FieldProblem("name", "history.errors.person_exists")])

    with pytest.raises(InputError) as exc:
        write(work)
    assert _codes(exc) == [("name", "history.errors.person_exists")] and len(calls) == 2
    assert [p.name for p in list_persons()] == ["Mei"]
