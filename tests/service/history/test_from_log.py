"""The assessment drawn from the record: last N logged days, latest check-in answers, latest lab value."""

from __future__ import annotations

import datetime as dt

import pytest
from storage_fakes import fake_parser

from magcheck.core.errors import InputError, NotFoundError
from magcheck.service.history.checkins import add_checkin
from magcheck.service.history.food_log import add_entry
from magcheck.service.history.from_log import adequacy_from_log, assess_from_log, input_from_log
from magcheck.service.history.people import add_person
from magcheck.service.history.supplements import add_supplement
from magcheck.storage import repo
from magcheck.storage.work import read, resolve_person, write

END = dt.date(2026, 6, 30)


def _log_days(n: int, grams: float = 3000.0, person: str = "Mei") -> None:
    """n consecutive days ending at END, each one entry of `grams` (fake parser: mg = grams / 10)."""
    for k in range(n):
        add_entry(f"{grams:g} g oats", END - dt.timedelta(days=k), person, "en", parser=fake_parser)


def test_input_uses_the_last_n_logged_days_only(db_url: str) -> None:
    add_person("Mei", 40, "female")
    _log_days(10)
    add_entry("1000 g old", END - dt.timedelta(days=40), "Mei", "en", parser=fake_parser)
    inp = input_from_log("Mei", days=7, until=END)
    assert inp.intake is not None and inp.intake.daily_mg == [300.0] * 7
    assert inp.profile.age_years == 40 and inp.profile.sex == "female" and inp.standard == "us"
    inp30 = input_from_log("Mei", days=30, until=END)
    assert inp30.intake is not None and inp30.intake.daily_mg == [100.0] + [300.0] * 10  # gaps are skipped


def test_signs_labs_and_supplements_come_from_the_record(db_url: str) -> None:
    add_person("Mei", 40, "female")
    _log_days(4)
    add_checkin({"fatigue": "daily", "muscle_cramps": "often"}, END - dt.timedelta(days=60))  # too old
    add_checkin({"fatigue": "often", "headaches": "sometimes"}, END - dt.timedelta(days=5))
    add_checkin({"fatigue": "sometimes"}, END - dt.timedelta(days=1))
    write(
        lambda s: repo.add_lab(
            s,
            resolve_person(s, "Mei").id,
            END - dt.timedelta(days=100),
            value=0.7,
            unit="mmol/L",
            mmol_per_l=0.7,
        )
    )
    write(
        lambda s: repo.add_lab(
            s,
            resolve_person(s, "Mei").id,
            END - dt.timedelta(days=20),
            value=2.0,
            unit="mg/dL",
            mmol_per_l=2.0 * 10 / 24.305,
        )
    )
    for k in range(4):  # a 250 mg tablet on 2 of the 4 logged days → 0.5 a day on average
        if k % 2:
            add_supplement(compound="citrate", compound_mg=250, day=END - dt.timedelta(days=k))
    inp = input_from_log("Mei", days=4, until=END)
    assert inp.signs == {"fatigue": "sometimes", "headaches": "sometimes"}  # latest answer per sign, 30 days
    assert inp.labs is not None and inp.labs.serum_magnesium is not None
    assert (inp.labs.serum_magnesium.value, inp.labs.serum_magnesium.unit) == (2.0, "mg/dL")
    assert [(s.compound, s.compound_mg, s.per_day) for s in inp.supplements] == [("citrate", 250.0, 0.5)]


def test_nothing_recorded_is_a_clear_error(db_url: str) -> None:
    add_person("Mei", 40, "female")
    with pytest.raises(InputError) as exc:
        input_from_log("Mei", until=END)
    assert [(p.field, p.code) for p in exc.value.problems] == [("person", "history.errors.nothing_logged")]
    with pytest.raises(InputError) as days:
        input_from_log("Mei", days=0, until=END)
    assert days.value.problems[0].field == "days"


def test_more_logged_days_give_a_tighter_probability(db_url: str) -> None:
    """IOM 2000: the SD of (intake − EAR) shrinks with more days, so P(adequate) moves away from 50 %."""
    add_person("Mei", 40, "female")  # EAR 265 mg (women 31–50)
    _log_days(30, grams=3000.0)  # 300 mg every day: above the EAR
    results: dict[int, float] = {}
    for n in (1, 3, 7, 30):
        out = assess_from_log("Mei", n, "en", until=END, save=False)
        assert out.intake.days == n and out.intake.source == "food_log"
        assert out.intake.daily_mg == [300.0] * n
        probability = out.adequacy.probability_adequate
        assert probability is not None
        results[n] = probability
    assert results[1] < results[3] < results[7] < results[30]


