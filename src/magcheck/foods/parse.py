"""Turn one food-log entry in plain words into food + grams + magnesium.

An entry is a quantity, an optional unit and a food, in either order and either language: "2 cups cooked
spinach", "30 g almonds", "half a cup of rice", "一碗米饭", "米饭 200克", "二两米饭", "一把杏仁", or a label
value: "magnesium 120 mg", "镁 120 毫克". Grams come from pint for mass units and from the food's own
household portions for everything else (USDA weights; curated estimates for 碗/把). When the words fit
several foods about equally well the result lists the candidates instead of guessing; an unknown unit or
food is an InputError that names the part that failed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from magcheck.core.errors import input_error
from magcheck.foods import units
from magcheck.foods.quantity import normalise_entry, split_quantity
from magcheck.foods.search import _core, words
from magcheck.i18n import t

if TYPE_CHECKING:
    from magcheck.foods.model import Food, Portion
    from magcheck.foods.search import SearchHit
    from magcheck.foods.store import FoodStore
    from magcheck.i18n import Lang

MAX_LABEL_MG = 5000.0
MAX_QUANTITY = 10_000.0
AMBIGUITY_MARGIN = 0.12
MEASURED = ("usda", "tfda")  # sources whose values are laboratory measurements, not recipe estimates
CANDIDATES = 5

_LABEL = (
    re.compile(r"^(?:magnesium|mg)\s*[:=]?\s*(?P<v>\d+(?:\.\d+)?)\s*(?:mg|milligrams?)?$"),
    re.compile(r"^(?P<v>\d+(?:\.\d+)?)\s*(?:mg|milligrams?)\s+(?:of\s+)?magnesium$"),
    re.compile(r"^镁\s*[:：]?\s*(?P<v>\d+(?:\.\d+)?)\s*(?:mg|毫克)?$"),
    re.compile(r"^(?P<v>\d+(?:\.\d+)?)\s*(?:mg|毫克)\s*(?:的)?镁$"),
)
_FILLER_ZH = re.compile(r"^(?:吃了|喝了|吃|喝)|的")
_SERVING_WORDS = ("份", "serving")


class FoodRef(BaseModel):
    """The food an entry was read as: namespaced `id` and `source` always, `ndb` for USDA foods only."""

    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    ndb: str | None
    name_en: str
    name_zh: str | None
    group: str | None
    mg_per_100g: float | None

    @classmethod
    def of(cls, food: Food) -> FoodRef:
        return cls(
            id=food.id,
            source=food.source,
            ndb=food.ndb,
            name_en=food.name_en,
            name_zh=food.name_zh,
            group=food.group,
            mg_per_100g=food.mg,
        )


class ParsedEntry(BaseModel):
    """One entry understood: `status` "ok" gives food + grams + mg; "ambiguous" gives `candidates`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry: str
    status: Literal["ok", "ambiguous"]
    kind: Literal["food", "label"]
    food: FoodRef | None = None
    quantity: float | None = None
    unit: str | None = None
    portion: str | None = None
    grams: float | None = None
    mg: float | None = None
    candidates: list[FoodRef] = []
    note: str | None = None
    portion_assumed: bool = False


def _label_entry(entry: str, text: str, field: str) -> ParsedEntry | None:
    for pattern in _LABEL:
        match = pattern.match(text)
        if match:
            mg = float(match.group("v"))
            if mg > MAX_LABEL_MG:
                raise input_error(
                    field, "foods.errors.label_too_large", value=match.group("v"), limit=MAX_LABEL_MG
                )
            return ParsedEntry(entry=entry, status="ok", kind="label", mg=mg)
    return None


def _portion(food: Food, key: str) -> Portion | None:
    for wanted in (key, *units.FALLBACKS.get(key, ())):
        for portion in food.portions:
            if portion.unit == wanted:
                return portion
    return None


def _allowed(food: Food, lang: Lang) -> str:
    keys: list[str] = []
    for portion in food.portions:
        if portion.unit not in keys:
            keys.append(portion.unit)
    keys += [k for k in ("g", "oz", "两", "斤") if k not in keys]
    return ", ".join(keys)


