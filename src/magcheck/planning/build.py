"""The food plan as the rest of magcheck sees it: `build_plan(assessment, inp, lang) -> Plan`.

The gap (target − usual intake), the candidates left by the preferences, the optimiser's problem and its
answer in words, plus the supplement option; `attach_plan` adds the plan to an assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from magcheck.core.models import Assessment, AssessmentInput, Plan, PlanFood, Preferences, Reason
from magcheck.core.plan_problem import Candidate, PlanProblem, PlanSolution
from magcheck.core.planner import solve_plan
from magcheck.foods.sources import tables as tables_of
from magcheck.i18n import Lang, t
from magcheck.planning.options import FoodOption, curated_options, rules, store_options
from magcheck.planning.preferences import ResolvedPreferences, filter_options, resolve_preferences
from magcheck.planning.supplement import supplement_for
from magcheck.planning.wording import food_line, num, summary

FoodSource = Literal["curated", "store"]


def target_mg(assessment: Assessment, prefs: Preferences) -> float | None:
    req = assessment.requirement
    if prefs.target_mg is not None:
        return prefs.target_mg
    return req.rda_mg if req.rda_mg is not None else req.ai_mg


def build_plan(
    assessment: Assessment, inp: AssessmentInput, lang: Lang, foods: FoodSource = "curated"
) -> Plan | None:
    """The food plan and supplement option for this assessment; None without a usual intake to start from."""
    prefs = inp.preferences or Preferences()
    options = curated_options() if foods == "curated" else store_options()
    resolved = resolve_preferences(prefs, options)  # input errors come first, even with no intake
    intake = assessment.intake.mean_mg
    target = target_mg(assessment, prefs)
    if intake is None or target is None:
        return None
    plan = food_plan(target, intake, resolved, options, lang)
    option = supplement_for(assessment, inp, prefs, plan.gap_mg, lang)
    return plan.model_copy(
        update={
            "supplement": option.supplement,
            "supplement_reason": option.reason,
            "supplement_reason_id": option.reason_id,
        }
    )


def plan_problem(
    gap: float, resolved: ResolvedPreferences, options: Sequence[FoodOption]
) -> tuple[PlanProblem, list[FoodOption], list[str]]:
    """The optimiser's problem: (problem, foods kept, the preferences that removed foods)."""
    kept, emptied_by = filter_options(options, resolved)
    candidates = tuple(
        Candidate(
            o.food_id,
            o.mg_per_portion / o.steps_per_portion,
            o.kcal_per_portion / o.steps_per_portion,
            o.plan_max * o.steps_per_portion,
            o.food_id in resolved.preferred,
        )
        for o in kept
    )
    prefs = resolved.prefs
    return (
        PlanProblem(candidates, gap, prefs.max_foods, prefs.max_extra_kcal, rules().tie_kcal),
        kept,
        emptied_by,
    )


def food_plan(
    target: float, intake: float, resolved: ResolvedPreferences, options: Sequence[FoodOption], lang: Lang
) -> Plan:
    """The food part of the plan (no supplement yet) for a target and a usual intake."""
    gap = round(max(0.0, target - intake), 1)
    if gap <= 0:  # nothing to close: skip building the candidate list (the API's most common case)
        return _plan(PlanSolution("not_needed", ()), [], target, gap, t("plan.status.not_needed", lang,
                     intake=num(intake), target=num(target)))  # fmt: skip
    problem, kept, emptied_by = plan_problem(gap, resolved, options)
    by_id = {o.food_id: o for o in kept}
    prefs = resolved.prefs
    solution = solve_plan(problem)
    lines = [food_line(by_id[p.candidate.key], p.steps, p.candidate.preferred, lang) for p in solution.picks]
    return _plan(
        solution, lines, target, gap, summary(solution, gap, target, intake, emptied_by, prefs, lang)
    )


def _plan(solution: PlanSolution, lines: list[PlanFood], target: float, gap: float, text: str) -> Plan:
    return Plan(
        status=solution.status,
        target_mg=round(target, 1),
        gap_mg=gap,
        total_mg=round(solution.total_mg, 1),
        total_kcal=round(solution.total_kcal, 1),
        foods=lines,
        binding=list(solution.binding),
        text=text,
        supplement=None,
        supplement_reason=None,
    )


def attach_plan(assessment: Assessment, inp: AssessmentInput, lang: Lang) -> Assessment:
    """`assessment` with its `plan` and one plan line in `recommendations` (unchanged without an intake)."""
    plan = build_plan(assessment, inp, lang)
    if plan is None:
        return assessment
    tables = [source for food in plan.foods for source in tables_of(food.food_id)]
    sources = list(dict.fromkeys(["usda_sr28", *tables, *assessment.requirement.sources]))
    line = Reason(id="plan", text=t("plan.recommendation", lang, text=plan.text), sources=sources)
    planned = assessment.model_copy(
        update={"plan": plan, "recommendations": [*assessment.recommendations, line]}
    )
    return planned.check_gate()
