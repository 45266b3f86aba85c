"""The typed knowledge: every reviewed fact magcheck reasons with, as frozen pydantic values.

The facts themselves live in data files under `magcheck/knowledge` (read and cross-checked by
`magcheck.knowledge.loader`); these classes are their shape. They belong to the core because the rules take
them as arguments: the core reasons over typed, already-validated values and never reads a file itself.
`extra="forbid"` makes a misspelt key in a data file an error at load time instead of a silently ignored fact.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from magcheck.core.vocabulary import (
    ConditionRole,
    CountedBurden,
    EvidenceGrade,
    GateReasonId,
    LabUnit,
    LaxativeLevel,
    MedicationKind,
    Sex,
    Standard,
    StatusLevel,
)


class Fact(BaseModel):
    """Every fact is immutable and refuses keys it does not know. Validators are built on first use:
    the knowledge base usually comes ready-made from the persisted cache, never validated in the run."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(Fact):
    """A user-facing text in both languages."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in `lang`, else in English (the rule of `magcheck.i18n.Say.text`, which core cannot
        import)."""
        return str(getattr(self, lang, None) or self.en)


class Reference(Fact):
    citation: str = Field(min_length=1)
    url: str | None = None
    year: int | None = None
    note: str | None = None


# ---------------------------------------------------------------- requirements


class UsRequirementRow(Fact):
    life_stage: str
    sex: Literal["any", Sex]
    age_min: float
    age_max: float
    pregnant: bool
    lactating: bool
    ear_mg: float | None
    rda_mg: float | None
    ai_mg: float | None
    ul_supplement_mg: float | None
    label: Text
    sources: tuple[str, ...]


class CnRequirementRow(Fact):
    life_stage: str
    kind: Literal["base", "pregnancy_add", "lactation_add"]
    age_min: float
    age_max: float
    ear_mg: float | None
    rni_mg: float | None
    ai_mg: float | None
    label: Text
    sources: tuple[str, ...]


class SdWithinRow(Fact):
    group: str
    sex: Literal["any", Sex]
    age_min: float
    age_max: float
    sd_within_mg: float = Field(gt=0)
    verified: bool
    scale_mg: float = Field(gt=0)
    method: str
    sources: tuple[str, ...]


# ---------------------------------------------------------------- labs, kidney function


class LabCutoffs(Fact):
    hypomagnesaemia_below: float
    latent_deficiency_below: float
    upper_reference: float
    toxicity_from: float


class Labs(Fact):
    molar_mass_g_per_mol: float
    valence: int
    conversion_sources: tuple[str, ...]
    default_unit: dict[Standard, LabUnit]
    default_unit_sources: tuple[str, ...]
    plausible_min_mmol: float
    plausible_max_mmol: float
    plausible_sources: tuple[str, ...]
    cutoffs: LabCutoffs
    cutoff_sources: dict[str, tuple[str, ...]]
    cutoff_verified: dict[str, bool]


class KidneyBand(Fact):
    """An eGFR band: an eGFR `below` the limit (or `at_most` it) falls in the band."""

    id: str = Field(min_length=1)
    below: float | None = Field(default=None, gt=0)
    at_most: float | None = Field(default=None, gt=0)
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_limit(self) -> KidneyBand:
        if (self.below is None) == (self.at_most is None):
            raise ValueError("give exactly one of `below` and `at_most`")
        return self

    @property
    def limit(self) -> float:
        return self.below if self.below is not None else self.at_most  # type: ignore[return-value]

    def holds(self, egfr: float) -> bool:
        return egfr < self.below if self.below is not None else egfr <= self.limit


NORMAL_KIDNEY_BAND = "normal"


