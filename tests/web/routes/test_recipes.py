"""Recipes over the REST API and on the recipes page: JSON in, field-level 422s, 404 for unknown names."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from magcheck.web.app import create_app

BODY = {
    "name": "soup",
    "ingredients": ["300 g tomatoes", "1 cup cooked lentils"],
    "servings": 3,
    "cooked_g": 900,
}


@pytest.fixture
def client(db_url: str) -> TestClient:
    c = TestClient(create_app())
    added = c.post("/api/v1/persons", json={"name": "Ana", "age_years": 34, "sex": "female"})
    assert added.status_code == 201
    return c


def test_api_create_list_show_delete(client: TestClient) -> None:
    created = client.post("/api/v1/recipes", json=BODY)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"].startswith("recipe:") and body["person"] == "Ana" and body["serving_g"] == 300
    assert [r["name"] for r in client.get("/api/v1/recipes").json()] == ["soup"]
    assert client.get("/api/v1/recipes/soup", params={"lang": "zh"}).json()["estimate"].startswith("按")
    logged = client.post("/api/v1/log", json={"text": "1 serving soup", "date": "2026-03-01"})
    assert logged.status_code == 201 and logged.json()["grams"] == 300
    assert client.delete("/api/v1/recipes/soup").status_code == 200
    assert client.get("/api/v1/recipes/soup").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [({**BODY, "ingredients": ["300 g tomatoes", "qqqzzx"]}, "ingredients.1"),
     ({**BODY, "servings": None, "cooked_g": None}, "servings"),
     ({**BODY, "ingredients": []}, "ingredients"),
     ({**BODY, "extra": 1}, "extra")],
)  # fmt: skip
def test_api_errors_name_the_field(client: TestClient, body: dict[str, object], field: str) -> None:
    response = client.post("/api/v1/recipes", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field
    assert client.get("/api/v1/recipes").json() == []


def test_the_page_adds_and_removes_a_recipe(client: TestClient) -> None:
    page = client.get("/history/recipes")
    assert page.status_code == 200 and 'data-testid="recipes-empty"' in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    form = {"csrf_token": token.group(1), "person": "Ana", "name": "soup", "servings": "3",
            "ingredients": "300 g tomatoes\n1 cup cooked lentils"}  # fmt: skip
    added = client.post("/history/recipes/add", data=form, follow_redirects=True)
    assert added.status_code == 200 and 'data-testid="recipes"' in added.text and "soup" in added.text
    bad = client.post("/history/recipes/add", data={**form, "name": "x", "ingredients": "qqqzzx"})
    assert bad.status_code == 422 and "qqqzzx" in bad.text
    removed = client.post(
        "/history/recipes/remove",
        data={"csrf_token": token.group(1), "person": "Ana", "name": "soup"},
        follow_redirects=True,
    )
    assert 'data-testid="recipes-empty"' in removed.text


def test_taiwan_fda_is_credited_for_recipes_and_days_made_with_its_foods(client: TestClient) -> None:
    """A recipe with dried laver (a TFDA food) shows the table's credit on the recipes page, in the API and
    on a day that logged it; a day of USDA foods alone does not."""
    laver = {"name": "紫菜汤", "ingredients": ["5 g 紫菜", "100 g eggs"], "servings": 2}
    created = client.post("/api/v1/recipes", json=laver).json()
    assert created["sources"] == ["tfda_2024", "usda_sr28"] and "Taiwan FDA" in created["attribution"]
    assert client.get("/api/v1/recipes/soup").status_code == 404
    plain = client.post("/api/v1/recipes", json=BODY).json()
    assert plain["sources"] == ["usda_sr28"] and plain["attribution"] is None
    page = client.get("/history/recipes", params={"person": "Ana", "lang": "zh"})
    assert 'data-testid="tfda-attribution"' in page.text
    for text, day in (("1 serving 紫菜汤", "2026-03-01"), ("1 serving soup", "2026-03-02")):
        assert client.post("/api/v1/log", json={"text": text, "date": day}).status_code == 201
    credited = client.get("/history/log", params={"person": "Ana", "date": "2026-03-01"})
    assert credited.status_code == 200 and 'data-testid="tfda-attribution"' in credited.text
    plain_day = client.get("/history/log", params={"person": "Ana", "date": "2026-03-02"})
    assert plain_day.status_code == 200 and 'data-testid="tfda-attribution"' not in plain_day.text
