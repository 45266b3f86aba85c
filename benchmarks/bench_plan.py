"""The food plan: the exact optimiser against the usual greedy "richest per calorie first" list.

Targets (issue 4): one plan over the curated foods ≤ 30 ms median; over the full imported SR28 store
(candidates pre-filtered honestly) ≤ 200 ms median. The baseline, measured in the same run on the same
candidates, is the greedy heuristic: its time, and how much worse its plans are over a fixed set of
realistic scenarios (extra kcal for the same gap, number of foods, gaps it fails to close).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, measure, scratch_data_dir

ROOT = Path(__file__).resolve().parents[1]
SR28 = ROOT.parent / "shared" / "data" / "usda_sr28"

# (gap mg, preferences) — everyday situations, from a small top-up to most of an adult RDA.
SCENARIOS: list[tuple[float, dict[str, Any]]] = [
    (60, {}),
    (120, {}),
    (120, {"diet": "vegan"}),
    (170, {"diet": "vegetarian", "exclude": ["peanuts", "tree_nuts"]}),
    (200, {"cuisine": "chinese"}),
    (200, {"max_foods": 2}),
    (250, {"diet": "pescatarian", "exclude": ["gluten"]}),
    (300, {"exclude": ["soy", "sesame"], "cuisine": "western"}),
    (150, {"already_eat": ["black beans", "brown rice"]}),
    (220, {"diet": "vegan", "exclude": ["soy"], "max_foods": 2}),
]


def _compare(options: Sequence[Any]) -> dict[str, Any]:
    """Exact vs greedy over SCENARIOS on the same candidates."""
    from magcheck.core.models import Preferences
    from magcheck.core.plan_greedy import greedy_plan
    from magcheck.core.planner import solve_plan
    from magcheck.planning.build import plan_problem
    from magcheck.planning.preferences import resolve_preferences

    extra_pct: list[float] = []
    foods_exact: list[int] = []
    foods_greedy: list[int] = []
    greedy_open = exact_open = 0
    for gap, prefs in SCENARIOS:
        resolved = resolve_preferences(Preferences.model_validate(prefs), options)
        problem, _, _ = plan_problem(gap, resolved, options)
        exact, greedy = solve_plan(problem), greedy_plan(problem)
        exact_open += exact.status != "closed"
        greedy_open += greedy.status != "closed"
        if exact.status == greedy.status == "closed":
            extra_pct.append(100 * (greedy.total_kcal - exact.total_kcal) / max(exact.total_kcal, 1e-9))
            foods_exact.append(len(exact.picks))
            foods_greedy.append(len(greedy.picks))
    return {
        "scenarios": len(SCENARIOS),
        "greedy_extra_kcal_pct_median": round(statistics.median(extra_pct), 1) if extra_pct else None,
        "greedy_extra_kcal_pct_max": round(max(extra_pct), 1) if extra_pct else None,
        "greedy_extra_kcal_pct_mean": round(statistics.fmean(extra_pct), 1) if extra_pct else None,
        "foods_exact_mean": round(statistics.fmean(foods_exact), 2) if foods_exact else None,
        "foods_greedy_mean": round(statistics.fmean(foods_greedy), 2) if foods_greedy else None,
        "gaps_left_open_exact": exact_open,
        "gaps_left_open_greedy": greedy_open,
    }


def _figures_for(label: str, options: Sequence[Any], target_ms: float) -> list[Figure]:
    from magcheck.core.models import Preferences
    from magcheck.core.plan_greedy import greedy_plan
    from magcheck.planning.build import food_plan, plan_problem
    from magcheck.planning.preferences import resolve_preferences

    resolved = resolve_preferences(Preferences(diet="vegetarian", exclude=["peanuts"]), options)

    def exact() -> object:
        return food_plan(420, 250, resolved, options, "en")

    def greedy() -> object:
        problem, _, _ = plan_problem(170, resolved, options)
        return greedy_plan(problem)

    repeat = 60 if len(options) > 1000 else 200
    exact_stats = measure(exact, repeat=repeat)
    greedy_stats = measure(greedy, repeat=repeat)
    notes = {"candidates": len(options), **_compare(options)}
    return [
        Figure(
            name=f"plan: exact MILP over {label}",
            value=exact_stats,
            baseline_name="greedy mg/kcal list (same candidates)",
            baseline=greedy_stats,
            target=f"≤ {target_ms:g} ms median",
            met=exact_stats.median_ms <= target_ms,
            notes=notes,
        )
    ]


def figures() -> list[Figure]:
    from magcheck.planning.options import curated_options, store_options

    out = _figures_for("curated foods", curated_options(), 30)
    if not (SR28 / "ABBREV.txt").exists():
        return out
    with scratch_data_dir("magcheck-bench-plan-"):
        from magcheck.foods.store import FoodStore

        FoodStore.open_default().import_path(SR28)
        out += _figures_for("full SR28 store", store_options(), 200)
    return out
