"""The exact food plan as a mixed-integer programme for HiGHS: one model over the candidates, solved,
and checked against the original problem before its answer is used (`checked`).

HiGHS (`highspy`, with numpy) is imported only when a model is solved: it costs ≈ 45 ms, which every
command that makes no plan (and every assessment whose gap is already closed) would otherwise pay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from magcheck.core.plan_problem import PlanProblem, violations

_TIME_LIMIT_S = 5.0


@dataclass(frozen=True)
class MilpModel:
    """One MILP over the candidates: which constraints apply and what to minimise."""

    gap: float | None  # Σ mg ≥ gap, or None for no such row (the maximum-magnesium model)
    max_foods: int
    max_kcal: float | None
    caps: tuple[int, ...]
    cost_n: tuple[float, ...]  # objective coefficient per step count
    cost_y: tuple[float, ...]  # objective coefficient per "used" binary


class SolverFailed(Exception):
    """HiGHS ended without an optimum, or its answer broke a constraint: the caller falls back to greedy."""


def run(problem: PlanProblem, model: MilpModel) -> list[float] | None:
    """Solve one model; None when HiGHS proves it infeasible. Any other non-optimal end raises."""
    # lazy: highspy and numpy (≈ 45 ms together) load only when a plan is solved (see the module docstring)
    import highspy
    import numpy as np  # lazy: as the line above (highspy's arrays)

    cands = problem.candidates
    n = len(cands)
    inf = highspy.kHighsInf
    rows_lower: list[float] = []
    rows_upper: list[float] = []
    # row ids
    r_foods = 0
    rows_lower.append(-inf)
    rows_upper.append(float(model.max_foods))
    r_mg = -1
    if model.gap is not None:
        r_mg = len(rows_lower)
        rows_lower.append(model.gap)
        rows_upper.append(inf)
    r_kcal = -1
    if model.max_kcal is not None:
        r_kcal = len(rows_lower)
        rows_lower.append(-inf)
        rows_upper.append(model.max_kcal)
    r_link = len(rows_lower)  # n_i - cap_i·y_i ≤ 0, then n_i - y_i ≥ 0
    rows_lower += [-inf] * n + [0.0] * n
    rows_upper += [0.0] * n + [inf] * n

    starts = [0]
    index: list[int] = []
    value: list[float] = []
    for i, cand in enumerate(cands):  # n_i columns
        if r_mg >= 0:
            index.append(r_mg)
            value.append(cand.step_mg)
        if r_kcal >= 0:
            index.append(r_kcal)
            value.append(cand.step_kcal)
        index += [r_link + i, r_link + n + i]
        value += [1.0, 1.0]
        starts.append(len(index))
    for i in range(n):  # y_i columns
        index += [r_foods, r_link + i, r_link + n + i]
        value += [1.0, -float(model.caps[i]), -1.0]
        starts.append(len(index))

    lp = highspy.HighsLp()
    lp.num_col_ = 2 * n
    lp.num_row_ = len(rows_lower)
    lp.col_cost_ = np.array(list(model.cost_n) + list(model.cost_y), dtype=float)
    lp.col_lower_ = np.zeros(2 * n)
    lp.col_upper_ = np.array([float(c) for c in model.caps] + [1.0] * n, dtype=float)
    lp.row_lower_ = np.array(rows_lower, dtype=float)
    lp.row_upper_ = np.array(rows_upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * (2 * n)

    solver: Any = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("mip_abs_gap", 1e-9)
    solver.setOptionValue("time_limit", _TIME_LIMIT_S)
    solver.setOptionValue("threads", 1)
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolverFailed(solver.modelStatusToString(status))
    values = list(solver.getSolution().col_value)
    return [float(v) for v in values[:n]]


def checked(problem: PlanProblem, model: MilpModel, require_gap: bool) -> list[float] | None:
    """`run`, then the independent check against the ORIGINAL problem's constraints and the model's."""
    steps = run(problem, model)
    if steps is None:
        return None
    bounded = replace(problem, max_foods=model.max_foods, max_extra_kcal=model.max_kcal)
    capped = replace(
        bounded,
        candidates=tuple(
            replace(c, max_steps=cap) for c, cap in zip(problem.candidates, model.caps, strict=True)
        ),
    )
    broken = violations(capped, steps, require_gap)
    if broken:
        raise SolverFailed("; ".join(broken))
    return steps


def costs(problem: PlanProblem) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Objective: kcal, plus a small charge per food used (more for foods the person does not eat yet).

    The charges are scaled so that all of them together stay within `tie_kcal`: the plan chosen is never
    more than `tie_kcal` above the true minimum, and among plans that close in kcal it has fewer new foods,
    then fewer foods. With `tie_kcal = 0` this is exactly the minimum-kcal programme.
    """
    outer = problem.max_foods + 1
    unit = problem.tie_kcal / (problem.max_foods * (outer + 1))
    cost_y = tuple(unit * ((0 if c.preferred else outer) + 1) for c in problem.candidates)
    return tuple(c.step_kcal for c in problem.candidates), cost_y
