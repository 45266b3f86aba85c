"""The supplement OPTION of a food plan: which form, how much, how to split it, what to watch for.

Pure: the rules (goal → form, dose split, gate limits) come in as the typed `SupplementChoice` of
``knowledge/supplement_choice.toml``, the compounds as `CompoundInfo`, and the texts are message keys the
planning layer writes in the reader's language (`magcheck.planning.option_wording`). Safety first: the
supplement safety gate (`magcheck.core.gate`) is decided once for the whole assessment and handed in as
`Situation.gate`; while it is closed no dose is sized and the reason is the gate's own text. Then no UL
for the life stage, no room left under the UL; only then is a dose sized — never above the gap and never
above the UL for supplemental magnesium minus what the person already takes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from magcheck.core.facts import Text
from magcheck.core.messages import Words, listing, msg, verbatim
from magcheck.core.models import SupplementGate
from magcheck.core.plan_rules import DoseRules, SupplementChoice


@dataclass(frozen=True)
class CompoundInfo:
    id: str
    label: Words
    elemental_fraction: float
    laxative: str  # high | moderate | low
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Interaction:
    """A medicine class the person takes that matters for a magnesium supplement (the spacing advice for
    chelating drugs, a caution for magnesium-retaining ones)."""

    id: str
    text: Words
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Situation:
    gap_mg: float
    ul_supplement_mg: float | None  # None: no UL for the life stage (infants) → no supplement at all
    current_supplement_mg: float
    goal: str
    gate: SupplementGate  # the one safety gate's answer for this person
    pregnant_or_lactating: bool
    interactions: tuple[Interaction, ...] = ()


@dataclass(frozen=True)
class SupplementFinding:
    """The output's `PlanSupplement`, its label, why and cautions in words."""

    compound: str
    compound_label: Words
    elemental_mg_per_day: float
    compound_mg_per_day: float
    doses_per_day: int
    why: Words
    cautions: list[Words]
    sources: list[str]


@dataclass(frozen=True)
class OptionFinding:
    supplement: SupplementFinding | None
    reason: Words | None  # why there is no option (None when there is one)
    reason_id: str | None


def _no(reason_id: str, **params: str) -> OptionFinding:
    return OptionFinding(None, msg(f"plan.supplement.no.{reason_id}", **params), reason_id)


def _gate(s: Situation) -> OptionFinding | None:
    """The closed gate as the option's answer (its own text, its first reason's id), or None when open."""
    if s.gate.dose_allowed:
        return None
    return OptionFinding(None, s.gate.text, s.gate.reasons[0].id)


def daily_elemental_mg(s: Situation, rules: DoseRules) -> float:
    """The elemental amount offered: the gap, capped by the UL room, rounded DOWN to the rule's step."""
    if s.ul_supplement_mg is None:
        return 0.0
    room = max(0.0, s.ul_supplement_mg - s.current_supplement_mg)
    raw = min(max(0.0, s.gap_mg), room)
    step = rules.round_down_to_mg
    return math.floor(raw / step + 1e-9) * step


def doses_per_day(elemental_mg: float, rules: DoseRules) -> int:
    return max(1, min(rules.max_doses_per_day, math.ceil(elemental_mg / rules.max_per_dose_mg - 1e-9)))


def supplement_option(
    s: Situation,
    rules: SupplementChoice,
    compounds: Mapping[str, CompoundInfo],
) -> OptionFinding:
    """The supplement option for this person, or the reason there is none."""
    closed = _gate(s)
    if closed is not None:
        return closed
    if s.gap_mg <= 0:
        return _no("no_gap")
    if s.ul_supplement_mg is None:
        return _no("no_ul")
    if s.current_supplement_mg >= s.ul_supplement_mg:
        return _no("at_ul", current=_num(s.current_supplement_mg), ul=_num(s.ul_supplement_mg))
    elemental = daily_elemental_mg(s, rules.dose)
    if elemental < rules.dose.min_daily_mg:
        return _no("too_small", mg=_num(elemental), minimum=_num(rules.dose.min_daily_mg))
    rule = rules.for_goal(s.goal)
    compound = compounds[rule.compound]
    doses = doses_per_day(elemental, rules.dose)
    compound_mg = round(elemental / compound.elemental_fraction)
    alternatives = [compounds[a].label for a in rule.alternatives if a in compounds]
    why: Words = msg(
        "plan.supplement.why",
        mg=_num(elemental),
        compound=compound.label,
        compound_mg=_num(compound_mg),
        dosing=msg("plan.supplement.dosing_one")
        if doses == 1
        else msg("plan.supplement.dosing_many", doses=doses, per_dose=_num(round(elemental / doses))),
        reason=Text(**rule.why),
        grade=msg(f"plan.grade.{rule.grade}"),
    )
    if alternatives:
        # joined by a plain space in every language, as the option always was
        why = verbatim(" ", [why, msg("plan.supplement.alternatives", names=listing(alternatives))])
    cautions = _cautions(s, compound, elemental)
    sources = list(
        dict.fromkeys(
            [
                *rule.sources,
                *compound.sources,
                *rules.dose.sources,
                *(src for i in s.interactions for src in i.sources),
            ]
        )
    )
    return OptionFinding(
        SupplementFinding(
            compound=compound.id,
            compound_label=compound.label,
            elemental_mg_per_day=elemental,
            compound_mg_per_day=float(compound_mg),
            doses_per_day=doses,
            why=why,
            cautions=cautions,
            sources=sources,
        ),
        None,
        None,
    )


def _cautions(s: Situation, compound: CompoundInfo, elemental: float) -> list[Words]:
    out: list[Words] = []
    if s.pregnant_or_lactating:
        out.append(msg("plan.supplement.caution.pregnancy"))
    out.extend(i.text for i in s.interactions)
    assert s.ul_supplement_mg is not None  # checked by the caller before sizing
    out.append(
        msg(
            "plan.supplement.caution.ul",
            ul=_num(s.ul_supplement_mg),
            current=_num(s.current_supplement_mg),
            total=_num(s.current_supplement_mg + elemental),
        )
    )
    if compound.laxative in ("high", "moderate"):
        out.append(msg("plan.supplement.caution.laxative"))
    if compound.id == "oxide":
        out.append(msg("plan.supplement.caution.oxide_absorption"))
    out.append(msg("plan.supplement.caution.label"))
    out.append(msg("plan.supplement.caution.food_first"))
    return out


def _num(value: float) -> str:
    """Whole numbers without a trailing .0; other values to one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def interactions_for(
    classes: Sequence[tuple[str, str, Words | None, tuple[str, ...]]],
) -> tuple[Interaction, ...]:
    """Medicine classes → cautions: (class id, kind, spacing text or None, sources) per class taken.

    Chelating/absorption classes give their spacing text; magnesium-retaining ones a caution.
    """
    out: list[Interaction] = []
    for class_id, kind, spacing, sources in classes:
        if kind in ("chelation", "absorption") and spacing:
            out.append(Interaction(class_id, spacing, sources))
        elif kind == "retention":
            out.append(Interaction(class_id, msg("plan.supplement.caution.retention"), sources))
    return tuple(out)
