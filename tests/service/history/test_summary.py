"""The history summary's numbers, checked against an independent computation over random logs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcheck.service.history import summary as record_summary
from magcheck.service.history.people import add_person, delete_person, list_persons
from magcheck.storage import repo
from magcheck.storage.engine import open_store
from magcheck.storage.work import resolve_person

END = dt.date(2026, 5, 31)
_entry = st.tuples(st.integers(0, 45), st.one_of(st.none(), st.floats(0, 800, allow_nan=False)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_entry, max_size=40), days=st.sampled_from([1, 7, 30]))
def test_daily_totals_and_7_day_mean(
    sqlite_url: str, entries: list[tuple[int, float | None]], days: int
) -> None:
    for person in list_persons():
        delete_person(person.name)
    add_person("P", 40, "male")

    def add(session: Any) -> None:
        pid = resolve_person(session, "P").id
        for back, mg in entries:
            repo.add_entry(
                session,
                pid,
                END - dt.timedelta(days=back),
                "x",
                ndb=None,
                name_en=None,
                name_zh=None,
                grams=None,
                mg=mg,
                note=None,
            )

    open_store().write(add)
    summary = record_summary.summary("P", days, until=END)

    by_day: dict[dt.date, list[float | None]] = {}
    for back, mg in entries:
        by_day.setdefault(END - dt.timedelta(days=back), []).append(mg)
    totals = {d: sum(v for v in values if v is not None) for d, values in by_day.items()}
    assert [d.date for d in summary.days] == [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    for day in summary.days:
        values = by_day.get(day.date)
        assert day.logged == (values is not None)
        assert day.entries == len(values or [])
        assert day.complete == (values is not None and None not in values)
        if values is None:
            assert day.mg is None
        else:
            assert day.mg == pytest.approx(totals[day.date], abs=1e-3)
        week = [totals[d] for d in (day.date - dt.timedelta(days=k) for k in range(7)) if d in totals]
        if week:
            assert day.mean7_mg == pytest.approx(sum(week) / len(week), abs=1e-3)
        else:
            assert day.mean7_mg is None
    shown = [totals[d.date] for d in summary.days if d.logged]
    assert summary.logged_days == len(shown)
    if shown:
        assert summary.mean_mg == pytest.approx(sum(shown) / len(shown), abs=1e-3)
    else:
        assert summary.mean_mg is None
