"""Units: exact conversions (pint) and the words people use for portions, in both languages."""

from __future__ import annotations

import pytest

from magcheck.foods import units


@pytest.mark.parametrize(
    ("amount", "key", "grams"),
    [(1, "两", 50), (2, "两", 100), (1, "斤", 500), (0.5, "斤", 250), (1, "oz", 28.349523125),
     (1, "lb", 453.59237), (1.5, "kg", 1500), (250, "mg", 0.25), (30, "g", 30)],
)  # fmt: skip
def test_mass_units_convert_exactly(amount: float, key: str, grams: float) -> None:
    assert units.to_grams(amount, key) == pytest.approx(grams, rel=1e-12)


def test_volume_units_keep_us_kitchen_ratios() -> None:
    assert units.volume_ratio("cup", "tbsp") == pytest.approx(16)
    assert units.volume_ratio("tbsp", "tsp") == pytest.approx(3)
    assert units.volume_ratio("fl oz", "tbsp") == pytest.approx(2)
    assert units.volume_ratio("cup", "ml") == pytest.approx(236.5882365)
    assert units.volume_ratio("l", "cup") == pytest.approx(1000 / 236.5882365)


@pytest.mark.parametrize(
    ("word", "key"),
    [("Cups", "cup"), ("tablespoons", "tbsp"), ("tsp", "tsp"), ("克", "g"), ("公斤", "kg"), ("毫升", "ml"),
     ("两", "两"), ("斤", "斤"), ("bowl", "碗"), ("碗", "碗"), ("glass", "杯"), ("颗", "颗"), ("粒", "颗"),
     ("只", "个"), ("汤匙", "勺"),
     ("handfuls", "handful"), ("ounces", "oz"), ("fluid ounces", "fl oz")],
)  # fmt: skip
def test_unit_words_in_both_languages(word: str, key: str) -> None:
    assert units.unit_key(word) == key


def test_unknown_words_are_not_units() -> None:
    assert units.unit_key("zorps") is None
    assert units.unit_key("spinach") is None


@pytest.mark.parametrize(
    ("description", "key"),
    [("cup, chopped", "cup"), ("cup (8 fl oz)", "cup"), ("tablespoon", "tbsp"), ("fl oz", "fl oz"),
     ('medium (7" to 7-7/8" long)', "medium"), ("slice", "slice"), ("NLEA serving", "serving"),
     ("pieces", "piece"), ("oz", "oz"), ("cookies", "cookie")],
)  # fmt: skip
def test_usda_measure_descriptions_map_to_unit_keys(description: str, key: str) -> None:
    assert units.portion_key(description) == key


def test_kinds() -> None:
    assert units.kind_of("斤") == "mass"
    assert units.kind_of("cup") == "volume"
    assert units.kind_of("碗") == "count"