class Kidney(Fact):
    """`kidney.toml`: the one home of every eGFR cut-off, as bands from the worst to the mildest.

    Everything above the last band is `normal`. Rules name a band ("the gate closes at `reduced` or
    worse") instead of repeating a number, so the score, the gate and the status cannot disagree.
    """

    dialysis_band: str
    band: tuple[KidneyBand, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _worst_first(self) -> Kidney:
        limits = [b.limit for b in self.band]
        if limits != sorted(limits) or len(set(limits)) != len(limits):
            raise ValueError("bands must go from the lowest eGFR limit to the highest")
        return self

    def ids(self) -> tuple[str, ...]:
        """Every band id, worst first, `normal` last."""
        return (*(b.id for b in self.band), NORMAL_KIDNEY_BAND)

    def band_of(self, egfr: float | None, dialysis: bool = False) -> str | None:
        """The band of an eGFR (dialysis: `dialysis_band`); None when the eGFR is unknown."""
        if dialysis:
            return self.dialysis_band
        if egfr is None:
            return None
        return next((b.id for b in self.band if b.holds(egfr)), NORMAL_KIDNEY_BAND)

    def at_least(self, band_id: str | None, threshold_id: str) -> bool:
        """True when `band_id` is `threshold_id` or a worse band."""
        ids = self.ids()
        return band_id is not None and ids.index(band_id) <= ids.index(threshold_id)

    def get(self, band_id: str) -> KidneyBand:
        for band in self.band:
            if band.id == band_id:
                return band
        raise KeyError(band_id)


# ---------------------------------------------------------------- supplements, medicines, conditions


class Compound(Fact):
    id: str
    name: Text
    formula: str
    molar_mass: float = Field(gt=0)
    mg_atoms: int = Field(ge=1)
    published_pct: float = Field(gt=0, lt=100)
    aliases: tuple[str, ...]
    laxative: LaxativeLevel
    note: Text
    sources: tuple[str, ...]


class LaxativeInfo(Fact):
    label: Text


class Supplements(Fact):
    mg_molar_mass: float
    laxative_sources: tuple[str, ...]
    blend_words: tuple[str, ...] = Field(min_length=1)
    blend_sources: tuple[str, ...]
    laxative: dict[LaxativeLevel, LaxativeInfo]
    compound: tuple[Compound, ...]


class Drug(Text):
    """A medicine's name in both languages (a `Text`, so it is written like one) and its other names."""

    aliases: tuple[str, ...] = ()


class MedicationClass(Fact):
    id: str
    kind: MedicationKind
    mds: str  # the id of the mds.toml component this class counts for; "" = none
    name: Text
    effect: Text
    spacing: Text | None = None
    sources: tuple[str, ...]
    drugs: tuple[Drug, ...] = Field(min_length=1)


class Condition(Fact):
    id: str
    role: ConditionRole
    counts_for_status: bool
    grade: EvidenceGrade
    age_from: float | None = None
    name: Text
    text: Text
    sources: tuple[str, ...]


class StatusThresholds(Fact):
    """The numbers the status rules compare with; every one has its sources in `sources`."""

    intake_below_ear_probability: float = Field(gt=0, lt=1)
    intake_certain_probability: float = Field(gt=0, lt=1)
    intake_clearly_low_z: float
    mds_elevated_from: int
    mds_high_from: int
    signs_burden_from: CountedBurden
    kidney_severe_band: str
    sources: dict[str, tuple[str, ...]]

    @model_validator(mode="after")
    def _every_threshold_has_sources(self) -> StatusThresholds:
        names = set(type(self).model_fields) - {"sources"}
        missing = sorted(names - {k for k, v in self.sources.items() if v})
        if missing or set(self.sources) - names:
            raise ValueError(f"`sources` must name the sources of exactly {sorted(names)}; missing {missing}")
        return self


class SignsBurden(Fact):
    low_from: float
    moderate_from: float
    high_from: float
    sources: tuple[str, ...]


class StatusRule(Fact):
    id: str
    level: StatusLevel
    sources: tuple[str, ...]
    text: Text


class StatusRules(Fact):
    thresholds: StatusThresholds
    signs: SignsBurden
    rule: tuple[StatusRule, ...]


class FhirCode(Fact):
    """A LOINC code serum magnesium travels under, with the unit its value carries (UCUM)."""

    loinc: str
    display: str  # the LOINC display name, verbatim
    unit: LabUnit  # magcheck's name of the unit
    ucum: str  # the unit's UCUM code
    sources: tuple[str, ...] = Field(min_length=1)


class FhirCodes(Fact):
    """`fhir.toml`: the code systems and codes of a serum magnesium result as a FHIR R4 Observation."""

    ucum_system: str
    loinc_system: str
    category_system: str
    category: str
    sources: tuple[str, ...] = Field(min_length=1)
    codes: dict[str, FhirCode] = Field(min_length=1)

    def by_unit(self, unit: str) -> FhirCode | None:
        """The code for a result in `unit` (None for a unit with no code of its own, as mEq/L)."""
        return next((code for code in self.codes.values() if code.unit == unit), None)

    def by_loinc(self) -> dict[str, FhirCode]:
        return {code.loinc: code for code in self.codes.values()}


class AgeRange(Fact):
    min_age_years: float = Field(ge=0)
    max_age_years: float = Field(gt=0)
    sources: tuple[str, ...] = Field(min_length=1)


class LifeStages(Fact):
    """`life_stages.toml`: the ages at which pregnancy and lactation are accepted."""

    pregnancy: AgeRange


class AdequacyMethod(Fact):
    """`adequacy.toml`: the numbers of the IOM (2000) individual assessment that are not tables."""

    requirement_cv: float = Field(gt=0, lt=1)  # SD of the requirement as a fraction of the EAR
    max_reliable_within_cv: float = Field(gt=0, le=1)  # above it daily intakes are too far from normal
    sources: tuple[str, ...] = Field(min_length=1)


class PlausibilityLimit(Fact):
    basis: Text
    sources: tuple[str, ...]


class EntryLimit(PlausibilityLimit):
    max_grams: float = Field(gt=0)


class FoodTotalLimit(PlausibilityLimit):
    max_mg_per_day: float = Field(gt=0)


class DrinksLimit(PlausibilityLimit):
    max_per_day: float = Field(gt=0)


class SupplementLimit(PlausibilityLimit):
    max_ul_multiple: float = Field(gt=1)


class Plausibility(Fact):
    """`plausibility.toml`: amounts refused unless confirmed, each with its basis."""

    entry: EntryLimit
    food_total: FoodTotalLimit
    drinks: DrinksLimit
    supplement: SupplementLimit


class GateThresholds(Fact):
    egfr_band: str  # closed at this kidney.toml band or a worse one
    adult_from_years: float = Field(gt=0)
    pregnancy_adult_from_years: float = Field(gt=0)


class GateReasonInfo(Fact):
    id: GateReasonId
    sources: tuple[str, ...] = Field(min_length=1)


class SafetyGate(Fact):
    """`safety_gate.toml`: the supplement safety gate's limits and its reasons, most serious first."""

    thresholds: GateThresholds
    reason: tuple[GateReasonInfo, ...]

    def sources(self, reason_id: str) -> tuple[str, ...]:
        for item in self.reason:
            if item.id == reason_id:
                return item.sources
        raise KeyError(reason_id)
