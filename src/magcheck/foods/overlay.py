"""The food store with a few more foods laid over it: a person's own recipes, logged by name.

The shared store is built once per process; a person's recipes change while it runs. Rather than
rebuild a search index over ~9,000 foods for a handful of recipes, this store answers from the shared
one and from a tiny index of its own, merged by score (both indexes score a food the same way, from its
names alone). Everything else — portions, ids, the parse memo — works as on the shared store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from magcheck.foods.search import SearchIndex
from magcheck.foods.store import FoodStore

if TYPE_CHECKING:
    from magcheck.foods.model import Food
    from magcheck.foods.search import SearchHit


class OverlayStore(FoodStore):
    """`base` plus `extra` foods (which win on an id clash); reads only, never writes a file."""

    def __init__(self, base: FoodStore, extra: Sequence[Food]) -> None:  # no file of its own to build
        self.path = base.path
        self.base = base
        self._foods = {**base.foods, **{food.id: food for food in extra}}
        self._some = {}
        self._own = SearchIndex(list(extra)) if extra else None
        self._index = base.index
        self.generation = base.generation
        self.parse_memo = {}
        self.meal_memo = {}

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        hits = super().search(query, limit)  # checks the query and limit, searches the shared index
        if self._own is None:
            return hits
        own = self._own.search(query, limit)
        merged = sorted([*own, *hits], key=lambda hit: -hit.score)
        return merged[:limit]
