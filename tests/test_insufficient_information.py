"""`insufficient_information`: no data is not low concern (issue 11), on every output path.

Age and sex alone — no intake, no signs, no risk factors, no lab value — must not read "low concern";
the output says there is not enough to say and names the one or two answers that would tell most
(intake: the core of the IOM 2000 method; the medicine / alcohol / kidney answers of the depletion score).
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
from magcheck.core.models import AssessmentInput
from magcheck.i18n import Lang
from magcheck.reports.render import render_html
from magcheck.service.assessment import assess
from magcheck.web.app import create_app

AGE_SEX_ONLY: dict[str, Any] = {"profile": {"age_years": 40, "sex": "female"}}
LABEL = {"en": "Not enough to say", "zh": "信息不足"}
NOT_LOW = {"en": "Low concern", "zh": "担忧较低"}
runner = CliRunner()


def _assess(data: dict[str, Any], lang: Lang = "en") -> Any:
    return assess(AssessmentInput.model_validate(data), lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_age_and_sex_only_is_not_enough_to_say(lang: Lang) -> None:
    out = _assess(AGE_SEX_ONLY, lang)
    assert out.status.level == "insufficient_information"
    assert LABEL[lang] in out.status.label
    assert [r.id for r in out.status.reasons] == ["insufficient_information"]
    assert [a.id for a in out.status.next_answers] == ["intake", "risk_factors"]
    assert all(a.text and a.sources for a in out.status.next_answers)


@pytest.mark.parametrize(
    "given",
    [
        {"intake": {"usual_mg": 350}},
        {"signs": {"fatigue": "never"}},
        {"medications": ["metformin"]},
        {"alcohol_drinks_per_day": 0},
        {"egfr": 95},
        {"conditions": ["endurance_athlete"]},
        {"labs": {"serum_magnesium": {"value": 0.9, "unit": "mmol/L"}}},
    ],
)
def test_any_answer_to_judge_by_leaves_the_level_of_concern_scale(given: dict[str, Any]) -> None:
    out = _assess({**AGE_SEX_ONLY, **given})
    assert out.status.level != "insufficient_information" and out.status.next_answers == []


def test_empty_medicine_list_alone_is_not_an_answer_to_judge_by() -> None:
    # the web form always sends medications (often empty): an empty list alone tells nothing
    assert _assess({**AGE_SEX_ONLY, "medications": []}).status.level == "insufficient_information"


def test_a_warning_sign_still_overrides() -> None:
    assert _assess({**AGE_SEX_ONLY, "warning_signs": ["fainting"]}).status.level == "seek_care"


def test_age_70_is_a_risk_factor_by_itself() -> None:
    out = _assess({"profile": {"age_years": 75, "sex": "male"}})
    assert out.status.level == "some_concern"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_readable_and_json(lang: Lang, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(AGE_SEX_ONLY), encoding="utf-8")
    data = json.loads(runner.invoke(app, ["assess", "--input", str(path), "--lang", lang, "--json"]).stdout)
    assert data["status"]["level"] == "insufficient_information" and len(data["status"]["next_answers"]) == 2
    human = runner.invoke(app, ["assess", "--input", str(path), "--lang", lang])
    assert human.exit_code == 0 and LABEL[lang] in human.stdout and NOT_LOW[lang] not in human.stdout


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_api_web_page_and_report(client: TestClient, lang: Lang) -> None:
    data = client.post(f"/api/v1/assess?lang={lang}", json=AGE_SEX_ONLY).json()
    assert data["status"]["level"] == "insufficient_information"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/assess").text)
    assert token
    page = client.post(
        f"/assess/view?lang={lang}",
        data={"csrf_token": token.group(1), "input_json": json.dumps(AGE_SEX_ONLY)},
    ).text
    assert "status-insufficient_information" in page and 'data-testid="next-answers"' in page
    assert LABEL[lang] in page and NOT_LOW[lang] not in page
    report = render_html(_assess(AGE_SEX_ONLY, lang), lang)
    assert "status-insufficient_information" in report and LABEL[lang] in report
    assert data["status"]["next_answers"][0]["text"] in report
