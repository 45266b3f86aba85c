"""The recall pages without a browser: a bad age keeps the other answers, other browsers see nothing,
and the start page offers to continue."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from magcheck.web.app import create_app


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_review_errors_keep_the_valid_answers_and_other_browsers_get_404(db: str) -> None:
    client = TestClient(create_app())
    token = csrf(client.get("/recall?lang=en").text)
    made = client.post("/recall", data={"csrf_token": token}, follow_redirects=False)
    base = made.headers["location"].rsplit("/", 1)[0]
    client.post(f"{base}/quick", data={"csrf_token": token, "meal.lunch": "30 g almonds"})
    bad = client.post(
        f"{base}/review", data={"csrf_token": token, "about.age_years": "forty", "about.sex": "female"}
    )
    assert bad.status_code == 422
    assert "must be a number (got &#34;forty&#34;)" in bad.text
    assert re.search(r'value="female" checked', bad.text)  # the valid answer is kept
    assert "Continue where you left off" in client.get("/recall").text

    stranger = TestClient(create_app())
    assert stranger.get(f"{base}/quick").status_code == 404
    assert stranger.get(base.replace("/recall/", "/results/")).status_code == 404


def test_an_implausible_day_asks_for_confirmation_and_then_counts(db: str) -> None:
    client = TestClient(create_app())
    token = csrf(client.get("/recall?lang=en").text)
    base = client.post("/recall", data={"csrf_token": token}, follow_redirects=False).headers["location"]
    base = base.rsplit("/", 1)[0]
    client.post(f"{base}/quick", data={"csrf_token": token, "meal.lunch": "1000 g almonds"})
    about = {"csrf_token": token, "about.age_years": "40", "about.sex": "female"}
    refused = client.post(f"{base}/review", data=about)
    assert refused.status_code == 422 and 'data-testid="confirm"' in refused.text
    done = client.post(f"{base}/review", data={**about, "about.confirm": "yes"}, follow_redirects=False)
    assert done.headers["location"] == base.replace("/recall/", "/results/")
    assert "2,700" in client.get(done.headers["location"]).text  # 1000 g × 270 mg/100 g (SR28 12061)
