"""Search: bilingual, typo-tolerant, word-order free, and ranked so the plain common food comes first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.errors import InputError
from magcheck.foods.store import FoodStore


def _top(store: FoodStore, query: str, n: int = 1) -> list[str | None]:
    return [hit.food.ndb for hit in store.search(query, n)]


@pytest.mark.parametrize(("typo", "ndb"), [("almnds", "12061"), ("brocoli", "11090"), ("avacado", "09037")])
def test_the_issue_typos_find_the_food_first(full_store: FoodStore, typo: str, ndb: str) -> None:
    assert _top(full_store, typo, 2)[0] in {ndb, "11091" if ndb == "11090" else ndb}


def test_word_order_does_not_matter(full_store: FoodStore) -> None:
    assert _top(full_store, "spinach cooked", 5) == _top(full_store, "cooked spinach", 5)
    assert _top(full_store, "cooked spinach")[0] == "11458"


@pytest.mark.parametrize(("query", "char"), [("菠菜", "菠"), ("豆腐", "豆"), ("冬瓜", "冬"), ("海带", "海")])
def test_two_character_chinese_words_work(full_store: FoodStore, query: str, char: str) -> None:
    hits = full_store.search(query, 5)
    assert hits, query
    assert all(h.food.name_zh and char in h.food.name_zh + "".join(h.food.aliases_zh) for h in hits[:3])


def test_pinyin_with_and_without_spaces(full_store: FoodStore) -> None:
    assert _top(full_store, "bocai")[0] in {"11457", "11458"}
    assert _top(full_store, "bo cai")[0] in {"11457", "11458"}
    assert _top(full_store, "lvdou")[0] in {"16081", "16080"}


@pytest.mark.parametrize(
    "query", ["chicken", "apple", "banana", "beef", "potato", "rice", "milk", "egg", "peas"]
)
def test_plain_common_forms_beat_baby_food_fast_food_and_brands(full_store: FoodStore, query: str) -> None:
    for hit in full_store.search(query, 3):
        assert hit.food.usda_group not in {"0300", "2100", "3600"}, (query, hit.food.name_en)
        assert hit.food.manufacturer is None, (query, hit.food.name_en)
        assert "babyfood" not in (hit.food.usda_name or "").lower()
    assert full_store.search(query, 1)[0].food.curated


def test_obscure_rows_are_still_findable_when_asked_for(full_store: FoodStore) -> None:
    assert _top(full_store, "babyfood finger snacks cheddar", 3)[0] == "33879"
    assert "12061" not in _top(full_store, "almond oil", 1)


def test_results_are_ranked_by_score_and_limited(full_store: FoodStore) -> None:
    hits = full_store.search("beans", 25)
    assert len(hits) == 25
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_case_and_spacing_do_not_matter(full_store: FoodStore) -> None:
    assert _top(full_store, "  Dark   CHOCOLATE ", 3) == _top(full_store, "dark chocolate", 3)


def test_the_curated_store_alone_finds_chinese_and_english(fresh_store: FoodStore) -> None:
    assert len(fresh_store) >= 400
    assert _top(fresh_store, "菠菜")[0] in {"11457", "11458"}
    assert _top(fresh_store, "almonds")[0] == "12061"


def test_a_query_matching_nothing_returns_no_results(full_store: FoodStore) -> None:
    assert full_store.search("qqqzzzxx", 5) == []
    assert full_store.search("锟斤拷", 5) == []


@pytest.mark.parametrize(
    ("query", "limit", "field"),
    [
        ("", 10, "query"),
        ("   ", 10, "query"),
        ("rice " * 50, 10, "query"),
        ("rice", 0, "limit"),
        ("rice", 201, "limit"),
    ],
)
def test_bad_queries_are_input_errors(full_store: FoodStore, query: str, limit: int, field: str) -> None:
    with pytest.raises(InputError) as info:
        full_store.search(query, limit)
    assert info.value.problems[0].field == field


@settings(max_examples=100, deadline=None)
@given(query=st.text(min_size=1, max_size=30).filter(lambda s: s.strip()), limit=st.integers(1, 20))
def test_any_query_returns_at_most_limit_sorted_hits(full_store: FoodStore, query: str, limit: int) -> None:
    hits = full_store.search(query, limit)
    assert len(hits) <= limit
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.food.id for h in hits}) == len(hits)
