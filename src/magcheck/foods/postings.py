"""Postings (word → {food position: weight}) kept packed as bytes until a query asks for a word.

The persisted search index holds ≈ 26,000 such small dicts (its words and its exact names). Unpickling
them one by one was most of reading the index in a cold `magcheck foods search`; a query needs only a
handful. `PackedPostings` stores each as one bytes value (positions as int32, then weights as float64,
in the original order) and opens a word the first time it is asked for, so the answers are exactly
those of the dicts it was packed from.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping

_ID, _WEIGHT = "i", "d"
_SIZE = array(_ID).itemsize + array(_WEIGHT).itemsize


def pack(table: Mapping[str, dict[int, float]]) -> dict[str, bytes]:
    """Each posting as bytes: its positions, then its weights (the dict's order kept)."""
    return {
        key: array(_ID, posting.keys()).tobytes() + array(_WEIGHT, posting.values()).tobytes()
        for key, posting in table.items()
    }


class PackedPostings(Mapping[str, dict[int, float]]):
    """A read-only mapping over packed postings; a word's dict is built on first use and kept."""

    __slots__ = ("_opened", "_packed")

    def __init__(self, packed: dict[str, bytes]) -> None:
        self._packed = packed
        self._opened: dict[str, dict[int, float]] = {}

    @property
    def packed(self) -> dict[str, bytes]:
        return self._packed

    def __getitem__(self, key: str) -> dict[int, float]:
        found = self._opened.get(key)
        if found is None:
            raw = self._packed[key]
            split = len(raw) // _SIZE * array(_ID).itemsize
            ids, weights = array(_ID), array(_WEIGHT)
            ids.frombytes(raw[:split])
            weights.frombytes(raw[split:])
            found = self._opened[key] = dict(zip(ids, weights, strict=True))
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __len__(self) -> int:
        return len(self._packed)

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)
