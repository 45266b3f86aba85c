"""The requirements view: one person's daily magnesium requirement, or the whole table of a standard."""

from __future__ import annotations

from typing import Any

from magcheck.core.models import Profile, Requirement
from magcheck.core.requirements import profile_requirement, requirement_rows
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import Standard
from magcheck.i18n import Lang, Say
from magcheck.i18n.wording import render, written
from magcheck.knowledge.loader import load_knowledge


def requirements_view(
    age: float | None, sex: str | None, pregnant: bool, lactating: bool, standard: Standard, lang: Lang
) -> dict[str, Any]:
    """What `magcheck requirements --json` and the API show: one person's row if any of them is given,
    else the whole table of the standard."""
    knowledge = load_knowledge()
    say = Say(lang)
    disclaimer = say("core.disclaimer")
    if age is None and sex is None and not (pregnant or lactating):
        edition = say(f"core.requirement.edition_{standard}")
        rows = written(requirement_rows(knowledge, standard), say)
        return {"standard": standard, "edition": edition, "rows": rows, "disclaimer": disclaimer}
    profile = parse_model(
        Profile,
        {"age_years": age, "sex": sex, "pregnant": pregnant, "lactating": lactating},
        prefix="profile",
    )
    req = render(Requirement, profile_requirement(knowledge, profile, standard), say)
    return {**req.model_dump(mode="json"), "disclaimer": disclaimer}
