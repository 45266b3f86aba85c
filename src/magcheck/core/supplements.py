"""The supplement check: what a label gives in elemental magnesium, against the UL, and whether it is safe to
advise at all.

The UL (65 / 110 / 350 mg by age; none for infants) covers magnesium from supplements and medicines only,
never food. Whether dose advice is allowed at all is not decided here: it is the answer of the one safety
gate (`magcheck.core.gate`), handed in and repeated with its reasons. Spacing advice for medicines that
magnesium binds in the gut, and the interactions of medicines that deplete or retain magnesium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from magcheck.core.errors import FieldProblem, InputError
from magcheck.core.facts import Compound
from magcheck.core.findings import ReasonFinding
from magcheck.core.gate import Gate
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.medications import MedicationMatch, normalise
from magcheck.core.messages import Joined, Words, msg, sentences, verbatim
from magcheck.core.models import SupplementInput
from magcheck.core.vocabulary import GateReasonId


@dataclass(frozen=True)
class LineFinding:
    """The output's `SupplementLine`, its compound's label in words."""

    compound: str | None
    compound_label: Words | None
    elemental_mg_per_day: float
    elemental_fraction: float | None


@dataclass(frozen=True)
class CheckFinding:
    """The output's `SupplementCheck`, its texts in words."""

    items: list[LineFinding]
    elemental_mg_per_day: float
    ul_supplement_mg: float | None
    above_ul: bool
    spacing: list[ReasonFinding]
    interactions: list[ReasonFinding]
    dose_advice_allowed: bool
    gate_reason: Words | None
    gate_reason_ids: list[GateReasonId]
    text: Joined
    sources: list[str]


@dataclass(frozen=True)
class UnknownForm:
    """A label whose magnesium fraction cannot be known: a blend (`mix`) or an unlisted hydrate."""

    kind: Literal["mix", "hydrate"]


def elemental_fraction(kb: KnowledgeBase, compound: Compound) -> float:
    """Mass fraction of magnesium: atoms × 24.305 / molar mass of the compound as sold."""
    return compound.mg_atoms * kb.supplements.mg_molar_mass / compound.molar_mass


_HYDRATE = re.compile(r"hydrate|h2o|水合|[一二三四五六七八九]水")
_ANHYDROUS = re.compile(r"anhydrous|无水")


def _names(kb: KnowledgeBase) -> list[tuple[str, Compound]]:
    """Every known name, normalised, longest first (so "lactate dihydrate" wins over "lactate")."""
    names = [
        (normalise(name), compound)
        for compound in kb.supplements.compound
        for name in (compound.id, compound.name.en, compound.name.zh, *compound.aliases)
    ]
    return sorted(names, key=lambda item: -len(item[0]))


def read_label(kb: KnowledgeBase, text: str) -> Compound | UnknownForm | None:
    """Match a label name in en/zh ("magnesium citrate", "柠檬酸镁", "MgCl2") to a compound — exactly.

    A blend ("buffered", "chelate" …: often mixed with oxide) or a hydrate magcheck has no formula for
    ("glycinate dihydrate", "chloride anhydrous" read against a hydrate) is an `UnknownForm`: its magnesium
    content cannot be worked out from the compound weight, and the best case is never assumed.
    """
    key = normalise(text)
    if not key:
        return None
    words = kb.supplements.blend_words
    if any(normalise(word) in key for word in words):
        return UnknownForm("mix")
    names = _names(kb)
    found = next((c for name, c in names if name == key), None)
    matched = key if found is not None else ""
    if found is None:
        hit = next(((name, c) for name, c in names if len(name) >= 4 and name in key), None)
        if hit is None:
            return None
        matched, found = hit
    rest = key.replace(matched, "", 1)
    hydrate_named = bool(_HYDRATE.search(rest))
    anhydrous_named = bool(_ANHYDROUS.search(rest))
    if hydrate_named or (anhydrous_named and "H2O" in found.formula):
        return UnknownForm("hydrate")
    return found


def find_compound(kb: KnowledgeBase, text: str) -> Compound | None:
    """The compound a label names, or None (unknown, a blend or an unlisted hydrate)."""
    found = read_label(kb, text)
    return found if isinstance(found, Compound) else None


def compound_or_error(kb: KnowledgeBase, text: str, field: str) -> Compound:
    found = read_label(kb, text)
    if isinstance(found, UnknownForm):
        raise InputError([FieldProblem(field, f"safety.compound.{found.kind}", {"value": text})])
    if found is None:
        allowed = ", ".join(
            c.name.en.split(" (")[0].removeprefix("Magnesium ") for c in kb.supplements.compound
        )
        raise InputError(
            [FieldProblem(field, "errors.unknown_compound", {"value": text, "allowed": allowed})]
        )
    return found


