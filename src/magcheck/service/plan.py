"""The plan view: what `magcheck plan`, `POST /api/v1/plan` and the foods pages show.

`make_plan` is the one place a plan is made for an input (the assessment's own plan over the curated
foods, or `--all-foods` over the whole store); `plan_view` is the one JSON shape of it.
"""

from __future__ import annotations

from typing import Any

from magcheck.core.errors import input_error
from magcheck.core.models import Assessment, AssessmentInput, Plan
from magcheck.i18n import Lang, Say
from magcheck.planning.build import build_plan
from magcheck.planning.top import top_foods
from magcheck.service.assessment import assess


def make_plan(inp: AssessmentInput, lang: Lang, all_foods: bool = False) -> tuple[Assessment, Plan]:
    """The assessment and its plan; an input without a usual intake to start from is an `intake` error."""
    assessment = assess(inp, lang)
    plan = build_plan(assessment, inp, lang, foods="store") if all_foods else assessment.plan
    if plan is None:
        raise input_error("intake", "plan.errors.intake_needed")
    return assessment, plan


def plan_view(assessment: Assessment, plan: Plan, lang: Lang) -> dict[str, Any]:
    """What `magcheck plan --json` and `POST /api/v1/plan` return: the plan with the warnings and the
    supplement safety gate it was made under (so a plan without a dose always says why)."""
    return {
        "lang": lang,
        "plan": plan.model_dump(mode="json"),
        "red_flags": [f.model_dump(mode="json") for f in assessment.red_flags],
        "supplement_gate": assessment.supplement_gate.model_dump(mode="json"),
        "sources": [s.model_dump(mode="json") for s in assessment.sources],
        "disclaimer": assessment.disclaimer,
    }


def plan_json(inp: AssessmentInput, lang: Lang, all_foods: bool = False) -> dict[str, Any]:
    """As `magcheck plan --input FILE [--all-foods] --json`."""
    return plan_view(*make_plan(inp, lang, all_foods), lang)


def top_foods_view(
    per: str, group: str | None, exclude: list[str], lang: Lang, limit: int = 40
) -> list[dict[str, Any]]:
    """As `magcheck foods top --per … --group … --exclude … --json`, each with the name in `lang`."""
    out = []
    for rank, food in enumerate(top_foods(per, group, exclude, limit, lang), start=1):
        row = food.as_dict(per, rank)  # type: ignore[arg-type]
        row["name"] = Say(lang).name(food)
        out.append(row)
    return out
