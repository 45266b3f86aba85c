"""Helpers shared by the web tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

EXAMPLE_INPUT: dict[str, Any] = {
    "profile": {"age_years": 35, "sex": "female"},
    "intake": {"days": [["2 cups cooked spinach", "30 g almonds"], ["1 cup cooked black beans", "1 banana"]]},
    "signs": {"muscle_cramps": "often", "fatigue": "sometimes"},
    "medications": ["omeprazole"],
    "alcohol_drinks_per_day": 0,
    "egfr": 95,
}


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def form_token(client: TestClient, path: str = "/assess") -> str:
    """Load a page (which sets the CSRF cookie on the client) and return the form's token."""
    page = client.get(path)
    assert page.status_code == 200
    return csrf_from(page.text)


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
