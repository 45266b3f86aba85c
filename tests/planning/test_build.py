"""The plan as a person gets it: gap, preferences, honest pre-filtering, the assessment hook."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.errors import InputError
from magcheck.core.models import AssessmentInput, Preferences
from magcheck.core.vocabulary import DIET_EXCLUDES, EXCLUDE_FAMILIES
from magcheck.planning.build import food_plan
from magcheck.planning.options import FoodOption, curated_options
from magcheck.planning.preferences import matches_food, resolve_preferences
from magcheck.service.assessment import assess

OPTIONS = curated_options()
BY_ID = {o.food_id: o for o in OPTIONS}


def _assess(**changes: object) -> object:
    data: dict[str, object] = {"profile": {"age_years": 40, "sex": "female"}, "intake": {"usual_mg": 200}}
    data.update(changes)
    return assess(AssessmentInput.model_validate(data), "en")


# ---------------------------------------------------------------- the gap


def test_gap_is_the_rda_minus_usual_intake() -> None:
    # IOM: women 31–50 y RDA 320 mg (clinical.md §1.1) → 320 − 200 = 120 mg
    a = _assess()
    assert a.plan is not None  # type: ignore[attr-defined]
    assert a.plan.target_mg == 320 and a.plan.gap_mg == 120  # type: ignore[attr-defined]
    assert a.plan.status == "closed" and a.plan.total_mg >= 120  # type: ignore[attr-defined]
    assert any(r.id == "plan" for r in a.recommendations)  # type: ignore[attr-defined]


def test_a_chosen_target_replaces_the_rda() -> None:
    a = _assess(preferences={"target_mg": 260})
    assert a.plan.target_mg == 260 and a.plan.gap_mg == 60  # type: ignore[attr-defined]


def test_infants_plan_against_the_ai_and_get_no_supplement() -> None:
    # 7–12 months: AI 75 mg (clinical.md §1.1); no UL for infants
    a = _assess(profile={"age_years": 0.75, "sex": "male"}, intake={"usual_mg": 50})
    plan = a.plan  # type: ignore[attr-defined]
    assert plan.target_mg == 75 and plan.gap_mg == 25
    assert plan.supplement is None and plan.supplement_reason_id == "under_18"
    assert "babies" in plan.supplement_reason


def test_no_gap_means_not_needed() -> None:
    a = _assess(intake={"usual_mg": 400})
    assert a.plan.status == "not_needed" and a.plan.foods == [] and a.plan.gap_mg == 0  # type: ignore[attr-defined]
    assert a.plan.supplement is None  # type: ignore[attr-defined]


def test_without_an_intake_there_is_no_plan_but_the_assessment_works() -> None:
    a = assess(AssessmentInput.model_validate({"profile": {"age_years": 30, "sex": "male"}}), "en")
    assert a.plan is None


def test_supplements_already_taken_count_towards_intake_and_the_ul() -> None:
    # 200 mg food + 100 mg elemental from a supplement: intake 300, gap 20 (< 25 mg: no supplement option)
    a = _assess(supplements=[{"elemental_mg": 100}])
    plan = a.plan  # type: ignore[attr-defined]
    assert plan.gap_mg == 20 and plan.supplement is None


def test_kidney_gate_and_warning_signs_withhold_the_supplement() -> None:
    for changes in ({"egfr": 20}, {"conditions": ["dialysis"]}, {"conditions": ["kidney_disease"]},
                    {"warning_signs": ["chest_pain"]}):  # fmt: skip
        plan = _assess(**changes).plan  # type: ignore[attr-defined]
        assert plan.supplement is None and plan.supplement_reason
        assert plan.foods  # food advice stays


# ---------------------------------------------------------------- preferences


def test_unknown_exclusions_and_foods_are_field_errors() -> None:
    with pytest.raises(InputError) as exc:
        resolve_preferences(Preferences(exclude=["treenuts", "soy"], already_eat=["unobtainium"]), OPTIONS)
    fields = {p.field for p in exc.value.problems}
    assert fields == {"preferences.exclude.0", "preferences.already_eat.0"}


def test_free_text_exclusions_match_names_in_both_languages() -> None:
    spinach = BY_ID["usda:11458"]
    assert matches_food("spinach", spinach) and matches_food("菠菜", spinach)
    assert not matches_food("beans", spinach)
    for text in ("spinach", "菠菜"):
        resolved = resolve_preferences(Preferences(exclude=[text], max_foods=3), OPTIONS)
        plan = food_plan(420, 0, resolved, OPTIONS, "en")
        assert all("spinach" not in f.name_en.lower() and "菠菜" not in f.name_zh for f in plan.foods)


def test_foods_already_eaten_win_equal_calorie_ties() -> None:
    resolved = resolve_preferences(Preferences(already_eat=["black beans"]), OPTIONS)
    assert "usda:16015" in resolved.preferred


def _tiny(ndbs: list[str]) -> list[FoodOption]:
    return [BY_ID[f"usda:{n}"] for n in ndbs]


def test_preferences_that_empty_the_list_are_not_an_error_and_are_named() -> None:
    # tofu (soy), almonds (tree nuts), salmon (fish): vegan + no soy + no tree nuts leaves nothing
    usda = {n[5:]: o for n, o in BY_ID.items() if n.startswith("usda:")}
    options = _tiny([n for n in usda if {"soy"} <= usda[n].families][:1]
                    + [n for n in usda if "tree_nuts" in usda[n].families][:1]
                    + [n for n in usda if "fish" in usda[n].families][:1])  # fmt: skip
    resolved = resolve_preferences(Preferences(diet="vegan", exclude=["soy", "tree_nuts"]), options)
    plan = food_plan(320, 200, resolved, options, "en")
    assert plan.status == "partial" and plan.binding == ["no_candidates"] and plan.foods == []
    assert "your diet" in plan.text and "your exclusions" in plan.text
    zh = food_plan(320, 200, resolved, options, "zh")
    assert "饮食类型" in zh.text and "排除" in zh.text


def test_partial_plans_name_the_binding_constraint() -> None:
    resolved = resolve_preferences(Preferences(max_foods=1), OPTIONS)
    plan = food_plan(420, 0, resolved, OPTIONS, "en")
    assert plan.status == "partial" and "max_foods" in plan.binding and "at most 1 food" in plan.text
    resolved = resolve_preferences(Preferences(max_extra_kcal=50), OPTIONS)
    plan = food_plan(420, 0, resolved, OPTIONS, "en")
    assert plan.status == "partial" and "max_extra_kcal" in plan.binding and plan.total_kcal <= 50


# ---------------------------------------------------------------- exact optimum on real numbers


def _abbrev(sr28: Path, ndb: str) -> tuple[float, float]:
    """(Mg mg/100 g, kcal/100 g) straight from ABBREV.txt (Magnesium is field 12, Energ_Kcal field 3)."""
    for line in (sr28 / "ABBREV.txt").read_text(encoding="cp1252").splitlines():
        fields = line.split("^")
        if fields[0].strip("~") == ndb:
            return float(fields[12]), float(fields[3])
    raise AssertionError(ndb)


def test_real_foods_gap_closed_at_the_enumerated_minimum(sr28_dir: Path) -> None:
    # spinach cooked (1 cup 180 g), black beans cooked (1 cup 172 g), pumpkin seeds (1 oz 28.35 g):
    # USDA values, half-portion steps, caps from the curated table; enumerate every combination.
    portions = {"11458": 180.0, "16015": 172.0, "12014": 28.35}
    options = _tiny(list(portions))
    gap = 200.0
    best: float | None = None
    steps_ranges = [range(BY_ID[f"usda:{n}"].plan_max * 2 + 1) for n in portions]
    values = {ndb: _abbrev(sr28_dir, ndb) for ndb in portions}
    for steps in itertools.product(*steps_ranges):
        mg = kcal = 0.0
        for (ndb, grams), n in zip(portions.items(), steps, strict=True):
            mg100, kcal100 = values[ndb]
            mg += mg100 * grams / 100 * n / 2
            kcal += kcal100 * grams / 100 * n / 2
        if mg >= gap and (best is None or kcal < best):
            best = kcal
    resolved = resolve_preferences(Preferences(max_foods=3), options)
    plan = food_plan(gap, 0, resolved, options, "en")
    assert best is not None and plan.status == "closed"
    assert plan.total_kcal == pytest.approx(best, abs=1.0 + 0.05)  # tie tolerance 1 kcal, rounding 0.05
    assert plan.total_mg >= gap


# ---------------------------------------------------------------- every preference respected (property)


@settings(max_examples=60, deadline=None)
@given(
    diet=st.sampled_from(sorted(DIET_EXCLUDES)),
    families=st.lists(st.sampled_from(EXCLUDE_FAMILIES), unique=True, max_size=4),
    texts=st.lists(
        st.sampled_from(["spinach", "black beans", "almonds", "豆腐", "tofu", "quinoa"]), max_size=2
    ),
    max_foods=st.integers(1, 4),
    kcal=st.one_of(st.none(), st.integers(0, 600).map(float)),
    cuisine=st.sampled_from(["any", "chinese", "western"]),
    gap=st.integers(0, 500).map(float),
)
def test_every_preference_is_respected(
    diet: str,
    families: list[str],
    texts: list[str],
    max_foods: int,
    kcal: float | None,
    cuisine: str,
    gap: float,
) -> None:
    prefs = Preferences.model_validate(
        {"diet": diet, "exclude": families + texts, "max_foods": max_foods, "max_extra_kcal": kcal,
         "cuisine": cuisine}
    )  # fmt: skip
    resolved = resolve_preferences(prefs, OPTIONS)
    plan = food_plan(400, 400 - gap, resolved, OPTIONS, "en")
    banned = set(families) | DIET_EXCLUDES[prefs.diet]
    for food in plan.foods:
        option = BY_ID[food.food_id or ""]
        assert not option.families & banned, (food.name_en, option.families)
        assert not any(matches_food(text, option) for text in texts)
        assert cuisine == "any" or option.cuisine in (cuisine, "both")
        assert food.mg > 0 and food.grams > 0
    assert len(plan.foods) <= max_foods
    if kcal is not None:
        assert plan.total_kcal <= kcal + 0.05
    if plan.status == "closed":
        assert plan.total_mg >= plan.gap_mg
    assert (plan.status == "not_needed") == (gap == 0)
    assert math.isclose(plan.total_mg, sum(f.mg for f in plan.foods), abs_tol=0.05 * (len(plan.foods) + 1))


# ---------------------------------------------------------------- the full imported store


@pytest.mark.slow
def test_plan_over_the_full_sr28_store(
    sr28_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported foods join the plan; without allergen tags they are never offered to someone excluding
    an allergen, and every food offered still respects the diet."""
    from magcheck.foods.store import FoodStore
    from magcheck.planning.options import store_options

    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(tmp_path))
    FoodStore.open_default().import_path(sr28_dir)
    options = store_options()
    assert len(options) > 10 * len(OPTIONS)  # thousands of imported foods with a usable measure
    imported = [o for o in options if not o.curated]
    assert imported and all(o.mg_per_100g > 0 and o.portion_grams > 0 for o in imported)

    plan = food_plan(420, 100, resolve_preferences(Preferences(), options), options, "en")
    assert plan.status == "closed" and plan.total_mg >= plan.gap_mg

    prefs = Preferences(diet="vegan", exclude=["gluten"], max_foods=3)
    resolved = resolve_preferences(prefs, options)
    plan = food_plan(420, 100, resolved, options, "en")
    by_id = {o.food_id: o for o in options}
    for food in plan.foods:
        option = by_id[food.food_id or ""]
        assert option.curated  # an allergen exclusion keeps untagged imported foods out
        assert not option.families & {"meat", "fish", "shellfish", "dairy", "egg", "gluten"}