def supplement_lines(kb: KnowledgeBase, items: list[SupplementInput]) -> list[LineFinding]:
    """Elemental magnesium per day for each label; every bad compound is reported, not just the first."""
    lines: list[LineFinding] = []
    problems: list[FieldProblem] = []
    for index, item in enumerate(items):
        compound: Compound | None = None
        label: Words | None = None
        if item.compound:
            found = read_label(kb, item.compound)
            if isinstance(found, UnknownForm) and item.elemental_mg is not None:
                # the label's elemental amount is all that is needed: the form stays "as labelled"
                label = msg("safety.compound.as_labelled", value=item.compound)
            else:
                try:
                    compound = compound_or_error(kb, item.compound, f"supplements.{index}.compound")
                except InputError as exc:
                    problems.extend(exc.problems)
                    continue
        fraction = elemental_fraction(kb, compound) if compound else None
        if item.elemental_mg is not None:
            per_dose = item.elemental_mg
        elif item.compound_mg is not None and fraction is not None:
            per_dose = item.compound_mg * fraction
        else:
            problems.append(FieldProblem(f"supplements.{index}", "errors.supplement_amount", {}))
            continue
        lines.append(
            LineFinding(
                compound=compound.id if compound else None,
                compound_label=compound.name if compound else label,
                elemental_mg_per_day=round(per_dose * item.per_day, 1),
                elemental_fraction=round(fraction, 4) if fraction is not None else None,
            )
        )
    if problems:
        raise InputError(problems)
    return lines


def medicine_reasons(matches: list[MedicationMatch]) -> tuple[list[ReasonFinding], list[ReasonFinding]]:
    """(spacing, interactions) — one reason per medicine class, naming the person's medicines."""
    spacing: list[ReasonFinding] = []
    interactions: list[ReasonFinding] = []
    seen: set[str] = set()
    for match in matches:
        klass = match.klass
        if klass.id in seen:
            continue
        seen.add(klass.id)
        drugs = verbatim(", ", list(dict.fromkeys(m.drug for m in matches if m.klass.id == klass.id)))
        head = verbatim(" — ", [klass.name, drugs])
        if klass.spacing is not None:
            spacing.append(
                ReasonFinding(
                    f"spacing.{klass.id}", Joined("labelled", (head, klass.spacing)), list(klass.sources)
                )
            )
        interactions.append(
            ReasonFinding(
                f"interaction.{klass.id}", Joined("labelled", (head, klass.effect)), list(klass.sources)
            )
        )
    return spacing, interactions


def check_supplements(
    kb: KnowledgeBase,
    items: list[SupplementInput],
    *,
    ul: float | None,
    gate: Gate,
    medications: list[MedicationMatch],
) -> CheckFinding:
    lines = supplement_lines(kb, items)
    total = round(sum(line.elemental_mg_per_day for line in lines), 1)
    above = ul is not None and total > ul
    allowed = gate.dose_allowed
    why = None if allowed else gate.text
    spacing, interactions = medicine_reasons(medications)
    if ul is None:
        text = msg("core.supplement.no_ul", mg=f"{total:g}")
    elif above:
        text = msg("core.supplement.above_ul", mg=f"{total:g}", ul=f"{ul:g}")
    else:
        text = msg("core.supplement.within_ul", mg=f"{total:g}", ul=f"{ul:g}")
    parts: list[Words] = [text]
    if not allowed and why:
        parts.append(why)
    elif above:
        parts.append(msg("core.supplement.reduce", ul=f"{ul:g}"))
    compounds = [kb.compound(line.compound) for line in lines if line.compound]
    laxative = [c for c in compounds if c.laxative == "high"]
    if laxative:
        names = verbatim(", ", list(dict.fromkeys(c.name for c in laxative)))
        parts.append(msg("core.supplement.laxative", names=names))
    sources = sorted(
        {
            "iom1997",
            *(s for c in compounds for s in c.sources),
            *(s for r in spacing + interactions for s in r.sources),
            *gate.sources,
        }
    )
    return CheckFinding(
        items=lines,
        elemental_mg_per_day=total,
        ul_supplement_mg=ul,
        above_ul=above,
        spacing=spacing,
        interactions=interactions,
        dose_advice_allowed=allowed,
        gate_reason=why,
        gate_reason_ids=[c.id for c in gate.causes],
        text=sentences(*parts),
        sources=sources,
    )
