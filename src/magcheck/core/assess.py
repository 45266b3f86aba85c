"""`assess_core`: the whole assessment from a validated input and the knowledge base — no I/O, no plan,
no language.

The steps are independent pure functions (requirements, adequacy, MDS, signs, labs, supplements, status);
this module only gathers the facts each needs and puts the findings together, their words as message
keys. Food logs in words are resolved by the foods layer beforehand and arrive as a `FoodLogSummary`; the
service layer writes the findings in the reader's language, attaches the plan and lists every source
cited (see `magcheck.service.assessment`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from magcheck.core.adequacy import AdequacyFinding, assess_adequacy
from magcheck.core.facts import Condition
from magcheck.core.findings import ReasonFinding, RedFlagFinding
from magcheck.core.gate import Gate, GateFacts, supplement_gate
from magcheck.core.intake import IntakeFinding, intake_of
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import SerumReading, assess_serum, default_unit
from magcheck.core.mds import MdsFinding, compute_mds
from magcheck.core.medications import match_medications
from magcheck.core.messages import Words, msg, sentences, verbatim
from magcheck.core.models import AssessmentInput, FoodLogSummary
from magcheck.core.plausibility import check_input
from magcheck.core.recommendations import Found, recommendations
from magcheck.core.requirements import RequirementFinding, profile_requirement
from magcheck.core.signs import Screen, screen
from magcheck.core.status import Facts, StatusFinding, decide, red_flags
from magcheck.core.supplements import CheckFinding, check_supplements


@dataclass(frozen=True)
class Findings:
    """Everything the assessment found, its words still message keys (`magcheck.core.messages`).

    `cited` are the sources the whole assessment rests on beyond those its parts list (the sign
    screen's method when signs were reported)."""

    knowledge_version: str
    requirement: RequirementFinding
    intake: IntakeFinding
    adequacy: AdequacyFinding
    mds: MdsFinding
    signs: Screen
    labs: SerumReading | None
    status: StatusFinding
    red_flags: list[RedFlagFinding]
    gate: Gate
    supplements: CheckFinding | None
    recommendations: list[ReasonFinding]
    unrecognised_medications: list[str]
    cited: tuple[str, ...]


def _risk_conditions(kb: KnowledgeBase, inp: AssessmentInput) -> list[Condition]:
    present = set(inp.conditions)
    out: list[Condition] = []
    for condition in kb.conditions:
        if condition.age_from is not None:
            if inp.profile.age_years >= condition.age_from:
                out.append(condition)
        elif condition.id in present:
            out.append(condition)
    return out


def _kidney_why(kb: KnowledgeBase, inp: AssessmentInput) -> Words | None:
    if "dialysis" in inp.conditions:
        return kb.condition("dialysis").name
    if "kidney_disease" in inp.conditions:
        return kb.condition("kidney_disease").name
    severe = kb.status.thresholds.kidney_severe_band
    if inp.egfr is not None and kb.kidney.at_least(kb.kidney.band_of(inp.egfr), severe):
        return f"eGFR {inp.egfr:g}"
    return None


def _informed(inp: AssessmentInput, food_log: FoodLogSummary | None) -> bool:
    """Whether the person gave anything to judge by: intake, signs, risk factors or a lab value."""
    labs = inp.labs is not None and inp.labs.serum_magnesium is not None
    risk = bool(inp.medications or inp.conditions) or inp.alcohol_drinks_per_day is not None
    return any(
        (food_log is not None, inp.intake is not None, bool(inp.signs), risk, inp.egfr is not None, labs)
    )


def _serum(kb: KnowledgeBase, inp: AssessmentInput) -> SerumReading | None:
    """The serum value read; without a unit, in the standard's usual one, and the text says so."""
    if inp.labs is None or inp.labs.serum_magnesium is None:
        return None
    lab = inp.labs.serum_magnesium
    unit = lab.unit or default_unit(kb, inp.standard)
    reading = assess_serum(kb, lab.value, unit)
    if lab.unit is not None:
        return reading
    standard = msg(f"safety.lab_unit.standard_{inp.standard}")
    assumed = msg("safety.lab_unit.assumed", unit=unit, standard=standard)
    return replace(reading, text=sentences(reading.text, assumed))


def assess_core(inp: AssessmentInput, kb: KnowledgeBase, food_log: FoodLogSummary | None = None) -> Findings:
    """The findings about one person (no plan: the planner adds it to the written assessment)."""
    profile = inp.profile
    req = profile_requirement(kb, profile, inp.standard)
    meds, unrecognised = match_medications(kb, inp.medications)
    meds_known = "medications" in inp.model_fields_set
    dialysis = "dialysis" in inp.conditions
    labs = _serum(kb, inp)
    gate = supplement_gate(
        kb,
        GateFacts(
            age_years=profile.age_years,
            pregnant=profile.pregnant,
            lactating=profile.lactating,
            egfr=inp.egfr,
            dialysis=dialysis,
            kidney_disease="kidney_disease" in inp.conditions,
            serum_mmol=labs.mmol if labs else None,
            warning_signs=bool(inp.warning_signs),
        ),
    )

    supplements: CheckFinding | None = None
    if inp.supplements:
        supplements = check_supplements(
            kb, inp.supplements, ul=req.ul_supplement_mg, gate=gate, medications=meds
        )
    supplement_mg = supplements.elemental_mg_per_day if supplements else 0.0
    check_input(kb, inp, food_log, supplements.items if supplements else [], req.ul_supplement_mg)

    intake, n_days = intake_of(inp, food_log, supplement_mg)
    adequacy = assess_adequacy(
        kb,
        age=profile.age_years,
        sex=profile.sex,
        ear=req.ear_mg,
        ai=req.ai_mg,
        mean_mg=intake.mean_mg,
        n_days=n_days,
    )
    if intake.coverage is not None and not intake.coverage.complete:
        adequacy.caveats.append(msg("core.adequacy.lower_bound"))

    mds = compute_mds(
        kb,
        sex=profile.sex,
        medications=meds if meds_known else None,
        drinks_per_day=inp.alcohol_drinks_per_day,
        egfr=inp.egfr,
        dialysis=dialysis,
    )
    signs = screen(kb, dict(inp.signs))

    conditions = [c for c in _risk_conditions(kb, inp) if c.role == "risk"]
    facts = Facts(
        z=adequacy.z if adequacy.method == "iom_ear" else None,
        probability=adequacy.probability_adequate,
        below_ai=adequacy.method == "iom_ai" and adequacy.conclusion == "no_conclusion",
        mds_score=mds.score,
        mds_level=mds.level,
        risk_names=tuple(c.name for c in conditions if c.counts_for_status),
        depleting_names=tuple(dict.fromkeys(m.drug for m in meds if m.klass.id == "renal_wasting")),
        burden_level=signs.burden_level,
        serum_mmol=labs.mmol if labs else None,
        warning_names=tuple(msg(f"core.warning_name.{w}") for w in dict.fromkeys(inp.warning_signs)),
        kidney_why=_kidney_why(kb, inp),
        supplement_mg=supplement_mg,
        ul=req.ul_supplement_mg,
        informed=_informed(inp, food_log),
    )
    flags = red_flags(
        kb,
        warning_ids=list(inp.warning_signs),
        serum_mmol=facts.serum_mmol,
        kidney_and_supplements=bool(inp.supplements) and facts.kidney_why is not None,
    )
    found = Found(req, intake, adequacy, signs, labs, supplements, gate, meds, conditions, bool(flags))
    recs = recommendations(kb, inp, found)
    if unrecognised:
        names = verbatim(", ", list(unrecognised))
        recs.append(
            ReasonFinding("unrecognised_medications", msg("core.rec.unrecognised_medications", names=names))
        )
    return Findings(
        knowledge_version=kb.version,
        requirement=req,
        intake=intake,
        adequacy=adequacy,
        mds=mds,
        signs=signs,
        labs=labs,
        status=decide(kb, facts),
        red_flags=flags,
        gate=gate,
        supplements=supplements,
        recommendations=recs,
        unrecognised_medications=unrecognised,
        cited=tuple(kb.status.signs.sources) if signs.reported else (),
    )
