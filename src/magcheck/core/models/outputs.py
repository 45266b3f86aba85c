"""The output contract shared by every interface (CLI `--json`, REST API, web, reports).

Names here are fixed by the project's issues (other tools rely on them): change them only with the
issue that owns them. Outputs carry texts already written in the requested language (the service layer
writes the core's message keys) plus the stable ids behind them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from magcheck.core.vocabulary import (
    BurdenLevel,
    EvidenceGrade,
    Frequency,
    GateReasonId,
    LabInterpretation,
    LabUnit,
    MdsLevel,
    PlanStatus,
    SignId,
    Standard,
    StatusLevel,
    WarningSignId,
)


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Shared(_Output):
    """A part that answers share (the service remembers it per process: a food-log line's results, a
    citation, a sign's explanation): frozen, so that no answer can change another's."""

    model_config = ConfigDict(frozen=True)


class SourceRef(_Shared):
    id: str
    citation: str
    url: str | None = None


class Requirement(_Output):
    standard: Standard
    edition: str
    life_stage: str
    life_stage_label: str
    rda_mg: float | None
    rda_name: Literal["RDA", "RNI"]
    ear_mg: float | None
    ai_mg: float | None
    ul_supplement_mg: float | None
    sources: list[str]
    notes: list[str] = Field(default_factory=list)


class FoodEntryResult(_Shared):
    entry: str
    day: int
    ndb: str | None
    food_id: str | None = None  # namespaced ("usda:11457", "tfda:F0210101"); ndb is USDA-only
    source: str | None = None
    name_en: str | None
    name_zh: str | None
    grams: float | None
    mg: float | None
    note: str | None = None
    sources: list[str] = Field(default_factory=list)  # the tables a dish's value is computed from


class MealFood(_Shared):
    """A food as a meal item names it: namespaced id, USDA number (USDA foods only), source, names."""

    id: str
    ndb: str | None
    source: str
    name_en: str
    name_zh: str | None


class NotUnderstood(_Shared):
    """A part of a food log magcheck could not read: why, and the foods it might have been."""

    text: str
    reason: str
    candidates: list[MealFood]


class Coverage(_Output):
    entries: int
    entries_with_value: int
    complete: bool
    text: str


class IntakeResult(_Output):
    source: Literal["usual", "daily", "food_log", "none"]
    days: int
    daily_mg: list[float]
    food_mean_mg: float | None
    supplement_mg: float
    mean_mg: float | None
    foods: list[FoodEntryResult] = Field(default_factory=list)
    coverage: Coverage | None = None
    not_understood: list[NotUnderstood] = Field(default_factory=list)
    text: str


class FoodLogSummary(_Output):
    """Parsed food logs handed to the core: daily totals are lower bounds when coverage is incomplete."""

    entries: list[FoodEntryResult]
    daily_mg: list[float]
    coverage: Coverage
    not_understood: list[NotUnderstood] = Field(default_factory=list)


class Adequacy(_Output):
    method: Literal["iom_ear", "iom_ai", "none"]
    z: float | None
    probability_adequate: float | None
    sd_requirement_mg: float | None
    sd_within_mg: float | None
    sd_within_verified: bool | None
    n_days: int
    conclusion: str
    text: str
    caveats: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    confidence_at_least_ai: float | None = None
    sd_difference_mg: float | None = None


class MdsComponent(_Output):
    id: str  # a component id of mds.toml
    points: int | None
    known: bool
    text: str


class Mds(_Output):
    score: int
    min_possible: int
    max_possible: int
    components: list[MdsComponent]
    unknown: list[str]
    level: MdsLevel
    text: str
    sources: list[str]


class SignResult(_Shared):
    id: SignId
    frequency: Frequency
    name: str
    explanation: str
    evidence_cause: str
    evidence_supplement: str
    other_causes: list[str]
    sources: list[str]
    evidence_cause_grade: EvidenceGrade | None = None
    evidence_supplement_grade: EvidenceGrade | None = None
    one_line: str = ""
    mechanism: str = ""
    weight: float | None = None


class SignsResult(_Output):
    answered: int
    reported: int
    burden: float
    burden_level: BurdenLevel
    items: list[SignResult]
    caveat: str
    ask_warning_signs: list[WarningSignId] = Field(default_factory=list)


class LabsResult(_Output):
    serum_mmol_per_l: float | None
    input_value: float | None = None
    input_unit: LabUnit | None = None
    interpretation: LabInterpretation | None
    text: str
    sources: list[str]


class Reason(_Output):
    id: str
    text: str
    sources: list[str] = Field(default_factory=list)


class Status(_Output):
    level: StatusLevel
    label: str
    reasons: list[Reason]
    # with `insufficient_information`: the one or two answers that would tell most, most useful first
    next_answers: list[Reason] = Field(default_factory=list)


class GateReason(_Output):
    id: GateReasonId
    text: str
    sources: list[str] = Field(default_factory=list)


class SupplementGate(_Output):
    """The one safety gate's answer (`magcheck.core.gate`): every output that could size a dose reads it.

    `dose_allowed` is False exactly when `reasons` is not empty; the reasons come most serious first.
    """

    dose_allowed: bool
    reasons: list[GateReason]
    text: str
    sources: list[str] = Field(default_factory=list)


class RedFlag(_Output):
    id: str
    text: str
    action: str
    sources: list[str] = Field(default_factory=list)


class SupplementLine(_Output):
    compound: str | None
    compound_label: str | None
    elemental_mg_per_day: float
    elemental_fraction: float | None


class SupplementCheck(_Output):
    items: list[SupplementLine]
    elemental_mg_per_day: float
    ul_supplement_mg: float | None
    above_ul: bool
    spacing: list[Reason]
    interactions: list[Reason]
    dose_advice_allowed: bool
    gate_reason: str | None
    gate_reason_ids: list[GateReasonId] = Field(default_factory=list)
    text: str
    sources: list[str]


class PlanFood(_Output):
    ndb: str | None  # the USDA number; None for a Taiwan FDA food
    food_id: str | None = None  # namespaced ("usda:11457", "tfda:F0210101")
    source: str = "usda"
    name_en: str
    name_zh: str
    grams: float
    portion: str
    mg: float
    kcal: float
    why: str


class PlanSupplement(_Output):
    compound: str
    compound_label: str
    elemental_mg_per_day: float
    compound_mg_per_day: float
    doses_per_day: int
    why: str
    cautions: list[str]
    sources: list[str]


class Plan(_Output):
    status: PlanStatus
    target_mg: float
    gap_mg: float
    total_mg: float
    total_kcal: float
    foods: list[PlanFood]
    binding: list[str] = Field(default_factory=list)
    text: str
    supplement: PlanSupplement | None
    supplement_reason: str | None
    supplement_reason_id: str | None = None


class Assessment(_Output):
    """Everything an interface shows; `--json` prints exactly this."""

    lang: Literal["en", "zh"]
    knowledge_version: str
    requirement: Requirement
    intake: IntakeResult
    adequacy: Adequacy
    mds: Mds
    signs: SignsResult
    labs: LabsResult | None
    status: Status
    red_flags: list[RedFlag]
    supplement_gate: SupplementGate
    supplements: SupplementCheck | None
    plan: Plan | None
    recommendations: list[Reason]
    unrecognised_medications: list[str] = Field(default_factory=list)
    sources: list[SourceRef]
    disclaimer: str

    @model_validator(mode="after")
    def _no_dose_through_a_closed_gate(self) -> Assessment:
        """A sized dose while the safety gate is closed cannot be built: the output contract refuses it."""
        return self.check_gate()

    def check_gate(self) -> Assessment:
        """Raise unless every part agrees with the gate (also called after `model_copy`, which skips
        validators, when the plan is attached)."""
        gate = self.supplement_gate
        if gate.dose_allowed == bool(gate.reasons):
            raise ValueError("supplement_gate: dose_allowed must be False exactly when a reason holds")
        if not gate.dose_allowed and self.plan is not None and self.plan.supplement is not None:
            raise ValueError("plan.supplement: a dose while the supplement safety gate is closed")
        if self.supplements is not None and self.supplements.dose_advice_allowed != gate.dose_allowed:
            raise ValueError("supplements.dose_advice_allowed disagrees with the supplement safety gate")
        return self
