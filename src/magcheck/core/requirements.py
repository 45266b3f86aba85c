"""Requirement lookup: which DRI row applies to a person, under the US/Canada or the China standard.

Age bands are half-open ``[age_min, age_max)`` in years, so 30.9 years is still "19–30" and 31.0 is
"31–50", exactly as the DRI tables switch at the birthday. China 2013 gives pregnancy and lactation as
increments over the age band, and sets no upper level; the IOM UL for supplemental magnesium is then
used for safety checks and the output says so.
"""

from __future__ import annotations

from typing import Any

from magcheck.core.errors import input_error
from magcheck.core.facts import CnRequirementRow, UsRequirementRow
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import Profile, Requirement
from magcheck.core.vocabulary import Sex, Standard
from magcheck.i18n import Lang, t


def _in_band(age: float, low: float, high: float) -> bool:
    return low <= age < high


def us_row(kb: KnowledgeBase, age: float, sex: Sex, pregnant: bool, lactating: bool) -> UsRequirementRow:
    """The IOM 1997 row for this person (pregnancy/lactation rows win over the age/sex rows)."""
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
    lang: Lang,
) -> Requirement:
    """The person's requirement in the chosen standard, with texts in `lang` and its sources."""
    us = us_row(kb, age, sex, pregnant, lactating)
    if standard == "us":
        return Requirement(
            standard="us",
            edition=t("core.requirement.edition_us", lang),
            life_stage=us.life_stage,
            life_stage_label=us.label.get(lang),
            rda_mg=us.rda_mg,
            rda_name="RDA",
            ear_mg=us.ear_mg,
            ai_mg=us.ai_mg,
            ul_supplement_mg=us.ul_supplement_mg,
            sources=list(us.sources),
            notes=[
                t(
                    "core.requirement.ul_note" if us.ul_supplement_mg else "core.requirement.infant_no_ul",
                    lang,
                )
            ],
        )
    base, extra = cn_rows(kb, age, pregnant, lactating)
    life_stage = base.life_stage if extra is None else f"{base.life_stage}+{extra.life_stage}"
    label = base.label.get(lang) if extra is None else f"{base.label.get(lang)} · {extra.label.get(lang)}"
    notes = [t("core.requirement.cn_no_ul", lang)]
    if extra is not None:
        notes.append(
            t(
                "core.requirement.cn_increment",
                lang,
                what=extra.label.get(lang),
                ear=_fmt(extra.ear_mg),
                rni=_fmt(extra.rni_mg),
            )
        )
    return Requirement(
        standard="cn",
        edition=t("core.requirement.edition_cn", lang),
        life_stage=life_stage,
        life_stage_label=label,
        rda_mg=_add(base.rni_mg, extra.rni_mg if extra else None),
        rda_name="RNI",
        ear_mg=_add(base.ear_mg, extra.ear_mg if extra else None),
        ai_mg=base.ai_mg,
        ul_supplement_mg=us.ul_supplement_mg,
        sources=sorted({*base.sources, *(extra.sources if extra else ()), *us.sources}),
        notes=notes,
    )


def profile_requirement(kb: KnowledgeBase, profile: Profile, standard: Standard, lang: Lang) -> Requirement:
    """`requirement` for a validated profile: what the assessment and the requirements views ask for."""
    return requirement(
        kb,
        age=profile.age_years,
        sex=profile.sex,
        pregnant=profile.pregnant,
        lactating=profile.lactating,
        standard=standard,
        lang=lang,
    )


def requirement_rows(kb: KnowledgeBase, standard: Standard, lang: Lang) -> list[dict[str, Any]]:
    """The whole table of one standard as plain rows (China's pregnancy/lactation rows are increments)."""
    if standard == "us":
        return [
            {
                "life_stage": r.life_stage,
                "label": r.label.get(lang),
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
            "label": r.label.get(lang),
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
