"""The Magnesium Depletion Score as data (`mds.toml`): its components, their points and names.

Each component says what it counts (`counts`): current medicines of the classes tagged with its id in
`medications.toml`, drinks above a per-sex limit, or the eGFR band of `kidney.toml`. The scoring code
walks the components, so a new component of an existing kind is one entry in `mds.toml` (plus the
medicine classes it counts) — no code, no catalogue.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from magcheck.core.facts import Fact, Text
from magcheck.core.vocabulary import Sex


class _Component(Fact):
    id: str = Field(min_length=1)
    name: Text  # the long name the score's lines use ("Diuretic (any kind)")
    short_name: Text  # the label of the chart ("Diuretic")


class MedicationComponent(_Component):
    """Scores `points` when any current medicine's class has `mds = <this id>`."""

    counts: Literal["medication"]
    points: int = Field(ge=1)

    @property
    def most(self) -> int:
        return self.points


class DrinkingComponent(_Component):
    """Scores `points` above `above[sex]` standard drinks (14 g ethanol) a day."""

    counts: Literal["drinking"]
    points: int = Field(ge=1)
    above: dict[Sex, float]

    @property
    def most(self) -> int:
        return self.points


class KidneyComponent(_Component):
    """Scores the points of the person's eGFR band (`kidney.toml`); every band must be listed."""

    counts: Literal["kidney"]
    points_by_band: dict[str, int]

    @property
    def most(self) -> int:
        return max(self.points_by_band.values())


MdsComponentFact = Annotated[
    MedicationComponent | DrinkingComponent | KidneyComponent, Field(discriminator="counts")
]


class MdsLevels(Fact):
    low_max: int
    moderate_max: int


class MdsConfig(Fact):
    sources: tuple[str, ...]
    validation_note: Text
    potassium_sparing_note: Text
    potassium_sparing_sources: tuple[str, ...]
    component: tuple[MdsComponentFact, ...] = Field(min_length=1)
    levels: MdsLevels

    def medication_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.component if c.counts == "medication")

    def most(self) -> dict[str, int]:
        """The most points each component can add, in output order."""
        return {c.id: c.most for c in self.component}
