"""Requirement lookup: which DRI row applies to a person, under the US/Canada or the China standard.

Age bands are half-open ``[age_min, age_max)`` in years, so 30.9 years is still "19–30" and 31.0 is
"31–50", exactly as the DRI tables switch at the birthday. China 2013 gives pregnancy and lactation as
increments over the age band, and sets no upper level; the IOM UL for supplemental magnesium is then
used for safety checks and the output says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from magcheck.core.errors import input_error
from magcheck.core.facts import CnRequirementRow, UsRequirementRow
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.messages import Msg, Words, msg, verbatim
from magcheck.core.models import Profile
from magcheck.core.vocabulary import Sex, Standard


@dataclass(frozen=True)
class RequirementFinding:
    """The rows a person's requirement comes from: the IOM 1997 row (its UL serves both standards) and,
    under the China standard, the age band's row and the pregnancy/lactation increment. The amounts and
    words are read from them here; `magcheck.service.parts.requirement_result` writes the output's
    `Requirement`."""

    standard: Standard
    us: UsRequirementRow
    cn: CnRequirementRow | None = None
    cn_extra: CnRequirementRow | None = None

    @property
    def edition(self) -> Msg:
        return msg(f"core.requirement.edition_{self.standard}")

    @property
    def life_stage(self) -> str:
        if self.cn is None:
            return self.us.life_stage
        return (
            self.cn.life_stage
            if self.cn_extra is None
            else f"{self.cn.life_stage}+{self.cn_extra.life_stage}"
        )

    @property
    def life_stage_label(self) -> Words:
        if self.cn is None:
            return self.us.label
        return (
            self.cn.label if self.cn_extra is None else verbatim(" · ", [self.cn.label, self.cn_extra.label])
        )

    @property
    def rda_name(self) -> Literal["RDA", "RNI"]:
        return "RDA" if self.cn is None else "RNI"

    @property
    def rda_mg(self) -> float | None:
        if self.cn is None:
            return self.us.rda_mg
        return _add(self.cn.rni_mg, self.cn_extra.rni_mg if self.cn_extra else None)

    @property
    def ear_mg(self) -> float | None:
        if self.cn is None:
            return self.us.ear_mg
        return _add(self.cn.ear_mg, self.cn_extra.ear_mg if self.cn_extra else None)

    @property
    def ai_mg(self) -> float | None:
        return self.us.ai_mg if self.cn is None else self.cn.ai_mg

    @property
    def ul_supplement_mg(self) -> float | None:
        """China 2013 sets no upper level: the IOM UL for supplemental magnesium serves both standards."""
        return self.us.ul_supplement_mg

    @property
    def sources(self) -> list[str]:
        if self.cn is None:
            return list(self.us.sources)
        return sorted({*self.cn.sources, *(self.cn_extra.sources if self.cn_extra else ()), *self.us.sources})

    @property
    def notes(self) -> list[Msg]:
        if self.cn is None:
            return [
                msg(
                    "core.requirement.ul_note"
                    if self.us.ul_supplement_mg
                    else "core.requirement.infant_no_ul"
                )
            ]
        notes = [msg("core.requirement.cn_no_ul")]
        if self.cn_extra is not None:
            extra = self.cn_extra
            notes.append(
                msg(
                    "core.requirement.cn_increment",
                    what=extra.label,
                    ear=_fmt(extra.ear_mg),
                    rni=_fmt(extra.rni_mg),
                )
            )
        return notes


def _in_band(age: float, low: float, high: float) -> bool:
    return low <= age < high


def pregnancy_possible(kb: KnowledgeBase, age: float) -> bool:
    """Whether `life_stages.toml` accepts pregnancy or lactation at this age."""
    ages = kb.life_stages.pregnancy
    return ages.min_age_years <= age <= ages.max_age_years


def check_life_stage(
    kb: KnowledgeBase, age: float, pregnant: bool, lactating: bool, field: str = "profile"
) -> None:
    """Refuse pregnancy or lactation outside the ages `life_stages.toml` accepts (a field-level error on
    the profile: the input model alone cannot know the ages, they are reviewed data)."""
    if (pregnant or lactating) and not pregnancy_possible(kb, age):
        ages = kb.life_stages.pregnancy
        raise input_error(
            field, "errors.pregnancy_age", min=_fmt(ages.min_age_years), max=_fmt(ages.max_age_years)
        )


def us_row(kb: KnowledgeBase, age: float, sex: Sex, pregnant: bool, lactating: bool) -> UsRequirementRow:
    """The IOM 1997 row for this person (pregnancy/lactation rows win over the age/sex rows)."""
    check_life_stage(kb, age, pregnant, lactating)
    for row in kb.requirements_us:
        if row.pregnant != pregnant or row.lactating != lactating:
            continue
        if row.sex not in ("any", sex):
            continue
        if _in_band(age, row.age_min, row.age_max):
            return row
    raise input_error("profile.age_years", "core.no_requirement_row", value=age)


def cn_rows(
    kb: KnowledgeBase, age: float, pregnant: bool, lactating: bool
) -> tuple[CnRequirementRow, CnRequirementRow | None]:
    """The China 2013 base row for the age, and the pregnancy/lactation increment row if any."""
    base = next(
        (r for r in kb.requirements_cn if r.kind == "base" and _in_band(age, r.age_min, r.age_max)), None
    )
    if base is None:
        raise input_error("profile.age_years", "core.no_requirement_row", value=age)
    kind = "pregnancy_add" if pregnant else "lactation_add" if lactating else None
    extra = next((r for r in kb.requirements_cn if r.kind == kind), None) if kind else None
    return base, extra


def _add(base: float | None, extra: float | None) -> float | None:
    if base is None:
        return None
    return base + (extra or 0.0)


def requirement(
    kb: KnowledgeBase,
    *,
    age: float,
    sex: Sex,
    pregnant: bool,
    lactating: bool,
    standard: Standard,
) -> RequirementFinding:
    """The person's requirement in the chosen standard: the rows it is read from."""
    us = us_row(kb, age, sex, pregnant, lactating)
    if standard == "us":
        return RequirementFinding("us", us)
    base, extra = cn_rows(kb, age, pregnant, lactating)
    return RequirementFinding("cn", us, base, extra)


