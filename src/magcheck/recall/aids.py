"""Drawn portion-size aids (bowl, cup, plate, handful, spoon) and the portions a food can be given in.

The aids are a reviewed data file (`knowledge/portion_aids.toml`): each names a household unit, the
vessel's stated volume and the basis of its weight. Their drawings are offline SVG files in
``web/static/aids``. For a given food an aid weighs what that food's own portion of the same unit weighs
(USDA gram weights, or the curated table's stated estimates), so a bowl of rice and a bowl of soup differ.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from magcheck.core.errors import DataFileError, FieldProblem, MagcheckError
from magcheck.foods.parse import portion_grams
from magcheck.i18n import Say
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.loader import load_knowledge

if TYPE_CHECKING:
    from magcheck.foods.model import Food
    from magcheck.i18n import Lang

AIDS_FILE = KNOWLEDGE_DIR / "portion_aids.toml"
MAX_OWN = 6


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str
    zh: str

    def get(self, lang: Lang) -> str:
        return Say(lang).text(self)


class Aid(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    unit: str
    volume_ml: float
    label: _Text
    basis: _Text
    sources: tuple[str, ...]

    @property
    def image(self) -> str:
        return f"aids/{self.id}.svg"


@cache
def aids() -> tuple[Aid, ...]:
    """The aids, in the order the details pass shows them; every source id must be in the bibliography."""
    with AIDS_FILE.open("rb") as fh:
        rows = tomllib.load(fh).get("aid", [])
    out = tuple(Aid.model_validate(row) for row in rows)
    known = load_knowledge().references
    for aid in out:
        unknown = [s for s in aid.sources if s not in known]
        if unknown:
            reason = f"unknown source id(s) {unknown} (define them in references/)"
            raise DataFileError(
                [FieldProblem(f"{AIDS_FILE.name}:{aid.id}", "core.data_file", {"reason": reason})]
            )
    return out


@dataclass(frozen=True)
class PortionOption:
    """One way to give this food's amount: a unit, its weight per unit and, if drawn, the aid."""

    unit: str
    label: str
    grams_per_unit: float
    aid: Aid | None = None


def options_for(food: Food, lang: Lang) -> list[PortionOption]:
    """The food's own household portions, the drawn aids that fit it, then grams (always possible).

    Two portions that weigh the same (USDA's "1 cup" and the curated 杯, which copies it) are one
    choice, shown with its drawing when it has one; at most `MAX_OWN` of the food's own portions.
    """
    by_unit = {aid.unit: aid for aid in aids()}
    found: list[PortionOption] = []
    for portion in food.portions:
        if portion.unit != "g":
            found.append(
                PortionOption(
                    portion.unit, portion.label(lang), portion.grams_per_unit, by_unit.get(portion.unit)
                )
            )
    units = {o.unit for o in found}
    for aid in aids():
        if aid.unit in units:
            continue
        try:
            grams, _ = portion_grams(food, 1.0, aid.unit, lang)
        except MagcheckError:
            continue  # e.g. a plate of milk: this aid does not fit this food
        found.append(PortionOption(aid.unit, aid.label.get(lang), grams, aid))
    out: list[PortionOption] = []
    for option in sorted(found, key=lambda o: o.aid is None):  # drawn ones first win a tie
        same = [i for i, kept in enumerate(out) if abs(kept.grams_per_unit - option.grams_per_unit) < 0.5]
        if same or (option.aid is None and sum(1 for o in out if o.aid is None) >= MAX_OWN):
            continue
        out.append(option)
    out.sort(key=lambda o: o.grams_per_unit)
    out.append(PortionOption("g", "g", 1.0))
    return out
