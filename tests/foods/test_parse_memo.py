"""Remembered parses: the same entry gives the same answer, and new food data is never hidden by the memo."""

from __future__ import annotations

from pathlib import Path

import pytest

from magcheck.core.errors import InputError
from magcheck.foods.parse import parse_entry
from magcheck.foods.store import FoodStore


def test_a_repeated_entry_gives_the_same_food_grams_and_mg(fresh_store: FoodStore) -> None:
    first = parse_entry("30 g almonds", fresh_store, "en")
    again = parse_entry("30 g almonds", fresh_store, "en")
    assert again == first
    assert first.grams == 30 and first.food is not None and "lmond" in first.food.name_en


def test_errors_still_name_the_callers_field_on_every_call(fresh_store: FoodStore) -> None:
    for field in ("intake.days.0.0", "intake.days.3.2"):
        with pytest.raises(InputError) as exc:
            parse_entry("2 cups of zzqxv", fresh_store, "en", field=field)
        assert exc.value.problems[0].field == field


def test_the_language_is_part_of_what_is_remembered(fresh_store: FoodStore) -> None:
    en = parse_entry("1 cup cooked spinach", fresh_store, "en")
    zh = parse_entry("1 cup cooked spinach", fresh_store, "zh")
    assert en.mg == zh.mg
    assert en.model_dump() == parse_entry("1 cup cooked spinach", fresh_store, "en").model_dump()


def test_importing_foods_gives_a_new_store_with_nothing_remembered(
    sr28_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(tmp_path))
    before = FoodStore.open_default()
    parse_entry("30 g almonds", before, "en")
    assert before.parse_memo
    before.import_path(sr28_dir)
    after = FoodStore.open_default()
    assert after is not before
    assert after.parse_memo == {}
