"""The food-plan optimiser: close a magnesium gap with a few foods at the fewest added calories.

The model is a small mixed-integer programme solved exactly with HiGHS (`highspy`, imported lazily: it
costs ~60 ms, scipy.optimize would cost 0.3-0.6 s on the `assess` path):

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
used; a rejected or failed solve falls back to the greedy plan (also checked) and says so (`exact`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from magcheck.core.vocabulary import PlanStatus

Binding = Literal["max_foods", "max_extra_kcal", "portion_caps", "no_candidates"]

_TOL = 1e-6  # absolute tolerance for mg/kcal comparisons (solver round-off)
_INT_TOL = 1e-5  # how far a solver's "integer" may sit from the nearest integer
_TIME_LIMIT_S = 5.0


@dataclass(frozen=True)
class Candidate:
    """One food the plan may use, in portion steps (e.g. half a cup): per-step mg and kcal, and a cap."""

    key: str
    step_mg: float
    step_kcal: float
    max_steps: int
    preferred: bool = False  # the person already eats it: preferred among equal-calorie plans

    def __post_init__(self) -> None:
        if not (self.step_mg >= 0 and self.step_kcal >= 0 and self.max_steps >= 0):
            raise ValueError(f"candidate {self.key}: negative or missing values")


@dataclass(frozen=True)
class PlanProblem:
    candidates: tuple[Candidate, ...]
    gap_mg: float
    max_foods: int = 3
    max_extra_kcal: float | None = None
    tie_kcal: float = 1.0  # plans this close in kcal count as equal for the tie-breaks

    def __post_init__(self) -> None:
        if self.max_foods < 1:
            raise ValueError("max_foods must be at least 1")
        if self.max_extra_kcal is not None and self.max_extra_kcal < 0:
            raise ValueError("max_extra_kcal must not be negative")
        if len({c.key for c in self.candidates}) != len(self.candidates):
            raise ValueError("candidate keys must be unique")


@dataclass(frozen=True)
class Pick:
    candidate: Candidate
    steps: int

    @property
    def mg(self) -> float:
        return self.candidate.step_mg * self.steps

    @property
    def kcal(self) -> float:
        return self.candidate.step_kcal * self.steps


@dataclass(frozen=True)
class PlanSolution:
    status: PlanStatus
    picks: tuple[Pick, ...]
    binding: tuple[Binding, ...] = ()
    exact: bool = True  # False: the solver failed or its answer was rejected; this is the greedy plan
    notes: tuple[str, ...] = field(default=())

    @property
    def total_mg(self) -> float:
        return math.fsum(p.mg for p in self.picks)

    @property
    def total_kcal(self) -> float:
        return math.fsum(p.kcal for p in self.picks)


# ---------------------------------------------------------------- verification


def violations(problem: PlanProblem, steps: Sequence[float], require_gap: bool) -> list[str]:
    """Every constraint the step vector (one value per candidate, as a solver returns it) breaks.

    Independent of the solver on purpose: an empty list is the only way a solver answer gets used.
    """
    out: list[str] = []
    cands = problem.candidates
    if len(steps) != len(cands):
        return [f"expected {len(cands)} values, got {len(steps)}"]
    ints: list[int] = []
    for cand, value in zip(cands, steps, strict=True):
        if not math.isfinite(value) or abs(value - round(value)) > _INT_TOL:
            out.append(f"{cand.key}: {value} portion steps is not a whole number")
            ints.append(0)
            continue
        count = round(value)
        if count < 0 or count > cand.max_steps:
            out.append(f"{cand.key}: {count} steps outside 0..{cand.max_steps}")
        ints.append(count)
    used = sum(1 for n in ints if n > 0)
    if used > problem.max_foods:
        out.append(f"{used} foods used, at most {problem.max_foods} allowed")
    kcal = math.fsum(c.step_kcal * n for c, n in zip(cands, ints, strict=True))
    if problem.max_extra_kcal is not None and kcal > problem.max_extra_kcal + _TOL:
        out.append(f"{kcal:.3f} kcal added, at most {problem.max_extra_kcal} allowed")
    mg = math.fsum(c.step_mg * n for c, n in zip(cands, ints, strict=True))
    if require_gap and mg < problem.gap_mg - _TOL:
        out.append(f"{mg:.3f} mg does not reach the gap of {problem.gap_mg} mg")
    return out


def _picks(problem: PlanProblem, steps: Sequence[float]) -> tuple[Pick, ...]:
    picks = [Pick(c, round(v)) for c, v in zip(problem.candidates, steps, strict=True) if round(v) > 0]
    return tuple(sorted(picks, key=lambda p: (-p.mg, p.candidate.key)))


# ---------------------------------------------------------------- pruning


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


# ---------------------------------------------------------------- greedy (baseline and fallback)


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
        if len(picks) >= problem.max_foods or remaining <= _TOL:
            break
        need = math.ceil((remaining - _TOL) / cand.step_mg)
        affordable = cand.max_steps
        if cand.step_kcal > 0 and math.isfinite(budget):
            affordable = int((budget + _TOL) // cand.step_kcal)
        steps = min(need, cand.max_steps, affordable)
        if steps <= 0:
            continue
        picks.append(Pick(cand, steps))
        remaining -= cand.step_mg * steps
        budget -= cand.step_kcal * steps
    status: PlanStatus = "closed" if remaining <= _TOL else "partial"
    return PlanSolution(status, tuple(sorted(picks, key=lambda p: (-p.mg, p.candidate.key))))


# ---------------------------------------------------------------- exact solve


@dataclass(frozen=True)
class _Model:
    """One MILP over the candidates: which constraints apply and what to minimise."""

    gap: float | None  # Σ mg ≥ gap, or None for no such row (the maximum-magnesium model)
    max_foods: int
    max_kcal: float | None
    caps: tuple[int, ...]
    cost_n: tuple[float, ...]  # objective coefficient per step count
    cost_y: tuple[float, ...]  # objective coefficient per "used" binary


class _SolverFailed(Exception):
    pass


def _run(problem: PlanProblem, model: _Model) -> list[float] | None:
    """Solve one model; None when HiGHS proves it infeasible. Any other non-optimal end raises."""
    import highspy
    import numpy as np

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
        raise _SolverFailed(solver.modelStatusToString(status))
    values = list(solver.getSolution().col_value)
    return [float(v) for v in values[:n]]


def _checked(problem: PlanProblem, model: _Model, require_gap: bool) -> list[float] | None:
    """`_run`, then the independent check against the ORIGINAL problem's constraints and the model's."""
    steps = _run(problem, model)
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
        raise _SolverFailed("; ".join(broken))
    return steps


def _costs(problem: PlanProblem) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Objective: kcal, plus a small charge per food used (more for foods the person does not eat yet).

    The charges are scaled so that all of them together stay within `tie_kcal`: the plan chosen is never
    more than `tie_kcal` above the true minimum, and among plans that close in kcal it has fewer new foods,
    then fewer foods. With `tie_kcal = 0` this is exactly the minimum-kcal programme.
    """
    outer = problem.max_foods + 1
    unit = problem.tie_kcal / (problem.max_foods * (outer + 1))
    cost_y = tuple(unit * ((0 if c.preferred else outer) + 1) for c in problem.candidates)
    return tuple(c.step_kcal for c in problem.candidates), cost_y


