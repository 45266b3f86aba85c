"""Units of measure: pint for exact mass/volume conversion, plus the words people use for portions.

Mass units convert straight to grams (including the Chinese market units 两 = 50 g and 斤 = 500 g);
volume units need a food's own gram weight for some volume (USDA measured "1 cup, chopped" = 30 g for
raw spinach) and are scaled from it; count words (piece, 个, slice, handful…) need the food's portions.
The registry is built from a handful of definitions rather than pint's full table, so it costs ~4 ms.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pint

Kind = Literal["mass", "volume", "count"]

_DEFINITIONS = (
    "gram = [mass] = g",
    "milligram = gram / 1000 = mg",
    "kilogram = 1000 gram = kg",
    "liang = 50 gram",
    "jin = 500 gram",
    "ounce = 28.349523125 gram = oz",
    "pound = 453.59237 gram = lb",
    "milliliter = [volume] = ml",
    "liter = 1000 milliliter = l",
    "cup = 236.5882365 milliliter",
    "tablespoon = cup / 16 = tbsp",
    "teaspoon = tablespoon / 3 = tsp",
    "fluid_ounce = tablespoon * 2 = floz",
    "pint = 2 cup = pt",
    "quart = 4 cup = qt",
    "gallon = 16 cup = gal",
)

# the key each unit word maps to; the key is what pint knows (mass/volume) or a portion word (count)
_MASS = {
    "g": "gram",
    "kg": "kilogram",
    "mg": "milligram",
    "oz": "ounce",
    "lb": "pound",
    "两": "liang",
    "斤": "jin",
}
_VOLUME = {
    "ml": "milliliter",
    "l": "liter",
    "cup": "cup",
    "tbsp": "tablespoon",
    "tsp": "teaspoon",
    "fl oz": "fluid_ounce",
    "pint": "pint",
    "quart": "quart",
    "gallon": "gallon",
}

# unit key → the words people write for it
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "g": ("g", "gram", "grams", "gm", "gms", "gr", "克", "公克"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "公斤", "千克"),
    "mg": ("mg", "milligram", "milligrams", "毫克"),
    "oz": ("oz", "ounce", "ounces", "盎司"),
    "lb": ("lb", "lbs", "pound", "pounds", "磅"),
    "两": ("两",),
    "斤": ("斤",),
    "ml": ("ml", "milliliter", "milliliters", "millilitre", "millilitres", "毫升"),
    "l": ("l", "liter", "liters", "litre", "litres", "升"),
    "cup": ("cup", "cups", "c"),
    "tbsp": ("tbsp", "tbsps", "tbs", "tbl", "tablespoon", "tablespoons"),
    "tsp": ("tsp", "tsps", "teaspoon", "teaspoons", "小勺", "茶匙"),
    "fl oz": ("fl oz", "floz", "fluid ounce", "fluid ounces"),
    "pint": ("pint", "pints"),
    "quart": ("quart", "quarts"),
    "gallon": ("gallon", "gallons"),
    "piece": ("piece", "pieces", "pc", "pcs"),
    "slice": ("slice", "slices"),
    "handful": ("handful", "handfuls"),
    "serving": ("serving", "servings"),
    "medium": ("medium",),
    "large": ("large",),
    "small": ("small",),
    "whole": ("whole",),
    "each": ("each",),
    "stalk": ("stalk", "stalks"),
    "leaf": ("leaf", "leaves"),
    "clove": ("clove", "cloves"),
    "fillet": ("fillet", "fillets"),
    "bar": ("bar", "bars"),
    "can": ("can", "cans"),
    "packet": ("packet", "packets"),
    "package": ("package", "packages"),
    "container": ("container", "containers"),
    "bottle": ("bottle", "bottles"),
    "scoop": ("scoop", "scoops"),
    "square": ("square", "squares"),
    "碗": ("碗", "bowl", "bowls"),
    "杯": ("杯", "glass", "glasses", "mug", "mugs"),
    "勺": ("勺", "匙", "汤匙", "大勺", "spoon", "spoons", "spoonful", "spoonfuls"),
    "个": ("个", "只", "枚"),
    "颗": ("颗", "粒"),
    "片": ("片",),
    "把": ("把",),
    "小把": ("小把",),
    "张": ("张",),
    "朵": ("朵",),
    "串": ("串",),
    "笼": ("笼",),
    "球": ("球",),
    "根": ("根",),
    "块": ("块",),
    "条": ("条",),
    "盒": ("盒",),
    "瓶": ("瓶",),
    "份": ("份",),
    "袋": ("袋", "包"),
    "罐": ("罐", "听"),
    "盘": ("盘", "碟"),
}
_WORDS: dict[str, str] = {word: key for key, synonyms in _SYNONYMS.items() for word in synonyms}

# when a food lacks the word the person used, these portions mean the same thing (in order)
FALLBACKS: dict[str, tuple[str, ...]] = {
    "勺": ("tbsp",),
    "tbsp": ("勺",),
    "tsp": ("小勺",),
    "杯": ("cup",),
    "cup": ("杯",),
    "个": ("piece", "medium", "whole", "each", "large", "item", "fruit", "颗"),
    "颗": ("个", "piece", "each", "small", "medium", "whole", "item", "fruit"),
    "piece": ("个", "medium", "whole", "each", "large", "item", "fruit", "颗", "块"),
    "片": ("slice",),
    "slice": ("片",),
    "把": ("handful",),
    "handful": ("把",),
    "袋": ("packet", "package"),
    "盒": ("container", "package", "box", "carton"),
    "罐": ("can",),
    "can": ("罐",),
    "瓶": ("bottle",),
    "bottle": ("瓶",),
    "份": ("serving",),
    "serving": ("份",),
    "根": ("stalk", "medium", "piece"),
    "块": ("piece", "square"),
    "square": ("块", "piece"),
    "条": ("fillet", "bar", "piece"),
    "bar": ("条",),
    "scoop": ("球",),
    "球": ("scoop",),
    "张": ("片", "slice", "sheet"),
    "朵": ("个", "piece"),
    "笼": ("份", "serving"),
}

# count words that are also kitchen volumes when the food has no such portion of its own
VOLUME_EQUIVALENT: dict[str, str] = {"杯": "cup", "勺": "tbsp"}

# the portion a bare count means ("2 eggs", "一个苹果" without a word for the portion)
COUNT_DEFAULTS: tuple[str, ...] = (
    "个",
    "颗",
    "piece",
    "medium",
    "whole",
    "each",
    "large",
    "item",
    "fruit",
    "slice",
)

# after the item words and the plan portion, the portions an entry without an amount may be read as
ASSUMED_FALLBACKS: tuple[str, ...] = ("碗", "杯", "serving", "块", "片")

# every unit word, longest first, for matching at the start/end of an entry
UNIT_WORDS: tuple[str, ...] = tuple(sorted(_WORDS, key=len, reverse=True))
CJK_UNIT_CHARS = frozenset(w for w in _WORDS if len(w) == 1 and not w.isascii())

_SINGULAR = {
    "cookies": "cookie",
    "crackers": "cracker",
    "pieces": "piece",
    "slices": "slice",
    "leaves": "leaf",
}


def unit_key(word: str) -> str | None:
    """The canonical key of a unit word ("Tablespoons" → "tbsp", "公斤" → "kg"), or None if unknown."""
    return _WORDS.get(word.strip().lower())


def kind_of(key: str) -> Kind:
    if key in _MASS:
        return "mass"
    if key in _VOLUME:
        return "volume"
    return "count"


def portion_key(description: str) -> str:
    """The unit key of a USDA household measure ("cup, chopped" → "cup", "tablespoon" → "tbsp")."""
    text = description.strip().lower()
    text = re.sub(r"^nlea\s+", "", text)
    if text.startswith(("fl oz", "fluid ounce")):
        return "fl oz"
    head = re.split(r"[,(]", text, maxsplit=1)[0].strip()
    first = head.split(" ", 1)[0] if head else text
    known = _WORDS.get(first)
    if known is not None:
        return known
    if not first.isascii():
        return first
    return _SINGULAR.get(first, first)


@cache
def registry() -> pint.UnitRegistry[Any]:
    # lazy: pint is a large package (hundreds of ms to import on this loaded machine, -X importtime);
    # only a conversion of a volume or a mass unit needs it, not a start-up or a search
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(None, cache_folder=None)
    for line in _DEFINITIONS:
        ureg.define(line)
    return ureg


def to_grams(amount: float, key: str) -> float:
    """An amount in a mass unit, in grams (exact: 1 斤 = 500 g, 1 oz = 28.349523125 g)."""
    return float(registry().Quantity(amount, _MASS[key]).to("gram").magnitude)


def volume_ratio(key: str, other: str) -> float:
    """How many `other` units one `key` unit holds (cup → tbsp = 16)."""
    return float(registry().Quantity(1, _VOLUME[key]).to(_VOLUME[other]).magnitude)


def is_volume(key: str) -> bool:
    return key in _VOLUME
