"""How much more sure another recalled day makes the answer: SD_D for n = 1, 2, 3 days.

The IOM (2000) method divides the within-person day-to-day variance by the number of days, so each
added day narrows SD_D = sqrt(SD_req² + SD_within² / n). The numbers come from the very functions the
assessment uses (`core.adequacy.ear_test` and `sd_within_row`, the person's requirement from the core),
so the prompt under the result can never disagree with the result itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from magcheck.core.adequacy import ear_test, sd_within_row
from magcheck.core.requirements import requirement
from magcheck.knowledge.loader import load_knowledge

if TYPE_CHECKING:
    from magcheck.core.vocabulary import Sex, Standard

DAYS_SHOWN = (1, 2, 3)


@dataclass(frozen=True)
class Narrowing:
    """With `n_days` days at the same mean: SD_D (mg) and the probability of adequacy it gives."""

    n_days: int
    sd_difference_mg: float
    probability: float
    current: bool


def narrowing(
    *,
    age: float,
    sex: Sex,
    pregnant: bool,
    lactating: bool,
    standard: Standard,
    mean_mg: float,
    n_days: int,
) -> tuple[list[Narrowing], bool]:
    """SD_D and P(adequate) for 1, 2 and 3 days (and `n_days` if more) at this mean, and whether the
    within-person SD is a verified value. Empty when the requirement has no EAR (an AI only: no SD_D)."""
    knowledge = load_knowledge()
    req = requirement(knowledge, age=age, sex=sex, pregnant=pregnant, lactating=lactating, standard=standard)
    row = sd_within_row(knowledge, age, sex)
    if req.ear_mg is None:
        return [], row.verified
    shown = sorted({*DAYS_SHOWN, n_days})
    out = []
    for n in shown:
        test = ear_test(mean_mg, req.ear_mg, row.sd_within_mg, n, knowledge.adequacy.requirement_cv)
        out.append(Narrowing(n, round(test.sd_difference, 1), test.probability, n == n_days))
    return out, row.verified
