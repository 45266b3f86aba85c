"""The input contract shared by every interface (CLI `--input`, REST API, web form).

Names here are fixed by the project's issues (other tools rely on them): change them only with the
issue that owns them. Inputs forbid unknown keys so that a typo is a field-level error, not silence."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from magcheck.core.vocabulary import (
    ConditionId,
    Cuisine,
    Diet,
    Frequency,
    Goal,
    LabUnit,
    Sex,
    SignId,
    Standard,
    WarningSignId,
)

# The plausibility limits and the labs' default units are reviewed data (`knowledge/plausibility.toml`,
# `labs.toml`): a description names them by placeholder (`{food_total_mg}`, `{entry_kg}`, `{ul_multiple}`,
# `{drinks}`, `{default_units}`) and the published schemas — the OpenAPI document and
# docs/input.schema.json — fill them in (`magcheck.service.knowledge.published`).


class _Input(BaseModel):
    # strict: JSON input (the API, `--input` files) must send numbers as numbers and booleans as
    # booleans; `"age_years": "30"` or `"elemental_mg": true` is an error, not a guess. The web form,
    # whose values are all text, validates with `strict=False` (`validation.parse_model`).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True, allow_inf_nan=False)


class Profile(_Input):
    age_years: float = Field(ge=0, le=120, description="Age in years; 0.5 = six months.")
    sex: Sex
    pregnant: bool = False
    lactating: bool = False
    name: str | None = Field(default=None, max_length=80)

    @model_validator(mode="after")
    def _pregnancy_is_possible(self) -> Profile:
        """The ages at which pregnancy is accepted are reviewed data: `core.requirements.check_life_stage`."""
        if (self.pregnant or self.lactating) and self.sex != "female":
            raise ValueError("pregnancy_requires_female")
        if self.pregnant and self.lactating:
            raise ValueError("pregnant_and_lactating")
        return self


class Intake(_Input):
    """Exactly one of: a stated usual intake, measured daily totals, or food logs in words."""

    usual_mg: float | None = Field(default=None, ge=0, le=5000)
    daily_mg: list[float] | None = Field(default=None, min_length=1, max_length=366)
    days: list[list[str]] | None = Field(default=None, min_length=1, max_length=366)
    confirmed: bool = Field(
        default=False,
        description="True when amounts beyond the plausibility limits (a food total over {food_total_mg} "
        "mg a day, one entry over {entry_kg} kg) are right as given; otherwise they are refused as a likely "
        "typo.",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Intake:
        given = [x for x in (self.usual_mg, self.daily_mg, self.days) if x is not None]
        if len(given) != 1:
            raise ValueError("intake_exactly_one")
        if self.daily_mg is not None and any(not 0 <= v <= 5000 for v in self.daily_mg):
            raise ValueError("daily_mg_range")
        if self.days is not None and any(len(day) > 200 for day in self.days):
            raise ValueError("too_many_entries")
        return self


class SupplementInput(_Input):
    """A supplement as on the label: a compound and its mass, or the elemental magnesium."""

    compound: str | None = Field(default=None, max_length=80)
    compound_mg: float | None = Field(default=None, gt=0, le=20000)
    elemental_mg: float | None = Field(default=None, gt=0, le=5000)
    per_day: float = Field(default=1, gt=0, le=12)
    confirmed: bool = Field(
        default=False,
        description="True when a daily amount above {ul_multiple} times the UL is right as given (e.g. "
        "prescribed); "
        "otherwise it is refused as a likely typo.",
    )

    @model_validator(mode="after")
    def _amount_given(self) -> SupplementInput:
        if self.elemental_mg is None and (not self.compound or self.compound_mg is None):
            raise ValueError("supplement_amount")
        return self


class LabValue(_Input):
    value: float = Field(gt=0)
    unit: LabUnit | None = Field(
        default=None,
        description="Unit of the value; when left out, the usual unit of the chosen standard's country "
        "({default_units}).",
    )


class Labs(_Input):
    serum_magnesium: LabValue | None = None


class Preferences(_Input):
    diet: Diet = "omnivore"
    exclude: list[str] = Field(default_factory=list, max_length=50)
    max_extra_kcal: float | None = Field(default=None, ge=0, le=5000)
    max_foods: int = Field(default=3, ge=1, le=10)
    cuisine: Cuisine = "any"
    already_eat: list[str] = Field(default_factory=list, max_length=50)
    target_mg: float | None = Field(default=None, gt=0, le=2000)
    goal: Goal = "general"


class AssessmentInput(_Input):
    profile: Profile
    standard: Standard = "us"
    intake: Intake | None = None
    supplements: list[SupplementInput] = Field(default_factory=list, max_length=20)
    signs: dict[SignId, Frequency] = Field(default_factory=dict)
    warning_signs: list[WarningSignId] = Field(default_factory=list)
    medications: list[str] = Field(default_factory=list, max_length=50)
    alcohol_drinks_per_day: float | None = Field(default=None, ge=0, le=50)
    alcohol_drinks_confirmed: bool = Field(
        default=False,
        description="True when more than {drinks} drinks a day is right as given; otherwise it is refused "
        "as a likely typo.",
    )
    egfr: float | None = Field(default=None, ge=1, le=200)
    conditions: list[ConditionId] = Field(default_factory=list)
    labs: Labs | None = None
    preferences: Preferences | None = None
