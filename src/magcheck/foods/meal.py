"""A whole meal in one line → the foods in it, each with grams and magnesium, and what was not understood.

People describe meals in sentences ("早餐：一个馒头和一杯牛奶，还有两个鸡蛋", "rice, stir-fried greens and
2 eggs"), not one food per row. The line is cut into items at punctuation and joining words (和/还有/跟/
加/、/and/with/plus…) unless the joining word belongs to a food's own name ("oatmeal with milk",
"macaroni and cheese"); meal labels ("早餐：", "lunch:") are dropped. Each item then goes through the
one-entry parser. Chinese written without any separators ("馒头豆浆两个鸡蛋") is cut by the jieba
segmenter, taught every food name in the store — only then, because loading its dictionary costs far
more than a parse (see benchmarks/), and most lines never need it.

Nothing here raises for a food it cannot read: such a part is returned under `not_understood` with the
reason in the person's language and the nearest candidates, so an assessment can count what it
understood and say plainly what it left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from magcheck.core.errors import InputError, input_error
from magcheck.core.models import MealFood, NotUnderstood
from magcheck.foods import segment
from magcheck.foods.parse import CANDIDATES, PARSE_MEMO_SIZE, ParsedEntry, parse_entry
from magcheck.foods.quantity import normalise_entry, split_quantity
from magcheck.i18n import Say, t

if TYPE_CHECKING:
    from magcheck.foods.model import Food
    from magcheck.foods.store import FoodStore
    from magcheck.i18n import Lang

MAX_MEAL = 1000
MAX_ITEMS = 60

_LABEL_WORDS = (
    "早餐|早饭|早点|早上|午餐|午饭|中饭|中午|晚餐|晚饭|晚上|夜宵|宵夜|加餐|零食|下午茶|点心"
    "|breakfast|brunch|lunch|dinner|supper|snacks?|dessert"
)
# a label needs a colon, or (for the plain meal names) a following verb or space: "点心" alone is a food
_LABEL = re.compile(
    rf"^\s*(?:(?:{_LABEL_WORDS})\s*[:：]|(?:早餐|早饭|午餐|午饭|晚餐|晚饭|夜宵|宵夜|早上|中午|晚上|今天|昨天)\s*(?=我?(?:吃|喝))"
    r"|(?:breakfast|brunch|lunch|dinner|supper)\s+(?:was\s+)?(?=\S))\s*",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"^(?:(?:我)?(?:吃了|喝了|吃的是|喝的是|吃|喝|来了|来)\s*|(?:i\s+)?(?:had|ate|drank)\s+)", re.IGNORECASE
)
_LEADING_JOIN = re.compile(
    r"^(?:还有|以及|另外|然后|再加上|再加|加上|外加|再来|(?:and|with|plus|also|then)\s+)\s*", re.IGNORECASE
)
_HARD = re.compile(r"[，,、;；。！!？?\n\r\t|+/]")
_BRACKETS = {"(": ")", "（": "）", "[": "]", "【": "】"}
_JOIN_EN = re.compile(r"\s+(?:and|with|plus|&|also|then|as well as|along with)\s+", re.IGNORECASE)
_JOIN_ZH = re.compile(r"还有|以及|外加|加上|另外|然后|再加|和|跟|加|配|及|与|同")
# "spinach, cooked": a comma followed only by a form word belongs to the food before it
_FORMS = frozenset(
    [
        "raw",
        "cooked",
        "boiled",
        "fried",
        "steamed",
        "baked",
        "roasted",
        "grilled",
        "dried",
        "dry",
        "canned",
        "plain",
        "fresh",
        "frozen",
        "whole",
        "unsalted",
        "salted",
        "sweetened",
        "unsweetened",
    ]
)


def _meal_food(food: Food) -> MealFood:
    return MealFood(id=food.id, ndb=food.ndb, source=food.source, name_en=food.name_en, name_zh=food.name_zh)


class MealItem(BaseModel):
    """One part of the meal understood. `food` is None for a label value ("magnesium 120 mg")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    food: MealFood | None
    grams: float | None
    mg: float | None
    portion_assumed: bool


class MealResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[MealItem]
    not_understood: list[NotUnderstood]


