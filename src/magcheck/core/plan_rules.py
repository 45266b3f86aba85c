"""The food plan's reviewed rules (`knowledge/food_plan.toml`, `supplement_choice.toml`), typed and checked.

They decide which foods a plan may offer, in what steps, and which supplement form a goal gets; the
numbers are the project's, each with what it rests on in the data file, so a reviewer changes them there
and never in the planning code. The knowledge loader validates them and cross-checks their sources, goals
and compounds.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from magcheck.core.facts import Fact
from magcheck.core.vocabulary import FoodFamily, Goal, SupportGrade


class StorePortion(Fact):
    """A food without a reviewed plan portion joins a plan in one household measure within this range."""

    min_grams: float = Field(gt=0)
    max_grams: float = Field(gt=0)
    plan_max: int = Field(ge=1)
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _a_range(self) -> StorePortion:
        if self.min_grams >= self.max_grams:
            raise ValueError("min_grams must be below max_grams")
        return self

    def fits(self, grams: float) -> bool:
        """The measure is a realistic eating portion (not a pinch, not a whole package)."""
        return self.min_grams <= grams <= self.max_grams


class TfdaPlanRules(Fact):
    """Which curated Taiwan FDA foods a plan never offers (by their food group)."""

    not_planned_groups: frozenset[str]


class FoodPlanRules(Fact):
    """`food_plan.toml`: ties, whole-portion measures, and how foods without a plan portion join a plan."""

    tie_kcal: float = Field(ge=0)
    whole_units: frozenset[str] = Field(min_length=1)
    store_portion: StorePortion
    # food group id -> the families an imported food of that group may contain; other groups are not offered
    store_groups: dict[str, frozenset[FoodFamily]] = Field(min_length=1)
    tfda: TfdaPlanRules


class DoseRules(Fact):
    """How the supplement option splits and rounds a daily amount (`supplement_choice.toml` [dose])."""

    max_per_dose_mg: float = Field(gt=0)
    max_doses_per_day: int = Field(ge=1)
    round_down_to_mg: float = Field(gt=0)
    min_daily_mg: float = Field(ge=0)
    sources: tuple[str, ...] = Field(min_length=1)


class GoalChoice(Fact):
    """The supplement form offered for one goal, and the grade of the evidence behind that choice."""

    id: Goal
    compound: str
    alternatives: tuple[str, ...]
    grade: SupportGrade
    # language code -> text: a language is added as a column of the data (tests check every catalogue
    # language has one)
    why: dict[str, str] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)


class SupplementChoice(Fact):
    """`supplement_choice.toml`: the dose rules and one form per goal (checked against the compounds)."""

    dose: DoseRules
    goal: tuple[GoalChoice, ...]

    def for_goal(self, goal: str) -> GoalChoice:
        """The rule for `goal`, else the general one (the loader checks there is one per goal)."""
        return next((g for g in self.goal if g.id == goal), None) or self.for_goal("general")
