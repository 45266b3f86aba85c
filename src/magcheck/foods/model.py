"""A food and its household portions as every part of magcheck sees them (whatever table they come from).

Kept apart from the store that builds them so that search, parsing and dishes can name the type
without importing the store (which imports them back to build its index and dishes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from magcheck.i18n import Say

if TYPE_CHECKING:
    from magcheck.i18n import Lang


@dataclass(frozen=True, slots=True)
class Portion:
    """A household measure: `amount` × `unit` weighs `grams` (USDA: "0.5 cup" = 90 g).

    `typical` marks the portion an entry without an amount is read as ("包子" = one bun); `basis` says
    where an estimated weight comes from (portion_kinds.csv).
    """

    unit: str
    amount: float
    label_en: str
    label_zh: str | None
    grams: float
    source: str
    typical: bool = False
    basis: str | None = None

    @property
    def grams_per_unit(self) -> float:
        return self.grams / self.amount

    def label(self, lang: Lang) -> str:
        return Say(lang).name(self, "label")

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "amount": self.amount,
            "label_en": self.label_en,
            "label_zh": self.label_zh,
            "grams": self.grams,
            "source": self.source,
            "typical": self.typical,
            "basis": self.basis,
        }


@dataclass(frozen=True, slots=True)
class Food:
    """One food as every part of magcheck sees it; `mg`/`kcal` are per 100 g, None when the table has none.

    `id` is namespaced (`usda:09040`, `tfda:F0210101`, see `magcheck.core.food_ids`); `ndb` is the bare USDA
    number for USDA foods and None for every other source; `source` names the table the numbers come from.
    """

    id: str
    source: str
    ndb: str | None
    name_en: str
    name_zh: str | None
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    usda_name: str | None
    group: str | None
    usda_group: str | None
    usda_group_name: str | None
    families: tuple[str, ...]
    cuisine: str | None
    mg: float | None
    kcal: float | None
    curated: bool
    common: bool
    plan_portion: str | None
    plan_max: float | None
    manufacturer: str | None
    pinyin: tuple[str, ...]
    portions: tuple[Portion, ...]
    name_original: str | None = None  # the name as the source table publishes it (TFDA: Traditional)
    replaces: str | None = None  # the USDA food this TFDA food is preferred over…
    prefer_reason: str | None = None  # …and why

    @property
    def typical_portion(self) -> Portion | None:
        """The portion an entry without an amount is read as, when the food has a reviewed one."""
        return next((p for p in self.portions if p.typical), None)

    def name(self, lang: Lang) -> str:
        return Say(lang).name(self)

    def summary(self) -> dict[str, Any]:
        """The fields `foods search --json` and the API list."""
        return {
            "id": self.id,
            "source": self.source,
            "ndb": self.ndb,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "group": self.group,
            "mg_per_100g": self.mg,
            "kcal_per_100g": self.kcal,
            "curated": self.curated,
        }

    def as_dict(self) -> dict[str, Any]:
        """Everything `foods show --json` prints."""
        return {
            **self.summary(),
            "aliases_en": list(self.aliases_en),
            "aliases_zh": list(self.aliases_zh),
            "usda_name": self.usda_name,
            "usda_group": self.usda_group,
            "usda_group_name": self.usda_group_name,
            "families": list(self.families),
            "cuisine": self.cuisine,
            "common": self.common,
            "plan_portion": self.plan_portion,
            "plan_max": self.plan_max,
            "name_original": self.name_original,
            "replaces": self.replaces,
            "prefer_reason": self.prefer_reason,
            "portions": [p.as_dict() for p in self.portions],
        }
