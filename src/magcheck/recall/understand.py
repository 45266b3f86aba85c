"""From what a person types ("a bowl of oatmeal, a banana and a glass of milk") to recall items.

A meal's text is split into its foods by the meal reader (`foods.meal.split_meal`: punctuation, joining
words unless they belong to a food's name, meal labels; run-on Chinese cut by the segmenter) and each
part is read by the food parser. The reason for a part not understood is kept as a message code, not
as text, so it reads in whichever language the page is switched to. What is not understood
becomes an open item carrying the reason and any candidates, so the recall never blocks: the person
clicks a candidate or types the food again later, in the details pass. A food typed without an amount
gets its usual portion, marked `portion_assumed` so the details pass asks about it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcheck.core.errors import InputError, MagcheckError, NotFoundError
from magcheck.foods import segment
from magcheck.foods.meal import MAX_MEAL, split_meal
from magcheck.foods.parse import ParsedEntry, parse_entry, portion_grams
from magcheck.recall.model import Candidate, Item, Meal

if TYPE_CHECKING:
    from magcheck.foods.model import Food
    from magcheck.foods.store import FoodStore
    from magcheck.i18n import Lang

# the portion a food without an amount most likely came in, most typical first
_USUAL_PORTIONS = (
    "碗", "个", "medium", "piece", "slice", "片", "块", "杯", "cup", "serving", "份", "把", "handful", "oz",
    "tbsp", "勺",
)  # fmt: skip
MAX_PIECES = 30


def pieces(text: str, store: FoodStore) -> list[str]:
    """The foods of a sentence, each as typed (meal labels and "I had" / "吃了" dropped)."""
    out = [p.strip(" .。!！")[:200] for p in split_meal(text[:MAX_MEAL], store)]
    return [p for p in out if p][:MAX_PIECES]


def understand(text: str, meal: Meal, store: FoodStore, lang: Lang) -> list[Item]:
    """Items for everything in `text`, in order; nothing is dropped, nothing raises."""
    out: list[Item] = []
    for piece in pieces(text, store):
        item = understand_one(piece, meal, store, lang)
        if item.status != "ok" and segment.worth_segmenting(piece):
            # run-on Chinese ("馒头豆浆两个鸡蛋"): the segmenter may find the foods in it
            parts = [understand_one(p, meal, store, lang) for p in segment.cut(piece, store)]
            if len(parts) > 1 and any(p.status == "ok" for p in parts):
                out.extend(parts)
                continue
        out.append(item)
    return out


def understand_one(piece: str, meal: Meal, store: FoodStore, lang: Lang) -> Item:
    """One food as typed → an item (ok, ambiguous with candidates, or unknown with the reason)."""
    try:
        parsed = parse_entry(piece, store, lang, field="item")
    except InputError as exc:
        problem = exc.problems[0]
        if problem.code == "foods.errors.no_amount":
            hits = store.search(piece, limit=1)
            if hits:
                return with_food(Item(text=piece, meal=meal), hits[0].food, None, None, lang)
        return Item(text=piece, meal=meal, reason_code=problem.code, reason_params=dict(problem.params))
    return from_parsed(parsed, meal, store, lang)


def from_parsed(parsed: ParsedEntry, meal: Meal, store: FoodStore, lang: Lang) -> Item:
    item = Item(text=parsed.entry, meal=meal)
    if parsed.kind == "label":
        return item.model_copy(update={"status": "ok", "mg": parsed.mg, "source": "label"})
    if parsed.status == "ambiguous" or parsed.food is None:
        return item.model_copy(
            update={
                "status": "ambiguous",
                "amount": parsed.quantity,
                "unit": parsed.unit,
                "candidates": [
                    Candidate(
                        food_id=c.id,
                        name_en=c.name_en,
                        name_zh=c.name_zh,
                        mg_per_100g=c.mg_per_100g,
                    )
                    for c in parsed.candidates
                ],
            }
        )
    food = store.get(parsed.food.id)
    if parsed.portion_assumed:
        return with_food(item, food, None, None, lang)
    return item.model_copy(
        update={
            **_food_fields(food),
            "status": "ok",
            "amount": parsed.quantity,
            "unit": _portion_unit(food, parsed),
            "grams": parsed.grams,
            "mg": parsed.mg,
        }
    )


def _food_fields(food: Food) -> dict[str, object]:
    return {
        "food_id": food.id,
        "source": food.source,
        "name_en": food.name_en,
        "name_zh": food.name_zh,
        "mg_per_100g": food.mg,
        "candidates": [],
        "reason_code": None,
        "reason_params": {},
    }


def _portion_unit(food: Food, parsed: ParsedEntry) -> str | None:
    """The unit the parser read the amount in ("2 eggs" has none: it was the food's own count portion)."""
    if parsed.unit is not None or parsed.grams is None or not parsed.quantity:
        return parsed.unit
    for portion in food.portions:
        if abs(portion.grams_per_unit * parsed.quantity - parsed.grams) < 0.05:
            return portion.unit
    return None


def food_by_id(store: FoodStore, food_id: str) -> Food:
    """A food by its namespaced id ("usda:09040", "dish:…") or, for older drafts, its bare NDB number."""
    try:
        return store.get(food_id)
    except NotFoundError:
        return store.get(food_id.removeprefix("usda:"))


def usual_portion(food: Food) -> str:
    """The unit a food without an amount is read in: the most typical of its portions, else grams."""
    units = [p.unit for p in food.portions]
    for unit in _USUAL_PORTIONS:
        if unit in units:
            return unit
    return units[0] if units else "g"


def with_food(item: Item, food: Food, amount: float | None, unit: str | None, lang: Lang) -> Item:
    """The item as `food`, in `amount` × `unit`; without an amount, one usual portion (marked assumed)."""
    assumed = amount is None
    if amount is None:
        unit = usual_portion(food)
        amount = 100.0 if unit == "g" else 1.0
    try:
        grams, _ = portion_grams(food, amount, unit, lang)
    except MagcheckError:  # the words' unit does not fit this food: one usual portion instead
        unit = usual_portion(food)
        amount, assumed = (100.0 if unit == "g" else 1.0), True
        grams, _ = portion_grams(food, amount, unit, lang)
    mg = None if food.mg is None else round(grams * food.mg / 100, 2)
    return item.model_copy(
        update={
            **_food_fields(food),
            "status": "ok",
            "amount": amount,
            "unit": unit,
            "grams": round(grams, 2),
            "mg": mg,
            "portion_assumed": assumed,
        }
    )
