"""The intake an assessment judges: measured daily totals (entered, or summed from a food log), a stated
usual intake, or none — with the message that describes it (``core.intake.<kind>``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Literal

from magcheck.core.errors import input_error
from magcheck.core.messages import Msg, msg
from magcheck.core.models import AssessmentInput, Coverage, FoodEntryResult, FoodLogSummary, NotUnderstood


@dataclass(frozen=True)
class IntakeFinding:
    """The output's `IntakeResult`, its text as a message."""

    source: Literal["usual", "daily", "food_log", "none"]
    days: int
    daily_mg: list[float]
    food_mean_mg: float | None
    supplement_mg: float
    mean_mg: float | None
    text: Msg
    foods: list[FoodEntryResult] = field(default_factory=list)
    coverage: Coverage | None = None
    not_understood: list[NotUnderstood] = field(default_factory=list)


def _measured(
    source: Literal["daily", "food_log"],
    key: str,
    daily: list[float],
    supplement_mg: float,
    food_log: FoodLogSummary | None = None,
) -> IntakeFinding:
    """The intake from daily totals (entered, or summed from a food log), text `core.intake.<key>`."""
    food_mean = fmean(daily)
    return IntakeFinding(
        source=source,
        days=len(daily),
        daily_mg=daily,
        food_mean_mg=round(food_mean, 1),
        supplement_mg=supplement_mg,
        mean_mg=round(food_mean + supplement_mg, 1),
        foods=food_log.entries if food_log else [],
        coverage=food_log.coverage if food_log else None,
        not_understood=food_log.not_understood if food_log else [],
        text=msg(
            f"core.intake.{key}",
            n=len(daily),
            food=f"{food_mean:.0f}",
            supp=f"{supplement_mg:g}",
            total=f"{food_mean + supplement_mg:.0f}",
        ),
    )


def _undated(
    source: Literal["usual", "none"], usual: float | None, supplement_mg: float, text: Msg
) -> IntakeFinding:
    """The intake without days: a stated usual intake (tested without the within-person term), or none."""
    return IntakeFinding(
        source=source,
        days=0,
        daily_mg=[],
        food_mean_mg=usual,
        supplement_mg=supplement_mg,
        mean_mg=None if usual is None else round(usual + supplement_mg, 1),
        text=text,
    )


def intake_of(
    inp: AssessmentInput, food_log: FoodLogSummary | None, supplement_mg: float
) -> tuple[IntakeFinding, int | None]:
    """The intake and the number of days for the IOM test (None = stated usual intake)."""
    intake = inp.intake
    if food_log is not None:
        daily = [round(v, 1) for v in food_log.daily_mg]
        key = "food_log" if food_log.coverage.complete else "food_log_partial"
        return _measured("food_log", key, daily, supplement_mg, food_log), len(daily)
    if intake is not None and intake.days is not None:
        raise input_error("intake.days", "core.days_not_resolved")
    if intake is not None and intake.daily_mg is not None:
        daily = list(intake.daily_mg)
        return _measured("daily", "daily", daily, supplement_mg), len(daily)
    if intake is not None and intake.usual_mg is not None:
        usual = intake.usual_mg
        text = msg(
            "core.intake.usual",
            food=f"{usual:g}",
            supp=f"{supplement_mg:g}",
            total=f"{usual + supplement_mg:.0f}",
        )
        return _undated("usual", usual, supplement_mg, text), None
    return _undated("none", None, supplement_mg, msg("core.intake.none", supp=f"{supplement_mg:g}")), None
