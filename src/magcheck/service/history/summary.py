"""The history summary: daily intake with a 7-day mean, check-ins and labs over a window."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from magcheck.core.models import Requirement
from magcheck.core.requirements import requirement
from magcheck.core.vocabulary import Sex, Standard
from magcheck.i18n import Lang, Say, t
from magcheck.i18n.wording import render
from magcheck.knowledge.loader import load_knowledge
from magcheck.service.history.checkins import checkin_out
from magcheck.service.history.labs import lab_out
from magcheck.storage import repo
from magcheck.storage.record_rules import check_days
from magcheck.storage.schemas import DayOut, HistorySummary
from magcheck.storage.work import read_owned, today

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.storage.models import Person


def _requirement(person: Person, lang: Lang) -> Requirement:
    """The person's requirement (EAR, RDA/RNI or AI) in their standard, from the core's DRI tables."""
    found = requirement(
        load_knowledge(),
        age=person.age_years,
        sex=cast(Sex, person.sex),
        pregnant=person.pregnant,
        lactating=person.lactating,
        standard=cast(Standard, person.standard),
    )
    return render(Requirement, found, Say(lang))


def summary(
    person: str | None = None, days: int = 30, until: dt.date | None = None, lang: Lang = "en"
) -> HistorySummary:
    """Daily intake (with a trailing 7-day mean of logged days), check-ins and labs over `days` days."""
    check_days(days)
    end = until or today()
    start = end - dt.timedelta(days=days - 1)

    def work(session: Session, owner: Person) -> HistorySummary:
        lead = start - dt.timedelta(days=6)  # so the first day's 7-day mean has its week
        totals = {d.day: d for d in repo.daily_totals(session, owner.id, lead, end)}
        out_days: list[DayOut] = []
        for i in range(days):
            day = start + dt.timedelta(days=i)
            week = [totals[d].mg for d in (day - dt.timedelta(days=k) for k in range(7)) if d in totals]
            total = totals.get(day)
            out_days.append(
                DayOut(
                    date=day,
                    logged=total is not None,
                    mg=None if total is None else round(total.mg, 3),
                    entries=total.entries if total else 0,
                    entries_with_value=total.entries_with_value if total else 0,
                    complete=total is not None and total.entries == total.entries_with_value,
                    mean7_mg=round(sum(week) / len(week), 3) if week else None,
                )
            )
        logged = [d.mg for d in out_days if d.mg is not None]
        mean = round(sum(logged) / len(logged), 3) if logged else None
        checkins = [checkin_out(c, owner.name) for c in repo.list_checkins(session, owner.id, start, end)]
        labs = [lab_out(r, owner.name) for r in repo.list_labs(session, owner.id, start, end)]
        req = _requirement(owner, lang)
        text = (
            t("history.summary.text", lang, logged=len(logged), days=days, mean=round(mean))
            if mean is not None
            else t("history.summary.empty", lang, days=days)
        )
        return HistorySummary(
            person=owner.name,
            start=start,
            end=end,
            standard=owner.standard,
            life_stage_label=req.life_stage_label,
            ear_mg=req.ear_mg,
            rda_mg=req.rda_mg,
            ai_mg=req.ai_mg,
            rda_name=req.rda_name,
            logged_days=len(logged),
            mean_mg=mean,
            days=out_days,
            checkins=checkins,
            labs=labs,
            text=text,
        )

    return read_owned(person, work)


def burden_series(summary: HistorySummary) -> tuple[list[dt.date], list[float]]:
    """The check-ins that have a burden, as the history page and the report chart them (one series, so
    the two charts cannot differ): a check-in without one is left out, not drawn as no burden."""
    kept = [(c.date, c.burden) for c in summary.checkins if c.burden is not None]
    return [day for day, _ in kept], [value for _, value in kept]
