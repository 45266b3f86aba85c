"""Who-is-this-for messages: the CLI names the command to run, the web pages and the API point to the form.

The same problem (same code, same field) reaches a person through both; only the wording differs, in
English and Chinese.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.i18n import LANGS, catalogue
from magcheck.web.app import create_app

runner = CliRunner()
CLI_COMMAND = re.compile(r"magcheck (person|log)|--sign|--person")


@pytest.fixture
def client(sqlite_url: str) -> TestClient:
    return TestClient(create_app())


def _add(client: TestClient, name: str) -> None:
    response = client.post("/api/v1/persons", json={"name": name, "age_years": 34, "sex": "female"})
    assert response.status_code == 201, response.text


# ---------------------------------------------------------------- CLI keeps the command to run


@pytest.mark.parametrize(("lang", "hint"), [("en", "NAME --age N"), ("zh", "姓名 --age 年龄")])
def test_cli_with_nobody_set_up_names_the_command(sqlite_url: str, lang: str, hint: str) -> None:
    result = runner.invoke(app, ["log", "list", "--lang", lang])
    assert result.exit_code == 2
    assert "magcheck person add" in result.stderr and hint in result.stderr


def test_cli_unknown_and_ambiguous_person_name_the_commands(sqlite_url: str) -> None:
    for name in ("Ana", "Li"):
        assert runner.invoke(app, ["person", "add", name, "--age", "30", "--sex", "male"]).exit_code == 0
    unknown = runner.invoke(app, ["log", "list", "--person", "Zed"])
    assert unknown.exit_code == 2 and "magcheck person add" in unknown.stderr
    assert "Ana" not in unknown.stderr and "Li" not in unknown.stderr  # never the others' names
    several = runner.invoke(app, ["log", "list"])
    assert several.exit_code == 2 and "magcheck person use NAME" in several.stderr


def test_cli_check_in_without_answers_names_the_option(sqlite_url: str) -> None:
    assert runner.invoke(app, ["person", "add", "Ana", "--age", "30", "--sex", "female"]).exit_code == 0
    result = runner.invoke(app, ["checkin"], input="\n" * 11)
    assert result.exit_code == 2 and "--sign fatigue=often" in result.stderr


# ---------------------------------------------------------------- web and API point to the form


@pytest.mark.parametrize(("lang", "form"), [("en", '"Add a person" form'), ("zh", "“添加成员”表单")])
def test_api_with_nobody_set_up_points_to_the_form(client: TestClient, lang: str, form: str) -> None:
    response = client.get("/api/v1/log", params={"lang": lang})
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert (problem["field"], problem["code"]) == ("person", "history.errors.no_person")
    assert form in problem["message"] and "/history#h-add-person" in problem["message"]
    assert not CLI_COMMAND.search(problem["message"])


def test_api_unknown_and_ambiguous_person_have_no_cli_commands(client: TestClient) -> None:
    _add(client, "Ana")
    _add(client, "Li")
    unknown = client.get("/api/v1/checkins", params={"person": "Zed"})
    assert unknown.status_code == 404
    message = unknown.json()["detail"][0]["message"]
    assert "/history#h-add-person" in message and not CLI_COMMAND.search(message)
    assert "Ana" not in message and "Li" not in message  # never the others' names
    several = client.get("/api/v1/labs", params={"lang": "zh"})
    problem = several.json()["detail"][0]
    assert several.status_code == 422 and problem["code"] == "history.errors.choose_person"
    message = problem["message"]
    assert "2" in message and "/history" in message and not CLI_COMMAND.search(message)
    assert "Ana" not in message and "Li" not in message


def test_api_assess_with_nothing_logged_points_to_the_history_page(client: TestClient) -> None:
    _add(client, "Ana")
    response = client.post("/api/v1/history/assess")
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["code"] == "history.errors.nothing_logged" and "Ana" in problem["message"]
    assert "History page" in problem["message"] and "magcheck log add" not in problem["message"]


def test_pages_link_to_the_add_person_form(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/history").text)
    assert token
    nobody = client.post("/history/checkin", data={"csrf_token": token.group(1), "sign.fatigue": "often"})
    assert nobody.status_code == 422 and 'data-testid="add-person-link"' in nobody.text
    assert 'href="#h-add-person"' in nobody.text and 'id="h-add-person"' in nobody.text
    assert "magcheck person add" not in nobody.text
    _add(client, "Ana")
    unanswered = client.post("/history/checkin?lang=zh", data={"csrf_token": token.group(1), "person": "Ana"})
    assert unanswered.status_code == 422 and "请至少回答一项症状" in unanswered.text
    assert "--sign" not in unanswered.text and 'data-testid="add-person-link"' not in unanswered.text


# ---------------------------------------------------------------- the catalogues


@pytest.mark.parametrize("lang", LANGS)
def test_every_web_wording_has_its_cli_problem_and_no_command(lang: str) -> None:
    texts = catalogue(lang)
    web = {k: v for k, v in texts.items() if k.startswith("history.web_errors.")}
    assert set(web) >= {f"history.web_errors.{k}" for k in ("no_person", "unknown_person", "choose_person")}
    for key, text in web.items():
        cli_text = texts[key.replace(".web_errors.", ".errors.")]
        assert re.findall(r"\{\w+\}", text) == re.findall(r"\{\w+\}", cli_text), key
        assert not CLI_COMMAND.search(text), key
