"""What one import read, in memory: USDA foods, portions and groups, or the Taiwan FDA foods.

The readers (import_usda.py, tfda.py) fill it; the store (view.py, tfda_view.py) writes it in one
transaction. Kept apart from both so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from magcheck.foods import tfda


@dataclass
class ImportedFood:
    ndb: str
    name: str
    short_name: str | None
    usda_group: str | None
    mg: float | None
    kcal: float | None
    manufacturer: str | None = None


@dataclass(frozen=True)
class ImportedPortion:
    ndb: str
    seq: int
    amount: float
    description: str
    grams: float


@dataclass
class ImportedData:
    """What one import read: USDA foods/portions/groups, or (kind "tfda") the Taiwan FDA foods."""

    kind: Literal["sr28", "fdc", "tfda"]
    files: list[str]
    foods: dict[str, ImportedFood] = field(default_factory=dict)
    portions: list[ImportedPortion] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)
    tfda: dict[str, tfda.TfdaFood] = field(default_factory=dict)

    @property
    def food_count(self) -> int:
        return len(self.tfda) if self.kind == "tfda" else len(self.foods)

    @property
    def with_mg(self) -> int:
        foods = self.tfda.values() if self.kind == "tfda" else self.foods.values()
        return sum(1 for f in foods if f.mg is not None)
