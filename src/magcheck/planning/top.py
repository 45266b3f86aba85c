"""Foods ranked by magnesium per portion, per 100 g or per 100 kcal (`magcheck foods top`, the foods page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from magcheck.core.errors import FieldProblem, InputError
from magcheck.core.models import Preferences
from magcheck.core.vocabulary import PERS, Per
from magcheck.i18n import Lang
from magcheck.planning.options import store_options, unplanned_option
from magcheck.planning.preferences import filter_options, resolve_preferences
from magcheck.planning.wording import portion_text


@dataclass(frozen=True)
class TopFood:
    food_id: str
    ndb: str | None
    name_en: str
    name_zh: str | None
    group: str | None
    mg_per_100g: float
    kcal_per_100g: float | None
    portion: str | None  # one plan portion, in the output language
    portion_grams: float | None
    mg_per_portion: float | None
    mg_per_100kcal: float | None

    def value(self, per: Per) -> float | None:
        return {"portion": self.mg_per_portion, "100g": self.mg_per_100g, "100kcal": self.mg_per_100kcal}[per]

    def as_dict(self, per: Per, rank: int) -> dict[str, object]:
        return {"rank": rank, "id": self.food_id, "source": self.food_id.partition(":")[0], "ndb": self.ndb,
                "name_en": self.name_en, "name_zh": self.name_zh,
                "group": self.group, "mg_per_100g": self.mg_per_100g, "kcal_per_100g": self.kcal_per_100g,
                "portion": self.portion, "portion_grams": self.portion_grams,
                "mg_per_portion": self.mg_per_portion, "mg_per_100kcal": self.mg_per_100kcal,
                "per": per, "value": self.value(per)}  # fmt: skip


def top_foods(per: str, group: str | None, exclude: Sequence[str], limit: int, lang: Lang) -> list[TopFood]:
    """The foods richest in magnesium per portion, per 100 g or per 100 kcal, from the food store.

    `exclude` takes family ids and free-text foods like the plan's preferences (unknown → field error).
    Foods without a magnesium value are never listed; per 100 kcal skips foods without energy (water)
    and foods without a realistic eating portion: espresso or fish sauce top a per-kcal ranking on
    paper, yet nobody closes a magnesium gap with them.
    """
    # lazy: the food store and group table (≈ 4-10 ms) only for a ranking: `magcheck plan`, which imports
    # this module through service.plan, plans over the curated foods and never opens the store
    from magcheck.foods.store import FoodStore
    from magcheck.knowledge.food_tables import load_groups  # lazy: as the line above

    problems: list[FieldProblem] = []
    if per not in PERS:
        problems.append(FieldProblem("per", "plan.errors.bad_per", {"value": per}))
    groups = load_groups()
    if group is not None and group not in groups:
        problems.append(FieldProblem("group", "plan.errors.unknown_group",
                                     {"value": group, "allowed": ", ".join(groups)}))  # fmt: skip
    if limit < 1:
        problems.append(FieldProblem("limit", "errors.too_small", {"limit": 1, "value": limit}))
    if problems:
        raise InputError(problems)
    plan_portions = {o.food_id: o for o in store_options()}
    # like plans: USDA foods, and the curated Taiwan FDA ones (reviewed groups, families and portions)
    foods = [
        f
        for f in FoodStore.open_default().iter_foods()
        if f.mg and (f.ndb is not None or f.id in plan_portions)
    ]
    options = [plan_portions.get(f.id) or unplanned_option(f) for f in foods]
    try:
        resolved = resolve_preferences(Preferences(exclude=list(exclude)), options)
    except InputError as exc:  # the CLI option is --exclude, not preferences.exclude
        raise InputError(
            [
                FieldProblem(p.field.replace("preferences.exclude", "exclude"), p.code, p.params)
                for p in exc.problems
            ]
        ) from None
    kept, _ = filter_options(options, resolved)
    out: list[TopFood] = []
    for option in kept:
        if group is not None and option.group != group:
            continue
        planned = option.food_id in plan_portions
        if per == "100kcal" and not planned:
            continue
        step = option.steps_per_portion
        item = TopFood(
            food_id=option.food_id,
            ndb=option.ndb,
            name_en=option.name_en,
            name_zh=option.name_zh if option.curated else None,
            group=option.group,
            mg_per_100g=option.mg_per_100g,
            kcal_per_100g=option.kcal_per_100g if option.kcal_per_100g >= 0 else None,
            portion=portion_text(option, step, lang) if planned else None,
            portion_grams=option.portion_grams if planned else None,
            mg_per_portion=round(option.mg_per_portion, 1) if planned else None,
            mg_per_100kcal=round(option.mg_per_100g / option.kcal_per_100g * 100, 1)
            if option.kcal_per_100g > 0
            else None,
        )
        if item.value(per) is not None:  # type: ignore[arg-type]
            out.append(item)
    out.sort(key=lambda f: (-(f.value(per) or 0), f.name_en))  # type: ignore[arg-type]
    return out[:limit]
