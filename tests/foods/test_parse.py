"""Food-log entries in plain words → food, grams and magnesium, with every number traced to its source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.errors import InputError
from magcheck.foods.parse import parse_entry
from magcheck.foods.store import FoodStore
from magcheck.i18n import t
from magcheck.knowledge.food_tables import load_portions

Reader = Callable[[Path, str], list[list[str]]]


class SR28(TypedDict):
    """What the tests need from SR28: mg per 100 g by NDB number, grams per (NDB, household measure)."""

    mg: dict[str, float]
    weights: dict[tuple[str, str], float]


@pytest.fixture(scope="module")
def usda(sr28_dir: Path, read_caret: Reader) -> SR28:
    """Magnesium per 100 g (ABBREV) and household weights (WEIGHT), read straight from the SR28 files."""
    mg = {r[0]: float(r[12]) for r in read_caret(sr28_dir / "ABBREV.txt", "utf-8") if r[12]}
    weights: dict[tuple[str, str], float] = {}
    for ndb, _seq, amount, desc, grams, *_ in read_caret(sr28_dir / "WEIGHT.txt", "cp1252"):
        weights.setdefault((ndb, desc), float(grams) / float(amount))
    return {"mg": mg, "weights": weights}


def _curated_grams(ndb: str, unit: str) -> float:
    return next(p.grams for p in load_portions()[ndb] if p.unit == unit)


def _check(store: FoodStore, entry: str, ndb: str, grams: float, mg_per_100g: float) -> None:
    parsed = parse_entry(entry, store, "en")
    assert parsed.status == "ok", (entry, parsed.candidates)
    assert parsed.food is not None and parsed.food.ndb == ndb, (entry, parsed.food)
    assert parsed.grams == pytest.approx(grams, abs=0.006), entry
    assert parsed.mg == pytest.approx(grams * mg_per_100g / 100, abs=0.006), entry


def test_the_issue_examples(full_store: FoodStore, usda: SR28) -> None:
    mg, weights = usda["mg"], usda["weights"]
    _check(full_store, "2 cups cooked spinach", "11458", 2 * weights[("11458", "cup")], mg["11458"])
    _check(full_store, "30 g almonds", "12061", 30, mg["12061"])
    _check(full_store, "3 oz salmon", "15237", 3 * 28.349523125, mg["15237"])
    _check(full_store, "一碗米饭", "20045", _curated_grams("20045", "碗"), mg["20045"])
    _check(full_store, "一把杏仁", "12061", _curated_grams("12061", "把"), mg["12061"])


@pytest.mark.parametrize(
    "entry",
    ["half a cup of cooked black beans", "½ cup cooked black beans", "1/2 cup cooked black beans",
     "0.5 cup cooked black beans", "cooked black beans, 1/2 cup", "Half a cup cooked black beans",
     "a half cup of cooked black beans", "half cup cooked black beans"],
)  # fmt: skip
def test_fractions_in_every_spelling(full_store: FoodStore, usda: SR28, entry: str) -> None:
    _check(full_store, entry, "16015", 0.5 * usda["weights"][("16015", "cup")], usda["mg"]["16015"])


@pytest.mark.parametrize(
    ("entry", "count"),
    [("1 1/2 cups cooked black beans", 1.5), ("1½ cups cooked black beans", 1.5),
     ("one and a half cups cooked black beans", 1.5), ("two cups cooked black beans", 2),
     ("a quarter cup of cooked black beans", 0.25), ("¾ cup cooked black beans", 0.75)],
)  # fmt: skip
def test_mixed_numbers_and_number_words(full_store: FoodStore, usda: SR28, entry: str, count: float) -> None:
    _check(full_store, entry, "16015", count * usda["weights"][("16015", "cup")], usda["mg"]["16015"])


@pytest.mark.parametrize(
    ("entry", "bowls"),
    [("一碗米饭", 1), ("两碗米饭", 2), ("三碗米饭", 3), ("半碗米饭", 0.5), ("米饭一碗半", 1.5),
     ("一碗半米饭", 1.5), ("十碗米饭", 10), ("米饭 2碗", 2)],
)  # fmt: skip
def test_chinese_numerals(full_store: FoodStore, usda: SR28, entry: str, bowls: float) -> None:
    _check(full_store, entry, "20045", bowls * _curated_grams("20045", "碗"), usda["mg"]["20045"])


@pytest.mark.parametrize(
    ("entry", "grams"),
    [("二两米饭", 100), ("一两米饭", 50), ("半斤米饭", 250), ("1 斤 米饭", 500), ("米饭200克", 200),
     ("200 g rice", 200), ("0.2 kg rice", 200), ("1 lb rice", 453.59237), ("rice 150 grams", 150)],
)  # fmt: skip
def test_market_and_metric_units(full_store: FoodStore, usda: SR28, entry: str, grams: float) -> None:
    _check(full_store, entry, "20045", grams, usda["mg"]["20045"])


def test_the_foods_own_portions(full_store: FoodStore, usda: SR28) -> None:
    mg, weights = usda["mg"], usda["weights"]
    # eggs are eaten cooked: a bare "egg" is the hard-boiled egg (SR28 01129), raw only when said
    _check(full_store, "2 eggs", "01129", 2 * weights[("01129", "large")], mg["01129"])
    _check(full_store, "三个鸡蛋", "01129", 3 * _curated_grams("01129", "个"), mg["01129"])
    _check(full_store, "2 raw eggs", "01123", 2 * weights[("01123", "large")], mg["01123"])
    _check(full_store, "a banana", "09040", weights[("09040", 'medium (7" to 7-7/8" long)')], mg["09040"])
    _check(full_store, "2 tbsp tahini", "12698", 2 * _curated_grams("12698", "tbsp"), mg["12698"])
    _check(
        full_store, "2 slices whole wheat bread", "18075", 2 * _curated_grams("18075", "slice"), mg["18075"]
    )
    _check(full_store, "a handful of almonds", "12061", _curated_grams("12061", "handful"), mg["12061"])


def test_volume_units_convert_through_a_measured_cup(full_store: FoodStore, usda: SR28) -> None:
    cup = _curated_grams("16120", "cup")
    _check(full_store, "200 ml soy milk", "16120", 200 / 236.5882365 * cup, usda["mg"]["16120"])
    _check(full_store, "200 毫升豆浆", "16120", 200 / 236.5882365 * cup, usda["mg"]["16120"])
    parsed = parse_entry("200 ml soy milk", full_store, "en")
    assert parsed.portion is not None and "1 cup" in parsed.portion  # says what the grams rest on


@pytest.mark.parametrize(
    ("entry", "mg"),
    [("magnesium 120 mg", 120), ("Magnesium: 120mg", 120), ("120 mg magnesium", 120), ("镁 120 毫克", 120),
     ("镁120毫克", 120), ("mg 85.5", 85.5)],
)  # fmt: skip
def test_label_values_are_accepted(full_store: FoodStore, entry: str, mg: float) -> None:
    parsed = parse_entry(entry, full_store, "zh")
    assert parsed.kind == "label" and parsed.status == "ok"
    assert parsed.mg == mg and parsed.food is None and parsed.grams is None


def test_a_food_without_a_usda_value_has_no_mg_and_says_so(full_store: FoodStore) -> None:
    parsed = parse_entry("1 tbsp smart squeeze", full_store, "en")
    assert parsed.food is not None and parsed.food.ndb == "04676"
    assert parsed.grams == 14.0
    assert parsed.mg is None  # unknown, never 0
    assert parsed.note == t("foods.parse.no_mg_value", "en")


def test_an_ambiguous_entry_returns_candidates_instead_of_a_guess(full_store: FoodStore) -> None:
    parsed = parse_entry("1 cup beans", full_store, "en")
    assert parsed.status == "ambiguous"
    assert parsed.food is None and parsed.mg is None
    assert len(parsed.candidates) >= 2
    assert all("bean" in c.name_en.lower() for c in parsed.candidates)


@pytest.mark.parametrize(
    ("entry", "code", "param"),
    [("", "foods.errors.empty_entry", None),
     ("   ", "foods.errors.empty_entry", None),
     ("2 cups", "foods.errors.no_food", None),
     ("30 g qqqzzz", "foods.errors.unknown_food", ("value", "qqqzzz")),
     ("2 zorps almonds", "foods.errors.unknown_unit", ("value", "zorps")),
     ("rice 2 zorps", "foods.errors.unknown_unit", ("value", "zorps")),
     ("2 碗 almonds", "foods.errors.unit_not_for_food", ("unit", "碗")),
     ("0 g almonds", "foods.errors.bad_quantity", None),
     ("20000 g almonds", "foods.errors.bad_quantity", None),
     ("magnesium 9000 mg", "foods.errors.label_too_large", None)],
)  # fmt: skip
def test_errors_name_the_part_that_failed(
    full_store: FoodStore, entry: str, code: str, param: tuple[str, str] | None
) -> None:
    with pytest.raises(InputError) as info:
        parse_entry(entry, full_store, "en", field="intake.days.0.3")
    problem = info.value.problems[0]
    assert problem.field == "intake.days.0.3"
    assert problem.code == code
    if param is not None:
        assert problem.params[param[0]] == param[1]
    for lang in ("en", "zh"):
        assert "{" not in t(problem.code, lang, **problem.params)


def test_the_curated_store_alone_parses_chinese_staples(fresh_store: FoodStore) -> None:
    parsed = parse_entry("一碗米饭", fresh_store, "zh")
    assert parsed.food is not None and parsed.food.ndb == "20045"
    assert parsed.portion is not None and "碗" in parsed.portion


@settings(max_examples=60, deadline=None)
@given(whole=st.integers(min_value=1, max_value=2000), cents=st.integers(min_value=0, max_value=99))
def test_grams_of_almonds_scale_exactly(full_store: FoodStore, whole: int, cents: int) -> None:
    grams = whole + cents / 100
    parsed = parse_entry(f"{whole}.{cents:02d} g almonds", full_store, "en")
    assert parsed.grams == pytest.approx(grams, abs=0.005)
    assert parsed.mg == pytest.approx(grams * 270 / 100, abs=0.006)  # SR28 12061: 270 mg/100 g


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=40))
def test_any_text_is_either_understood_or_an_input_error(full_store: FoodStore, text: str) -> None:
    try:
        parsed = parse_entry(text, full_store, "en")
    except InputError as exc:
        assert exc.problems and exc.problems[0].field == "entry"
        return
    assert parsed.status in ("ok", "ambiguous")
    if parsed.status == "ok" and parsed.mg is not None:
        assert parsed.mg >= 0


def test_a_glass_or_杯_of_a_drink_measured_only_in_fl_oz(full_store: FoodStore, usda: SR28) -> None:
    fl_oz = usda["weights"][("14411", "fl oz")]
    for entry in ("1 glass of water", "一杯水"):
        parsed = parse_entry(entry, full_store, "en")
        assert parsed.food is not None and parsed.food.ndb == "14411"
        assert parsed.grams == pytest.approx(8 * fl_oz, abs=0.01)  # a US cup is 8 fl oz


def test_the_food_name_can_carry_the_portion_word(full_store: FoodStore, usda: SR28) -> None:
    per_breast = usda["weights"][("05064", "breast, bone and skin removed")]
    parsed = parse_entry("1 chicken breast", full_store, "en")
    assert parsed.food is not None and parsed.food.ndb == "05064"
    assert parsed.grams == pytest.approx(per_breast)
    assert parsed.portion is not None and "USDA" in parsed.portion  # USDA's 0.5-breast measure, scaled


def test_chinese_container_words_fall_back_to_usda_measures(full_store: FoodStore, usda: SR28) -> None:
    parsed = parse_entry("一盒酸奶", full_store, "zh")
    assert parsed.food is not None and parsed.food.ndb == "01116"
    assert parsed.grams == usda["weights"][("01116", "container (6 oz)")]


def test_a_dish_only_partly_known_is_offered_not_guessed(full_store: FoodStore) -> None:
    parsed = parse_entry("一碗宫保虾球", full_store, "zh")  # no food is called so: a guess would mislead
    assert parsed.status == "ambiguous"
    # 小米粥 is a built-in dish (millet congee), read as the porridge rather than dry millet
    congee = parse_entry("一碗小米粥", full_store, "zh")
    assert congee.status == "ok" and congee.food is not None and congee.food.id == "dish:millet_congee"
