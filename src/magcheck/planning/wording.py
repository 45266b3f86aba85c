"""The plan in the person's language: portions ("1½ cups (270 g)" / "1.5 杯（270 克）"), each food's
reason and the summary of what the plan closes and what held it back."""

from __future__ import annotations

import re

from magcheck.core.models import PlanFood, Preferences
from magcheck.core.plan_problem import PlanSolution
from magcheck.i18n import Lang, Say, t
from magcheck.i18n.languages import Quantity
from magcheck.planning.options import FoodOption

_FRACTIONS = {0.25: "¼", 0.5: "½", 0.75: "¾"}


def _qty(amount: float, quantity: Quantity) -> str:
    """1.5 → "1½" (en) / "1.5" (zh); 0.5 → "½" / "半"; other amounts as plain numbers (the language's
    `Quantity` rules)."""
    whole = int(amount)
    frac = round(amount - whole, 2)
    if frac == 0:
        return str(whole)
    if quantity.half and amount == 0.5:
        return quantity.half
    if quantity.fractions and frac in _FRACTIONS:
        return (str(whole) if whole else "") + _FRACTIONS[frac]
    return f"{amount:g}"


_NOTE = re.compile(r"\s*[(（][^)）]*[)）]")  # "(about 150 g)", "（美制量杯）": the grams are shown anyway
_FIRST_WORD = re.compile(r"^\w+")


def portion_text(option: FoodOption, steps: int, lang: Lang) -> str:
    """ "1½ cups (270 g)" / "1.5 杯（270 克）" from the food's one-portion measure."""
    count = steps / option.steps_per_portion
    grams = round(option.portion_grams * count)
    say = Say(lang)
    quantity = say.profile.quantity
    rest = _NOTE.sub("", say.name(option, "label")).strip()
    amount = count * option.portion_amount
    qty = _qty(amount, quantity)
    if quantity.plurals and amount > 1:  # the language's plural of the measure word (locales/<lang>.toml)
        rest = _FIRST_WORD.sub(lambda m: quantity.plurals.get(m.group(0), m.group(0)), rest, count=1)
    written = quantity.portion_half if quantity.half and qty == quantity.half else quantity.portion
    return written.format(qty=qty, measure=rest, grams=grams)


def num(value: float) -> str:
    return str(round(value))


def food_line(option: FoodOption, steps: int, preferred: bool, lang: Lang) -> PlanFood:
    """One plan line: the food, its portion and why it is there (magnesium per portion and per 100 kcal)."""
    count = steps / option.steps_per_portion
    mg = option.mg_per_portion * count
    kcal = option.kcal_per_portion * count
    per_100kcal = option.mg_per_100g / option.kcal_per_100g * 100 if option.kcal_per_100g > 0 else None
    portion_one = portion_text(option, option.steps_per_portion, lang)
    why = (
        t("plan.why", lang, mg=num(option.mg_per_portion), portion=portion_one, per100=num(per_100kcal))
        if per_100kcal is not None
        else t("plan.why_no_kcal", lang, mg=num(option.mg_per_portion), portion=portion_one)
    )
    if preferred:
        why += t("plan.why_already_eat", lang)
    return PlanFood(
        ndb=option.ndb,
        food_id=option.food_id,
        source=option.source,
        name_en=option.name_en,
        name_zh=option.name_zh,
        grams=round(option.portion_grams * count, 1),
        portion=portion_text(option, steps, lang),
        mg=round(mg, 1),
        kcal=round(kcal, 1),
        why=why,
    )


def summary(
    solution: PlanSolution,
    gap: float,
    target: float,
    intake: float,
    emptied_by: list[str],
    prefs: Preferences,
    lang: Lang,
) -> str:
    """What the plan closes, or what held it back (each binding constraint in words)."""
    total, kcal, n = solution.total_mg, solution.total_kcal, len(solution.picks)
    if solution.status == "not_needed":
        return t("plan.status.not_needed", lang, intake=num(intake), target=num(target))
    if solution.status == "closed":
        key = "plan.status.closed_one" if n == 1 else "plan.status.closed"
        return t(key, lang, gap=num(gap), n=n, mg=num(total), kcal=num(kcal))
    reasons = []
    for b in solution.binding:
        if b == "no_candidates":
            names = [t(f"plan.preference.{p}", lang) for p in emptied_by] or [t("plan.preference.none", lang)]
            reasons.append(t("plan.binding.no_candidates", lang, prefs=_join(names, lang)))
        elif b == "max_foods":
            reasons.append(t("plan.binding.max_foods", lang, n=prefs.max_foods))
        elif b == "max_extra_kcal":
            reasons.append(t("plan.binding.max_extra_kcal", lang, kcal=num(prefs.max_extra_kcal or 0)))
        else:
            reasons.append(t("plan.binding.portion_caps", lang))
    text = t("plan.status.partial", lang, mg=num(total), gap=num(gap), reasons=_join(reasons, lang))
    return text if solution.exact else text + " " + t("plan.not_exact", lang)


def _join(items: list[str], lang: Lang) -> str:
    return Say(lang).clauses(items)
