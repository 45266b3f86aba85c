"""The intake an assessment judges: measured daily totals (entered, or summed from a food log), a stated
usual intake, or none — with the message that describes it (``core.intake.<kind>``)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from magcheck.core.errors import input_error
from magcheck.core.messages import Msg, msg
from magcheck.core.models import AssessmentInput, Coverage, FoodEntryResult, FoodLogSummary, NotUnderstood


@dataclass(frozen=True)
class IntakeFinding:
    """The intake judged: the output's `IntakeResult` reads the days and the parsed food log's parts from
    the properties; its text is a message (the service writes it)."""

    source: Literal["usual", "daily", "food_log", "none"]
    daily_mg: list[float]
    food_mean_mg: float | None
    supplement_mg: float
    mean_mg: float | None
    text: Msg
    food_log: FoodLogSummary | None = None

    @property
    def days(self) -> int:
        return len(self.daily_mg)

    @property
    def foods(self) -> list[FoodEntryResult]:
        return self.food_log.entries if self.food_log else []

    @property
    def coverage(self) -> Coverage | None:
        return self.food_log.coverage if self.food_log else None

    @property
    def not_understood(self) -> list[NotUnderstood]:
        return self.food_log.not_understood if self.food_log else []


def _measured(
    source: Literal["daily", "food_log"],
    key: str,
    daily: list[float],
    supplement_mg: float,
    food_log: FoodLogSummary | None = None,
) -> IntakeFinding:
    """The intake from daily totals (entered, or summed from a food log), text `core.intake.<key>`."""
    food_mean = fmean(daily)
    text = msg(
        f"core.intake.{key}",
        n=len(daily),
        food=f"{food_mean:.0f}",
        supp=f"{supplement_mg:g}",
        total=f"{food_mean + supplement_mg:.0f}",
    )
    total = round(food_mean + supplement_mg, 1)
    return IntakeFinding(source, daily, round(food_mean, 1), supplement_mg, total, text, food_log)


def _undated(
    source: Literal["usual", "none"], usual: float | None, supplement_mg: float, text: Msg
) -> IntakeFinding:
    """The intake without days: a stated usual intake (tested without the within-person term), or none."""
    total = None if usual is None else round(usual + supplement_mg, 1)
    return IntakeFinding(source, [], usual, supplement_mg, total, text)


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
