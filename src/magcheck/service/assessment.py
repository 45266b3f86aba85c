"""The one domain call behind the CLI, the REST API, the web pages and the reports.

`assess(inp, lang)` loads the (cached) knowledge base, resolves food logs in words into daily totals,
runs the pure core, writes its findings in the reader's language, attaches the food plan and lists the
sources the plan added. Keep it short: the foods and planner layers each hook in here with a few lines.
"""

from __future__ import annotations

from magcheck.core.assess import Findings, assess_core
from magcheck.core.citations import with_sources
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import (
    Adequacy,
    Assessment,
    AssessmentInput,
    FoodLogSummary,
    IntakeResult,
    Mds,
    Reason,
    RedFlag,
    Requirement,
    Status,
    SupplementCheck,
)
from magcheck.core.validation import parse_json_text
from magcheck.i18n import Lang, Say
from magcheck.i18n.wording import render
from magcheck.knowledge.loader import load_knowledge
from magcheck.planning.build import attach_plan
from magcheck.service.parts import gate_result, labs_result, signs_result


def written(findings: Findings, kb: KnowledgeBase, say: Say) -> Assessment:
    """The core's findings as the output shows them (no plan yet), with every source they cite."""
    assessment = Assessment(
        lang=say.lang,
        knowledge_version=findings.knowledge_version,
        requirement=render(Requirement, findings.requirement, say),
        intake=render(IntakeResult, findings.intake, say),
        adequacy=render(Adequacy, findings.adequacy, say),
        mds=render(Mds, findings.mds, say),
        signs=signs_result(kb, findings.signs, say),
        labs=labs_result(findings.labs, say) if findings.labs else None,
        status=render(Status, findings.status, say),
        red_flags=[render(RedFlag, flag, say) for flag in findings.red_flags],
        supplement_gate=gate_result(findings.gate, say),
        supplements=render(SupplementCheck, findings.supplements, say) if findings.supplements else None,
        plan=None,
        recommendations=[render(Reason, rec, say) for rec in findings.recommendations],
        unrecognised_medications=findings.unrecognised_medications,
        sources=[],
        disclaimer=say("core.disclaimer"),
    )
    return with_sources(assessment, kb, also=findings.cited)


def assess_unplanned(
    inp: AssessmentInput, kb: KnowledgeBase, lang: Lang, food_log: FoodLogSummary | None = None
) -> Assessment:
    """The assessment of one person in `lang` without the food plan (plan=None)."""
    return written(assess_core(inp, kb, food_log=food_log), kb, Say(lang))


def adequacy_of(inp: AssessmentInput, lang: Lang, food_log: FoodLogSummary | None = None) -> Adequacy:
    """The probability of adequacy alone, from the same findings `assess` writes in full.

    For views that show only this answer (the history page): over a year of logged foods, wording and
    citing every food and building the plan cost ~4× the answer itself (benchmarks/bench_history.py).
    """
    return render(Adequacy, assess_core(inp, load_knowledge(), food_log=food_log).adequacy, Say(lang))


def assess(inp: AssessmentInput, lang: Lang, food_log: FoodLogSummary | None = None) -> Assessment:
    """Assess one person; raises `InputError` (field-level) for input the models alone cannot reject.

    `food_log` is for callers that already hold parsed entries (the history's stored snapshots).
    """
    knowledge = load_knowledge()
    if food_log is None and inp.intake is not None and inp.intake.days is not None:
        # lazy: only a food log in words needs the food store; `magcheck assess` on totals skips its
        # imports (~60 ms measured with the rest of the assessment already imported)
        from magcheck.foods.log import summarise_days  # lazy: as above
        from magcheck.foods.store import FoodStore  # lazy: as above

        food_log = summarise_days(inp.intake.days, FoodStore.open_default(), lang)
    planned = attach_plan(assess_unplanned(inp, knowledge, lang, food_log=food_log), inp, lang)
    return with_sources(planned, knowledge, parts=[planned.plan, planned.recommendations])


def input_from_json_text(text: str) -> AssessmentInput:
    """Parse an assessment input file (JSON); errors name the field (or line/column for bad JSON)."""
    return parse_json_text(AssessmentInput, text)
