"""The pages: rendering in both languages, the language switch, the assessment form and its errors."""

from __future__ import annotations

import json
import re

import httpx2
import pytest
from fastapi.testclient import TestClient
from web_support import EXAMPLE_INPUT, csrf_from, form_token, has_cjk

from magcheck.core.vocabulary import SIGN_IDS, WARNING_SIGN_IDS

PAGES = ["/", "/assess", "/signs", "/signs/muscle_cramps", "/foods", "/foods?q=tofu", "/about", "/api/docs"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_renders_in_both_languages(client: TestClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}lang={lang}")
    assert response.status_code == 200
    html = response.text
    assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in html
    assert 'data-testid="disclaimer"' in html
    if lang == "zh":
        assert has_cjk(re.sub(r"<[^>]+>", "", html.split("<main", 1)[1]))
        assert "English" in html  # the switch offers the other language
    else:
        assert "中文" in html


def test_language_defaults_to_accept_language_and_the_switch_is_remembered(client: TestClient) -> None:
    assert 'lang="zh-Hans"' in client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-GB"}).text
    switch = client.get("/lang/zh?next=/signs", follow_redirects=False)
    assert switch.status_code == 303
    assert switch.headers["location"] == "/signs"
    assert "magcheck_lang=zh" in switch.headers["set-cookie"]
    # the cookie now wins over the browser's header
    assert 'lang="zh-Hans"' in client.get("/about", headers={"Accept-Language": "en"}).text


def test_language_switch_never_redirects_off_site(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.get("/lang/en", params={"next": target}, follow_redirects=False)
        assert response.headers["location"] == "/"


def test_the_form_asks_every_sign_and_warning_question(client: TestClient) -> None:
    html = client.get("/assess").text
    for sign in SIGN_IDS:
        assert f'name="signs.{sign}"' in html
        assert f'href="/signs/{sign}"' in html
    for warning in WARNING_SIGN_IDS:
        assert f'value="{warning}"' in html
    # every visible input has a label
    ids = set(re.findall(r'<input[^>]+type="(?:text|search)"[^>]*id="([^"]+)"', html))
    ids |= set(re.findall(r'<(?:select|textarea)[^>]*id="([^"]+)"', html))
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    assert ids and ids <= labelled


def _post(client: TestClient, fields: dict[str, str | list[str]]) -> httpx2.Response:
    token = form_token(client)
    response: httpx2.Response = client.post("/assess", data={"csrf_token": token, **fields})
    return response


BASIC_FORM: dict[str, str | list[str]] = {
    "profile.age_years": "35",
    "profile.sex": "female",
    "profile.state": "none",
    "standard": "us",
    "intake.mode": "food_log",
    "food_rows": "3",
    "food.0.day": "1",
    "food.0.text": "2 cups cooked spinach",
    "food.1.day": "1",
    "food.1.text": "almonds",
    "food.1.amount": "30",
    "food.1.unit": "g",
    "food.2.day": "2",
    "food.2.text": "",
    "signs.muscle_cramps": "often",
    "warning_signs": [],
    "medications": "omeprazole",
    "egfr": "95",
}


def test_results_page_shows_warnings_first_numbers_and_sources(client: TestClient) -> None:
    form = {**BASIC_FORM, "warning_signs": ["fainting"]}
    response = _post(client, form)
    assert response.status_code == 200
    html = response.text
    assert response.headers["cache-control"] == "no-store"
    flags = html.index('data-testid="red-flags"')
    assert flags < html.index('data-testid="status"') < html.index('data-testid="adequacy"')
    assert 'data-testid="ear-mg">265 mg' in html  # IOM 1997: women 31-50
    assert 'data-testid="rda-mg">320 mg' in html
    # 2 cups boiled spinach (360 g x 87 mg/100 g) + 30 g almonds (x 270 mg/100 g) = 313.2 + 81 mg
    assert 'data-testid="mean-mg">394 mg' in html
    assert "<svg" in html and 'role="img"' in html
    assert 'data-testid="probability"' in html
    assert 'data-testid="mds-score"' in html
    assert "Sources" in html


def test_results_page_and_api_agree(client: TestClient) -> None:
    api = client.post("/api/v1/assess", json=EXAMPLE_INPUT).json()
    token = form_token(client)
    rows = [(d, e) for d, day in enumerate(EXAMPLE_INPUT["intake"]["days"]) for e in day]
    fields: dict[str, str | list[str]] = {
        "csrf_token": token,
        "profile.age_years": "35",
        "profile.sex": "female",
        "intake.mode": "food_log",
        "food_rows": str(len(rows)),
        "signs.muscle_cramps": "often",
        "signs.fatigue": "sometimes",
        "medications": "omeprazole",
        "alcohol_drinks_per_day": "0",
        "egfr": "95",
    }
    for i, (d, entry) in enumerate(rows):
        fields[f"food.{i}.day"] = str(d + 1)
        fields[f"food.{i}.text"] = entry
    html = client.post("/assess", data=fields).text
    assert f'data-testid="mean-mg">{round(api["intake"]["mean_mg"]):,} mg' in html
    assert f'data-testid="status-label">{api["status"]["label"]}<' in html
    assert f'data-testid="mds-score">{api["mds"]["score"]}<' in html


def test_form_errors_are_shown_next_to_the_fields_in_the_chosen_language(client: TestClient) -> None:
    form = {**BASIC_FORM, "profile.age_years": "abc", "profile.sex": "", "egfr": "900"}
    response = _post(client, form)
    assert response.status_code == 422
    html = response.text
    assert 'id="err-profile-age_years"' in html and "must be a number" in html
    assert 'id="err-profile-sex"' in html
    assert 'id="err-egfr"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="2 cups cooked spinach"' in html  # nothing typed is lost
    client.cookies.set("magcheck_lang", "zh")
    zh = _post(client, form)
    assert zh.status_code == 422
    assert "必须是数字" in zh.text or has_cjk(zh.text.split('id="err-profile-age_years"')[1][:80])


def test_an_unknown_food_is_listed_on_the_results_page(client: TestClient) -> None:
    form = {**BASIC_FORM, "food.1.text": "zzzqx", "food.1.amount": "", "food.1.unit": ""}
    response = _post(client, form)
    assert response.status_code == 200
    assert 'data-testid="not-understood"' in response.text and "zzzqx" in response.text
    assert "Not understood (1)" in response.text


def test_pregnant_male_is_a_field_error(client: TestClient) -> None:
    response = _post(client, {**BASIC_FORM, "profile.sex": "male", "profile.state": "pregnant"})
    assert response.status_code == 422
    assert 'id="err-profile-state"' in response.text


def test_add_rows_without_javascript_keeps_answers(client: TestClient) -> None:
    response = _post(client, {**BASIC_FORM, "action": "add_rows"})
    assert response.status_code == 200
    assert 'name="food.6.text"' in response.text
    assert 'value="2 cups cooked spinach"' in response.text


def test_change_my_answers_round_trips_through_the_page(client: TestClient) -> None:
    results = _post(client, BASIC_FORM).text
    hidden = re.search(r'name="input_json" value="([^"]+)"', results)
    assert hidden
    raw = hidden.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&")
    assert json.loads(raw)["profile"]["age_years"] == 35
    edit = client.post("/assess/edit", data={"csrf_token": csrf_from(results), "input_json": raw})
    assert edit.status_code == 200
    assert 'value="35"' in edit.text
    assert 'value="2 cups cooked spinach"' in edit.text
    assert re.search(r'name="signs.muscle_cramps" value="often"[^>]*checked', edit.text)


def test_sign_page_shows_grades_other_causes_and_warnings(client: TestClient) -> None:
    html = client.get("/signs/irregular_heartbeat").text
    assert "grade-" in html
    assert "Other common causes" in html
    assert "When this sign needs a doctor" in html
    assert client.get("/signs/hiccups").status_code == 404


def test_foods_page_ranks_by_magnesium(client: TestClient) -> None:
    html = client.get("/foods?per=100g").text
    table = html.split('data-testid="top-foods"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
    per_100g = [float(re.findall(r"<td[^>]*>(.*?)</td>", row)[4].replace(",", "")) for row in rows]
    assert len(per_100g) > 10
    assert per_100g == sorted(per_100g, reverse=True)
    assert client.get("/foods?per=bogus").status_code == 422


def test_about_page_lists_the_article_claims_with_verdicts(client: TestClient) -> None:
    html = client.get("/about").text
    assert html.count('class="claim"') >= 8
    assert "verdict-" in html


def test_unknown_page_is_a_friendly_404(client: TestClient) -> None:
    response = client.get("/nowhere", headers={"Accept-Language": "zh"})
    assert response.status_code == 404
    assert "未找到" in response.text


VARIANTS: dict[str, dict[str, str | list[str]]] = {
    "infant_usual_intake": {"profile.age_years": "0.5", "profile.sex": "male", "intake.mode": "usual",
                            "intake.usual_mg": "60"},
    "pregnant_cn_standard": {"profile.age_years": "28", "profile.sex": "female", "profile.state": "pregnant",
                             "standard": "cn", "intake.mode": "usual", "intake.usual_mg": "250"},
    "no_intake_with_lab": {"profile.age_years": "60", "profile.sex": "male", "intake.mode": "skip",
                           "labs.serum_magnesium.value": "1.5", "labs.serum_magnesium.unit": "mg/dL"},
    "kidney_disease_supplement": {"profile.age_years": "70", "profile.sex": "female", "intake.mode": "usual",
                                  "intake.usual_mg": "150", "egfr": "25", "conditions": ["kidney_disease"],
                                  "supplement.compound": "citrate", "supplement.compound_mg": "500",
                                  "medications": "furosemide\nciprofloxacin"},
    "low_intake_plan_vegan": {"profile.age_years": "40", "profile.sex": "male", "intake.mode": "usual",
                              "intake.usual_mg": "180", "preferences.diet": "vegan",
                              "preferences.exclude": ["soy", "tree_nuts"],
                              "preferences.goal": "avoid_laxative",
                              "alcohol_drinks_per_day": "3", "warning_signs": ["chest_pain"]},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(VARIANTS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_page_for_varied_people(client: TestClient, name: str, lang: str) -> None:
    client.cookies.set("magcheck_lang", lang)
    response = _post(client, VARIANTS[name])
    assert response.status_code == 200, response.text[:2000]
    html = response.text
    assert 'data-testid="status"' in html and 'data-testid="disclaimer"' in html
    api = client.post("/api/v1/assess", params={"lang": lang}, json=_api_body(response.text)).json()
    assert f'data-testid="status-label">{api["status"]["label"]}<' in html
    if api["red_flags"]:
        assert html.index('data-testid="red-flags"') < html.index('data-testid="status"')


def _api_body(results_html: str) -> dict[str, object]:
    hidden = re.search(r'name="input_json" value="([^"]+)"', results_html)
    assert hidden
    return dict(
        json.loads(hidden.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&"))
    )


def test_foods_page_matches_foods_top_and_respects_exclusions(client: TestClient) -> None:
    from typer.testing import CliRunner

    from magcheck.cli import app as cli_app

    html = client.get("/foods", params={"per": "portion", "exclude": ["tree_nuts"], "lang": "en"}).text
    cli = CliRunner().invoke(
        cli_app,
        [
            "foods",
            "top",
            "--per",
            "portion",
            "--exclude",
            "tree_nuts",
            "--limit",
            "40",
            "--json",
            "--lang",
            "en",
        ],
    )
    top = json.loads(cli.stdout)
    assert top and "Almonds" not in html.split('data-testid="top-foods"')[1]
    first = top[0]["name_en"]
    assert html.split('data-testid="top-foods"')[1].index(first) > 0
    assert re.search(r'name="exclude" value="tree_nuts" checked', html)


def test_supplement_above_the_upper_level_is_flagged(client: TestClient) -> None:
    form = {
        **VARIANTS["kidney_disease_supplement"],
        "supplement.compound_mg": "2000",
        "supplement.per_day": "2",
    }
    html = _post(client, form).text
    section = html.split('data-testid="supplement-check"')[1].split("</section>")[0]
    # 2 x 2000 mg trimagnesium dicitrate at 16.16 % elemental = 646.5 mg/day, above the 350 mg UL (IOM 1997)
    assert "646" in section and "350 mg" in section
    assert 'class="notice urgent"' in section


def test_sign_burden_is_stated_with_its_counts(client: TestClient) -> None:
    html = _post(client, {**BASIC_FORM, "signs.fatigue": "never"}).text
    burden = html.split('data-testid="burden">')[1].split("</p>")[0]
    assert "1 of 2 answered signs reported" in burden


def test_switching_language_on_the_results_keeps_the_answers(client: TestClient) -> None:
    results = _post(client, BASIC_FORM).text
    payload = _api_body(results)
    zh = client.post(
        "/assess/view?lang=zh", data={"csrf_token": csrf_from(results), "input_json": json.dumps(payload)}
    )
    assert zh.status_code == 200
    assert "你的自查结果" in zh.text and 'data-testid="mean-mg">394 毫克' in zh.text
    assert "magcheck_lang=zh" in zh.headers["set-cookie"]
    assert client.post("/assess/view?lang=zh", data={"input_json": "{}"}).status_code == 403


def test_pregnancy_outside_the_accepted_ages_is_a_field_error(client: TestClient) -> None:
    response = _post(client, {**BASIC_FORM, "profile.age_years": "65", "profile.state": "pregnant"})
    assert response.status_code == 422
    assert 'id="err-profile-state"' in response.text
    assert "pregnancy and lactation values exist only for ages 10 to 60" in response.text
