"""The foods a plan may offer, each with its plan portion resolved: curated USDA foods in their reviewed
plan portion, the curated Taiwan FDA foods in their reviewed typical portion, and (with `--foods store`)
imported USDA foods with a realistic first household measure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from magcheck.core.food_ids import usda_id
from magcheck.core.plan_rules import FoodPlanRules
from magcheck.core.vocabulary import FOOD_FAMILIES
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.cache import cached
from magcheck.knowledge.loader import load_knowledge

if TYPE_CHECKING:
    from magcheck.foods.model import Food


@dataclass(frozen=True)
class FoodOption:
    """A food the plan may offer, with its plan portion resolved.

    `food_id` is the namespaced id every part of the plan keys on; `ndb` is the USDA number (None for a
    Taiwan FDA food)."""

    food_id: str
    ndb: str | None
    name_en: str
    name_zh: str
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    group: str | None
    families: frozenset[str]
    cuisine: str | None
    mg_per_100g: float
    kcal_per_100g: float
    unit: str
    portion_grams: float
    label_en: str  # the measure without its amount: "cup, chopped", "碗（约 150 克）"
    label_zh: str
    plan_max: int
    curated: bool
    portion_amount: float = 1.0  # USDA measures come as "0.5 cup" = 90 g
    # 2: offered in half portions; 1: whole portions only (imported foods, measures not sensibly halved)
    steps_per_portion: int = 1

    @property
    def source(self) -> str:
        return self.food_id.partition(":")[0]

    @property
    def mg_per_portion(self) -> float:
        return self.mg_per_100g * self.portion_grams / 100

    @property
    def kcal_per_portion(self) -> float:
        return self.kcal_per_100g * self.portion_grams / 100


def rules() -> FoodPlanRules:
    """The plan conventions of `knowledge/food_plan.toml` (through the cached knowledge loader)."""
    return load_knowledge().food_plan


def _steps(unit: str) -> int:
    """Portion steps of a reviewed measure: whole portions for an egg or a slice, else half portions."""
    return 1 if unit in rules().whole_units else 2


@cache
def curated_options() -> tuple[FoodOption, ...]:
    """Curated foods that have a plan portion and some magnesium: the USDA rows with a reviewed plan
    portion, and the Taiwan FDA foods the curated table prefers over a USDA row for Chinese eating (dried
    laver, black sesame, dried tofu, mantou…), in their reviewed typical portion. Kept in the persisted
    cache while the curated tables are unchanged: every assessment with an intake needs them, and
    unpickling all ≈ 2,000 portions to pick ≈ 120 of them cost ≈ 10 ms of `magcheck assess`."""
    # lazy: the curated tables' readers (knowledge.food_tables, knowledge.tfda_tables: ≈ 4-10 ms) are
    # imported only when a plan is made, so an assessment without an intake (and every other command) does
    # not pay for them
    from magcheck.knowledge.food_tables import FOODS_CSV, GROUPS_TOML, PORTIONS_CSV
    from magcheck.knowledge.tfda_tables import KINDS_CSV, TFDA_CSV  # lazy: as the line above

    # food_plan.toml decides which measures come in half portions and which TFDA foods are offered
    files = [FOODS_CSV, PORTIONS_CSV, GROUPS_TOML, TFDA_CSV, KINDS_CSV, KNOWLEDGE_DIR / "food_plan.toml"]
    return cached("plan-curated-options", files, _curated_options)


def _curated_options() -> tuple[FoodOption, ...]:
    # lazy: as in curated_options (and not needed at all while the persisted cache holds the options)
    from magcheck.knowledge.food_tables import load_curated, load_portions

    portions = load_portions()
    out: list[FoodOption] = []
    for food in load_curated():
        if food.plan_portion is None or food.plan_max is None or food.mg_per_100g <= 0:
            continue
        portion = next(p for p in portions[food.ndb] if p.unit == food.plan_portion)
        out.append(
            FoodOption(
                usda_id(food.ndb), food.ndb, food.name_en, food.name_zh, food.aliases_en, food.aliases_zh,
                food.group,
                frozenset(food.families), food.cuisine, food.mg_per_100g, food.kcal_per_100g, portion.unit,
                portion.grams, _measure(portion.label_en, 1), _measure(portion.label_zh, 1), food.plan_max,
                True, steps_per_portion=_steps(portion.unit),
            )
        )  # fmt: skip
    return (*out, *_tfda_options(preferred_only=True))


@cache
def _tfda_options(preferred_only: bool) -> tuple[FoodOption, ...]:
    """Curated Taiwan FDA foods for plans: common ones with a magnesium value outside the groups a plan
    never offers, in their reviewed typical portion (portion_kinds.csv), at most two portions like store
    foods; `preferred_only` keeps those that replace a USDA row (the curated plan's share of them)."""
    # lazy: as in curated_options (and not needed at all while the persisted cache holds the options)
    from magcheck.knowledge.tfda_tables import load_curated_tfda, load_portion_kinds

    kinds = load_portion_kinds()
    plan = rules()
    out: list[FoodOption] = []
    for food in load_curated_tfda():
        if not food.common or food.mg_per_100g <= 0 or food.group in plan.tfda.not_planned_groups:
            continue
        if preferred_only and food.replaces is None:
            continue
        portion = next(p for p in kinds[food.portion_kind] if p.typical)
        if not plan.store_portion.fits(portion.grams):
            continue
        out.append(
            FoodOption(
                food.id, None, food.name_en, food.name_zh, food.aliases_en, food.aliases_zh, food.group,
                frozenset(food.families), food.cuisine, food.mg_per_100g, food.kcal_per_100g, portion.unit,
                portion.grams, _measure(portion.label_en, 1), _measure(portion.label_zh, 1),
                plan.store_portion.plan_max, True, steps_per_portion=_steps(portion.unit),
            )
        )  # fmt: skip
    return tuple(out)


def store_options() -> tuple[FoodOption, ...]:
    """Every food of the user's store usable in a plan: curated ones as above, imported ones with a
    magnesium and energy value, a first USDA measure of a realistic size and a plan-worthy group."""
    # lazy: the food store (foods.store and its model: ≈ 4-8 ms) only for plans over the whole store
    from magcheck.foods.store import FoodStore

    curated = {o.food_id: o for o in curated_options()}
    plan = rules()
    groups, store = plan.store_groups, plan.store_portion
    out: list[FoodOption] = []
    for food in FoodStore.open_default().iter_foods():
        if food.id in curated:
            out.append(curated[food.id])
            continue
        if food.ndb is None:  # other foods: the curated TFDA ones above (reviewed portions and families)
            continue
        if food.curated or not food.mg or food.kcal is None or food.group not in groups:
            continue
        usda = [p for p in food.portions if p.source == "usda"]
        first = usda[0] if usda else None
        if first is None or not store.fits(first.grams):
            continue
        out.append(
            FoodOption(
                food.id, food.ndb, food.name_en, food.name_zh or food.name_en, food.aliases_en,
                food.aliases_zh, food.group, groups[food.group], food.cuisine, food.mg, food.kcal, first.unit,
                first.grams, _measure(first.label_en, first.amount),
                _measure(first.label_zh or first.label_en, first.amount), store.plan_max, False, first.amount,
            )
        )  # fmt: skip
    offered = {o.food_id for o in out}
    return (*out, *(o for o in _tfda_options(preferred_only=False) if o.food_id not in offered))


def _measure(label: str, amount: float) -> str:
    """A portion label without its leading amount ("1 cup" → "cup", "0.5 cup" → "cup")."""
    prefix = f"{amount:g} "
    return label[len(prefix) :] if label.startswith(prefix) else label


def unplanned_option(food: Food) -> FoodOption:
    """A store food without a plan portion as a `FoodOption`, for filtering a ranking by the preferences."""
    families = (
        frozenset(food.families) if food.curated else rules().store_groups.get(food.group or "", _UNKNOWN)
    )
    return FoodOption(
        food.id, food.ndb, food.name_en, food.name_zh or food.name_en, food.aliases_en, food.aliases_zh,
        food.group, families, food.cuisine, food.mg or 0.0, food.kcal if food.kcal is not None else -1.0, "",
        0.0, "", "", 0, food.curated,
    )  # fmt: skip


# Imported foods outside the groups with a known family profile: treated as possibly containing anything.
_UNKNOWN: frozenset[str] = frozenset(FOOD_FAMILIES)
