"""The food plan's rules are data (`food_plan.toml`, `supplement_choice.toml`) read by the knowledge
loader, which refuses a bad edit naming the file and the entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from magcheck.core.errors import DataFileError
from magcheck.core.vocabulary import FOOD_FAMILIES, GOALS
from magcheck.i18n import LANGS
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.food_tables import load_groups
from magcheck.knowledge.loader import load_knowledge, load_knowledge_from


@pytest.fixture()
def kb_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _error(directory: Path) -> str:
    with pytest.raises(DataFileError) as info:
        load_knowledge_from(directory)
    problem = info.value.problems[0]
    return f"{problem.field} {problem.params.get('reason', '')}"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_packaged_rules_are_the_reviewed_ones() -> None:
    rules = load_knowledge().food_plan
    assert rules.tie_kcal == 1.0
    assert (rules.store_portion.min_grams, rules.store_portion.max_grams, rules.store_portion.plan_max) == (
        10.0,
        500.0,
        2,
    )
    assert {"piece", "slice", "egg", "can", "个", "片", "勺"} <= rules.whole_units
    assert "cup" not in rules.whole_units and "碗" not in rules.whole_units
    assert rules.store_groups["fish_seafood"] == {"fish", "shellfish"}
    assert rules.store_groups["dairy"] == {"dairy", "egg"}


def test_store_groups_name_real_food_groups_and_families() -> None:
    groups = set(load_groups())
    rules = load_knowledge().food_plan
    assert set(rules.store_groups) <= groups
    assert all(families <= set(FOOD_FAMILIES) for families in rules.store_groups.values())
    assert rules.tfda.not_planned_groups <= groups
    assert not rules.tfda.not_planned_groups & set(rules.store_groups)  # a group is offered or it is not


def test_the_tfda_groups_a_plan_never_offers() -> None:
    assert load_knowledge().food_plan.tfda.not_planned_groups == {
        "dishes_other", "soups_sauces", "fast_restaurant", "sweets", "herbs_spices", "fats_oils", "baby_foods"
    }  # fmt: skip


def test_every_goal_has_one_supplement_rule() -> None:
    assert sorted(g.id for g in load_knowledge().supplement_choice.goal) == sorted(GOALS)


def test_every_goal_explains_its_choice_in_every_language() -> None:
    for goal in load_knowledge().supplement_choice.goal:
        assert set(goal.why) == set(LANGS), goal.id
        assert all(text.strip() for text in goal.why.values()), goal.id


def test_an_unknown_family_is_refused(kb_dir: Path) -> None:
    _replace(kb_dir / "food_plan.toml", 'drinks = ["dairy"]', 'drinks = ["diary"]')
    message = _error(kb_dir)
    assert message.startswith("food_plan.toml:food_plan.store_groups.drinks")


def test_an_empty_portion_range_is_refused(kb_dir: Path) -> None:
    _replace(kb_dir / "food_plan.toml", "min_grams = 10.0", "min_grams = 600.0")
    assert "min_grams must be below max_grams" in _error(kb_dir)


def test_an_unknown_source_is_refused(kb_dir: Path) -> None:
    _replace(kb_dir / "food_plan.toml", 'sources = ["usda_sr28", "tfda_2024"]', 'sources = ["nobody2099"]')
    message = _error(kb_dir)
    assert "food_plan.toml" in message and "nobody2099" in message


def test_a_goal_without_a_rule_is_refused(kb_dir: Path) -> None:
    _replace(kb_dir / "supplement_choice.toml", 'id = "migraine"', 'id = "sleep"')
    assert _error(kb_dir).startswith("supplement_choice.toml:goal.sleep duplicate id")


def test_an_unknown_compound_is_refused(kb_dir: Path) -> None:
    _replace(kb_dir / "supplement_choice.toml", 'compound = "oxide"', 'compound = "unobtainium"')
    message = _error(kb_dir)
    assert message.startswith("supplement_choice.toml:goal.constipation") and "unobtainium" in message


def test_a_grade_against_cannot_choose_a_form(kb_dir: Path) -> None:
    _replace(kb_dir / "supplement_choice.toml", 'grade = "weak"', 'grade = "against"')
    assert _error(kb_dir).startswith("supplement_choice.toml:supplement_choice.goal.")
