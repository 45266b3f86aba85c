"""The plan view: what `magcheck plan --json`, `POST /api/v1/plan` and the plan page show."""

from __future__ import annotations

from typing import Any

from magcheck.core.models import Assessment, Plan
from magcheck.i18n import Lang


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
