"""The greedy food plan: the usual "richest per calorie first" heuristic, the optimiser's benchmark
baseline and its fallback when the solver fails."""

from __future__ import annotations

import math

from magcheck.core.plan_problem import TOL, Pick, PlanProblem, PlanSolution
from magcheck.core.vocabulary import PlanStatus


def greedy_plan(problem: PlanProblem) -> PlanSolution:
    """The usual "richest per calorie first" heuristic: feasible, never better than the exact plan.

    It is the benchmark baseline and the fallback when the solver fails; it respects every constraint.
    """
    if problem.gap_mg <= 0:
        return PlanSolution("not_needed", ())
    order = sorted(
        (c for c in problem.candidates if c.step_mg > 0 and c.max_steps > 0),
        key=lambda c: (-(c.step_mg / c.step_kcal) if c.step_kcal > 0 else -math.inf, c.key),
    )
    if not order:
        return PlanSolution("partial", (), ("no_candidates",))
    remaining = problem.gap_mg
    budget = math.inf if problem.max_extra_kcal is None else problem.max_extra_kcal
    picks: list[Pick] = []
    for cand in order:
        if len(picks) >= problem.max_foods or remaining <= TOL:
            break
        need = math.ceil((remaining - TOL) / cand.step_mg)
        affordable = cand.max_steps
        if cand.step_kcal > 0 and math.isfinite(budget):
            affordable = int((budget + TOL) // cand.step_kcal)
        steps = min(need, cand.max_steps, affordable)
        if steps <= 0:
            continue
        picks.append(Pick(cand, steps))
        remaining -= cand.step_mg * steps
        budget -= cand.step_kcal * steps
    status: PlanStatus = "closed" if remaining <= TOL else "partial"
    return PlanSolution(status, tuple(sorted(picks, key=lambda p: (-p.mg, p.candidate.key))))
