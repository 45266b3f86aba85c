"""The report view (`magcheck.service.report`): the data every interface's report is drawn from.

Numbers are checked against the spec (/work/shared/spec/clinical.md §4.1: Mg = 24.305 g/mol, the
conventional interval 0.75–0.95 mmol/L), not against what the code prints.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from magcheck.core.errors import InputError
from magcheck.core.models import AssessmentInput
from magcheck.i18n import Lang
from magcheck.service.assessment import assess
from magcheck.service.history.checkins import add_checkin
from magcheck.service.history.food_log import add_entry
from magcheck.service.history.labs import add_lab
from magcheck.service.history.people import add_person
from magcheck.service.history.saved import list_assessments
from magcheck.service.report import from_input, from_input_text, from_person, method, references
from magcheck.storage import work

MOLAR_MASS = 24.305  # g/mol, clinical.md §4.1
INPUT = {
    "profile": {"age_years": 40, "sex": "female", "name": "Mei"},
    "intake": {"days": [["30 g almonds", "100 g spinach"], ["200 g tofu"]]},
    "supplements": [{"compound": "magnesium citrate", "compound_mg": 500}],
    "signs": {"muscle_cramps": "often"},
    "labs": {"serum_magnesium": {"value": 1.7, "unit": "mg/dL"}},
}


def test_a_report_from_input_is_the_assessment_the_service_makes(lang: Lang) -> None:
    data = from_input_text(json.dumps(INPUT), lang)
    expected = assess(AssessmentInput.model_validate(INPUT), lang)
    assert data.assessment.model_dump() == expected.model_dump()
    assert data.person_name == "Mei" and data.history is None and data.clinicians == ()
    assert (
        from_input(AssessmentInput.model_validate(INPUT), lang).assessment.model_dump()
        == expected.model_dump()
    )


def test_bad_input_text_names_the_field_it_came_from() -> None:
    with pytest.raises(InputError) as caught:
        from_input_text("{not json", "en", source="input_json")
    assert [(p.field, p.code) for p in caught.value.problems] == [("input_json", "errors.malformed_json")]
    with pytest.raises(InputError) as caught:
        from_input_text(json.dumps({**INPUT, "profile": {"age_years": -1, "sex": "female"}}), "en")
    assert caught.value.problems[0].field.startswith("profile.age_years")


def test_a_persons_report_charts_the_same_window_it_assesses(db: str) -> None:
    add_person("Mei", 34, "female")
    today = work.today()
    first = add_entry("30 g almonds", today - dt.timedelta(days=2), "Mei")
    second = add_entry("100 g spinach", today - dt.timedelta(days=2), "Mei")
    add_entry("200 g tofu", today, "Mei")
    add_checkin({"fatigue": "daily", "muscle_cramps": "often"}, today, "Mei")
    add_lab(1.9, "mg/dL", today - dt.timedelta(days=1), "Mei")

    data = from_person("Mei", 7, "en")
    record = data.history
    assert record is not None and data.person_name == "Mei"
    assert list(record.dates) == [today - dt.timedelta(days=6 - i) for i in range(7)]
    assert first.mg is not None and second.mg is not None
    assert record.daily_mg[4] == pytest.approx(first.mg + second.mg)  # both lines of that day
    assert record.daily_mg[5] is None  # a day with nothing logged is no zero
    assert [(f.entry, f.day) for f in record.foods] == [
        ("30 g almonds", 5),
        ("100 g spinach", 5),
        ("200 g tofu", 7),
    ]
    assert list(record.checkin_dates) == [today] and len(record.burden) == 1
    (lab,) = record.labs
    assert lab.mmol_per_l == pytest.approx(1.9 * 10 / MOLAR_MASS)  # mg/dL → mg/L → mmol/L
    assert data.assessment.adequacy.n_days == 2  # the logged days, as `assess --from-log`
    assert list_assessments("Mei") == []  # a report saves nothing


def test_the_method_note_states_the_spec_numbers_with_their_sources(lang: Lang) -> None:
    a = assess(AssessmentInput.model_validate(INPUT), lang)
    lines = method(a, lang)
    labs = next(line for line in lines if "24.305" in line.text)
    assert "0.75" in labs.text and "0.95" in labs.text
    assert labs.sources and labs.sources == sorted(labs.sources)
    assert lines[0].sources == a.requirement.sources
    assert a.knowledge_version in lines[-1].text


def test_the_reference_list_covers_every_source_the_report_cites(lang: Lang) -> None:
    a = assess(AssessmentInput.model_validate(INPUT), lang)
    lines = method(a, lang)
    listed = [ref.id for ref in references(a, lines)]
    cited = {s for line in lines for s in line.sources} | set(a.requirement.sources) | set(a.mds.sources)
    assert cited <= set(listed)
    assert listed[: len(a.sources)] == [ref.id for ref in a.sources]  # the assessment's own list comes first
    assert len(listed) == len(set(listed))
