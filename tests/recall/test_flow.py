"""The passes as draft operations: only changed answers are read again, open items never block."""

from __future__ import annotations

import datetime as dt

import pytest

from magcheck.core.errors import InputError
from magcheck.foods.store import FoodStore
from magcheck.recall import flow
from magcheck.recall.model import Day, Draft

DAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def store() -> FoodStore:
    return FoodStore.open_default()


def draft() -> Draft:
    return Draft(days=[Day(date=DAY)])


def test_quick_list_then_an_edit_survives_a_rewrite_of_another_meal(store: FoodStore) -> None:
    d = flow.set_quick(draft(), {"breakfast": "30 g almonds", "dinner": "rice"}, store, "en")
    almonds = d.day.items[0]
    d = flow.set_portion(d, almonds.id, 60, "g", None, store, "en")
    d = flow.set_quick(d, {"breakfast": "30 g almonds", "dinner": "rice and tofu"}, store, "en")
    kept = next(i for i in d.day.items if i.id == almonds.id)
    assert kept.grams == 60 and kept.mg == pytest.approx(60 * 270 / 100)
    assert [i.meal for i in d.day.items] == ["breakfast", "dinner", "dinner"]


def test_open_items_are_resolved_by_picking_or_typing_again(store: FoodStore) -> None:
    d = flow.set_quick(draft(), {"lunch": "beans, zorbleberry"}, store, "en")
    bread, unknown = d.day.items
    d = flow.pick(d, bread.id, bread.candidates[0].food_id, store, "en")
    d = flow.retype(d, unknown.id, "30 g almonds", store, "en")
    assert [i.status for i in d.day.items] == ["ok", "ok"]
    assert d.day.items[1].id == unknown.id
    d = flow.retype(d, unknown.id, "", store, "en")  # an empty answer removes it
    assert len(d.day.items) == 1


def test_supplements_are_read_as_on_the_label(store: FoodStore) -> None:
    d = flow.set_probes(draft(), {"supplements": "magnesium 100 mg, magnesium citrate 500 mg"}, store, "en")
    elemental, citrate = d.day.items
    assert elemental.mg == 100 and elemental.source == "supplement"
    assert citrate.food_id == "compound:citrate"
    assert citrate.mg == pytest.approx(500 * 0.162, abs=1)  # Mg citrate ≈ 16.2 % elemental (published)


def test_days_must_differ_and_the_suggestion_is_not_next_to_one(store: FoodStore) -> None:
    d = draft()
    with pytest.raises(InputError):
        flow.add_day(d, DAY)
    suggested = flow.suggest_next_day(d, DAY + dt.timedelta(days=1))
    assert abs((suggested - DAY).days) > 1
    d = flow.add_day(d, DAY - dt.timedelta(days=1))
    assert flow.consecutive(d)
    assert d.step == "quick" and d.day.date == DAY - dt.timedelta(days=1)
