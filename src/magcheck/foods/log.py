"""Food logs in words → per-entry results, per-day totals and an honest coverage statement.

An entry whose food has no USDA magnesium value is kept, with `mg` None: the day's total then is a
lower bound ("≥ 210 mg"), and the coverage text says how many entries lack a value instead of silently
counting them as zero. Every problem in the log is reported at once, each on its own field
(`intake.days.<day>.<entry>`, both 0-based), so a person can fix the whole log in one pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcheck.core.models import Coverage, FoodEntryResult, FoodLogSummary
from magcheck.errors import FieldProblem, InputError
from magcheck.foods.parse import parse_entry
from magcheck.i18n import t

if TYPE_CHECKING:
    from magcheck.foods.store import FoodStore
    from magcheck.i18n import Lang


def summarise_days(
    days: list[list[str]], store: FoodStore, lang: Lang, field: str = "intake.days"
) -> FoodLogSummary:
    """Parse every entry of every day; `FoodEntryResult.day` is the 0-based index into `daily_mg`."""
    entries: list[FoodEntryResult] = []
    daily: list[float] = []
    problems: list[FieldProblem] = []
    for d, day in enumerate(days):
        if not day:
            problems.append(FieldProblem(f"{field}.{d}", "foods.errors.empty_day", {}))
            continue
        total = 0.0
        for i, text in enumerate(day):
            where = f"{field}.{d}.{i}"
            try:
                parsed = parse_entry(text, store, lang, field=where)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            if parsed.status == "ambiguous":
                names = "; ".join(
                    c.name_zh or c.name_en if lang == "zh" else c.name_en for c in parsed.candidates
                )
                problems.append(
                    FieldProblem(where, "foods.errors.ambiguous", {"value": text, "candidates": names})
                )
                continue
            food = parsed.food
            note = parsed.note
            if parsed.kind == "label":
                note = t("foods.log.label_entry", lang)
            elif note is None and parsed.portion is not None:
                note = t("foods.parse.read_as", lang, quantity=f"{parsed.quantity:g}", portion=parsed.portion)
            entries.append(
                FoodEntryResult(
                    entry=parsed.entry,
                    day=d,
                    ndb=food.ndb if food else None,
                    food_id=food.id if food else None,
                    source=food.source if food else None,
                    name_en=food.name_en if food else None,
                    name_zh=food.name_zh if food else None,
                    grams=parsed.grams,
                    mg=parsed.mg,
                    note=note,
                )
            )
            if parsed.mg is not None:
                total += parsed.mg
        daily.append(round(total, 1))
    if problems:
        raise InputError(problems)
    return log_summary(entries, daily, lang)


def log_summary(entries: list[FoodEntryResult], daily: list[float], lang: Lang) -> FoodLogSummary:
    """Entries and daily totals with the coverage statement (how many entries had a magnesium value)."""
    with_value = sum(1 for e in entries if e.mg is not None)
    complete = with_value == len(entries)
    if complete:
        text = t("foods.log.coverage_complete", lang, entries=len(entries))
    else:
        mean = sum(daily) / len(daily)
        text = t(
            "foods.log.coverage_partial",
            lang,
            mean_mg=f"{mean:.0f}",
            missing=len(entries) - with_value,
            entries=len(entries),
        )
    coverage = Coverage(entries=len(entries), entries_with_value=with_value, complete=complete, text=text)
    return FoodLogSummary(entries=entries, daily_mg=daily, coverage=coverage)