def profile_requirement(kb: KnowledgeBase, profile: Profile, standard: Standard) -> RequirementFinding:
    """`requirement` for a validated profile: what the assessment and the requirements views ask for."""
    return requirement(
        kb,
        age=profile.age_years,
        sex=profile.sex,
        pregnant=profile.pregnant,
        lactating=profile.lactating,
        standard=standard,
    )


def requirement_rows(kb: KnowledgeBase, standard: Standard) -> list[dict[str, Any]]:
    """The whole table of one standard as plain rows (China's pregnancy/lactation rows are increments),
    each `label` still the bilingual `Text` the service writes in the reader's language."""
    if standard == "us":
        return [
            {
                "life_stage": r.life_stage,
                "label": r.label,
                "sex": r.sex,
                "age_min": r.age_min,
                "age_max": r.age_max,
                "pregnant": r.pregnant,
                "lactating": r.lactating,
                "ear_mg": r.ear_mg,
                "rda_mg": r.rda_mg,
                "ai_mg": r.ai_mg,
                "ul_supplement_mg": r.ul_supplement_mg,
                "sources": list(r.sources),
            }
            for r in kb.requirements_us
        ]
    return [
        {
            "life_stage": r.life_stage,
            "label": r.label,
            "kind": r.kind,
            "age_min": r.age_min,
            "age_max": r.age_max,
            "ear_mg": r.ear_mg,
            "rni_mg": r.rni_mg,
            "ai_mg": r.ai_mg,
            "sources": list(r.sources),
        }
        for r in kb.requirements_cn
    ]


def _fmt(value: float | None) -> str:
    return "0" if value is None else f"{value:g}"


def supplement_ul(kb: KnowledgeBase, age: float, sex: Sex, pregnant: bool, lactating: bool) -> float | None:
    """The IOM upper level for supplemental magnesium (None for infants: not established)."""
    return us_row(kb, age, sex, pregnant, lactating).ul_supplement_mg
