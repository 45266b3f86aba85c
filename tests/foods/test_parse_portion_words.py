"""Portions as people say them (盒, 块, 颗, 根, 小把, square, slice…) and assumed portions.

Expected grams come from the reviewed data files (curated_portions.csv, portion_kinds.csv), expected
magnesium from the curated values, which other tests compare with SR28 and the TFDA table.
"""

from __future__ import annotations

import pytest

from magcheck.foods import units
from magcheck.foods.parse import parse_entry
from magcheck.foods.store import FoodStore
from magcheck.knowledge.food_tables import load_curated, load_portions
from magcheck.knowledge.tfda_tables import load_curated_tfda, load_portion_kinds


def _usda(ndb: str, unit: str) -> tuple[float, float]:
    grams = next(p.grams for p in load_portions()[ndb] if p.unit == unit)
    mg = next(f.mg_per_100g for f in load_curated() if f.ndb == ndb)
    return grams, mg


def _tfda(tfda_id: str, unit: str) -> tuple[float, float]:
    food = next(f for f in load_curated_tfda() if f.tfda_id == tfda_id)
    portion = next(p for p in load_portion_kinds()[food.portion_kind] if p.unit == unit)
    return portion.grams, food.mg_per_100g


@pytest.mark.parametrize(
    ("entry", "food_id", "count", "portion"),
    [("黑巧克力两块", "usda:19904", 2, ("19904", "块")),
     ("2 squares dark chocolate", "usda:19904", 2, ("19904", "square")),
     ("一盒牛奶", "usda:01077", 1, ("01077", "盒")),
     ("a slice of bread", "usda:18069", 1, ("18069", "slice")),
     ("10 cashews", "usda:12087", 10, ("12087", "颗")),
     ("一小把杏仁", "usda:12061", 1, ("12061", "小把")),
     ("两个鸡蛋", "usda:01129", 2, ("01129", "个")),
     ("a scoop of ice cream", "usda:19095", 1, ("19095", "scoop")),
     ("三颗红枣", "tfda:D3100401", 3, ("D3100401", "颗")),
     ("三粒红枣", "tfda:D3100401", 3, ("D3100401", "颗")),
     ("紫菜一小把", "tfda:F0210101", 1, ("F0210101", "小把")),
     ("一个馒头", "tfda:R2400201", 1, ("R2400201", "个")),
     ("一块豆干", "tfda:R4700202", 1, ("R4700202", "块")),
     ("一张紫菜", "tfda:F0210101", 1, ("F0210101", "张"))],
)  # fmt: skip
def test_portion_words_weigh_what_the_data_files_say(
    fresh_store: FoodStore, entry: str, food_id: str, count: int, portion: tuple[str, str]
) -> None:
    parsed = parse_entry(entry, fresh_store, "zh")
    assert parsed.status == "ok" and parsed.food is not None, (entry, parsed.candidates)
    assert parsed.food.id == food_id, (entry, parsed.food)
    grams, mg = (_tfda if food_id.startswith("tfda:") else _usda)(*portion)
    assert parsed.grams == pytest.approx(count * grams, abs=0.01)
    assert parsed.mg == pytest.approx(count * grams * mg / 100, abs=0.01)
    assert parsed.portion_assumed is False


@pytest.mark.parametrize(
    ("entry", "food_id", "portion"),
    [("大枣", "tfda:D3100401", ("D3100401", "份")),
     ("红枣", "tfda:D3100401", ("D3100401", "份")),
     ("紫菜", "tfda:F0210101", ("F0210101", "份")),
     ("皮蛋", "tfda:K01131", ("K01131", "个")),
     ("米饭", "usda:20045", ("20045", "碗")),
     ("a banana", "usda:09040", ("09040", "medium"))],
)  # fmt: skip
def test_an_entry_without_an_amount_gets_the_typical_portion_marked_assumed(
    fresh_store: FoodStore, entry: str, food_id: str, portion: tuple[str, str]
) -> None:
    parsed = parse_entry(entry, fresh_store, "zh")
    assert parsed.food is not None and parsed.food.id == food_id, (entry, parsed.food)
    grams, _ = (_tfda if food_id.startswith("tfda:") else _usda)(*portion)
    assert parsed.grams == pytest.approx(grams)
    # "a banana" names its amount ("a" = one); the bare words do not
    assert parsed.portion_assumed is (not entry.startswith("a "))


def test_cooked_forms_are_preferred_when_the_words_imply_them(fresh_store: FoodStore) -> None:
    eaten = {
        e: parse_entry(e, fresh_store, "zh").food for e in ("两个鸡蛋", "2 eggs", "米饭", "紫菜", "大枣")
    }
    assert {e: f.id for e, f in eaten.items() if f} == {
        "两个鸡蛋": "usda:01129",  # hard-boiled, not raw
        "2 eggs": "usda:01129",
        "米饭": "usda:20045",  # cooked rice
        "紫菜": "tfda:F0210101",  # dried laver, not SR28's fresh laver
        "大枣": "tfda:D3100401",  # dried jujube, not a Medjool date
    }
    raw = parse_entry("2 raw eggs", fresh_store, "en").food
    assert raw is not None and raw.id == "usda:01123"


def test_the_portion_words_are_units() -> None:
    for word, key in (("颗", "颗"), ("粒", "颗"), ("小把", "小把"), ("盒", "盒"), ("块", "块"), ("份", "份"),
                      ("根", "根"), ("条", "条"), ("盘", "盘"), ("片", "片"), ("square", "square"),
                      ("slices", "slice"), ("piece", "piece"), ("bars", "bar"), ("scoop", "scoop"),
                      ("cans", "can"), ("bottle", "bottle"), ("handful", "handful")):  # fmt: skip
        assert units.unit_key(word) == key, word
        assert units.kind_of(key) == "count"