def _split_hard(text: str) -> list[str]:
    """Cut at punctuation outside brackets ("羽衣甘蓝（宽叶，煮）" stays whole), not in "1,000"."""
    parts: list[str] = []
    depth: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            depth.append(_BRACKETS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif not depth and _HARD.match(ch):
            if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    merged: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if merged and part.lower() in _FORMS:
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _inside_a_name(chunk: str, start: int, end: int, store: FoodStore) -> bool:
    """Whether the joining word at chunk[start:end] belongs to a food's own name ("oatmeal with milk")."""
    lower = chunk.lower()
    for name in segment.joined_names(store, segment.join_key(chunk, start, chunk[start:end])):
        at = lower.find(name)
        while at >= 0:
            if at < end and start < at + len(name):
                return True
            at = lower.find(name, at + 1)
    return False


def _clean(part: str) -> str:
    part = _LEADING_JOIN.sub("", _LABEL.sub("", part))
    return _VERB.sub("", part).strip()


def split_meal(text: str, store: FoodStore) -> list[str]:
    """The parts of a meal line, in order, before any is parsed (labels and "吃了"/"I had" removed)."""
    out: list[str] = []
    for chunk in _split_hard(text):
        chunk = _clean(chunk)
        if not chunk:
            continue
        out.extend(p for p in (_clean(x) for x in _split_joins(chunk, store)) if p)
    return out


def _split_joins(chunk: str, store: FoodStore) -> list[str]:
    """Cut at joining words, except inside a food name that contains one ("oatmeal with milk")."""
    cuts = sorted(
        (m.start(), m.end())
        for pattern in (_JOIN_EN, _JOIN_ZH)
        for m in pattern.finditer(chunk)
        if m.start() > 0 and m.end() < len(chunk) and not _inside_a_name(chunk, m.start(), m.end(), store)
    )
    pieces: list[str] = []
    start = 0
    for a, b in cuts:
        if a < start:
            continue  # overlapping matches ("还有" and "有"): the first one wins
        pieces.append(chunk[start:a])
        start = b
    pieces.append(chunk[start:])
    return [p.strip() for p in pieces if p.strip()]


def _candidates(text: str, store: FoodStore) -> list[MealFood]:
    """The foods a not-understood part might have been, searched by its food words (none for gibberish)."""
    food_words = split_quantity(normalise_entry(text[:200]))[2] or text[:200]
    try:
        hits = store.search(food_words, limit=CANDIDATES)
    except InputError:
        return []
    return [_meal_food(h.food) for h in hits]


def _reason(exc: InputError, lang: Lang) -> str:
    problem = exc.problems[0]
    return t(problem.code if "." in problem.code else f"errors.{problem.code}", lang, **problem.params)


def _item(parsed: ParsedEntry, store: FoodStore) -> MealItem:
    food = store.get(parsed.food.id) if parsed.food is not None else None
    return MealItem(
        text=parsed.entry,
        food=_meal_food(food) if food is not None else None,
        grams=parsed.grams,
        mg=parsed.mg,
        portion_assumed=parsed.portion_assumed,
    )


def _read(part: str, store: FoodStore, lang: Lang) -> ParsedEntry | NotUnderstood:
    try:
        parsed = parse_entry(part, store, lang)
    except InputError as exc:
        return NotUnderstood(text=part, reason=_reason(exc, lang), candidates=_candidates(part, store))
    if parsed.status == "ambiguous":
        names = "; ".join(Say(lang).name(c) for c in parsed.candidates)
        return NotUnderstood(
            text=part,
            reason=t("foods.errors.ambiguous", lang, value=part, candidates=names),
            candidates=[_meal_food(store.get(c.id)) for c in parsed.candidates],
        )
    return parsed


def read_meal(
    text: str, store: FoodStore, lang: Lang, field: str = "text"
) -> list[ParsedEntry | NotUnderstood]:
    """Each part of a meal line in order: the parse of what was understood, or why a part was not.

    A line with no words in it, one longer than a page or one with more parts than a meal has is an
    InputError on `field`: that is a mistake in the request, not a food magcheck failed to recognise.
    Lines read without such an error are remembered per store, like single entries (`parse_entry`):
    splitting the 30 lines of a 3-day log took a third of an API assessment.
    """
    known = store.meal_memo.get((text, lang))
    if known is not None:
        return list(known)
    if len(text) > MAX_MEAL:
        raise input_error(field, "errors.too_long", limit=MAX_MEAL, value=text[:57] + "...")
    parts = split_meal(text, store)
    if not parts:
        raise input_error(field, "foods.errors.empty_entry")
    if len(parts) > MAX_ITEMS:
        raise input_error(field, "meal.errors.too_many_items", limit=MAX_ITEMS, value=len(parts))
    out: list[ParsedEntry | NotUnderstood] = []
    for part in parts:
        result = _read(part, store, lang)
        if isinstance(result, NotUnderstood) and segment.worth_segmenting(part):
            # run-on Chinese ("馒头豆浆两个鸡蛋"): let the segmenter find the foods in it
            pieces = segment.cut(part, store)
            read = [_read(p, store, lang) for p in pieces] if len(pieces) > 1 else []
            if any(isinstance(r, ParsedEntry) for r in read):
                out.extend(read)
                continue
        out.append(result)
    if len(store.meal_memo) >= PARSE_MEMO_SIZE:
        store.meal_memo.clear()
    store.meal_memo[(text, lang)] = tuple(out)
    return out


def parse_meal(text: str, store: FoodStore, lang: Lang, field: str = "text") -> MealResult:
    """Every food in a meal line; parts that cannot be read are listed under `not_understood`, never
    raised (see `read_meal` for what is an error)."""
    read = read_meal(text, store, lang, field)
    return MealResult(
        items=[_item(r, store) for r in read if isinstance(r, ParsedEntry)],
        not_understood=[r for r in read if isinstance(r, NotUnderstood)],
    )
