"""`assess_core`: the whole assessment from a validated input and the knowledge base — no I/O, no plan.

The steps are independent pure functions (requirements, adequacy, MDS, signs, labs, supplements, status);
this module only gathers the facts each needs, puts the results together and lists every source cited.
Food logs in words are resolved by the foods layer beforehand and arrive as a `FoodLogSummary`; the
planner attaches `plan` afterwards (see `magcheck.service`).
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import fmean
from typing import Literal

from pydantic import BaseModel

from magcheck.core.adequacy import assess_adequacy
from magcheck.core.errors import input_error
from magcheck.core.facts import Condition
from magcheck.core.gate import GateFacts, supplement_gate
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import assess_serum, cutoff_params, default_unit
from magcheck.core.mds import compute_mds
from magcheck.core.medications import MedicationMatch, match_medications
from magcheck.core.models import (
    Adequacy,
    Assessment,
    AssessmentInput,
    FoodLogSummary,
    IntakeResult,
    LabsResult,
    Reason,
    Requirement,
    SignsResult,
    SourceRef,
    SupplementCheck,
    SupplementGate,
)
from magcheck.core.plausibility import check_input
from magcheck.core.requirements import profile_requirement
from magcheck.core.signs import screen
from magcheck.core.status import Facts, decide, red_flags
from magcheck.core.supplements import check_supplements
from magcheck.i18n import Lang, Say, sentences, t

# The USDA SR28 release every food's magnesium value (food log and plan) is read from.
FOOD_SOURCE = "usda_sr28"
TFDA_SOURCE = "tfda_2024"  # foods whose values come from the Taiwan FDA table (attribution required)


def _measured(
    source: Literal["daily", "food_log"],
    key: str,
    daily: list[float],
    supplement_mg: float,
    lang: Lang,
    food_log: FoodLogSummary | None = None,
) -> IntakeResult:
    """The intake from daily totals (entered, or summed from a food log), text `core.intake.<key>`."""
    food_mean = fmean(daily)
    return IntakeResult(
        source=source,
        days=len(daily),
        daily_mg=daily,
        food_mean_mg=round(food_mean, 1),
        supplement_mg=supplement_mg,
        mean_mg=round(food_mean + supplement_mg, 1),
        foods=food_log.entries if food_log else [],
        coverage=food_log.coverage if food_log else None,
        not_understood=food_log.not_understood if food_log else [],
        text=t(
            f"core.intake.{key}",
            lang,
            n=len(daily),
            food=f"{food_mean:.0f}",
            supp=f"{supplement_mg:g}",
            total=f"{food_mean + supplement_mg:.0f}",
        ),
    )


def _intake(
    inp: AssessmentInput, food_log: FoodLogSummary | None, supplement_mg: float, lang: Lang
) -> tuple[IntakeResult, int | None]:
    """The intake result and the number of days for the IOM test (None = stated usual intake)."""
    intake = inp.intake
    if food_log is not None:
        daily = [round(v, 1) for v in food_log.daily_mg]
        key = "food_log" if food_log.coverage.complete else "food_log_partial"
        return _measured("food_log", key, daily, supplement_mg, lang, food_log), len(daily)
    if intake is not None and intake.days is not None:
        raise input_error("intake.days", "core.days_not_resolved")
    if intake is not None and intake.daily_mg is not None:
        daily = list(intake.daily_mg)
        return _measured("daily", "daily", daily, supplement_mg, lang), len(daily)
    if intake is not None and intake.usual_mg is not None:
        usual = intake.usual_mg
        text = t(
            "core.intake.usual",
            lang,
            food=f"{usual:g}",
            supp=f"{supplement_mg:g}",
            total=f"{usual + supplement_mg:.0f}",
        )
        return _undated("usual", usual, supplement_mg, text), None
    return _undated("none", None, supplement_mg, t("core.intake.none", lang, supp=f"{supplement_mg:g}")), None


def _undated(
    source: Literal["usual", "none"], usual: float | None, supplement_mg: float, text: str
) -> IntakeResult:
    """The intake without days: a stated usual intake (tested without the within-person term), or none."""
    return IntakeResult(
        source=source,
        days=0,
        daily_mg=[],
        food_mean_mg=usual,
        supplement_mg=supplement_mg,
        mean_mg=None if usual is None else round(usual + supplement_mg, 1),
        text=text,
    )


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


def _kidney_why(kb: KnowledgeBase, inp: AssessmentInput, lang: Lang) -> str | None:
    if "dialysis" in inp.conditions:
        return kb.condition("dialysis").name.get(lang)
    if "kidney_disease" in inp.conditions:
        return kb.condition("kidney_disease").name.get(lang)
    severe = kb.status.thresholds.kidney_severe_band
    if inp.egfr is not None and kb.kidney.at_least(kb.kidney.band_of(inp.egfr), severe):
        return f"eGFR {inp.egfr:g}"
    return None


def _recommendations(
    kb: KnowledgeBase,
    inp: AssessmentInput,
    *,
    req: Requirement,
    intake: IntakeResult,
    adequacy: Adequacy,
    signs: SignsResult,
    labs: LabsResult | None,
    supplements: SupplementCheck | None,
    gate: SupplementGate,
    meds: list[MedicationMatch],
    conditions: list[Condition],
    has_red_flags: bool,
    lang: Lang,
) -> list[Reason]:
    recs: list[Reason] = []

    def add(rec_id: str, sources: list[str], **params: object) -> None:
        recs.append(Reason(id=rec_id, text=t(f"core.rec.{rec_id}", lang, **params), sources=sources))

    if has_red_flags:
        add("seek_care_first", ["ods_mg_hp"])
    if not gate.dose_allowed:
        recs.append(Reason(id="supplement_gate", text=gate.text, sources=list(gate.sources)))
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
            recs.append(
                Reason(
                    id=f"spacing.{klass.id}",
                    text=t(
                        "core.rec.if_you_take_mg",
                        lang,
                        name=klass.name.get(lang),
                        spacing=klass.spacing.get(lang),
                    ),
                    sources=list(klass.sources),
                )
            )
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
    if signs.reported:
        add("other_causes", ["ods_mg_hp"])
    unanswered = [w for w in signs.ask_warning_signs if w not in inp.warning_signs]
    if unanswered:
        names = Say(lang).listing(t(f"core.warning_name.{w}", lang) for w in unanswered)
        add("answer_warning_questions", ["ods_mg_hp"], questions=names)
    if labs is not None and labs.interpretation == "possible_latent_deficiency":
        add("latent_lab", ["costello2016"], **cutoff_params(kb))
    if labs is None and (kinds & {"depletion"} or adequacy.conclusion == "likely_inadequate"):
        add("serum_limits", ["ods_mg_hp", "iom1997"])
    info = [kb.condition(c) for c in inp.conditions if kb.condition(c).role == "info"]
    for condition in [*conditions, *info]:
        recs.append(
            Reason(
                id=f"condition.{condition.id}", text=condition.text.get(lang), sources=list(condition.sources)
            )
        )
    return recs


def _cited(value: object) -> list[str]:
    """Every source id a part of the output cites: its `sources` lists, and SR28 for each food it names.

    An explicit stack over the models' own field values (not a recursive generator over every field):
    it runs twice per assessment on the API's hot path.
    """
    out: list[str] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(x for x in item if isinstance(x, BaseModel | list))
            continue
        if not isinstance(item, BaseModel):
            continue
        for name, field in item.__dict__.items():
            if name == "sources" and isinstance(field, list):
                out.extend(ref for ref in field if isinstance(ref, str))
            elif name == "ndb":
                if field is not None:
                    out.append(FOOD_SOURCE)
            elif name == "source" and field == "tfda":
                out.append(TFDA_SOURCE)
            elif isinstance(field, BaseModel | list):
                stack.append(field)
    return out


def with_sources(
    assessment: Assessment, kb: KnowledgeBase, also: Iterable[str] = (), parts: Iterable[object] | None = None
) -> Assessment:
    """`assessment` whose `sources` lists every id cited anywhere in it (plus `also` and those it listed).

    The one place the reference list is made: the core calls it on the whole assessment, and the service
    again for just the `parts` it added afterwards (the plan, whose foods rest on SR28, and its
    recommendation), so no part of the output cites a source the list leaves out.
    """
    walked = _cited(assessment) if parts is None else _cited(list(parts))
    cited = {*also, *(ref.id for ref in assessment.sources), *walked}
    sources = [
        SourceRef(id=ref_id, citation=kb.references[ref_id].citation, url=kb.references[ref_id].url)
        for ref_id in sorted(cited)
    ]
    return assessment.model_copy(update={"sources": sources})


def _informed(inp: AssessmentInput, food_log: FoodLogSummary | None) -> bool:
    """Whether the person gave anything to judge by: intake, signs, risk factors or a lab value."""
    labs = inp.labs is not None and inp.labs.serum_magnesium is not None
    risk = bool(inp.medications or inp.conditions) or inp.alcohol_drinks_per_day is not None
    return any(
        (food_log is not None, inp.intake is not None, bool(inp.signs), risk, inp.egfr is not None, labs)
    )


def assess_core(
    inp: AssessmentInput, kb: KnowledgeBase, lang: Lang, food_log: FoodLogSummary | None = None
) -> Assessment:
    """The assessment of one person (plan=None; the planner fills it in later)."""
    profile = inp.profile
    req = profile_requirement(kb, profile, inp.standard, lang)
    meds, unrecognised = match_medications(kb, inp.medications)
    meds_known = "medications" in inp.model_fields_set
    kidney_disease = "kidney_disease" in inp.conditions
    dialysis = "dialysis" in inp.conditions

    labs: LabsResult | None = None
    if inp.labs is not None and inp.labs.serum_magnesium is not None:
        lab = inp.labs.serum_magnesium
        labs = assess_serum(kb, lab.value, lab.unit or default_unit(kb, inp.standard), lang)
        if lab.unit is None:
            assumed = t(
                "safety.lab_unit.assumed",
                lang,
                unit=default_unit(kb, inp.standard),
                standard=t(f"safety.lab_unit.standard_{inp.standard}", lang),
            )
            labs = labs.model_copy(update={"text": sentences(lang, labs.text, assumed)})
    gate = supplement_gate(
        kb,
        GateFacts(
            age_years=profile.age_years,
            pregnant=profile.pregnant,
            lactating=profile.lactating,
            egfr=inp.egfr,
            dialysis=dialysis,
            kidney_disease=kidney_disease,
            serum_mmol=labs.serum_mmol_per_l if labs else None,
            warning_signs=bool(inp.warning_signs),
        ),
        lang,
    )

    supplements: SupplementCheck | None = None
    if inp.supplements:
        supplements = check_supplements(
            kb, inp.supplements, ul=req.ul_supplement_mg, gate=gate, medications=meds, lang=lang
        )
    supplement_mg = supplements.elemental_mg_per_day if supplements else 0.0
    check_input(kb, inp, food_log, supplements.items if supplements else [], req.ul_supplement_mg)

    intake, n_days = _intake(inp, food_log, supplement_mg, lang)
    adequacy = assess_adequacy(
        kb,
        age=profile.age_years,
        sex=profile.sex,
        ear=req.ear_mg,
        ai=req.ai_mg,
        mean_mg=intake.mean_mg,
        n_days=n_days,
        lang=lang,
    )
    if intake.coverage is not None and not intake.coverage.complete:
        adequacy.caveats.append(t("core.adequacy.lower_bound", lang))

    mds = compute_mds(
        kb,
        sex=profile.sex,
        medications=meds if meds_known else None,
        drinks_per_day=inp.alcohol_drinks_per_day,
        egfr=inp.egfr,
        dialysis=dialysis,
        lang=lang,
    )
    signs = screen(kb, dict(inp.signs), lang)

    conditions = [c for c in _risk_conditions(kb, inp) if c.role == "risk"]
    risk_names = tuple(c.name.get(lang) for c in conditions if c.counts_for_status)
    depleting = tuple(dict.fromkeys(Say(lang).text(m.drug) for m in meds if m.klass.id == "renal_wasting"))
    warning_names = tuple(t(f"core.warning_name.{w}", lang) for w in dict.fromkeys(inp.warning_signs))
    facts = Facts(
        z=adequacy.z if adequacy.method == "iom_ear" else None,
        probability=adequacy.probability_adequate,
        below_ai=adequacy.method == "iom_ai" and adequacy.conclusion == "no_conclusion",
        mds_score=mds.score,
        mds_level=mds.level,
        risk_names=risk_names,
        depleting_names=depleting,
        burden_level=signs.burden_level,
        serum_mmol=labs.serum_mmol_per_l if labs else None,
        warning_names=warning_names,
        kidney_why=_kidney_why(kb, inp, lang),
        supplement_mg=supplement_mg,
        ul=req.ul_supplement_mg,
        informed=_informed(inp, food_log),
    )
    status = decide(kb, facts, lang)
    flags = red_flags(
        kb,
        warning_ids=list(inp.warning_signs),
        serum_mmol=facts.serum_mmol,
        kidney_and_supplements=bool(inp.supplements) and facts.kidney_why is not None,
        lang=lang,
    )
    recommendations = _recommendations(
        kb,
        inp,
        req=req,
        intake=intake,
        adequacy=adequacy,
        signs=signs,
        labs=labs,
        supplements=supplements,
        gate=gate,
        meds=meds,
        conditions=conditions,
        has_red_flags=bool(flags),
        lang=lang,
    )
    if unrecognised:
        recommendations.append(
            Reason(
                id="unrecognised_medications",
                text=t("core.rec.unrecognised_medications", lang, names=", ".join(unrecognised)),
                sources=[],
            )
        )

    assessment = Assessment(
        lang=lang,
        knowledge_version=kb.version,
        requirement=req,
        intake=intake,
        adequacy=adequacy,
        mds=mds,
        signs=signs,
        labs=labs,
        status=status,
        red_flags=flags,
        supplement_gate=gate,
        supplements=supplements,
        plan=None,
        recommendations=recommendations,
        unrecognised_medications=unrecognised,
        sources=[],
        disclaimer=t("core.disclaimer", lang),
    )
    return with_sources(assessment, kb, also=kb.status.signs.sources if signs.reported else ())
