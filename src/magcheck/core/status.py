"""The status: one of low_concern < some_concern < high_concern < seek_care, from the rule table —
or `insufficient_information` when nothing was given to judge by.

Each rule in `knowledge/status_rules.toml` fires on plain facts about the person; the status is the highest
level among the fired rules and every fired rule becomes a reason with its sources. The rules only test
"intake below …", "risk at least …" and "signs at least …", which is what makes the result monotone: more
intake never raises the level, more risk or more frequent signs never lower it. Warning signs and measured
hypomagnesaemia are red flags: they give `seek_care` whatever else is true. When no rule fires and the
person gave neither intake, signs, risk factors nor a lab value, the status is `insufficient_information`
(not `low_concern`: no data is not low concern) and `next_answers` names the answers that would tell most.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from magcheck.core.findings import ReasonFinding, RedFlagFinding
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import cutoff_params
from magcheck.core.messages import Formatted, Msg, Words, listing, msg
from magcheck.core.vocabulary import BURDEN_LEVELS, STATUS_LEVELS, URGENCIES, BurdenLevel, StatusLevel

# The answers that tell most when nothing was given, most useful first: intake is the core of the method
# (IOM 2000), the medicines / alcohol / kidney answers make up the depletion score.
NEXT_ANSWERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intake", ("iom2000",)),
    ("risk_factors", ("fan2021_mds",)),
)


@dataclass(frozen=True)
class StatusFinding:
    """The output's `Status`, its label and reasons in words."""

    level: StatusLevel
    label: Msg
    reasons: list[ReasonFinding]
    next_answers: list[ReasonFinding] = field(default_factory=list)


@dataclass(frozen=True)
class Facts:
    """What the rules look at; names are words (bilingual knowledge texts, or as the person typed them)."""

    z: float | None = None
    probability: float | None = None
    below_ai: bool = False
    mds_score: int = 0
    mds_level: str = "low"
    risk_names: tuple[Words, ...] = ()
    depleting_names: tuple[Words, ...] = ()
    burden_level: BurdenLevel = "none"
    serum_mmol: float | None = None
    warning_names: tuple[Words, ...] = ()
    kidney_why: Words | None = None
    supplement_mg: float = 0.0
    ul: float | None = None
    # False when the person gave no intake, no signs, no risk factors and no lab value
    informed: bool = True


def level_rank(level: StatusLevel) -> int:
    return STATUS_LEVELS.index(level)


def fired_rules(kb: KnowledgeBase, facts: Facts) -> list[tuple[str, dict[str, Any]]]:
    """(rule id, text params) for every rule that fires, in table order."""
    th = kb.status.thresholds
    cut = kb.labs.cutoffs
    out: dict[str, dict[str, Any]] = {}
    intake_low = facts.probability is not None and facts.probability < th.intake_below_ear_probability
    clearly_low = facts.z is not None and facts.z <= th.intake_clearly_low_z
    serum = facts.serum_mmol
    latent = serum is not None and cut.hypomagnesaemia_below <= serum < cut.latent_deficiency_below
    burden_counts = BURDEN_LEVELS.index(facts.burden_level) >= BURDEN_LEVELS.index(th.signs_burden_from)
    prob = f"{100 * facts.probability:.0f}%" if facts.probability is not None else ""

    if facts.warning_names:
        out["warning_sign"] = {"names": listing(facts.warning_names)}
    if serum is not None and serum < cut.hypomagnesaemia_below:
        out["lab_hypomagnesaemia"] = {"value": f"{serum:.2f}"}
    if serum is not None and serum >= cut.toxicity_from:
        out["lab_toxic"] = {"value": f"{serum:.2f}"}
    if facts.kidney_why:
        out["kidney_severe"] = {"why": facts.kidney_why}
    if intake_low and facts.mds_score >= th.mds_high_from:
        out["low_intake_with_depletion"] = {"score": facts.mds_score}
    if clearly_low and (facts.risk_names or burden_counts or latent):
        what: list[Words] = []
        if facts.risk_names:
            what.append(msg("core.status.what.risk", names=listing(facts.risk_names)))
        if burden_counts:
            what.append(msg("core.status.what.signs"))
        if latent:
            what.append(msg("core.status.what.latent", **cutoff_params(kb)))
        out["low_intake_with_risk"] = {"z": f"{facts.z:.2f}", "what": listing(what)}
    if intake_low:
        out["intake_below_ear"] = {"probability": prob}
    elif facts.probability is not None and facts.probability < th.intake_certain_probability:
        out["intake_not_certain"] = {"probability": prob}
    if facts.below_ai:
        out["intake_below_ai_no_conclusion"] = {}
    if facts.mds_score >= th.mds_elevated_from:
        out["mds_elevated"] = {
            "score": facts.mds_score,
            "level": msg(f"core.mds.level.{facts.mds_level}"),
        }
    if facts.risk_names:
        out["risk_factor"] = {"names": listing(facts.risk_names)}
    if facts.depleting_names:
        out["depleting_medicine"] = {"names": listing(facts.depleting_names)}
    if burden_counts:
        out["signs_burden"] = {"level": msg(f"core.signs.level.{facts.burden_level}")}
    if latent:
        out["lab_latent"] = {"value": f"{serum:.2f}"}
    if serum is not None and cut.upper_reference < serum < cut.toxicity_from:
        out["lab_high"] = {"value": f"{serum:.2f}"}
    if facts.ul is not None and facts.supplement_mg > facts.ul:
        out["supplement_above_ul"] = {"mg": f"{facts.supplement_mg:g}", "ul": f"{facts.ul:g}"}
    order = [rule.id for rule in kb.status.rule]
    return sorted(out.items(), key=lambda item: order.index(item[0]))


