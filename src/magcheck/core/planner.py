"""The food-plan optimiser: close a magnesium gap with a few foods at the fewest added calories.

The model is a small mixed-integer programme solved exactly with HiGHS (`core/plan_milp.py`; scipy.optimize
would cost 0.3-0.6 s on the `assess` path):

    n_i ∈ {0 … max_steps_i}   portion steps of candidate i (integer)
    y_i ∈ {0, 1}              candidate i is used
    y_i ≤ n_i ≤ max_steps_i · y_i
    Σ y_i ≤ max_foods
    Σ mg_i · n_i ≥ gap
    Σ kcal_i · n_i ≤ max_extra_kcal          (when the person set a limit)
    minimise Σ kcal_i · n_i

plus a small charge per food used (larger for foods the person does not already eat) that all together
stays within `tie_kcal`: near-equal plans favour foods already eaten, then fewer foods. When the gap
cannot be closed the plan is the most magnesium reachable under the same constraints (then the fewest
kcal), and each constraint whose relaxation alone would reach more magnesium is reported as binding.

Solvers have shipped bugs that report bound-violating or infeasible points as optimal (SciPy #16609,
#22812), so every solver answer is checked against every constraint by `violations()` before it is
used; a rejected or failed solve falls back to the greedy plan (`core/plan_greedy.py`, also checked) and
says so (`exact`). The problem and answer types live in `core/plan_problem.py`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from magcheck.core.plan_greedy import greedy_plan
from magcheck.core.plan_milp import MilpModel, SolverFailed, checked, costs
from magcheck.core.plan_problem import (
    TOL,
    Binding,
    Candidate,
    Pick,
    PlanProblem,
    PlanSolution,
    picks_of,
    violations,
)


def prune_dominated(candidates: Sequence[Candidate], max_foods: int) -> list[Candidate]:
    """Drop candidates that cannot be needed: a food with at least `max_foods` others that each give
    at least as much magnesium per step for no more kcal, with at least as many steps allowed (and are
    preferred whenever it is). Any plan using it leaves one of those unused, and swapping it in step
    for step keeps every constraint and loses nothing - so the optimum is unchanged.

    A sweep in (kcal asc, mg desc) order keeping the `max_foods` best mg values per (cap, preferred)
    class; it keeps the full SR28 store (thousands of foods) cheap before the solver sees it.
    """
    usable = [c for c in candidates if c.step_mg > 0 and c.max_steps > 0]
    order = sorted(usable, key=lambda c: (c.step_kcal, -c.step_mg, -c.max_steps, not c.preferred, c.key))
    best: dict[tuple[int, bool], list[float]] = {}  # class -> up to max_foods largest mg seen, descending
    kept: list[Candidate] = []
    for cand in order:
        count = 0
        for (cap, preferred), top in best.items():
            if cap >= cand.max_steps and (preferred or not cand.preferred):
                count += sum(1 for mg in top if mg >= cand.step_mg)
                if count >= max_foods:
                    break
        if count < max_foods:
            kept.append(cand)
        top = best.setdefault((cand.max_steps, cand.preferred), [])
        top.append(cand.step_mg)
        top.sort(reverse=True)
        del top[max_foods:]
    return kept


def _solve_closed(problem: PlanProblem) -> PlanSolution | None:
    caps = tuple(c.max_steps for c in problem.candidates)
    cost_n, cost_y = costs(problem)
    model = MilpModel(problem.gap_mg, problem.max_foods, problem.max_extra_kcal, caps, cost_n, cost_y)
    steps = checked(problem, model, True)
    return None if steps is None else PlanSolution("closed", picks_of(problem, steps))


def _max_mg(problem: PlanProblem, max_foods: int, max_kcal: float | None, caps: tuple[int, ...]) -> float:
    neg_mg = tuple(-c.step_mg for c in problem.candidates)
    zeros = tuple(0.0 for _ in problem.candidates)
    steps = checked(problem, MilpModel(None, max_foods, max_kcal, caps, neg_mg, zeros), False)
    if steps is None:  # the empty plan always fits
        raise SolverFailed("maximum-magnesium model reported infeasible")
    return math.fsum(c.step_mg * round(v) for c, v in zip(problem.candidates, steps, strict=True))


def _solve_partial(problem: PlanProblem, original: PlanProblem) -> PlanSolution:
    """Most magnesium under the constraints, then as for a closed plan (fewest kcal, tie-breaks).

    A constraint binds when relaxing it alone reaches more magnesium: one more food allowed (checked on
    the original candidates, pruned for that food count), no calorie limit, or portion caps lifted to
    whatever would close the gap with that food alone.
    """
    caps = tuple(c.max_steps for c in problem.candidates)
    best_mg = _max_mg(problem, problem.max_foods, problem.max_extra_kcal, caps)
    plan = _solve_closed(replace(problem, gap_mg=best_mg - TOL)) if best_mg > 0 else None
    picks = plan.picks if plan is not None else ()
    binding: list[Binding] = []
    more = problem.max_foods + 1
    wider = replace(original, candidates=tuple(prune_dominated(original.candidates, more)), max_foods=more)
    if len(wider.candidates) >= more:
        wider_caps = tuple(c.max_steps for c in wider.candidates)
        if _max_mg(wider, more, wider.max_extra_kcal, wider_caps) > best_mg + TOL:
            binding.append("max_foods")
    if problem.max_extra_kcal is not None and _max_mg(problem, problem.max_foods, None, caps) > best_mg + TOL:
        binding.append("max_extra_kcal")
    enough = tuple(max(c.max_steps, math.ceil(problem.gap_mg / c.step_mg)) for c in problem.candidates)
    if enough != caps and _max_mg(problem, problem.max_foods, problem.max_extra_kcal, enough) > best_mg + TOL:
        binding.append("portion_caps")
    if not binding:  # no single relaxation helps: the constraints bind jointly; name the tight ones
        binding = _tight(problem, picks)
    return PlanSolution("partial", picks, tuple(binding))


def _tight(problem: PlanProblem, picks: tuple[Pick, ...]) -> list[Binding]:
    """Constraints with no room left at the plan (used when only relaxing several together helps)."""
    tight: list[Binding] = []
    if len(picks) >= problem.max_foods:
        tight.append("max_foods")
    if problem.max_extra_kcal is not None:
        room = problem.max_extra_kcal - math.fsum(p.kcal for p in picks)
        steps = [c.step_kcal for c in problem.candidates if c.step_kcal > 0]
        if steps and room < min(steps) - TOL:
            tight.append("max_extra_kcal")
    if picks and all(p.steps == p.candidate.max_steps for p in picks):
        tight.append("portion_caps")
    return tight


def solve_plan(problem: PlanProblem) -> PlanSolution:
    """The exact plan (see the module docstring), verified; greedy with `exact=False` if the solver fails."""
    if problem.gap_mg <= 0:
        return PlanSolution("not_needed", ())
    usable = prune_dominated(problem.candidates, problem.max_foods)
    if not usable:
        return PlanSolution("partial", (), ("no_candidates",))
    pruned = replace(problem, candidates=tuple(usable))
    try:
        closed = _solve_closed(pruned)
        return closed if closed is not None else _solve_partial(pruned, problem)
    except SolverFailed as exc:
        fallback = greedy_plan(problem)
        steps = [0.0] * len(problem.candidates)
        position = {c.key: i for i, c in enumerate(problem.candidates)}
        for pick in fallback.picks:
            steps[position[pick.candidate.key]] = float(pick.steps)
        if violations(problem, steps, fallback.status == "closed"):  # pragma: no cover - greedy is exact
            raise RuntimeError(f"greedy plan broke a constraint after a solver failure ({exc})") from exc
        return replace(fallback, exact=False, notes=(str(exc),))
