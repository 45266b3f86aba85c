"""The passes as operations on a draft: each takes the person's answers and returns the new draft.

Pure functions over `Draft` (the web pages and `magcheck recall` both call them; storage is the caller's
job). Nothing here raises for a food it does not understand: such an item stays open with its reason
until the person picks a candidate, types it again or removes it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import TYPE_CHECKING

from magcheck.core.errors import MagcheckError, input_error
from magcheck.core.supplements import elemental_fraction, find_compound
from magcheck.knowledge.loader import load_knowledge
from magcheck.recall.model import MAX_DAYS, MAX_ITEMS_PER_DAY, MAX_TEXT, MEALS, PROBES, Day, Draft, Item, Meal
from magcheck.recall.understand import food_by_id, understand, understand_one, with_food

if TYPE_CHECKING:
    from magcheck.foods.store import FoodStore
    from magcheck.i18n import Lang

_SUPPLEMENT = re.compile(
    r"^(?P<what>.*?)[\s:：,，]*(?P<mg>\d+(?:\.\d+)?)\s*(?:mg|毫克|milligrams?)(?:\s*[x×]\s*(?P<n>\d+))?$",
    re.IGNORECASE,
)
_ELEMENTAL = re.compile(r"^(?:elemental\s+)?(?:magnesium|mg|镁|元素镁)?$", re.IGNORECASE)


def _redo(day: Day, origin: str, meal: Meal, text: str, store: FoodStore, lang: Lang, kind: str) -> None:
    """Items from `origin` again, only if its text changed (edits made in the details pass are kept)."""
    clean = text.strip()[:MAX_TEXT]
    if day.understood.get(origin) == clean:
        return
    day.understood[origin] = clean
    kept = [i for i in day.items if i.origin != origin]
    if kind == "supplement":
        fresh = [supplement_item(piece, lang) for piece in _pieces(clean)]
    else:
        fresh = understand(clean, meal, store, lang) if clean else []
    day.items = kept + [i.model_copy(update={"origin": origin, "meal": meal}) for i in fresh]
    day.items = day.items[:MAX_ITEMS_PER_DAY]


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n,;，；、]+", text) if p.strip()][:10]


def set_quick(draft: Draft, texts: dict[str, str], store: FoodStore, lang: Lang) -> Draft:
    """Pass 1: the quick list, one text per meal (whole sentences allowed)."""
    out = draft.model_copy(deep=True)
    day = out.day
    for meal in MEALS:
        text = texts.get(meal, "")[:MAX_TEXT]
        day.quick[meal] = text
        _redo(day, f"quick:{meal}", meal, text, store, lang, "food")
    return out


def set_probes(draft: Draft, answers: dict[str, str], store: FoodStore, lang: Lang) -> Draft:
    """Pass 2: answers to the forgotten-foods prompts (added as snacks; the details pass can move them)."""
    out = draft.model_copy(deep=True)
    day = out.day
    for probe in PROBES:
        text = answers.get(probe, "")[:MAX_TEXT]
        day.probes[probe] = text
        kind = "supplement" if probe == "supplements" else "food"
        _redo(day, f"probe:{probe}", "snacks", text, store, lang, kind)
    return out


def save_texts(draft: Draft, quick: dict[str, str], probes: dict[str, str]) -> Draft:
    """Keep what is typed (autosave) without reading it yet: a reload or a language switch shows it."""
    out = draft.model_copy(deep=True)
    for meal, text in quick.items():
        if meal in MEALS:
            out.day.quick[meal] = text[:MAX_TEXT]
    for probe, text in probes.items():
        if probe in PROBES:
            out.day.probes[probe] = text[:MAX_TEXT]
    return out


def supplement_item(text: str, lang: Lang) -> Item:
    """A supplement as on the label: "magnesium 100 mg" (elemental) or "magnesium citrate 500 mg"."""
    item = Item(text=text, meal="snacks", source="supplement")
    match = _SUPPLEMENT.match(text.strip())
    if not match:
        return item.model_copy(update={"reason_code": "recall.errors.supplement_format", "reason_params": {}})
    mg = float(match.group("mg")) * float(match.group("n") or 1)
    what = match.group("what").strip()
    knowledge = load_knowledge()
    if _ELEMENTAL.match(what):
        if not 0 < mg <= 5000:
            return item.model_copy(update={"reason_code": "recall.errors.supplement_format"})
        return item.model_copy(
            update={
                "status": "ok",
                "mg": mg,
                "amount": mg,
                "unit": "mg",
                "name_en": "Magnesium",
                "name_zh": "镁",
            }
        )
    compound = find_compound(knowledge, what)
    if compound is None or not 0 < mg <= 20000:
        return item.model_copy(
            update={
                "reason_code": "errors.unknown_compound",
                "reason_params": {"value": what, "allowed": "…"},
            }
        )
    return item.model_copy(
        update={
            "status": "ok",
            "food_id": f"compound:{compound.id}",
            "name_en": compound.name.en,
            "name_zh": compound.name.zh,
            "amount": mg,
            "unit": "mg",
            "mg": round(mg * elemental_fraction(knowledge, compound), 2),
        }
    )


def _find(day: Day, item_id: str) -> int:
    for index, item in enumerate(day.items):
        if item.id == item_id:
            return index
    raise input_error("item", "recall.errors.no_item")


def pick(draft: Draft, item_id: str, food_id: str, store: FoodStore, lang: Lang) -> Draft:
    """Resolve an open item by clicking one of its candidates (its amount and unit are kept if they fit)."""
    out = draft.model_copy(deep=True)
    day = out.day
    index = _find(day, item_id)
    item = day.items[index]
    food = food_by_id(store, food_id)
    day.items[index] = with_food(item, food, item.amount, item.unit, lang)
    return out


def retype(draft: Draft, item_id: str, text: str, store: FoodStore, lang: Lang) -> Draft:
    """Type an item again ("tofu" → "firm tofu"); an empty text removes it."""
    out = draft.model_copy(deep=True)
    day = out.day
    index = _find(day, item_id)
    old = day.items[index]
    clean = text.strip()[:200]
    if not clean:
        del day.items[index]
        return out
    if old.source == "supplement":
        new = supplement_item(clean, lang)
    else:
        new = understand_one(clean, old.meal, store, lang)
    day.items[index] = new.model_copy(update={"id": old.id, "origin": "added", "meal": old.meal})
    return out


def set_portion(
    draft: Draft,
    item_id: str,
    amount: float | None,
    unit: str | None,
    meal: str | None,
    store: FoodStore,
    lang: Lang,
) -> Draft:
    """Change an item's amount/unit (portion words or a drawn aid) and its meal."""
    out = draft.model_copy(deep=True)
    day = out.day
    index = _find(day, item_id)
    item = day.items[index]
    if meal in MEALS:
        item = item.model_copy(update={"meal": meal})
    if (
        item.status == "ok"
        and item.food_id
        and not item.food_id.startswith("compound:")
        and amount is not None
    ):
        if not 0 < amount <= 100 * (1000 if unit == "g" else 1):
            raise input_error(f"item.{item_id}.amount", "recall.errors.bad_amount", value=f"{amount:g}")
        food = food_by_id(store, item.food_id)
        try:
            item = with_food(item, food, amount, unit, lang)
        except MagcheckError:
            raise input_error(f"item.{item_id}.unit", "recall.errors.bad_unit", value=unit or "") from None
        item = item.model_copy(update={"portion_assumed": False})
    day.items[index] = item
    return out