def decide(kb: KnowledgeBase, facts: Facts) -> StatusFinding:
    fired = fired_rules(kb, facts)
    if not fired:
        fired = [("no_concern_found" if facts.informed else "insufficient_information", {})]
    reasons: list[ReasonFinding] = []
    level: StatusLevel = max((kb.rule(rule_id).level for rule_id, _ in fired), key=level_rank)
    cutoffs = cutoff_params(kb)  # rule texts name the serum cut-offs by placeholder
    for rule_id, params in fired:
        rule = kb.rule(rule_id)
        text = Formatted(rule.text, {**cutoffs, **params})
        reasons.append(ReasonFinding(id=rule_id, text=text, sources=list(rule.sources)))
    reasons.sort(key=lambda r: -level_rank(kb.rule(r.id).level))
    next_answers = (
        [ReasonFinding(key, msg(f"safety.next.{key}"), list(src)) for key, src in NEXT_ANSWERS]
        if level == "insufficient_information"
        else []
    )
    return StatusFinding(level, msg(f"core.status.level.{level}"), reasons, next_answers)


def red_flags(
    kb: KnowledgeBase,
    *,
    warning_ids: list[str],
    serum_mmol: float | None,
    kidney_and_supplements: bool,
) -> list[RedFlagFinding]:
    """Red flags, most urgent first: reported warning signs, then lab values, then kidney + supplements."""
    flags: list[RedFlagFinding] = []
    warnings = sorted(
        (kb.warning_sign(w) for w in dict.fromkeys(warning_ids)), key=lambda w: URGENCIES.index(w.urgency)
    )
    for warning in warnings:
        flags.append(
            RedFlagFinding(
                id=f"warning.{warning.id}",
                text=warning.text,
                action=warning.action,
                sources=list(warning.sources),
            )
        )
    cut = kb.labs.cutoffs
    if serum_mmol is not None:
        for flag_id, key, cutoff, crossed in (
            (
                "lab_hypomagnesaemia",
                "lab_low",
                "hypomagnesaemia_below",
                serum_mmol < cut.hypomagnesaemia_below,
            ),
            ("lab_toxic", "lab_toxic", "toxicity_from", serum_mmol >= cut.toxicity_from),
        ):
            if crossed:
                flags.append(
                    RedFlagFinding(
                        id=flag_id,
                        text=msg(f"core.red_flag.{key}", value=f"{serum_mmol:.2f}", **cutoff_params(kb)),
                        action=msg(f"core.red_flag.{key}_action"),
                        sources=list(kb.labs.cutoff_sources[cutoff]),
                    )
                )
    if kidney_and_supplements:
        flags.append(
            RedFlagFinding(
                id="supplements_with_kidney_disease",
                text=msg("core.red_flag.kidney_supplements"),
                action=msg("core.red_flag.kidney_supplements_action"),
                sources=["ods_mg_hp", "medscape_hypermg"],
            )
        )
    return flags
