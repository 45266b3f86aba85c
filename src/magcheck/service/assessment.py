"""The one domain call behind the CLI, the REST API, the web pages and the reports.

`assess(inp, lang)` loads the (cached) knowledge base, resolves food logs in words into daily totals,
runs the pure core, attaches the food plan and lists the sources the plan added. Keep it short: the foods
and planner layers each hook in here with a few lines.
"""

from __future__ import annotations

from magcheck.core.assess import assess_core, with_sources
from magcheck.core.models import Assessment, AssessmentInput, FoodLogSummary
from magcheck.i18n import Lang
from magcheck.knowledge.loader import load_knowledge
from magcheck.planning.build import attach_plan
from magcheck.validation import parse_json_text


def assess(inp: AssessmentInput, lang: Lang, food_log: FoodLogSummary | None = None) -> Assessment:
    """Assess one person; raises `InputError` (field-level) for input the models alone cannot reject.

    `food_log` is for callers that already hold parsed entries (the history's stored snapshots).
    """
    knowledge = load_knowledge()
    if food_log is None and inp.intake is not None and inp.intake.days is not None:
        # Only a food log in words needs the food store: `magcheck assess` on totals never imports it.
        from magcheck.foods.log import summarise_days
        from magcheck.foods.store import FoodStore

        food_log = summarise_days(inp.intake.days, FoodStore.open_default(), lang)
    planned = attach_plan(assess_core(inp, knowledge, lang, food_log=food_log), inp, lang)
    return with_sources(planned, knowledge, parts=[planned.plan, planned.recommendations])


def input_from_json_text(text: str) -> AssessmentInput:
    """Parse an assessment input file (JSON); errors name the field (or line/column for bad JSON)."""
    return parse_json_text(AssessmentInput, text)
