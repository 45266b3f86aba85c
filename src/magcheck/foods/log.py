"""Food logs in words → per-entry results, per-day totals and an honest coverage statement.

An entry whose food has no USDA magnesium value is kept, with `mg` None: the day's total then is a
lower bound ("≥ 210 mg"), and the coverage text says how many entries lack a value instead of silently
counting them as zero. Every problem in the log is reported at once, each on its own field
(`intake.days.<day>.<entry>`, both 0-based), so a person can fix the whole log in one pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcheck.core.errors import FieldProblem, InputError
from magcheck.core.models import Coverage, FoodEntryResult, FoodLogSummary, NotUnderstood
from magcheck.foods.meal import read_meal
from magcheck.foods.parse import PARSE_MEMO_SIZE, ParsedEntry
from magcheck.foods.sources import entry_sources
from magcheck.i18n import t

if TYPE_CHECKING:
    from magcheck.foods.store import FoodStore
    from magcheck.i18n import Lang


def summarise_days(
    days: list[list[str]], store: FoodStore, lang: Lang, field: str = "intake.days"
) -> FoodLogSummary:
    """Parse every entry of every day; `FoodEntryResult.day` is the 0-based index into `daily_mg`.

    An entry may be a whole meal ("米饭一碗、炒青菜和两个鸡蛋"). Parts that cannot be read do not stop
    the assessment: they are listed under `not_understood` and counted in the coverage, so the totals
    are stated as lower bounds. Only a log in which nothing at all could be read is refused.
    """
    entries: list[FoodEntryResult] = []
    missing: list[NotUnderstood] = []
    where_missing: list[str] = []
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
                read = _read_line(text, d, store, lang, where)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            for part in read:
                if isinstance(part, NotUnderstood):
                    missing.append(part)
                    where_missing.append(where)
                    continue
                entries.append(part)
                total += part.mg or 0.0
        daily.append(round(total, 1))
    if not problems and missing and not entries:  # nothing understood: there is no intake to assess
        problems = [
            FieldProblem(w, "meal.errors.not_understood", {"value": m.text, "reason": m.reason})
            for w, m in zip(where_missing, missing, strict=True)
        ]
    if problems:
        raise InputError(problems)
    return log_summary(entries, daily, lang, missing)


def _read_line(
    text: str, day: int, store: FoodStore, lang: Lang, where: str
) -> tuple[FoodEntryResult | NotUnderstood, ...]:
    """One line of day `day` as the summary lists it: an entry result per food read, or what was not.

    Remembered per store like the line's reading (`read_meal`), so a log sent again (the API's clients
    re-send whole logs) is not written out entry by entry again: that was a sixth of an API assessment.
    The results are shared by the summaries that read the same line and must not be changed.
    """
    key = (text, lang, day)
    known = store.log_memo.get(key)
    if known is not None:
        return known
    read = tuple(
        part if isinstance(part, NotUnderstood) else _entry(part, day, lang)
        for part in read_meal(text, store, lang, field=where)
    )
    if len(store.log_memo) >= PARSE_MEMO_SIZE:
        store.log_memo.clear()
    store.log_memo[key] = read
    return read


def _entry(parsed: ParsedEntry, day: int, lang: Lang) -> FoodEntryResult:
    food = parsed.food
    note = parsed.note
    if parsed.kind == "label":
        note = t("foods.log.label_entry", lang)
    elif note is None and parsed.portion_assumed:
        note = t("meal.log.assumed", lang, portion=parsed.portion or "")
    elif note is None and parsed.portion is not None:
        note = t("foods.parse.read_as", lang, quantity=f"{parsed.quantity:g}", portion=parsed.portion)
    return FoodEntryResult(
        entry=parsed.entry,
        day=day,
        ndb=food.ndb if food else None,
        food_id=food.id if food else None,
        source=food.source if food else None,
        sources=entry_sources(food.id, food.source) if food is not None else [],
        name_en=food.name_en if food else None,
        name_zh=food.name_zh if food else None,
        grams=parsed.grams,
        mg=parsed.mg,
        note=note,
    )


def log_summary(
    entries: list[FoodEntryResult],
    daily: list[float],
    lang: Lang,
    not_understood: list[NotUnderstood] | None = None,
) -> FoodLogSummary:
    """Entries and daily totals with the coverage statement (how many entries had a magnesium value).

    A part of the log that was not understood counts as an entry without a value: it may have held
    magnesium, so the totals become lower bounds and the statement says how many parts were left out.
    """
    missing = not_understood or []
    with_value = sum(1 for e in entries if e.mg is not None)
    total = len(entries) + len(missing)
    complete = with_value == total
    if complete:
        text = t("foods.log.coverage_complete", lang, entries=len(entries))
    elif missing:
        text = t(
            "meal.log.coverage_not_understood",
            lang,
            mean_mg=f"{sum(daily) / len(daily):.0f}",
            missing=len(missing),
            no_value=len(entries) - with_value,
            entries=total,
        )
    else:
        mean = sum(daily) / len(daily)
        text = t(
            "foods.log.coverage_partial",
            lang,
            mean_mg=f"{mean:.0f}",
            missing=len(entries) - with_value,
            entries=len(entries),
        )
    coverage = Coverage(entries=total, entries_with_value=with_value, complete=complete, text=text)
    return FoodLogSummary(entries=entries, daily_mg=daily, coverage=coverage, not_understood=missing)
