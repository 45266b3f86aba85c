"""What a person's history answers besides the charts: the probability of adequacy from the logged days
and a trend per sign — for the history page and the history PDF alike, so the two cannot disagree.

The probability is `from_log.adequacy_from_log` over the window (the last N logged days, not saved again):
the adequacy of the very findings `assess_from_log` writes out in full for the PDF report. A sign's trend
compares its first and latest answers in the window's check-ins (never < sometimes < often < daily).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from magcheck.core.errors import FieldProblem, InputError, MagcheckError
from magcheck.core.vocabulary import FREQUENCIES
from magcheck.knowledge.loader import load_knowledge
from magcheck.service.history.from_log import IMPLAUSIBLE_DAY, IMPOSSIBLE_DAY, adequacy_from_log

if TYPE_CHECKING:
    from magcheck.core.models import Adequacy
    from magcheck.i18n import Lang
    from magcheck.storage.schemas import HistorySummary


@dataclass(frozen=True)
class SignTrend:
    sign: str
    name: str
    answers: list[tuple[str, str]]  # (date, frequency), oldest first
    direction: str  # "better", "worse", "same" or "once"


def sign_trends(summary: HistorySummary, lang: Lang) -> list[SignTrend]:
    """Each answered sign's answers over the window's check-ins, the most frequent now first."""
    names: dict[str, str] = {s.id: s.name.get(lang) for s in load_knowledge().signs}
    series: dict[str, list[tuple[str, str]]] = {}
    for checkin in summary.checkins:
        for sign, freq in checkin.signs.items():
            series.setdefault(sign, []).append((checkin.date.isoformat(), freq))
    trends = []
    for sign, answers in series.items():
        first, last = FREQUENCIES.index(answers[0][1]), FREQUENCIES.index(answers[-1][1])
        if len(answers) == 1:
            direction = "once"
        else:
            direction = "worse" if last > first else "better" if last < first else "same"
        trends.append(SignTrend(sign, names.get(sign, sign), answers, direction))
    trends.sort(key=lambda tr: (-FREQUENCIES.index(tr.answers[-1][1]), tr.name))
    return trends


@dataclass(frozen=True)
class HistoryAnswers:
    """The window's probability of adequacy (None before any day is logged, or while a logged day looks
    implausible and is not confirmed: then `implausible` names those days) and its sign trends."""

    adequacy: Adequacy | None
    trends: list[SignTrend]
    implausible: list[FieldProblem]  # `history.errors.implausible_day`/`impossible_day`, one per day


def history_answers(
    person: str, days: int, summary: HistorySummary, lang: Lang, confirmed: bool = False
) -> HistoryAnswers:
    """What the history page shows besides the charts (see the module docstring)."""
    adequacy, implausible = None, []
    if summary.logged_days:
        try:
            adequacy = adequacy_from_log(person, days, lang, confirmed=confirmed)
        except InputError as exc:
            implausible = [p for p in exc.problems if p.code in (IMPLAUSIBLE_DAY, IMPOSSIBLE_DAY)]
        except MagcheckError:
            pass
    return HistoryAnswers(adequacy, sign_trends(summary, lang), implausible)
