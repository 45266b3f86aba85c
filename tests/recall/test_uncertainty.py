"""SD_D for 1, 2, 3 days equals the IOM (2000) formula with the published values."""

from __future__ import annotations

import math

import pytest

from magcheck.recall.uncertainty import narrowing


def test_women_31_50_match_the_iom_worked_values() -> None:
    rows, verified = narrowing(
        age=40, sex="female", pregnant=False, lactating=False, standard="us", mean_mg=300, n_days=1
    )
    ear, sd_within = 265.0, 86.0  # IOM 1997 EAR; IOM 2000 p. 54 within-person SD (verified row)
    assert verified
    assert [r.n_days for r in rows] == [1, 2, 3]
    for row in rows:
        sd_d = math.sqrt((0.1 * ear) ** 2 + sd_within**2 / row.n_days)
        assert row.sd_difference_mg == pytest.approx(sd_d, abs=0.05)
        z = (300 - ear) / sd_d
        assert row.probability == pytest.approx(0.5 * (1 + math.erf(z / math.sqrt(2))), abs=1e-9)
    assert rows[0].sd_difference_mg > rows[1].sd_difference_mg > rows[2].sd_difference_mg
    assert [r.current for r in rows] == [True, False, False]


def test_more_days_than_three_are_shown_too() -> None:
    rows, _ = narrowing(
        age=40, sex="male", pregnant=False, lactating=False, standard="cn", mean_mg=300, n_days=5
    )
    assert [r.n_days for r in rows] == [1, 2, 3, 5] and rows[-1].current
