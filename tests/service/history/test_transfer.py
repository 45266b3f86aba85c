"""Your data is yours: export (JSON, CSV) and import round-trip exactly; a bad file writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storage_fakes import fake_parser

from magcheck.core.errors import InputError
from magcheck.service.history.food_log import add_entry, list_entries
from magcheck.service.history.people import add_person, delete_person, list_persons, use_person
from magcheck.service.history.supplements import add_supplement
from magcheck.service.history.transfer import export_text, import_text
from magcheck.storage import repo
from magcheck.storage.engine import close_stores
from magcheck.storage.work import resolve_person, write


def _fill() -> None:
    """Two people with every kind of record, including unicode, missing values and awkward floats."""
    add_person("Mei 美", 34.5, "female", pregnant=True, standard="cn")
    add_person("Tom", 71, "male")
    use_person("Mei 美")
    for i, text in enumerate(["123.456 g spinach", "50 g mystery", '7 g 豆腐, "quoted"; semi']):
        add_entry(text, dt.date(2026, 1, 1 + i), "Mei 美", "en", parser=fake_parser)
    add_entry("0.1 g salt", "2026-01-02", "Tom", "en", parser=fake_parser)
    add_supplement(compound="citrate", compound_mg=500, count=1.5, day="2026-01-02", person="Mei 美")
    add_supplement(elemental_mg=100, person="Tom")
    write(
        lambda s: repo.add_checkin(
            s,
            resolve_person(s, "Tom").id,
            dt.date(2026, 1, 3),
            {"fatigue": "often", "headaches": "never"},
        )
    )
    write(
        lambda s: repo.add_lab(
            s,
            resolve_person(s, "Tom").id,
            dt.date(2026, 1, 4),
            value=1.9,
            unit="mg/dL",
            mmol_per_l=1.9 * 10 / 24.305,
        )
    )
    write(
        lambda s: repo.add_assessment(
            s,
            resolve_person(s, "Mei 美").id,
            lang="zh",
            knowledge_version="2026.11",
            input_json={"profile": {"age_years": 34.5}},
            output_json={"status": {"level": "some_concern"}, "x": [0.1, None]},
        )
    )


def _without_stamp(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    data.pop("exported_at")
    return data


def _reset(db_url: str) -> None:
    """Empty the database (both backends) so the import lands in a fresh one."""
    for person in list_persons():
        delete_person(person.name)
    close_stores()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip_field_by_field(db_url: str, fmt: str) -> None:
    _fill()
    original, counts = export_text("json")
    assert counts == {"persons": 2, "entries": 4, "checkins": 1, "labs": 1}
    exported, _ = export_text(fmt)
    _reset(db_url)
    imported = import_text(exported)
    assert imported == {
        "persons": 2,
        "entries": 4,
        "supplements": 2,
        "checkins": 1,
        "labs": 1,
        "assessments": 1,
        "recipes": 0,
    }
    again, _ = export_text("json")
    before, after = _without_stamp(original), _without_stamp(again)
    assert after["current_person"] == before["current_person"] == "Mei 美"
    assert len(after["persons"]) == len(before["persons"])
    for p_before, p_after in zip(before["persons"], after["persons"], strict=True):
        for key, value in p_before.items():
            if isinstance(value, list):
                assert len(p_after[key]) == len(value), key
                for rec_before, rec_after in zip(value, p_after[key], strict=True):
                    for field, field_value in rec_before.items():
                        assert rec_after[field] == field_value, (p_before["name"], key, field)
                        assert type(rec_after[field]) is type(field_value), (key, field)
            else:
                assert p_after[key] == value, (p_before["name"], key)
    assert after == before


def test_csv_is_a_spreadsheet_of_records(db_url: str) -> None:
    _fill()
    text, _ = export_text("csv")
    lines = text.splitlines()
    assert lines[0].startswith("kind,person,date,created_at,text,ndb,name_en,name_zh,grams,mg")
    kinds = [line.split(",")[0] for line in lines[1:]]
    assert kinds.count("food") == 4 and kinds.count("person") == 2 and kinds[0] == "meta"
    assert any(",123.456 g spinach," in line and ",12.346," in line for line in lines)  # exact values


def test_one_persons_export(db_url: str) -> None:
    _fill()
    data = json.loads(export_text("json", person="Tom")[0])
    assert [p["name"] for p in data["persons"]] == ["Tom"] and data["current_person"] is None


def _problems(exc: pytest.ExceptionInfo[InputError]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in exc.value.problems]


def _valid_export() -> dict[str, Any]:
    return {
        "format": "magcheck-history",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00",
        "current_person": None,
        "persons": [
            {
                "name": "Ana",
                "age_years": 30,
                "sex": "female",
                "created_at": "2026-01-01T00:00:00",
                "food_entries": [
                    {
                        "date": "2026-01-01",
                        "text": "x",
                        "grams": 10,
                        "mg": 1,
                        "created_at": "2026-01-01T00:00:00",
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(format="something-else"), ("file.format", "history.errors.import_format")),
        (lambda d: d.update(version=99), ("file.version", "history.errors.import_version")),
        (lambda d: d.pop("persons"), ("file.persons", "errors.missing")),
        (lambda d: d["persons"][0].update(sex="x"), ("file.persons.0.sex", "errors.invalid_choice")),
        (
            lambda d: d["persons"][0]["food_entries"][0].update(grams=-1),
            ("file.persons.0.food_entries.0.grams", "errors.too_small_strict"),
        ),
        (
            lambda d: d["persons"][0]["food_entries"][0].update(date="2026-13-01"),
            ("file.persons.0.food_entries.0.date", "errors.not_a_date"),
        ),
        (lambda d: d["persons"][0].update(colour="red"), ("file.persons.0.colour", "errors.unknown_field")),
        (
            lambda d: d["persons"][0]["food_entries"][0].update(date="2999-01-01"),
            ("file.persons.0.food_entries.0.date", "history.errors.future_date"),
        ),
        (
            lambda d: d["persons"].append(dict(d["persons"][0])),
            ("file.persons.1.name", "history.errors.person_exists"),
        ),
        (
            lambda d: d["persons"][0].update(sex="female", age_years=65, pregnant=True),
            ("file.persons.0", "errors.pregnancy_age"),
        ),
    ],
)
def test_a_bad_import_file_names_the_field_and_writes_nothing(
    db_url: str, mutate: Any, expected: tuple[str, str]
) -> None:
    add_person("Keep", 50, "male")
    data = _valid_export()
    mutate(data)
    with pytest.raises(InputError) as exc:
        import_text(json.dumps(data))
    assert expected in _problems(exc)
    assert [p.name for p in list_persons()] == ["Keep"]


def test_import_of_an_existing_person_writes_nothing_at_all(db_url: str) -> None:
    """The second person clashes: the first (already inserted in the transaction) is rolled back too."""
    add_person("Bo", 50, "male")
    data = _valid_export()
    data["persons"].append({"name": "Bo", "age_years": 3, "sex": "male", "created_at": "2026-01-01T00:00:00"})
    with pytest.raises(InputError) as exc:
        import_text(json.dumps(data))
    assert _problems(exc) == [("persons.1.name", "history.errors.import_duplicate")]
    assert [p.name for p in list_persons()] == ["Bo"]
    assert list_entries(person="Bo") == []


@pytest.mark.parametrize(
    ("text", "field", "code"),
    [
        ("{not json", "file", "errors.malformed_json"),
        ("[1, 2]", "file", "errors.not_an_object"),
        ("a,b\n1,2\n", "file.line 1", "history.errors.import_csv_columns"),
    ],
)
def test_malformed_files(db_url: str, text: str, field: str, code: str) -> None:
    with pytest.raises(InputError) as exc:
        import_text(text)
    got = _problems(exc)[0]
    assert got == (field, code)
    assert list_persons() == []


def test_csv_row_errors_name_the_line(db_url: str) -> None:
    _fill()
    text, _ = export_text("csv")
    lines = text.splitlines()
    bad = [line.replace("123.456 g spinach", "spinach").replace(",123.456,", ",lots,") for line in lines]
    _reset(db_url)
    with pytest.raises(InputError) as exc:
        import_text("\n".join(bad) + "\n")
    assert any(p.code == "errors.not_a_number" and ".grams" in p.field for p in exc.value.problems)
    orphan = [*lines[:2], lines[3].replace("Mei 美", "Ghost")]
    with pytest.raises(InputError) as exc2:
        import_text("\n".join(orphan) + "\n")
    assert _problems(exc2) == [("file.line 3", "history.errors.import_csv_person")]
    assert list_persons() == []


_floats = st.floats(min_value=0.001, max_value=4999, allow_nan=False, allow_infinity=False)
_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s != ""
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(
        st.tuples(
            _texts,
            _floats,
            st.one_of(st.none(), _floats),
            st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2026, 1, 1)),
        ),
        min_size=1,
        max_size=8,
    ),
    fmt=st.sampled_from(["json", "csv"]),
)
def test_any_log_round_trips_exactly(
    sqlite_url: str, records: list[tuple[str, float, float | None, dt.date]], fmt: str
) -> None:
    from magcheck.storage.engine import open_store

    for person in list_persons():
        delete_person(person.name)
    add_person("P", 40, "female")

    def add(session: Any) -> None:
        pid = resolve_person(session, "P").id
        for text, grams, mg, day in records:
            repo.add_entry(
                session, pid, day, text, ndb=None, name_en=text, name_zh=text, grams=grams, mg=mg, note=None
            )

    open_store().write(add)
    original = _without_stamp(export_text("json")[0])
    exported = export_text(fmt)[0]
    delete_person("P")
    import_text(exported)
    assert _without_stamp(export_text("json")[0]) == original
