"""The contract every interface shares: the input models (`inputs`) and the output models (`outputs`).

Callers import them from here, `magcheck.core.models`; the two halves are kept in their own modules so
each stays small and says what it holds.
"""

from __future__ import annotations

from magcheck.core.models.inputs import (
    AssessmentInput,
    Intake,
    Labs,
    LabValue,
    Preferences,
    Profile,
    SupplementInput,
)
from magcheck.core.models.outputs import (
    Adequacy,
    Assessment,
    Coverage,
    FoodEntryResult,
    FoodLogSummary,
    GateReason,
    IntakeResult,
    LabsResult,
    Mds,
    MdsComponent,
    MealFood,
    NotUnderstood,
    Plan,
    PlanFood,
    PlanSupplement,
    Reason,
    RedFlag,
    Requirement,
    SignResult,
    SignsResult,
    SourceRef,
    Status,
    SupplementCheck,
    SupplementGate,
    SupplementLine,
)

__all__ = [
    "Adequacy",
    "Assessment",
    "AssessmentInput",
    "Coverage",
    "FoodEntryResult",
    "FoodLogSummary",
    "GateReason",
    "Intake",
    "IntakeResult",
    "LabValue",
    "Labs",
    "LabsResult",
    "Mds",
    "MdsComponent",
    "MealFood",
    "NotUnderstood",
    "Plan",
    "PlanFood",
    "PlanSupplement",
    "Preferences",
    "Profile",
    "Reason",
    "RedFlag",
    "Requirement",
    "SignResult",
    "SignsResult",
    "SourceRef",
    "Status",
    "SupplementCheck",
    "SupplementGate",
    "SupplementInput",
    "SupplementLine",
]