def test_assessment_from_log_keeps_foods_coverage_and_is_saved(db_url: str) -> None:
    add_person("Mei", 40, "female")
    add_entry("2000 g oats", END, "Mei", "en", parser=fake_parser)
    add_entry("50 g mystery", END, "Mei", "en", parser=fake_parser)
    out = assess_from_log("Mei", 7, "zh", until=END)
    assert [f.entry for f in out.intake.foods] == ["2000 g oats", "50 g mystery"]
    assert out.intake.coverage is not None and not out.intake.coverage.complete
    assert out.intake.coverage.entries_with_value == 1 and out.lang == "zh"
    saved = read(lambda s: repo.list_assessments(s, resolve_person(s, "Mei").id))
    # the stored input keeps the plausibility flag too (nothing was confirmed here)
    assert len(saved) == 1 and saved[0].input_json["intake"] == {"daily_mg": [200.0], "confirmed": False}
    assert saved[0].output_json["status"] == out.status.model_dump(mode="json")
    assert saved[0].knowledge_version == out.knowledge_version


def test_the_history_pages_adequacy_is_the_full_assessments(db_url: str) -> None:
    """The page asks for the probability alone; it must be the very answer the report's assessment gives,
    with a partly valued log, signs, a lab and a supplement in the window, in both languages."""
    add_person("Mei", 40, "female")
    for k in range(12):
        add_entry(f"{1500 + 150 * k} g oats", END - dt.timedelta(days=k), "Mei", "en", parser=fake_parser)
    add_entry("50 g mystery", END - dt.timedelta(days=2), "Mei", "en", parser=fake_parser)
    add_checkin({"fatigue": "often", "muscle_cramps": "sometimes"}, END - dt.timedelta(days=3))
    add_supplement(compound="citrate", compound_mg=250, day=END - dt.timedelta(days=1))
    for n in (1, 7, 30):
        for lang in ("en", "zh"):
            full = assess_from_log("Mei", n, lang, until=END, save=False).adequacy
            assert adequacy_from_log("Mei", n, lang, until=END) == full
            assert full.probability_adequate is not None
    with pytest.raises(NotFoundError):
        adequacy_from_log("Nobody", 7, "en", until=END)


def test_a_logged_day_over_the_plausibility_limit_is_named_by_its_date_until_confirmed(db_url: str) -> None:
    """2,960 mg from food in one day is over the 2,000 mg limit (knowledge/plausibility.toml): the
    answer names the day so the person can check it, and a confirmation uses the days as logged."""
    add_person("Mei", 40, "female")
    for grams in (1500.0, 1460.0):  # fake parser: mg = grams / 10, so 10 × 150 + 10 × 146 = 2,960 mg
        for _ in range(10):
            add_entry(f"{grams:g} g oats", END, "Mei", "en", parser=fake_parser)
    add_entry("3000 g oats", END - dt.timedelta(days=1), "Mei", "en", parser=fake_parser)
    for refused in (
        lambda: assess_from_log("Mei", 7, "en", until=END),
        lambda: adequacy_from_log("Mei", 7, "zh", until=END),
    ):
        with pytest.raises(InputError) as exc:
            refused()
        [problem] = exc.value.problems
        assert problem.field == f"log.{END.isoformat()}" and problem.code == "history.errors.implausible_day"
        assert problem.params["date"] == END.isoformat() and problem.params["mg"] == "2,960"
    assert read(lambda s: repo.list_assessments(s, resolve_person(s, "Mei").id)) == []  # nothing saved
    out = assess_from_log("Mei", 7, "en", until=END, confirmed=True)
    assert out.intake.daily_mg == [300.0, 2960.0] and out.adequacy.probability_adequate is not None
    assert adequacy_from_log("Mei", 7, "en", until=END, confirmed=True) == out.adequacy
    saved = read(lambda s: repo.list_assessments(s, resolve_person(s, "Mei").id))
    assert saved[0].input_json["intake"] == {"daily_mg": [300.0, 2960.0], "confirmed": True}
