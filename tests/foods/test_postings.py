"""Packed postings answer exactly as the dicts they were packed from (same keys, values and order)."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from magcheck.foods.postings import PackedPostings, pack

_WEIGHTS = st.sampled_from([1.0, 0.95, 0.9, 0.8, 0.72, 1 / 3])
_TABLES = st.dictionaries(
    st.text(min_size=1, max_size=8), st.dictionaries(st.integers(0, 2**31 - 1), _WEIGHTS, min_size=1)
)


@given(_TABLES)
def test_packed_postings_equal_their_dicts(table: dict[str, dict[int, float]]) -> None:
    packed = PackedPostings(pickle.loads(pickle.dumps(pack(table))))
    assert len(packed) == len(table) and list(packed) == list(table)
    for key, posting in table.items():
        assert key in packed
        assert list(packed[key].items()) == list(posting.items())
        assert packed.get(key) is packed[key]  # opened once, then kept
    assert packed.get("\0 not a word") is None and "\0 not a word" not in packed
