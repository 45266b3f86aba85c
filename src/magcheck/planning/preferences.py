"""A person's plan preferences against the foods: diet, excluded families and foods, foods already eaten.

An exclusion that names nothing real is a field-level error: a typo such as "treenuts" must not silently
leave tree nuts in an allergic person's plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from magcheck.core.errors import FieldProblem, InputError
from magcheck.core.models import Preferences
from magcheck.core.vocabulary import ALLERGEN_FAMILIES, DIET_EXCLUDES, EXCLUDE_FAMILIES
from magcheck.planning.options import FoodOption

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> frozenset[str]:
    """Lower-case words with a plural 's'/'es' dropped, so "almonds" finds "Almond butter"."""
    out: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("ch", "sh", "o", "x")):
            word = word[:-2]
        elif len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def matches_food(text: str, option: FoodOption) -> bool:
    """Free text names this food: all its words in an English name/alias, or it appears in a Chinese one."""
    query = text.strip()
    if not query:
        return False
    if re.search(r"[\u4e00-\u9fff]", query):
        return any(query in name for name in (option.name_zh, *option.aliases_zh))
    words = _words(query)
    return bool(words) and any(words <= _words(name) for name in (option.name_en, *option.aliases_en))


@dataclass(frozen=True)
class ResolvedPreferences:
    prefs: Preferences
    families: frozenset[str]  # excluded families (from exclude ids and the diet)
    foods: tuple[str, ...]  # free-text foods to exclude
    preferred: frozenset[str]  # namespaced ids of foods the person already eats


def resolve_preferences(prefs: Preferences, options: Sequence[FoodOption]) -> ResolvedPreferences:
    """Split `exclude` into family ids and free-text foods; both lists must name something real.

    An entry that is neither a family id nor any food's name/alias is a field-level error (a typo such
    as "treenuts" must not silently leave tree nuts in an allergic person's plan).
    """
    problems: list[FieldProblem] = []
    families: set[str] = set(DIET_EXCLUDES[prefs.diet])
    foods: list[str] = []
    allowed = ", ".join(EXCLUDE_FAMILIES)
    for i, entry in enumerate(prefs.exclude):
        key = entry.strip()
        normal = key.casefold().replace(" ", "_").replace("-", "_")
        if normal in EXCLUDE_FAMILIES:
            families.add(normal)
        elif key and any(matches_food(key, o) for o in options):
            foods.append(key)
        else:
            problems.append(FieldProblem(f"preferences.exclude.{i}", "plan.errors.unknown_exclusion",
                                         {"value": entry, "allowed": allowed}))  # fmt: skip
    preferred: set[str] = set()
    for i, entry in enumerate(prefs.already_eat):
        hits = {o.food_id for o in options if matches_food(entry, o)}
        if not hits:
            problems.append(FieldProblem(f"preferences.already_eat.{i}", "plan.errors.unknown_food",
                                         {"value": entry}))  # fmt: skip
        preferred |= hits
    if problems:
        raise InputError(problems)
    return ResolvedPreferences(prefs, frozenset(families), tuple(foods), frozenset(preferred))


def _cuisine_ok(option: FoodOption, cuisine: str) -> bool:
    return cuisine == "any" or option.cuisine in (cuisine, "both")


def filter_options(
    options: Sequence[FoodOption], resolved: ResolvedPreferences
) -> tuple[list[FoodOption], list[str]]:
    """The candidates left by the preferences, and which preferences removed foods (for an empty list)."""
    prefs = resolved.prefs
    diet_families = DIET_EXCLUDES[prefs.diet]
    allergen_excluded = bool(resolved.families & ALLERGEN_FAMILIES)
    removed_by: dict[str, int] = {"diet": 0, "exclude": 0, "cuisine": 0}
    kept: list[FoodOption] = []
    for option in options:
        reasons = []
        if option.families & diet_families:
            reasons.append("diet")
        if option.families & (resolved.families - diet_families) or any(
            matches_food(text, option) for text in resolved.foods
        ):
            reasons.append("exclude")
        if not option.curated and allergen_excluded:  # no allergen tags on imported foods: not offered
            reasons.append("exclude")
        if not _cuisine_ok(option, prefs.cuisine):
            reasons.append("cuisine")
        for reason in reasons:
            removed_by[reason] += 1
        if not reasons:
            kept.append(option)
    return kept, [name for name, count in removed_by.items() if count]
