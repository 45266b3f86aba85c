"""The solver-independent verifier: the only way a solver's answer gets used is an empty list of
violations."""

from __future__ import annotations

import math

from magcheck.core.plan_problem import Candidate, PlanProblem, violations


def _c(key: str, mg: float, kcal: float, cap: int) -> Candidate:
    return Candidate(key, mg, kcal, cap)


def test_verifier_rejects_tampered_solutions() -> None:
    cands = (_c("A", 50, 100, 2), _c("B", 30, 40, 2), _c("C", 80, 200, 1))
    problem = PlanProblem(cands, 100, max_foods=2, max_extra_kcal=250)
    assert violations(problem, [1, 2, 0], True) == []
    assert violations(problem, [3, 0, 0], True)  # above A's cap
    assert violations(problem, [1, 1, 1], True)  # three foods
    assert violations(problem, [0, 2, 1], True)  # 280 kcal > 250
    assert violations(problem, [1, 0, 0], True)  # 50 mg < gap
    assert violations(problem, [1.5, 1, 0], True)  # not a whole portion step
    assert violations(problem, [-1, 2, 0], False)  # negative
    assert violations(problem, [math.nan, 2, 0], False)