def add_items(
    draft: Draft, text: str, meal: Meal, store: FoodStore, lang: Lang, origin: str = "added"
) -> Draft:
    """More foods for the day (the final probe, a favourite, a meal template, a copied day)."""
    out = draft.model_copy(deep=True)
    fresh = [i.model_copy(update={"origin": origin}) for i in understand(text, meal, store, lang)]
    out.day.items = (out.day.items + fresh)[:MAX_ITEMS_PER_DAY]
    return out


def remove(draft: Draft, item_id: str) -> Draft:
    out = draft.model_copy(deep=True)
    del out.day.items[_find(out.day, item_id)]
    return out


def add_day(draft: Draft, day: dt.date) -> Draft:
    """Start another day (the same person); the IOM method wants non-consecutive days."""
    if len(draft.days) >= MAX_DAYS:
        raise input_error("date", "recall.errors.too_many_days", limit=MAX_DAYS)
    if any(d.date == day for d in draft.days):
        raise input_error("date", "recall.errors.same_day", value=day.isoformat())
    out = draft.model_copy(deep=True)
    out.days.append(Day(date=day))
    out.step = "quick"
    return out


def suggest_next_day(draft: Draft, latest: dt.date) -> dt.date:
    """A day not next to any recalled one (consecutive days are correlated), as recent as possible."""
    taken = {d.date for d in draft.days}
    candidate = latest
    while candidate in taken or any(abs((candidate - d).days) == 1 for d in taken):
        candidate -= dt.timedelta(days=1)
    return candidate


def consecutive(draft: Draft) -> bool:
    dates = sorted(d.date for d in draft.days)
    return any((b - a).days == 1 for a, b in itertools.pairwise(dates))