def _solve_closed(problem: PlanProblem) -> PlanSolution | None:
    caps = tuple(c.max_steps for c in problem.candidates)
    cost_n, cost_y = _costs(problem)
    model = _Model(problem.gap_mg, problem.max_foods, problem.max_extra_kcal, caps, cost_n, cost_y)
    steps = _checked(problem, model, True)
    return None if steps is None else PlanSolution("closed", _picks(problem, steps))


def _max_mg(problem: PlanProblem, max_foods: int, max_kcal: float | None, caps: tuple[int, ...]) -> float:
    neg_mg = tuple(-c.step_mg for c in problem.candidates)
    zeros = tuple(0.0 for _ in problem.candidates)
    steps = _checked(problem, _Model(None, max_foods, max_kcal, caps, neg_mg, zeros), False)
    if steps is None:  # the empty plan always fits
        raise _SolverFailed("maximum-magnesium model reported infeasible")
    return math.fsum(c.step_mg * round(v) for c, v in zip(problem.candidates, steps, strict=True))


def _solve_partial(problem: PlanProblem, original: PlanProblem) -> PlanSolution:
    """Most magnesium under the constraints, then as for a closed plan (fewest kcal, tie-breaks).

    A constraint binds when relaxing it alone reaches more magnesium: one more food allowed (checked on
    the original candidates, pruned for that food count), no calorie limit, or portion caps lifted to
    whatever would close the gap with that food alone.
    """
    caps = tuple(c.max_steps for c in problem.candidates)
    best_mg = _max_mg(problem, problem.max_foods, problem.max_extra_kcal, caps)
    plan = _solve_closed(replace(problem, gap_mg=best_mg - _TOL)) if best_mg > 0 else None
    picks = plan.picks if plan is not None else ()
    binding: list[Binding] = []
    more = problem.max_foods + 1
    wider = replace(original, candidates=tuple(prune_dominated(original.candidates, more)), max_foods=more)
    if len(wider.candidates) >= more:
        wider_caps = tuple(c.max_steps for c in wider.candidates)
        if _max_mg(wider, more, wider.max_extra_kcal, wider_caps) > best_mg + _TOL:
            binding.append("max_foods")
    if (
        problem.max_extra_kcal is not None
        and _max_mg(problem, problem.max_foods, None, caps) > best_mg + _TOL
    ):
        binding.append("max_extra_kcal")
    enough = tuple(max(c.max_steps, math.ceil(problem.gap_mg / c.step_mg)) for c in problem.candidates)
    if (
        enough != caps
        and _max_mg(problem, problem.max_foods, problem.max_extra_kcal, enough) > best_mg + _TOL
    ):
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
        if steps and room < min(steps) - _TOL:
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
    except _SolverFailed as exc:
        fallback = greedy_plan(problem)
        steps = [0.0] * len(problem.candidates)
        position = {c.key: i for i, c in enumerate(problem.candidates)}
        for pick in fallback.picks:
            steps[position[pick.candidate.key]] = float(pick.steps)
        if violations(problem, steps, fallback.status == "closed"):  # pragma: no cover - greedy is exact
            raise RuntimeError(f"greedy plan broke a constraint after a solver failure ({exc})") from exc
        return replace(fallback, exact=False, notes=(str(exc),))
