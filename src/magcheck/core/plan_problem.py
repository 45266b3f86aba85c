"""The food-plan optimiser's problem and answer: candidate foods in portion steps, the constraints, the
chosen portions, and `violations`, the solver-independent check every answer must pass before it is used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from magcheck.core.vocabulary import PlanStatus

Binding = Literal["max_foods", "max_extra_kcal", "portion_caps", "no_candidates"]

TOL = 1e-6  # absolute tolerance for mg/kcal comparisons (solver round-off)
_INT_TOL = 1e-5  # how far a solver's "integer" may sit from the nearest integer


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
    if problem.max_extra_kcal is not None and kcal > problem.max_extra_kcal + TOL:
        out.append(f"{kcal:.3f} kcal added, at most {problem.max_extra_kcal} allowed")
    mg = math.fsum(c.step_mg * n for c, n in zip(cands, ints, strict=True))
    if require_gap and mg < problem.gap_mg - TOL:
        out.append(f"{mg:.3f} mg does not reach the gap of {problem.gap_mg} mg")
    return out


def picks_of(problem: PlanProblem, steps: Sequence[float]) -> tuple[Pick, ...]:
    """The foods used by a step vector, richest in magnesium first."""
    picks = [Pick(c, round(v)) for c, v in zip(problem.candidates, steps, strict=True) if round(v) > 0]
    return tuple(sorted(picks, key=lambda p: (-p.mg, p.candidate.key)))
