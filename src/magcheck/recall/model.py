"""What a recall draft holds: days of items by meal, each item understood (or not yet) with its portion.

The draft is a plain pydantic model stored as JSON in the history database (`storage.models.RecallDraft`),
so a reload, a language switch or a server restart shows exactly what the person had typed. Each item
keeps the snapshot it was understood to (food id as a string — ``usda:09040``-style namespaced ids fit —
names, grams, magnesium per 100 g), so the magnesium shown never changes behind the person's back.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from magcheck.core.vocabulary import Sex, Standard
from magcheck.i18n import Say

Meal = Literal["breakfast", "lunch", "dinner", "snacks"]
MEALS: tuple[Meal, ...] = ("breakfast", "lunch", "dinner", "snacks")
Step = Literal["quick", "forgotten", "details", "review"]
STEPS: tuple[Step, ...] = ("quick", "forgotten", "details", "review")
# the AMPM's forgotten-foods probes, with the categories Chinese eating adds (tea, soy milk, soups, oil)
PROBES: tuple[str, ...] = (
    "drinks",
    "fruit",
    "nuts_seeds",
    "sweets",
    "snacks",
    "oil_sauces",
    "soups",
    "supplements",
)
MAX_ITEMS_PER_DAY = 60
MAX_DAYS = 7
MAX_TEXT = 600


def new_id(nbytes: int = 6) -> str:
    """A random id: short for items, 128 bits (`nbytes=16`) for a draft, whose id is its only key."""
    return secrets.token_urlsafe(nbytes)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Candidate(_Model):
    """A food the words might mean; the person picks one with a click (or types again)."""

    food_id: str
    name_en: str
    name_zh: str | None = None
    mg_per_100g: float | None = None


class Item(_Model):
    """One thing eaten or drunk, as typed and as understood.

    `status`: ``ok`` (food, grams and magnesium known), ``ambiguous`` (pick a candidate) or ``unknown``
    (not understood: `reason_code` names the message, kept as a code so that it reads in either
    language). A label value ("magnesium 120 mg") is ``ok`` without a food.
    """

    id: str = Field(default_factory=new_id)
    meal: Meal = "snacks"
    text: str
    origin: str = "added"  # "quick:<meal>", "probe:<id>", "added", "copied": which answer made it
    status: Literal["ok", "ambiguous", "unknown"] = "unknown"
    food_id: str | None = None
    source: str | None = None
    name_en: str | None = None
    name_zh: str | None = None
    mg_per_100g: float | None = None
    grams: float | None = None
    mg: float | None = None
    amount: float | None = None
    unit: str | None = None
    portion_assumed: bool = False
    reason_code: str | None = None
    reason_params: dict[str, Any] = {}
    candidates: list[Candidate] = []

    def name(self, lang: str) -> str:
        """The food's name in `lang` (the `Say.name` rule), else what the person typed."""
        return Say(lang).name(self) or self.text


class Day(_Model):
    """One recalled day: the quick-list texts by meal, the probes answered and the items."""

    date: dt.date
    quick: dict[str, str] = {}
    probes: dict[str, str] = {}
    understood: dict[str, str] = {}  # origin → the text its items were made from (to redo only changes)
    items: list[Item] = []
    saved: bool = False  # its items are in the person's record (saving again adds nothing twice)

    def total_mg(self) -> float:
        return round(sum(i.mg for i in self.items if i.status == "ok" and i.mg is not None), 1)

    def open_items(self) -> list[Item]:
        return [i for i in self.items if i.status != "ok"]

    def missing_values(self) -> int:
        return sum(1 for i in self.items if i.status == "ok" and i.mg is None)


class About(_Model):
    """Who the recall is for: what the requirement (and so the probability of adequacy) depends on."""

    age_years: float | None = None
    sex: Sex | None = None
    state: Literal["none", "pregnant", "lactating"] = "none"
    standard: Standard = "us"
    confirm: bool = False


class Draft(_Model):
    """A recall in progress: its days (the last is the one being recalled) and the current step."""

    step: Step = "quick"
    days: list[Day]
    about: About = About()
    person: str | None = None
    # a classic /assess form's finished input (AssessmentInput JSON), kept here so that its result has
    # its own GET URL (/results/{id}) like a recall's; None for a recall
    classic: dict[str, Any] | None = None

    @property
    def day(self) -> Day:
        return self.days[-1]

    def finished_days(self) -> list[Day]:
        """Days with at least one understood item: what the assessment counts."""
        return [d for d in self.days if any(i.status == "ok" for i in d.items)]
