"""The search-quality set (search_quality.toml): ≥ 300 queries, half Chinese, ≥ 95 % right in the top 3."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from magcheck.foods.store import FoodStore

QUALITY = Path(__file__).with_name("search_quality.toml")


def _queries() -> list[dict[str, Any]]:
    with QUALITY.open("rb") as fh:
        return list(tomllib.load(fh)["query"])


def test_the_quality_set_is_large_and_covers_every_kind() -> None:
    queries = _queries()
    assert len(queries) >= 300
    kinds = {q["kind"] for q in queries}
    assert {"en", "typo", "order", "qualifier", "zh", "zh-trad", "pinyin", "synonym"} <= kinds
    chinese = [q for q in queries if str(q["kind"]).startswith("zh")]
    assert len(chinese) * 2 >= len(queries)
    assert len({q["q"] for q in queries}) == len(queries)


def test_at_least_95_percent_of_queries_find_an_acceptable_food_in_the_top_3(full_store: FoodStore) -> None:
    queries = _queries()
    failures = []
    for item in queries:
        # an answer is a food id ("tfda:F0210101") or, for USDA foods, its bare NDB number
        accept = set()
        for key in item["accept"]:
            food = full_store.get(key)
            assert food is not None, f"{key} (accepted for {item['q']!r}) is not in the store"
            accept.add(food.id)
        top = [hit.food.id for hit in full_store.search(str(item["q"]), limit=3)]
        if not accept & set(top):
            names = [full_store.get(key).name_en for key in top]
            failures.append(
                f"{item['kind']:>9}  {item['q']!r}: got {top} {names}, want one of {sorted(accept)}"
            )
    passed = len(queries) - len(failures)
    rate = passed / len(queries)
    print(f"\nsearch quality: {passed}/{len(queries)} = {rate:.1%}")
    for line in failures:
        print("  FAIL", line)
    assert rate >= 0.95, "\n".join(failures)
