"""What to do next: the assessment's recommendations, from the parts already found, as keyed reasons.

Each recommendation is ``core.rec.<id>`` with its sources; the order is the order a person should act in
(care first when a red flag holds, then the gate, food, more days, medicines, signs, labs, conditions).
"""

from __future__ import annotations

from dataclasses import dataclass

from magcheck.core.adequacy import AdequacyFinding
from magcheck.core.facts import Condition
from magcheck.core.findings import ReasonFinding
from magcheck.core.gate import Gate
from magcheck.core.intake import IntakeFinding
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import SerumReading, cutoff_params
from magcheck.core.medications import MedicationMatch
from magcheck.core.messages import Param, listing, msg
from magcheck.core.models import AssessmentInput
from magcheck.core.requirements import RequirementFinding
from magcheck.core.signs import Screen
from magcheck.core.supplements import CheckFinding


@dataclass(frozen=True)
class Found:
    """The parts of the assessment the recommendations read."""

    req: RequirementFinding
    intake: IntakeFinding
    adequacy: AdequacyFinding
    signs: Screen
    labs: SerumReading | None
    supplements: CheckFinding | None
    gate: Gate
    meds: list[MedicationMatch]
    conditions: list[Condition]
    has_red_flags: bool


def recommendations(kb: KnowledgeBase, inp: AssessmentInput, found: Found) -> list[ReasonFinding]:
    recs: list[ReasonFinding] = []
    req, intake, meds, supplements = found.req, found.intake, found.meds, found.supplements

    def add(rec_id: str, sources: list[str], **params: Param) -> None:
        recs.append(ReasonFinding(rec_id, msg(f"core.rec.{rec_id}", **params), sources))

    if found.has_red_flags:
        add("seek_care_first", ["ods_mg_hp"])
    if not found.gate.dose_allowed:
        recs.append(ReasonFinding("supplement_gate", found.gate.text, found.gate.sources))
    target = req.rda_mg if req.rda_mg is not None else req.ai_mg
    if intake.mean_mg is None:
        add("log_food", ["iom2000"])
    elif target is not None and intake.mean_mg < target:
        add(
            "food_first",
            ["iom1997", "ods_mg_hp"],
            target=f"{target:g}",
            name=req.rda_name if req.rda_mg else "AI",
            gap=f"{target - intake.mean_mg:.0f}",
        )
    if intake.source == "usual" or (intake.source in ("daily", "food_log") and intake.days < 3):
        add("more_days", ["iom2000"])
    if intake.coverage is not None and not intake.coverage.complete:
        add("coverage", ["iom2000"])
    kinds = {m.klass.kind for m in meds}

    def sources_of(kind: str) -> list[str]:
        return sorted({s for m in meds if m.klass.kind == kind for s in m.klass.sources})

    if "depletion" in kinds:
        add("ask_serum_test", sources_of("depletion"))
    if supplements is None:
        spacing = [m for m in meds if m.klass.spacing is not None]
        for klass in {m.klass.id: m.klass for m in spacing}.values():
            assert klass.spacing is not None
            text = msg("core.rec.if_you_take_mg", name=klass.name, spacing=klass.spacing)
            recs.append(ReasonFinding(f"spacing.{klass.id}", text, list(klass.sources)))
    else:
        recs.extend(supplements.spacing)
        if (
            supplements.dose_advice_allowed
            and supplements.above_ul
            and supplements.ul_supplement_mg is not None
        ):
            add("reduce_supplement", ["iom1997"], ul=f"{supplements.ul_supplement_mg:g}")
    if "retention" in kinds:
        add("retention_caution", sources_of("retention"))
    if found.signs.reported:
        add("other_causes", ["ods_mg_hp"])
    unanswered = [w for w in found.signs.ask_warning_signs if w not in inp.warning_signs]
    if unanswered:
        names = listing([msg(f"core.warning_name.{w}") for w in unanswered])
        add("answer_warning_questions", ["ods_mg_hp"], questions=names)
    labs = found.labs
    if labs is not None and labs.interpretation == "possible_latent_deficiency":
        add("latent_lab", ["costello2016"], **cutoff_params(kb))
    if labs is None and (kinds & {"depletion"} or found.adequacy.conclusion == "likely_inadequate"):
        add("serum_limits", ["ods_mg_hp", "iom1997"])
    info = [kb.condition(c) for c in inp.conditions if kb.condition(c).role == "info"]
    for condition in [*found.conditions, *info]:
        recs.append(ReasonFinding(f"condition.{condition.id}", condition.text, list(condition.sources)))
    return recs
