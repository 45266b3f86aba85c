"""Drafts in the record (bound to the browser's key), and "Save to my history" creating the person."""

from __future__ import annotations

import datetime as dt

import pytest

from magcheck.core.errors import InputError, NotFoundError
from magcheck.foods.store import FoodStore
from magcheck.recall import drafts, finish, flow, repeat
from magcheck.service import recall as recall_service
from magcheck.service.history import food_log
from magcheck.service.history.food_log import add_entry, list_entries
from magcheck.service.history.people import add_person
from magcheck.service.history.saved import list_assessments
from magcheck.service.history.supplements import list_supplements


def test_a_draft_needs_its_browser_key_and_survives_a_new_process(db: str) -> None:
    from magcheck.storage.engine import close_stores

    made = drafts.create("zh", dt.date(2026, 11, 20), key="secret-key")
    assert made.draft.about.standard == "cn"  # Chinese pages preselect the Chinese DRIs
    with pytest.raises(NotFoundError):
        drafts.get(made.id)
    with pytest.raises(NotFoundError):
        drafts.get(made.id, "another-key")
    close_stores()  # as after a restart
    assert drafts.get(made.id, "secret-key").draft.day.date == dt.date(2026, 11, 20)
    drafts.discard(made.id, "secret-key")
    with pytest.raises(NotFoundError):
        drafts.get(made.id, "secret-key")


def test_save_to_history_on_a_first_visit_creates_the_person_and_logs_the_days(db: str) -> None:
    store = FoodStore.open_default()
    made = drafts.create("en", dt.date(2026, 11, 20))
    d = flow.set_quick(made.draft, {"breakfast": "30 g almonds", "lunch": "zorbleberry"}, store, "en")
    d = flow.set_probes(d, {"supplements": "magnesium 100 mg"}, store, "en")
    with pytest.raises(InputError) as missing:
        finish.assessment_input(d, "en")
    assert missing.value.problems[0].field == "about.age_years"
    d.about.age_years, d.about.sex = 40, "female"
    kept, name, _, saved_id = recall_service.save_to_history(d, None, "en")
    assert name == "Me" and kept.person == "Me" and all(day.saved for day in kept.days)
    entries = list_entries(dt.date(2026, 11, 20), "Me")
    assert [(e.text, e.mg) for e in entries] == [("30 g almonds", 81.0)]  # the open item is not logged
    assert [s.elemental_mg for s in list_supplements("Me")] == [100]
    assert [a.id for a in list_assessments("Me")] == [saved_id]
    recall_service.save_to_history(kept, None, "en")  # again: nothing twice
    assert len(list_entries(dt.date(2026, 11, 20), "Me")) == 1


def test_repeat_logging_copy_a_day_favourites_and_templates(db: str) -> None:
    store = FoodStore.open_default()
    add_person("Mei", 34, "female")
    add_entry("30 g almonds", "2026-11-18", "Mei")
    add_entry("一碗米饭", "2026-11-18", "Mei", "zh")
    assert food_log.copy_log_day("Mei", "2026-11-18", "2026-11-19", "en") == 2
    assert [e.text for e in list_entries("2026-11-19", "Mei")] == ["30 g almonds", "一碗米饭"]
    assert repeat.toggle_favourite("Mei", "30 g almonds") is True
    repeat.save_template("Mei", "usual breakfast", "breakfast", ["30 g almonds", "a banana"])
    got = repeat.shortcuts("Mei")
    assert got.favourites == ["30 g almonds"] and got.templates[0].entries == ["30 g almonds", "a banana"]
    assert got.logged_days == [dt.date(2026, 11, 19), dt.date(2026, 11, 18)]
    made = drafts.create("en", person="Mei")
    d = repeat.apply_template(made.draft, str(got.templates[0].id), store, "en")
    assert [(i.meal, i.status) for i in d.day.items] == [("breakfast", "ok"), ("breakfast", "ok")]
    d = repeat.copy_day(d, "2026-11-18", store, "en")
    assert len(d.day.items) == 4
    assert repeat.toggle_favourite("Mei", "30 g almonds") is False


def test_the_start_page_offers_this_browsers_open_recalls_only(db: str) -> None:
    mine = drafts.create("en", dt.date(2026, 11, 20), key="k1")
    drafts.create("en", dt.date(2026, 11, 21), key="k2")
    assert [d.id for d in drafts.open_for("k1")] == [mine.id]
    drafts.save(mine.id, mine.draft, "k1", status="finished")
    assert drafts.open_for("k1") == [] and drafts.open_for(None) == []
