"""The supplement option's inputs: the compounds with their elemental fractions, and the medicines that
matter for a supplement; `supplement_for` sizes the option with the rules of `supplement_choice.toml`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from magcheck.core.medications import match_medications
from magcheck.core.models import Assessment, AssessmentInput, Preferences
from magcheck.core.supplement_plan import CompoundInfo, Interaction, Situation
from magcheck.i18n import Lang
from magcheck.knowledge.loader import load_knowledge
from magcheck.planning.option_wording import SupplementOption, interactions_for, supplement_option


@cache
def compounds(lang: Lang) -> Mapping[str, CompoundInfo]:
    """The supplement compounds of the knowledge base, with elemental fractions computed from molar masses.

    Made once per language (like the knowledge base itself): every planned assessment asks for them."""
    supplements = load_knowledge().supplements
    return MappingProxyType(
        {
            c.id: CompoundInfo(
                c.id,
                c.name.get(lang),
                c.mg_atoms * supplements.mg_molar_mass / c.molar_mass,
                c.laxative,
                c.sources,
            )
            for c in supplements.compound
        }
    )  # read-only: every caller shares it


def medicine_interactions(medications: list[str], lang: Lang) -> tuple[Interaction, ...]:
    """The medicine classes the person takes that a supplement must be spaced from or that keep magnesium."""
    found, _ = match_medications(load_knowledge(), medications)
    classes = {m.klass.id: m.klass for m in found}
    rows = [(k.id, k.kind, k.spacing.get(lang) if k.spacing else None, k.sources) for k in classes.values()]
    return interactions_for(rows, lang)


def supplement_for(
    assessment: Assessment, inp: AssessmentInput, prefs: Preferences, gap: float, lang: Lang
) -> SupplementOption:
    """The supplement option for this gap, person and goal (or why there is none)."""
    profile = inp.profile
    current = assessment.supplements.elemental_mg_per_day if assessment.supplements else 0.0
    situation = Situation(
        gap_mg=gap,
        ul_supplement_mg=assessment.requirement.ul_supplement_mg,
        current_supplement_mg=current,
        goal=prefs.goal,
        gate=assessment.supplement_gate,
        pregnant_or_lactating=profile.pregnant or profile.lactating,
        interactions=medicine_interactions(inp.medications, lang),
    )
    return supplement_option(situation, load_knowledge().supplement_choice, compounds(lang), lang)
