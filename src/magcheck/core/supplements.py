"""The supplement check: what a label gives in elemental magnesium, against the UL, and whether it is safe to
advise at all.

The UL (65 / 110 / 350 mg by age; none for infants) covers magnesium from supplements and medicines only,
never food. Whether dose advice is allowed at all is not decided here: it is the answer of the one safety
gate (`magcheck.core.gate`), handed in and repeated with its reasons. Spacing advice for medicines that
magnesium binds in the gut, and the interactions of medicines that deplete or retain magnesium.
"""

from __future__ import annotations

from magcheck.core.medications import MedicationMatch, normalise
from magcheck.core.models import Reason, SupplementCheck, SupplementGate, SupplementInput, SupplementLine
from magcheck.core.text import sentences
from magcheck.errors import FieldProblem, InputError
from magcheck.i18n import Lang, t
from magcheck.kb import Compound, KnowledgeBase


def elemental_fraction(kb: KnowledgeBase, compound: Compound) -> float:
    """Mass fraction of magnesium: atoms × 24.305 / molar mass of the compound as sold."""
    return compound.mg_atoms * kb.supplements.mg_molar_mass / compound.molar_mass


def find_compound(kb: KnowledgeBase, text: str) -> Compound | None:
    """Match a label name in en/zh ("magnesium citrate", "柠檬酸镁", "bisglycinate") to a compound."""
    key = normalise(text)
    if not key:
        return None
    names: list[tuple[str, Compound]] = []
    for compound in kb.supplements.compound:
        for name in (compound.id, compound.name.en, compound.name.zh, *compound.aliases):
            names.append((normalise(name), compound))
    for name, compound in names:
        if name == key:
            return compound
    names.sort(key=lambda item: -len(item[0]))
    return next((c for name, c in names if len(name) >= 4 and name in key), None)


def compound_or_error(kb: KnowledgeBase, text: str, field: str) -> Compound:
    compound = find_compound(kb, text)
    if compound is None:
        allowed = ", ".join(
            c.name.en.split(" (")[0].removeprefix("Magnesium ") for c in kb.supplements.compound
        )
        raise InputError(
            [FieldProblem(field, "errors.unknown_compound", {"value": text, "allowed": allowed})]
        )
    return compound


def supplement_lines(kb: KnowledgeBase, items: list[SupplementInput], lang: Lang) -> list[SupplementLine]:
    """Elemental magnesium per day for each label; every bad compound is reported, not just the first."""
    lines: list[SupplementLine] = []
    problems: list[FieldProblem] = []
    for index, item in enumerate(items):
        compound: Compound | None = None
        if item.compound:
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
            SupplementLine(
                compound=compound.id if compound else None,
                compound_label=compound.name.get(lang) if compound else None,
                elemental_mg_per_day=round(per_dose * item.per_day, 1),
                elemental_fraction=round(fraction, 4) if fraction is not None else None,
            )
        )
    if problems:
        raise InputError(problems)
    return lines


def medicine_reasons(matches: list[MedicationMatch], lang: Lang) -> tuple[list[Reason], list[Reason]]:
    """(spacing, interactions) — one reason per medicine class, naming the person's medicines."""
    spacing: list[Reason] = []
    interactions: list[Reason] = []
    seen: set[str] = set()
    for match in matches:
        klass = match.klass
        if klass.id in seen:
            continue
        seen.add(klass.id)
        drugs = ", ".join(
            dict.fromkeys(m.drug.zh if lang == "zh" else m.drug.en for m in matches if m.klass.id == klass.id)
        )
        head = f"{klass.name.get(lang)} — {drugs}"
        sep = ": " if lang == "en" else "："
        if klass.spacing is not None:
            spacing.append(
                Reason(
                    id=f"spacing.{klass.id}",
                    text=f"{head}{sep}{klass.spacing.get(lang)}",
                    sources=list(klass.sources),
                )
            )
        interactions.append(
            Reason(
                id=f"interaction.{klass.id}",
                text=f"{head}{sep}{klass.effect.get(lang)}",
                sources=list(klass.sources),
            )
        )
    return spacing, interactions


def check_supplements(
    kb: KnowledgeBase,
    items: list[SupplementInput],
    *,
    ul: float | None,
    gate: SupplementGate,
    medications: list[MedicationMatch],
    lang: Lang,
) -> SupplementCheck:
    lines = supplement_lines(kb, items, lang)
    total = round(sum(line.elemental_mg_per_day for line in lines), 1)
    above = ul is not None and total > ul
    allowed = gate.dose_allowed
    why = None if allowed else gate.text
    spacing, interactions = medicine_reasons(medications, lang)
    if ul is None:
        text = t("core.supplement.no_ul", lang, mg=f"{total:g}")
    elif above:
        text = t("core.supplement.above_ul", lang, mg=f"{total:g}", ul=f"{ul:g}")
    else:
        text = t("core.supplement.within_ul", lang, mg=f"{total:g}", ul=f"{ul:g}")
    if not allowed and why:
        text = sentences(lang, text, why)
    elif above:
        text = sentences(lang, text, t("core.supplement.reduce", lang, ul=f"{ul:g}"))
    compounds = [kb.compound(line.compound) for line in lines if line.compound]
    laxative = [c for c in compounds if c.laxative == "high"]
    if laxative:
        names = ", ".join(dict.fromkeys(c.name.get(lang) for c in laxative))
        text = sentences(lang, text, t("core.supplement.laxative", lang, names=names))
    sources = sorted(
        {
            "iom1997",
            *(s for c in compounds for s in c.sources),
            *(s for r in spacing + interactions for s in r.sources),
            *gate.sources,
        }
    )
    return SupplementCheck(
        items=lines,
        elemental_mg_per_day=total,
        ul_supplement_mg=ul,
        above_ul=above,
        spacing=spacing,
        interactions=interactions,
        dose_advice_allowed=allowed,
        gate_reason=why,
        gate_reason_ids=[r.id for r in gate.reasons],
        text=text,
        sources=sources,
    )
