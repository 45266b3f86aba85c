"""The meal-parsing quality set: ≥ 150 everyday entries, ≥ 95 % read as the right foods with magnesium
within 15 % of reference values computed here from the source tables (never from the parser's output)."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path
from typing import Any

import pytest

from magcheck.core.models import NotUnderstood
from magcheck.foods.meal import read_meal
from magcheck.foods.store import FoodStore
from magcheck.knowledge import KNOWLEDGE_DIR

CASES = tomllib.loads((Path(__file__).parent / "meal_quality.toml").read_text(encoding="utf-8"))["case"]
COOKED_EGGS = {"usda:01129", "usda:01128", "usda:01132", "usda:01131", "usda:01130"}
TOLERANCE = 0.15
REQUIRED = 0.95


@pytest.fixture(scope="module")
def source_mg(sr28_dir: Path, tfda_csv: Path) -> dict[str, float]:
    """Food id → magnesium mg/100 g: SR28 ABBREV.txt field 12, the Taiwan FDA CSV's 鎂(mg) column, and
    each dish worked out by hand from its recipe file (Σ ingredient grams × source value ÷ cooked weight)."""
    values: dict[str, float] = {}
    for line in (sr28_dir / "ABBREV.txt").read_text(encoding="utf-8").splitlines():
        fields = [f.strip("~") for f in line.split("^")]
        if len(fields) > 12 and fields[12]:
            values[f"usda:{fields[0]}"] = float(fields[12])
    with tfda_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]  # line 1 is a note; the header is line 2
    at_id, at_mg = rows[0].index("整合編號"), rows[0].index("鎂(mg)")
    values |= {f"tfda:{row[at_id]}": float(row[at_mg]) for row in rows[1:] if row[at_mg].strip()}
    for path in sorted((KNOWLEDGE_DIR / "dishes").glob("*.toml")):
        for dish in tomllib.loads(path.read_text(encoding="utf-8"))["dish"]:
            total = sum(grams * values[food] / 100 for food, grams in dish["ingredients"].items())
            values[f"dish:{dish['id']}"] = total / dish["cooked_g"] * 100
    return values


def _lang(text: str) -> Any:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def _check(case: dict[str, Any], store: FoodStore, source_mg: dict[str, float]) -> str | None:
    """None when the case passes, else what went wrong."""
    read = read_meal(case["text"], store, _lang(case["text"]))
    missing = [r.text for r in read if isinstance(r, NotUnderstood)]
    if missing:
        return f"not understood: {missing}"
    if len(read) != len(case["items"]):
        return f"{len(read)} items, expected {len(case['items'])}"
    for got, want in zip(read, case["items"], strict=True):
        assert not isinstance(got, NotUnderstood) and got.food is not None
        accepted = COOKED_EGGS if want["food"] == "EGG" else {want["food"]}
        if got.food.id not in accepted:
            return f"{got.entry}: read as {got.food.id}, expected {want['food']}"
        reference = want["grams"] * source_mg[got.food.id] / 100
        if got.mg is None or abs(got.mg - reference) > max(TOLERANCE * reference, 0.5):
            return f"{got.entry}: {got.mg} mg, reference {reference:.1f} mg"
    return None


def test_the_set_is_large_and_bilingual() -> None:
    assert len(CASES) >= 150
    chinese = sum(1 for c in CASES if _lang(c["text"]) == "zh")
    assert chinese >= 75 and len(CASES) - chinese >= 50


def test_at_least_95_percent_of_everyday_entries_are_read_right(
    fresh_store: FoodStore, source_mg: dict[str, float]
) -> None:
    failures = {c["text"]: why for c in CASES if (why := _check(c, fresh_store, source_mg)) is not None}
    score = 1 - len(failures) / len(CASES)
    print(f"meal-parsing quality: {len(CASES) - len(failures)}/{len(CASES)} = {score:.1%}")
    assert score >= REQUIRED, failures