def _label(portion: Portion, lang: Lang) -> str:
    """The portion as the person will read it; USDA's "0.5 breast = 86 g" becomes "172 g each (…)"."""
    if portion.amount == 1:
        return portion.label(lang)
    return t(
        "foods.parse.scaled",
        lang,
        grams=f"{portion.grams_per_unit:.4g}",
        label=portion.label(lang),
        usda_grams=f"{portion.grams:g}",
    )


def _assumed_portion(food: Food) -> Portion | None:
    """The portion an entry without an amount is read as: the food's reviewed typical portion
    (portion_kinds.csv, dishes' serving), else one item, else the plan's portion, a bowl or a cup."""
    if food.typical_portion is not None:
        return food.typical_portion
    for key in (*units.COUNT_DEFAULTS, food.plan_portion or "", *units.ASSUMED_FALLBACKS):
        portion = _portion(food, key) if key else None
        if portion is not None:
            return portion
    return None


def _grams(
    food: Food,
    quantity: float,
    unit: str | None,
    typed: str,
    food_text: str,
    field: str,
    lang: Lang,
) -> tuple[float, str | None]:
    """Grams for `quantity` × `unit` of this food, and the portion it was read as (for the person to see)."""
    if unit is None:
        if typed:
            raise input_error(field, "foods.errors.unknown_unit", value=typed, allowed=_allowed(food, lang))
        for key in units.COUNT_DEFAULTS:
            portion = _portion(food, key)
            if portion is not None:
                return quantity * portion.grams_per_unit, _label(portion, lang)
        named = set(words(food_text))  # "1 chicken breast": USDA weighs "1 breast"
        for portion in food.portions:
            if portion.unit in named:
                return quantity * portion.grams_per_unit, _label(portion, lang)
        serving = _portion(food, "serving")
        if serving is not None:  # "a greek salad", or "西红柿炒鸡蛋" with no amount: typical servings
            return quantity * serving.grams_per_unit, _label(serving, lang)
        raise input_error(field, "foods.errors.no_amount", food=food.name(lang), allowed=_allowed(food, lang))
    kind = units.kind_of(unit)
    if kind == "mass":
        return units.to_grams(quantity, unit), None
    portion = _portion(food, unit)
    if portion is None and unit in _SERVING_WORDS:  # "一份锅贴": a serving is the food's typical portion
        portion = _assumed_portion(food)
    if portion is not None:
        return quantity * portion.grams_per_unit, _label(portion, lang)
    as_volume = units.VOLUME_EQUIVALENT.get(unit)  # a glass/杯 of water: a cup, measured as fl oz
    if as_volume is not None:
        unit, kind = as_volume, "volume"
    if kind == "volume":
        for candidate in food.portions:
            if units.is_volume(candidate.unit):
                per_unit = units.volume_ratio(unit, candidate.unit) * candidate.grams_per_unit
                label = t(
                    "foods.parse.converted",
                    lang,
                    unit=typed or unit,
                    per_unit=f"{per_unit:.3g}",
                    portion=candidate.label(lang),
                    grams=f"{candidate.grams:g}",
                )
                return quantity * per_unit, label
    raise input_error(
        field,
        "foods.errors.unit_not_for_food",
        unit=typed or unit,
        food=food.name(lang),
        allowed=_allowed(food, lang),
    )


def _named_exactly(words_typed: str, close: list[SearchHit]) -> SearchHit | None:
    """Among good matches, the one the words name exactly ("宫保鸡丁" is the dish, not "宫保鸡丁（餐馆）").

    When several foods carry the name, a person's own recipe comes first (they named it to log it by
    that name), then a food with measured values, then a built-in dish: "油条" and "包子" are the Taiwan
    FDA measured foods, not the standard-recipe estimates of the same name. None when the choice is
    still open (two measured foods of the same name).
    """
    exact = [
        h
        for h in close
        if words_typed in {n.lower() for n in (h.food.name_en, *h.food.aliases_en)}
        or words_typed in {n for zh in (h.food.name_zh, *h.food.aliases_zh) if zh for n in (zh, _core(zh))}
    ]
    for sources in (("recipe",), MEASURED, ("dish",)):
        chosen = [h for h in exact if h.food.source in sources]
        if chosen:
            return chosen[0] if len(chosen) == 1 else None
    return None


PARSE_MEMO_SIZE = 8192


