"""Plausibility limits (issue 11): an entry over 2 kg, a food total over 2,000 mg/day, more than 20 drinks a
day, a supplement over 10 x the UL are refused with a field-level message in en and zh (CLI exit 2, API
422, the web form asks to confirm or correct) — unless the input marks the value confirmed.

The limits are typed here from the issue's text; the knowledge file must hold the same numbers, each with
a stated basis.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.core.errors import InputError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import AssessmentInput
from magcheck.i18n import Lang, t
from magcheck.service.assessment import assess
from magcheck.web.app import create_app

ENTRY_MAX_G, FOOD_MAX_MG, DRINKS_MAX, UL_MULTIPLE = 2000, 2000, 20, 10
ADULT = {"age_years": 40, "sex": "female"}
runner = CliRunner()


def test_limits_are_data_with_a_basis(kb: KnowledgeBase) -> None:
    p = kb.plausibility
    assert (p.entry.max_grams, p.food_total.max_mg_per_day) == (ENTRY_MAX_G, FOOD_MAX_MG)
    assert (p.drinks.max_per_day, p.supplement.max_ul_multiple) == (DRINKS_MAX, UL_MULTIPLE)
    for limit in (p.entry, p.food_total, p.drinks, p.supplement):
        assert limit.basis.en and limit.basis.zh


def _problems(data: dict[str, Any], lang: Lang = "en") -> list[tuple[str, str]]:
    try:
        assess(AssessmentInput.model_validate(data), lang)
    except InputError as exc:
        return [(p.field, p.code) for p in exc.problems]
    return []


# (input, field, code, the same input confirmed)
CASES = [
    ({"intake": {"usual_mg": 2001}}, "intake.usual_mg", "food_total",
     {"intake": {"usual_mg": 2001, "confirmed": True}}),
    ({"intake": {"daily_mg": [300, 2500]}}, "intake.daily_mg.1", "food_total",
     {"intake": {"daily_mg": [300, 2500], "confirmed": True}}),
    ({"intake": {"days": [["100 g almonds"], ["2500 g rice, cooked"]]}}, "intake.days.1.0", "entry_grams",
     {"intake": {"days": [["100 g almonds"], ["2500 g rice, cooked"]], "confirmed": True}}),
    ({"alcohol_drinks_per_day": 21}, "alcohol_drinks_per_day", "drinks",
     {"alcohol_drinks_per_day": 21, "alcohol_drinks_confirmed": True}),
    ({"supplements": [{"elemental_mg": 1800, "per_day": 2}]}, "supplements.0", "supplement",
     {"supplements": [{"elemental_mg": 1800, "per_day": 2, "confirmed": True}]}),
]  # fmt: skip


@pytest.mark.parametrize(("data", "field", "code", "confirmed"), CASES)
def test_each_limit_refuses_unless_confirmed(
    data: dict[str, Any], field: str, code: str, confirmed: dict[str, Any]
) -> None:
    for lang in ("en", "zh"):
        assert (field, f"safety.plausible.{code}") in _problems({"profile": ADULT, **data}, lang)
    assert _problems({"profile": ADULT, **confirmed}) == []


@pytest.mark.parametrize(
    "data",
    [
        {"intake": {"usual_mg": 2000}},
        {"intake": {"days": [["2000 g rice, cooked"]]}},
        {"alcohol_drinks_per_day": 20},
        {"supplements": [{"elemental_mg": 1750, "per_day": 2}]},  # exactly 10 x 350
    ],
)
def test_at_the_limit_is_accepted(data: dict[str, Any]) -> None:
    assert _problems({"profile": ADULT, **data}) == []


def test_the_ul_multiple_follows_the_life_stage() -> None:
    # 4–8 y: UL 110 mg (IOM 1997) → more than 1,100 mg a day is implausible, 1,000 is not
    child = {"age_years": 6, "sex": "male"}
    assert _problems({"profile": child, "supplements": [{"elemental_mg": 1101}]}) == [
        ("supplements.0", "safety.plausible.supplement")
    ]
    assert _problems({"profile": child, "supplements": [{"elemental_mg": 1000}]}) == []


def test_issue_example_5000_kg_spinach_9999_g_almonds_40_drinks_in_both_languages() -> None:
    data = {
        "profile": ADULT,
        "intake": {"days": [["5000 kg spinach, cooked", "9999 g almonds"]]},
        "alcohol_drinks_per_day": 40,
    }
    for lang in ("en", "zh"):
        with pytest.raises(InputError) as info:
            assess(AssessmentInput.model_validate(data), lang)
        fields = {p.field for p in info.value.problems}
        assert {"intake.days.0.0", "intake.days.0.1", "intake.days.0", "alcohol_drinks_per_day"} <= fields
        texts = [t(p.code, lang, **p.params) for p in info.value.problems]
        assert any("5,000,000" in text for text in texts)
        assert all(("confirm" in text) if lang == "en" else ("确认" in text) for text in texts)


def test_cli_exits_2_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"profile": ADULT, "alcohol_drinks_per_day": 40}), encoding="utf-8")
    result = runner.invoke(app, ["assess", "--input", str(path), "--lang", "zh"])
    assert result.exit_code == 2 and "alcohol_drinks_per_day" in result.stderr and "40" in result.stderr
    supp = runner.invoke(app, ["supplement", "--elemental-mg", "2000", "--per-day", "2"])
    assert supp.exit_code == 2 and "elemental_mg" in supp.stderr
    ok = runner.invoke(
        app, ["supplement", "--elemental-mg", "2000", "--per-day", "2", "--confirmed", "--json"]
    )
    assert ok.exit_code == 0 and json.loads(ok.stdout)["above_ul"]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def test_api_422_with_field_level_messages(client: TestClient) -> None:
    body = {"profile": ADULT, "intake": {"usual_mg": 4000}}
    response = client.post("/api/v1/assess?lang=zh", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["field"] == "intake.usual_mg" and "4,000" in detail[0]["message"]
    ok = client.post("/api/v1/assess", json={**body, "intake": {"usual_mg": 4000, "confirmed": True}})
    assert ok.status_code == 200


def _token(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/assess").text)
    assert match
    return match.group(1)


def test_web_form_asks_to_confirm_keeps_the_answers_and_accepts_the_confirmation(client: TestClient) -> None:
    form = {
        "profile.age_years": "40",
        "profile.sex": "female",
        "profile.state": "none",
        "standard": "us",
        "intake.mode": "usual",
        "intake.usual_mg": "2500",
        "alcohol_drinks_per_day": "30",
    }
    page = client.post("/assess?lang=en", data={"csrf_token": _token(client), **form})
    assert page.status_code == 422
    assert 'data-testid="confirm-amounts"' in page.text and 'name="confirmed"' in page.text
    assert 'value="2500"' in page.text and 'value="30"' in page.text  # the answers are kept
    assert "2,500 mg of magnesium a day from food looks wrong" in page.text
    done = client.post("/assess?lang=en", data={"csrf_token": _token(client), **form, "confirmed": "yes"})
    assert done.status_code == 200 and 'data-testid="status"' in done.text
