"""What a person's record accepts: log dates, day windows, sign answers and plausible entry quantities.

Shared by the history service, the recall and the record's import, so a value refused in one place is
refused in all of them, with the same field-level message (``locales/*/history.toml``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter, ValidationError

from magcheck.core.errors import InputError, input_error
from magcheck.core.validation import problems_from_pydantic
from magcheck.core.vocabulary import Frequency, SignId
from magcheck.storage.work import today

MAX_FUTURE_DAYS = 1  # a day of slack for time zones and logging tomorrow's breakfast tonight
EARLIEST_DAY = dt.date(1900, 1, 1)
MAX_ENTRY_GRAMS = 5000.0  # one line of a food log weighing more than 5 kg is a typo, not a meal
MAX_ENTRY_MG = 5000.0
MAX_DAYS = 366


def parse_day(value: dt.date | str | None, field: str = "date") -> dt.date:
    """A log date: YYYY-MM-DD, not before 1900 and at most one day in the future (default: today)."""
    if value is None:
        return today()
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise input_error(field, "errors.not_a_date", value=value) from None
    else:
        day = value
    latest = today() + dt.timedelta(days=MAX_FUTURE_DAYS)
    if day > latest:
        raise input_error(
            field, "history.errors.future_date", value=day.isoformat(), latest=latest.isoformat()
        )
    if day < EARLIEST_DAY:
        raise input_error(field, "history.errors.date_too_old", value=day.isoformat())
    return day


def check_days(days: int, field: str = "days") -> int:
    if not 1 <= days <= MAX_DAYS:
        raise input_error(
            field,
            "errors.too_large" if days > MAX_DAYS else "errors.too_small",
            limit=MAX_DAYS if days > MAX_DAYS else 1,
            value=days,
        )
    return days


def validate_signs(signs: dict[str, str]) -> dict[str, str]:
    if not signs:
        raise input_error("signs", "history.errors.no_signs")
    try:
        valid = TypeAdapter(dict[SignId, Frequency]).validate_python(signs)
    except ValidationError as exc:
        raise InputError(problems_from_pydantic(exc, "signs")) from None
    return {str(k): str(v) for k, v in valid.items()}


def check_quantity(snapshot: dict[str, Any], text: str) -> None:
    grams, mg = snapshot.get("grams"), snapshot.get("mg")
    if grams is not None and not 0 < grams <= MAX_ENTRY_GRAMS:
        raise input_error(
            "entry",
            "history.errors.impossible_grams",
            value=text,
            grams=f"{grams:g}",
            limit=f"{MAX_ENTRY_GRAMS:g}",
        )
    if mg is not None and not 0 <= mg <= MAX_ENTRY_MG:
        raise input_error(
            "entry", "history.errors.impossible_mg", value=text, mg=f"{mg:g}", limit=f"{MAX_ENTRY_MG:g}"
        )