def parse_entry(text: str, store: FoodStore, lang: Lang, field: str = "entry") -> ParsedEntry:
    """Understand one entry; raises InputError (on `field`) for an empty entry, unknown food or unit.

    People log the same foods day after day, and the web API sees the same entries again and again, so
    successful parses are remembered per store (errors are not: they name the caller's field).
    """
    key = (text, lang)
    memo = store.parse_memo
    parsed = memo.get(key)
    if parsed is None:
        parsed = _parse_entry(text, store, lang, field)
        if len(memo) >= PARSE_MEMO_SIZE:
            memo.clear()
        memo[key] = parsed
    return parsed


def _parse_entry(text: str, store: FoodStore, lang: Lang, field: str) -> ParsedEntry:
    entry = text.strip()
    if not entry:
        raise input_error(field, "foods.errors.empty_entry")
    if len(entry) > 200:
        raise input_error(field, "errors.too_long", limit=200, value=entry[:57] + "...")
    normal = normalise_entry(entry)
    label = _label_entry(entry, normal, field)
    if label is not None:
        return label
    quantity, unit, food_text, typed = split_quantity(normal)
    food_text = _FILLER_ZH.sub("", food_text).strip(" ,，.。")
    if not food_text:
        raise input_error(field, "foods.errors.no_food", value=entry)
    if quantity is not None and not 0 < quantity <= MAX_QUANTITY:
        raise input_error(field, "foods.errors.bad_quantity", value=entry)
    hits = store.search(food_text, limit=CANDIDATES + 1)
    if not hits:
        raise input_error(field, "foods.errors.unknown_food", value=food_text)
    if not hits[0].complete and quantity is not None and unit is None:
        first, _, remainder = food_text.partition(" ")
        if remainder and first.isascii():
            retry = store.search(remainder, limit=1)
            if retry and retry[0].complete:  # "2 zorps almonds": almonds is fine, "zorps" is not a unit
                raise input_error(
                    field, "foods.errors.unknown_unit", value=first, allowed=_allowed(retry[0].food, lang)
                )
    top = hits[0]
    clear = len(hits) == 1 or top.score - hits[1].score >= AMBIGUITY_MARGIN
    if top.complete and (not clear or top.food.source == "dish"):
        # a dish ranked first may still share its name with a measured food further down: that one wins
        close = hits if clear else [h for h in hits if top.score - h.score < AMBIGUITY_MARGIN]
        named = _named_exactly(food_text, close)
        if named is not None:
            top, clear = named, True
    if not top.complete or not clear:
        near = [h for h in hits if top.score - h.score < 0.5][:CANDIDATES]
        return ParsedEntry(
            entry=entry,
            status="ambiguous",
            kind="food",
            quantity=quantity,
            unit=unit,
            candidates=[FoodRef.of(h.food) for h in near],
        )
    food = top.food
    assumed = _assumed_portion(food) if quantity is None and unit is None and not typed else None
    portion: str | None
    if assumed is not None:  # "包子" without an amount: the food's typical portion, marked as assumed
        grams, portion = assumed.grams_per_unit, _label(assumed, lang)
    else:
        grams, portion = _grams(
            food, quantity if quantity is not None else 1.0, unit, typed, food_text, field, lang
        )
    mg = None if food.mg is None else round(grams * food.mg / 100, 2)
    note = t("foods.parse.no_mg_value", lang) if food.mg is None else None
    return ParsedEntry(
        entry=entry,
        status="ok",
        kind="food",
        food=FoodRef.of(food),
        quantity=quantity if quantity is not None else 1.0,
        unit=unit,
        portion=portion,
        grams=round(grams, 2),
        mg=mg,
        note=note,
        portion_assumed=quantity is None,
    )


def portion_grams(food: Food, quantity: float, unit: str | None, lang: Lang) -> tuple[float, str | None]:
    """Grams for `quantity` × `unit` (a unit key, e.g. "碗", "cup", "g"; None = one item) of `food`.

    The same reading `parse_entry` gives to "2 碗 rice" — the guided recall uses it when a person picks a
    food from the candidates or changes a portion, without writing the entry out again as words.
    """
    return _grams(food, quantity, unit, unit or "", food.name_en, "portion", lang)
