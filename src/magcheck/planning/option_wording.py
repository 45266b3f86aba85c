"""The supplement option of a food plan written in the reader's language (the rules are the core's,
`magcheck.core.supplement_plan`; `planning.supplement` gathers what they need)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from magcheck.core.messages import Words
from magcheck.core.models import PlanSupplement
from magcheck.core.plan_rules import SupplementChoice
from magcheck.core.supplement_plan import CompoundInfo, Interaction, Situation
from magcheck.core.supplement_plan import interactions_for as interaction_findings
from magcheck.core.supplement_plan import supplement_option as option_finding
from magcheck.i18n import Lang, Say
from magcheck.i18n.wording import render


@dataclass(frozen=True)
class SupplementOption:
    """The option as the plan shows it: the sized supplement, or why there is none (and its id)."""

    supplement: PlanSupplement | None
    reason: str | None
    reason_id: str | None


def supplement_option(
    s: Situation, rules: SupplementChoice, compounds: Mapping[str, CompoundInfo], lang: Lang
) -> SupplementOption:
    """The supplement option for this person, or the reason there is none, in `lang`."""
    say = Say(lang)
    found = option_finding(s, rules, compounds)
    supplement = render(PlanSupplement, found.supplement, say) if found.supplement else None
    reason = say.words(found.reason) if found.reason is not None else None
    return SupplementOption(supplement, reason, found.reason_id)


def interactions_for(
    classes: Sequence[tuple[str, str, Words | None, tuple[str, ...]]], lang: Lang
) -> tuple[Interaction, ...]:
    """The medicine classes' cautions (`magcheck.core.supplement_plan.interactions_for`) written in `lang`."""
    say = Say(lang)
    return tuple(replace(i, text=say.words(i.text)) for i in interaction_findings(classes))
