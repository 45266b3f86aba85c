"""The whole knowledge base as one typed value: what the core's rules are given instead of reading files."""

from __future__ import annotations

from magcheck.core.evidence import Claim, GradeInfo, Sign, WarningSign
from magcheck.core.facts import (
    AdequacyMethod,
    CnRequirementRow,
    Compound,
    Condition,
    Fact,
    Kidney,
    Labs,
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
    food_plan: FoodPlanRules
    supplement_choice: SupplementChoice
    grades: dict[EvidenceGrade, GradeInfo]
    frequencies: dict[str, int]
    signs: tuple[Sign, ...]
    warning_signs: tuple[WarningSign, ...]
    claims: tuple[Claim, ...]

    def sign(self, sign_id: str) -> Sign:
        for item in self.signs:
            if item.id == sign_id:
                return item
        raise KeyError(sign_id)

    def warning_sign(self, warning_id: str) -> WarningSign:
        for item in self.warning_signs:
            if item.id == warning_id:
                return item
        raise KeyError(warning_id)

    def condition(self, condition_id: str) -> Condition:
        for item in self.conditions:
            if item.id == condition_id:
                return item
        raise KeyError(condition_id)

    def rule(self, rule_id: str) -> StatusRule:
        for item in self.status.rule:
            if item.id == rule_id:
                return item
        raise KeyError(rule_id)

    def compound(self, compound_id: str) -> Compound:
        for item in self.supplements.compound:
            if item.id == compound_id:
                return item
        raise KeyError(compound_id)
