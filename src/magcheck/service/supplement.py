"""The supplement view: one product as on the label, checked against the UL, medicines and the safety gate.

What `magcheck supplement` shows: elemental magnesium per day, the upper limit for the age, spacing from
the medicines named, and whether a supplement is safe to suggest at all (the gate). The person is
described by the options alone (no record); bad values are field-level `InputError`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from magcheck.core.errors import FieldProblem, InputError, input_error
from magcheck.core.gate import GateFacts, supplement_gate
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import check_plausible, default_unit
from magcheck.core.medications import match_medications
from magcheck.core.models import Profile, SupplementCheck, SupplementInput
from magcheck.core.plausibility import supplement_problems
from magcheck.core.requirements import supplement_ul
from magcheck.core.supplements import check_supplements
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import LAB_UNITS, WARNING_SIGN_IDS, Standard
from magcheck.i18n import Lang, Say, t
from magcheck.i18n.wording import render
from magcheck.knowledge.loader import load_knowledge


@dataclass(frozen=True)
class SupplementQuestion:
    """The options of `magcheck supplement`: the label, and what the gate and the UL need to know."""

    compound: str | None = None
    compound_mg: float | None = None
    elemental_mg: float | None = None
    per_day: float = 1
    age: float | None = None
    egfr: float | None = None
    medications: tuple[str, ...] = ()
    kidney_disease: bool = False
    dialysis: bool = False
    serum: float | None = None
    serum_unit: str | None = None
    pregnant: bool = False
    lactating: bool = False
    warning_signs: tuple[str, ...] = ()
    standard: Standard = "us"
    confirmed: bool = False


def _check_range(field: str, value: float | None, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        above = value > high
        raise input_error(
            field,
            "errors.too_large" if above else "errors.too_small",
            value=value,
            limit=high if above else low,
        )


def _warning_signs(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--warning-sign` values, each one of the known ids (field-level error otherwise)."""
    for value in values:
        if value not in WARNING_SIGN_IDS:
            raise input_error(
                "warning_sign", "errors.invalid_choice", value=value, allowed=", ".join(WARNING_SIGN_IDS)
            )
    return values


def _serum_mmol(
    knowledge: KnowledgeBase, value: float | None, unit: str | None, standard: Standard
) -> float | None:
    """`--serum` in mmol/L; without `--serum-unit` the standard's usual unit (US mg/dL, China mmol/L)."""
    if value is None:
        return None
    chosen = unit or default_unit(knowledge, standard)
    if chosen not in LAB_UNITS:
        raise input_error("serum_unit", "errors.invalid_choice", value=chosen, allowed=", ".join(LAB_UNITS))
    return check_plausible(knowledge, value, chosen, "serum")


def check_supplement(q: SupplementQuestion, lang: Lang) -> tuple[SupplementCheck, list[str]]:
    """The check of one product, and the medicines named that magcheck does not recognise."""
    knowledge = load_knowledge()
    item = parse_model(
        SupplementInput,
        {
            "compound": q.compound,
            "compound_mg": q.compound_mg,
            "elemental_mg": q.elemental_mg,
            "per_day": q.per_day,
        },
    )
    _check_range("age", q.age, 0, 120)
    _check_range("egfr", q.egfr, 1, 200)
    person = parse_model(
        Profile,
        {"age_years": 30 if q.age is None else q.age, "sex": "female", "pregnant": q.pregnant,
         "lactating": q.lactating},
        prefix="profile",
    )  # fmt: skip
    warnings = _warning_signs(q.warning_signs)
    serum_mmol = _serum_mmol(knowledge, q.serum, q.serum_unit, q.standard)
    ul = supplement_ul(knowledge, person.age_years, "female", q.pregnant, q.lactating)
    meds, unknown = match_medications(knowledge, list(q.medications))
    facts = GateFacts(
        age_years=person.age_years,
        pregnant=q.pregnant,
        lactating=q.lactating,
        egfr=q.egfr,
        dialysis=q.dialysis,
        kidney_disease=q.kidney_disease,
        serum_mmol=serum_mmol,
        warning_signs=bool(warnings),
    )
    gate = supplement_gate(knowledge, facts)
    check = check_supplements(knowledge, [item], ul=ul, gate=gate, medications=meds)
    problems = supplement_problems(knowledge, check.items, ul, [q.confirmed], "supplements")
    if problems:
        field = "elemental_mg" if q.elemental_mg else "compound_mg"
        raise InputError([FieldProblem(field, p.code, p.params) for p in problems])
    return render(SupplementCheck, check, Say(lang)), unknown


def supplement_json(check: SupplementCheck, unknown: list[str], lang: Lang) -> dict[str, Any]:
    """What `magcheck supplement --json` prints: the check, the unrecognised medicines, the disclaimer."""
    data = check.model_dump(mode="json")
    data["unrecognised_medications"] = unknown
    data["disclaimer"] = t("core.disclaimer", lang)
    return data
