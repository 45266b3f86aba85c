"""The whole knowledge base as one typed value: what the core's rules are given instead of reading files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from magcheck.core.evidence import Claim, GradeInfo, Sign, WarningSign
from magcheck.core.facts import (
    AdequacyMethod,
    CnRequirementRow,
    Compound,
    Condition,
    Fact,
    FhirCodes,
    Kidney,
    Labs,
    LifeStages,
    MedicationClass,
    Plausibility,
    Reference,
    SafetyGate,
    SdWithinRow,
    StatusRule,
    StatusRules,
    Supplements,
    UsRequirementRow,
)
from magcheck.core.mds_facts import MdsConfig
from magcheck.core.plan_rules import FoodPlanRules, SupplementChoice
from magcheck.core.vocabulary import EvidenceGrade


class KnowledgeBase(Fact):
    """Everything the core needs, already validated and cross-checked."""

    version: str
    references: dict[str, Reference]
    requirements_us: tuple[UsRequirementRow, ...]
    requirements_cn: tuple[CnRequirementRow, ...]
    sd_within: tuple[SdWithinRow, ...]
    adequacy: AdequacyMethod
    labs: Labs
    mds: MdsConfig
    kidney: Kidney
    supplements: Supplements
    medications: tuple[MedicationClass, ...]
    conditions: tuple[Condition, ...]
    status: StatusRules
    gate: SafetyGate
    plausibility: Plausibility
    life_stages: LifeStages
    fhir: FhirCodes
    food_plan: FoodPlanRules
    supplement_choice: SupplementChoice
    grades: dict[EvidenceGrade, GradeInfo]
    frequencies: dict[str, int]
    signs: tuple[Sign, ...]
    warning_signs: tuple[WarningSign, ...]
    claims: tuple[Claim, ...]

    def sign(self, sign_id: str) -> Sign:
        return _by_id(self.signs, sign_id)

    def warning_sign(self, warning_id: str) -> WarningSign:
        return _by_id(self.warning_signs, warning_id)

    def condition(self, condition_id: str) -> Condition:
        return _by_id(self.conditions, condition_id)

    def rule(self, rule_id: str) -> StatusRule:
        return _by_id(self.status.rule, rule_id)

    def compound(self, compound_id: str) -> Compound:
        return _by_id(self.supplements.compound, compound_id)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=_HasId)


def _by_id(entries: Iterable[E], entry_id: str) -> E:
    """The entry with this id (ids are unique: the loader checks); KeyError names an unknown one."""
    for entry in entries:
        if entry.id == entry_id:
            return entry
    raise KeyError(entry_id)
