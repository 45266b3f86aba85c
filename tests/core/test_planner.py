"""The exact optimiser against hand-worked optima and an independent brute-force enumeration."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcheck.core import plan_milp
from magcheck.core.plan_greedy import greedy_plan
from magcheck.core.plan_problem import Candidate, PlanProblem, PlanSolution, violations
from magcheck.core.planner import prune_dominated, solve_plan


def _c(key: str, mg: float, kcal: float, cap: int, preferred: bool = False) -> Candidate:
    return Candidate(key, mg, kcal, cap, preferred)


def _chosen(solution: PlanSolution) -> dict[str, int]:
    return {p.candidate.key: p.steps for p in solution.picks}


# ---------------------------------------------------------------- hand-checked optima


def test_gap_closed_at_the_minimum_calories_worked_by_hand() -> None:
    # A 50 mg/100 kcal (≤2), B 30 mg/40 kcal (≤2), C 80 mg/200 kcal (≤1); gap 100 mg, at most 2 foods.
    # Feasible plans by hand: A2 = 100 mg/200 kcal; B2+A1 = 110/180; B1+A2 = 130/240; B1+C = 110/240;
    # B2+C = 140/280; A1+C = 130/300.  The cheapest is B2+A1 at 180 kcal.
    cands = (_c("A", 50, 100, 2), _c("B", 30, 40, 2), _c("C", 80, 200, 1))
    sol = solve_plan(PlanProblem(cands, 100, max_foods=2))
    assert sol.status == "closed" and sol.exact
    assert _chosen(sol) == {"A": 1, "B": 2}
    assert sol.total_mg == pytest.approx(110) and sol.total_kcal == pytest.approx(180)


def test_one_food_limit_changes_the_optimum() -> None:
    # Same foods, one food only: A2 (200 kcal) beats C (cannot reach 100) and B (60 mg max).
    cands = (_c("A", 50, 100, 2), _c("B", 30, 40, 2), _c("C", 80, 200, 1))
    sol = solve_plan(PlanProblem(cands, 100, max_foods=1))
    assert _chosen(sol) == {"A": 2} and sol.total_kcal == pytest.approx(200)


def test_zero_calorie_food_closes_a_gap_for_free() -> None:
    # Mineral water: 20 mg and 0 kcal per glass, up to 4 glasses. Gap 70 → 4 glasses cover 80 mg,
    # so nothing with calories is needed.
    cands = (_c("water", 20, 0, 4), _c("seeds", 75, 160, 2))
    sol = solve_plan(PlanProblem(cands, 70))
    assert _chosen(sol) == {"water": 4} and sol.total_kcal == 0


def test_calorie_ceiling_is_respected_and_reported_when_it_binds() -> None:
    # Gap 100; only 100 kcal allowed.  Best reachable: B2 (60 mg, 80 kcal); A1 alone 50 mg/100 kcal.
    cands = (_c("A", 50, 100, 2), _c("B", 30, 40, 2))
    sol = solve_plan(PlanProblem(cands, 100, max_foods=2, max_extra_kcal=100))
    assert sol.status == "partial"
    assert _chosen(sol) == {"B": 2} and sol.total_mg == pytest.approx(60)
    assert "max_extra_kcal" in sol.binding


def test_food_count_and_caps_reported_when_they_bind() -> None:
    # Gap 200, one food, each capped: A2 = 100 mg is the most; a second food or bigger caps would help.
    cands = (_c("A", 50, 100, 2), _c("B", 30, 40, 2))
    sol = solve_plan(PlanProblem(cands, 200, max_foods=1))
    assert sol.status == "partial" and _chosen(sol) == {"A": 2}
    assert set(sol.binding) == {"max_foods", "portion_caps"}


def test_no_gap_means_no_plan() -> None:
    sol = solve_plan(PlanProblem((_c("A", 50, 100, 2),), 0))
    assert sol.status == "not_needed" and sol.picks == ()


def test_empty_candidate_list_is_partial_with_a_reason() -> None:
    sol = solve_plan(PlanProblem((), 50))
    assert sol.status == "partial" and sol.binding == ("no_candidates",)


def test_equal_calorie_plans_prefer_foods_already_eaten() -> None:
    # X and Y are identical; the person already eats Y.
    cands = (_c("X", 40, 80, 2), _c("Y", 40, 80, 2, preferred=True))
    sol = solve_plan(PlanProblem(cands, 80))
    assert _chosen(sol) == {"Y": 2}


def test_equal_calorie_plans_prefer_fewer_foods() -> None:
    # P1+Q1 and R1 both give 60 mg for 100 kcal: one food is simpler.
    cands = (_c("P", 30, 50, 1), _c("Q", 30, 50, 1), _c("R", 60, 100, 1))
    sol = solve_plan(PlanProblem(cands, 60))
    assert _chosen(sol) == {"R": 1}


def test_preference_never_costs_more_than_the_tie_tolerance() -> None:
    # Y is preferred but 30 kcal dearer: minimum calories wins.
    cands = (_c("X", 40, 80, 2), _c("Y", 40, 95, 2, preferred=True))
    sol = solve_plan(PlanProblem(cands, 80))
    assert _chosen(sol) == {"X": 2}


# ---------------------------------------------------------------- a solver that lies or fails


def test_a_solver_answer_that_breaks_a_constraint_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulate the SciPy/HiGHS bug class: "optimal" with a bound violated.
    monkeypatch.setattr(plan_milp, "run", lambda problem, model: [5.0] * len(problem.candidates))
    cands = (_c("A", 50, 100, 2), _c("B", 30, 40, 2))
    sol = solve_plan(PlanProblem(cands, 100, max_foods=2))
    assert not sol.exact and sol.notes
    steps = [float(_chosen(sol).get(c.key, 0)) for c in cands]
    assert violations(PlanProblem(cands, 100, max_foods=2), steps, sol.status == "closed") == []


def test_a_failed_solve_falls_back_to_a_valid_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(problem: PlanProblem, model: object) -> list[float]:
        raise plan_milp.SolverFailed("time limit reached")

    monkeypatch.setattr(plan_milp, "run", broken)
    sol = solve_plan(PlanProblem((_c("A", 50, 100, 2),), 80))
    assert not sol.exact and sol.status == "closed" and _chosen(sol) == {"A": 2}


# ---------------------------------------------------------------- brute force oracle


def _brute(problem: PlanProblem) -> tuple[float | None, float]:
    """(min kcal over plans closing the gap or None, max mg over all feasible plans)."""
    best_kcal: float | None = None
    best_mg = 0.0
    ranges = [range(c.max_steps + 1) for c in problem.candidates]
    for steps in itertools.product(*ranges):
        if violations(problem, steps, False):
            continue
        mg = math.fsum(c.step_mg * n for c, n in zip(problem.candidates, steps, strict=True))
        kcal = math.fsum(c.step_kcal * n for c, n in zip(problem.candidates, steps, strict=True))
        best_mg = max(best_mg, mg)
        if mg >= problem.gap_mg - 1e-6 and (best_kcal is None or kcal < best_kcal):
            best_kcal = kcal
    return best_kcal, best_mg


candidate_st = st.builds(
    Candidate,
    key=st.just(""),
    step_mg=st.integers(0, 120).map(float),
    step_kcal=st.integers(0, 300).map(float),
    max_steps=st.integers(0, 3),
    preferred=st.booleans(),
)


@st.composite
def problems(draw: st.DrawFn) -> PlanProblem:
    raw = draw(st.lists(candidate_st, min_size=0, max_size=5))
    cands = tuple(
        Candidate(f"f{i}", c.step_mg, c.step_kcal, c.max_steps, c.preferred) for i, c in enumerate(raw)
    )
    return PlanProblem(
        cands,
        gap_mg=float(draw(st.integers(-10, 500))),
        max_foods=draw(st.integers(1, 4)),
        max_extra_kcal=draw(st.one_of(st.none(), st.integers(0, 800).map(float))),
        tie_kcal=0.0,
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_exact_plan_matches_brute_force(problem: PlanProblem) -> None:
    sol = solve_plan(problem)
    assert sol.exact
    steps = [float(_chosen(sol).get(c.key, 0)) for c in problem.candidates]
    assert violations(problem, steps, sol.status == "closed") == []
    if problem.gap_mg <= 0:
        assert sol.status == "not_needed"
        return
    min_kcal, max_mg = _brute(problem)
    if min_kcal is not None:
        assert sol.status == "closed"
        assert sol.total_kcal == pytest.approx(min_kcal, abs=1e-6)
        assert sol.total_mg >= problem.gap_mg - 1e-6
    else:
        assert sol.status == "partial"
        assert sol.total_mg == pytest.approx(max_mg, abs=1e-6)
        assert sol.binding  # something always explains a gap that stays open
    greedy = greedy_plan(problem)
    if greedy.status == "closed":  # the baseline is never better than the exact plan
        assert sol.status == "closed" and greedy.total_kcal >= sol.total_kcal - 1e-6


@settings(max_examples=60, deadline=None)
@given(problems())
def test_pruning_keeps_the_optimum(problem: PlanProblem) -> None:
    kept = prune_dominated(problem.candidates, problem.max_foods)
    pruned = PlanProblem(tuple(kept), problem.gap_mg, problem.max_foods, problem.max_extra_kcal, tie_kcal=0)
    full_kcal, full_mg = _brute(problem)
    kept_kcal, kept_mg = _brute(pruned)
    assert kept_mg == pytest.approx(full_mg)
    assert (kept_kcal is None) == (full_kcal is None)
    if full_kcal is not None:
        assert kept_kcal == pytest.approx(full_kcal)
