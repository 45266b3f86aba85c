"""Namespaced food ids: every spelling a person or an older client may send finds the same food."""

from __future__ import annotations

import pytest

from magcheck.core.food_ids import normalise, split_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09040", "usda:09040"),
        ("9040", "usda:09040"),
        (" usda:9040 ", "usda:09040"),
        ("USDA:09040", "usda:09040"),
        ("F0210101", "tfda:F0210101"),
        ("f0210101", "tfda:F0210101"),
        ("tfda:f0210101", "tfda:F0210101"),
        ("dish:mapo-tofu", "dish:mapo-tofu"),
        ("recipe:42", "recipe:42"),
    ],
)
def test_normalise_accepts_namespaced_and_bare_ids(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "usda:abc", "usda:123456", "tfda:123", "other:1", "dish:", "dish:a b", "x" * 81]
)
def test_normalise_rejects_what_cannot_be_an_id(text: str) -> None:
    assert normalise(text) is None


def test_split_id() -> None:
    assert split_id("tfda:F0210101") == ("tfda", "F0210101")
    with pytest.raises(ValueError):
        split_id("09040")
