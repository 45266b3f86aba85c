"""`magcheck recall` in the terminal: the same four passes, an unknown food resolved by typing it again,
the SD_D narrowing, another day, and --save into a new person's history."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.storage.engine import close_stores


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'h.sqlite3'}")
    close_stores()


ANSWERS = [
    "a bowl of oatmeal and a banana",  # breakfast
    "",  # lunch
    "zorbleberry",  # dinner
    "",  # snacks
    *[""] * 2,  # drinks, fruit
    "30 g almonds",  # nuts and seeds
    *[""] * 5,  # sweets, snacks, oil, soups, supplements
    "30 g almonds",  # details: the unknown food typed again
    "",  # review: nothing else
    "40",  # age
    "f",  # sex
    "y",  # another day
    "",  # the suggested (non-consecutive) date
    "2 eggs",
    *[""] * 12,  # the other three meals, the eight probes, nothing else
    "n",  # no third day
]


def test_recall_in_the_terminal(db: None) -> None:
    result = CliRunner().invoke(
        app, ["recall", "--lang", "en", "--date", "2026-11-20", "--save"], input="\n".join(ANSWERS) + "\n"
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Almonds, raw (30 × g ≈ 30 g) → 81 mg" in out  # SR28 12061: 270 mg/100 g
    assert "1 day: SD_D ± 90 mg" in out  # √(26.5² + 86²) = 89.99 (IOM 2000, women 19–50)
    assert "2 days: SD_D ± 66 mg, " in out and "← now" in out
    assert "Saved in Me's history" in out


def test_a_bad_date_is_a_field_error_with_exit_2(db: None) -> None:
    result = CliRunner().invoke(app, ["recall", "--lang", "zh", "--date", "2026-13-40"])
    assert result.exit_code == 2
    assert "date" in result.output
