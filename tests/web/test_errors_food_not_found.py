"""An unknown food number on the web/API points to the web's own search, never to a CLI command."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from magcheck.web.app import create_app


@pytest.mark.parametrize(("lang", "word"), [("en", "foods page"), ("zh", "富含镁的食物")])
def test_unknown_ndb_is_a_404_that_names_the_web_search(lang: str, word: str) -> None:
    response = TestClient(create_app()).get(f"/api/v1/foods/99999?lang={lang}")
    assert response.status_code == 404
    problem = response.json()["detail"][0]
    assert problem["field"] == "ndb"
    assert word in problem["message"] and "magcheck foods search" not in problem["message"]
