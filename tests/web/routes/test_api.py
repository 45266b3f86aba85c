"""The REST API: every endpoint, its error paths and both languages; the same JSON as the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import EXAMPLE_INPUT, has_cjk

from magcheck.cli import app as cli_app
from magcheck.core.vocabulary import SIGN_IDS

runner = CliRunner()


def cli_json(*args: str) -> Any:
    result = runner.invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def details(response: Any) -> list[dict[str, str]]:
    body = response.json()
    assert set(body) == {"detail"}
    for item in body["detail"]:
        assert set(item) == {"field", "message", "code"}
        assert item["message"]
    return list(body["detail"])


# ---------------------------------------------------------------- foods


def test_food_search_finds_typos_and_chinese(client: TestClient) -> None:
    en = client.get("/api/v1/foods/search", params={"q": "almnds"}).json()
    assert en and "almond" in en[0]["name_en"].lower()
    zh = client.get("/api/v1/foods/search", params={"q": "菠菜"}).json()
    assert zh and "菠菜" in (zh[0]["name_zh"] or "")
    assert {"ndb", "name_en", "name_zh", "group", "mg_per_100g"} <= set(en[0])


def test_food_search_is_what_the_cli_prints(client: TestClient) -> None:
    api = client.get("/api/v1/foods/search", params={"q": "tofu", "limit": 5, "lang": "zh"}).json()
    assert api == cli_json("foods", "search", "tofu", "--limit", "5", "--lang", "zh", "--json")


def test_food_search_limit_is_respected_and_bounded(client: TestClient) -> None:
    assert len(client.get("/api/v1/foods/search", params={"q": "beans", "limit": 3}).json()) == 3
    too_many = client.get("/api/v1/foods/search", params={"q": "beans", "limit": 500})
    assert too_many.status_code == 422
    assert details(too_many)[0]["field"] == "limit"


def test_food_search_needs_a_query(client: TestClient) -> None:
    missing = client.get("/api/v1/foods/search")
    assert missing.status_code == 422
    assert details(missing)[0] == {"field": "q", "message": "is required", "code": "errors.missing"}
    zh = client.get("/api/v1/foods/search", params={"lang": "zh"})
    assert details(zh)[0]["field"] == "q" and "必" in details(zh)[0]["message"]


def test_food_show_matches_the_cli_and_sr28(client: TestClient) -> None:
    food = client.get("/api/v1/foods/12061").json()  # almonds, SR28 ABBREV: 270 mg/100 g
    assert food["ndb"] == "12061"
    assert food["mg_per_100g"] == 270
    assert food["portions"]
    assert food == cli_json("foods", "show", "12061", "--json", "--lang", "en")


def test_unknown_food_is_404_with_a_message_in_each_language(client: TestClient) -> None:
    en = client.get("/api/v1/foods/99999")
    assert en.status_code == 404
    assert details(en)[0]["field"]
    zh = client.get("/api/v1/foods/99999", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert zh.status_code == 404
    assert has_cjk(details(zh)[0]["message"])


def test_malformed_food_id_is_422(client: TestClient) -> None:
    response = client.get("/api/v1/foods/abc")
    assert response.status_code == 422
    assert details(response)[0]["field"] == "food_id"


def test_a_food_is_found_by_namespaced_id_and_by_bare_ndb(client: TestClient) -> None:
    by_id = client.get("/api/v1/foods/usda:11458").json()
    by_ndb = client.get("/api/v1/foods/11458").json()
    assert by_id == by_ndb
    assert (by_id["id"], by_id["ndb"], by_id["source"]) == ("usda:11458", "11458", "usda")
    assert client.get("/api/v1/foods/usda:99999").status_code == 404
    assert client.get("/api/v1/foods/dish:no-such-dish").status_code == 404


def test_parse_an_entry(client: TestClient) -> None:
    parsed = client.post("/api/v1/foods/parse", json={"entry": "2 cups cooked spinach"}).json()
    (item,) = parsed["items"]
    assert item["food"]["id"] == "usda:11458" and item["food"]["ndb"] == "11458"
    assert item["grams"] == 360  # SR28 WEIGHT: 1 cup boiled spinach = 180 g
    assert item["mg"] == pytest.approx(360 * 87 / 100)  # SR28 ABBREV: 87 mg/100 g
    assert parsed == cli_json("foods", "parse", "2 cups cooked spinach", "--json", "--lang", "en")


def test_parse_errors_name_the_field(client: TestClient) -> None:
    unknown = client.post("/api/v1/foods/parse", json={"entry": "3 zzzqx"})
    assert unknown.status_code == 200  # a part it cannot read is listed, not refused
    assert [m["text"] for m in unknown.json()["not_understood"]] == ["3 zzzqx"]
    blank = client.post("/api/v1/foods/parse", json={"entry": ","})
    assert blank.status_code == 422
    assert details(blank)[0]["field"] == "entry"
    extra = client.post("/api/v1/foods/parse", json={"entry": "rice", "grams": 3})
    assert extra.status_code == 422
    assert details(extra)[0] == {
        "field": "grams",
        "message": "is not a known field (check the spelling)",
        "code": "errors.unknown_field",
    }


# ---------------------------------------------------------------- signs and requirements


def test_signs_lists_all_eleven_in_both_languages(client: TestClient) -> None:
    en_body = client.get("/api/v1/signs").json()
    assert en_body == cli_json("signs", "--json", "--lang", "en")
    assert en_body["disclaimer"] and en_body["caveat"]
    en = en_body["signs"]
    zh = client.get("/api/v1/signs", params={"lang": "zh"}).json()["signs"]
    assert [s["id"] for s in en] == [s["id"] for s in zh]
    assert sorted(s["id"] for s in en) == sorted(SIGN_IDS)
    cramps = next(s for s in en if s["id"] == "muscle_cramps")
    assert cramps["evidence_supplement"]["grade"] in ("against", "insufficient")
    assert cramps["evidence_supplement"]["sources"]
    assert has_cjk(zh[0]["name"])


def test_one_sign_and_an_unknown_sign(client: TestClient) -> None:
    sign = client.get("/api/v1/signs/headaches", params={"lang": "zh"}).json()
    assert sign == cli_json("signs", "headaches", "--json", "--lang", "zh")
    assert sign["id"] == "headaches"
    assert "severe_sudden_headache" in [w["id"] for w in sign["ask_warning_signs"]]
    missing = client.get("/api/v1/signs/hiccups")
    assert missing.status_code == 404
    assert details(missing)[0]["field"] == "sign_id"


def test_requirements_for_a_person_match_the_iom_table(client: TestClient) -> None:
    # IOM 1997 / ODS: women 31-50 EAR 265, RDA 320; UL for supplements 350 mg
    req = client.get("/api/v1/requirements", params={"age": 35, "sex": "female"}).json()
    assert (req["ear_mg"], req["rda_mg"], req["ul_supplement_mg"]) == (265, 320, 350)
    assert req == cli_json("requirements", "--age", "35", "--sex", "female", "--json", "--lang", "en")
    cn = client.get("/api/v1/requirements", params={"age": 35, "sex": "female", "standard": "cn"}).json()
    assert cn["rda_name"] == "RNI" and cn["rda_mg"] == 330  # Chinese DRIs 2013: adults 18-49 RNI 330


def test_requirements_table_and_bad_parameters(client: TestClient) -> None:
    table = client.get("/api/v1/requirements", params={"standard": "cn", "lang": "zh"}).json()
    assert table == cli_json("requirements", "--standard", "cn", "--json", "--lang", "zh")
    assert len(table["rows"]) > 10
    assert client.get("/api/v1/requirements", params={"age": -1, "sex": "female"}).status_code == 422
    assert client.get("/api/v1/requirements", params={"standard": "eu"}).status_code == 422
    bad_sex = client.get("/api/v1/requirements", params={"age": 30, "sex": "other"})
    assert details(bad_sex)[0]["field"] == "sex"
    male_pregnant = client.get("/api/v1/requirements", params={"age": 30, "sex": "male", "pregnant": True})
    assert male_pregnant.status_code == 422


# ---------------------------------------------------------------- assess and plan


def test_assess_is_what_the_cli_prints(client: TestClient, tmp_path: Any) -> None:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(EXAMPLE_INPUT), encoding="utf-8")
    api = client.post("/api/v1/assess", json=EXAMPLE_INPUT, params={"lang": "zh"})
    assert api.status_code == 200
    assert api.json() == cli_json("assess", "--input", str(path), "--json", "--lang", "zh")


def test_assess_numbers_come_from_the_food_log(client: TestClient) -> None:
    out = client.post("/api/v1/assess", json=EXAMPLE_INPUT).json()
    assert out["requirement"]["ear_mg"] == 265
    assert out["intake"]["source"] == "food_log" and out["intake"]["days"] == 2
    spinach = next(f for f in out["intake"]["foods"] if f["ndb"] == "11458")
    assert spinach["mg"] == pytest.approx(313.2)
    assert 0 <= out["adequacy"]["probability_adequate"] <= 1
    assert out["disclaimer"]
    assert out["lang"] == "en"


def test_assess_language_follows_accept_language(client: TestClient) -> None:
    zh = client.post("/api/v1/assess", json=EXAMPLE_INPUT, headers={"Accept-Language": "zh-CN"}).json()
    assert zh["lang"] == "zh"
    en = client.post(
        "/api/v1/assess?lang=en", json=EXAMPLE_INPUT, headers={"Accept-Language": "zh-CN"}
    ).json()
    assert en["lang"] == "en"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"profile": {"age_years": 200, "sex": "female"}}, "profile.age_years", "errors.too_large"),
        ({"profile": {"age_years": 30}}, "profile.sex", "errors.missing"),
        ({"profile": {"age_years": 30, "sex": "female"}, "signs": {"hiccups": "often"}}, "signs", None),
        ({"profile": {"age_years": 30, "sex": "female"}, "colour": "red"}, "colour", "errors.unknown_field"),
        (
            {"profile": {"age_years": 30, "sex": "female"}, "intake": {"usual_mg": 200, "daily_mg": [200]}},
            "intake",
            "errors.intake_exactly_one",
        ),
        ({"profile": {"age_years": 30, "sex": "female"}, "egfr": "abc"}, "egfr", "errors.not_a_number"),
    ],
)
def test_assess_rejects_bad_input_field_by_field(
    client: TestClient, body: dict[str, Any], field: str, code: str | None
) -> None:
    for lang in ("en", "zh"):
        response = client.post("/api/v1/assess", json=body, params={"lang": lang})
        assert response.status_code == 422
        problem = details(response)[0]
        assert problem["field"].startswith(field)
        if code:
            assert problem["code"] == code
        if lang == "zh":
            assert has_cjk(problem["message"])


def test_an_unknown_food_in_the_log_is_listed_not_refused(client: TestClient) -> None:
    body = {"profile": {"age_years": 30, "sex": "male"}, "intake": {"days": [["30 g almonds", "2 zzzqx"]]}}
    response = client.post("/api/v1/assess", json=body)
    assert response.status_code == 200
    intake = response.json()["intake"]
    assert [m["text"] for m in intake["not_understood"]] == ["2 zzzqx"]
    assert set(intake["not_understood"][0]) == {"text", "reason", "candidates"}
    assert intake["daily_mg"] == [81.0]  # SR28 12061: 270 mg/100 g × 30 g
    nothing = client.post("/api/v1/assess", json={**body, "intake": {"days": [["2 zzzqx"]]}})
    assert nothing.status_code == 422
    assert details(nothing)[0]["field"] == "intake.days.0.0"


def test_malformed_and_missing_json_bodies(client: TestClient) -> None:
    broken = client.post(
        "/api/v1/assess", content=b'{"profile": ', headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    assert details(broken)[0]["code"] == "web.errors.malformed_json"
    empty = client.post("/api/v1/assess")
    assert empty.status_code == 422
    assert details(empty)[0]["field"] == "body"
    not_object = client.post("/api/v1/assess", json=[1, 2])
    assert not_object.status_code == 422


def test_invalid_lang_parameter_is_a_field_error(client: TestClient) -> None:
    response = client.get("/api/v1/signs", params={"lang": "fr"})
    assert response.status_code == 422
    assert details(response)[0]["field"] == "lang"


def test_plan_closes_the_gap_within_the_preferences(client: TestClient, tmp_path: Any) -> None:
    body = {
        "profile": {"age_years": 40, "sex": "male"},
        "intake": {"usual_mg": 200},
        "preferences": {"diet": "vegan", "exclude": ["tree_nuts"], "max_foods": 3},
    }
    response = client.post("/api/v1/plan", json=body)
    assert response.status_code == 200
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert response.json() == cli_json("plan", "--input", str(path), "--json", "--lang", "en")
    plan = response.json()["plan"]
    assert len(plan["foods"]) <= 3
    if plan["status"] == "closed":
        assert plan["total_mg"] >= plan["gap_mg"]
    assessed = client.post("/api/v1/assess", json=body).json()
    assert assessed["plan"] == plan


def test_plan_rejects_unknown_diet(client: TestClient) -> None:
    body = {"profile": {"age_years": 40, "sex": "male"}, "preferences": {"diet": "carnivore"}}
    response = client.post("/api/v1/plan", json=body)
    assert response.status_code == 422
    assert details(response)[0]["field"] == "preferences.diet"


def test_version_reports_the_knowledge_base(client: TestClient) -> None:
    body = client.get("/api/v1/version").json()
    assert body["version"] and body["knowledge_version"]


def test_openapi_lists_every_route_and_docs_are_local(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/v1/assess",
        "/api/v1/plan",
        "/api/v1/foods/search",
        "/api/v1/foods/{food_id}",
        "/api/v1/foods/parse",
        "/api/v1/requirements",
        "/api/v1/signs",
        "/api/v1/signs/{sign_id}",
    ):
        assert path in paths
    assert client.get("/docs").status_code == 404  # the CDN-based Swagger UI is switched off
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "POST /api/v1/assess" in docs.text
    assert "cdn" not in docs.text.lower()


def test_wrong_method_is_405_json(client: TestClient) -> None:
    response = client.get("/api/v1/assess")
    assert response.status_code == 405
    assert details(response)[0]["code"] == "web.errors.method_not_allowed"


def test_blank_search_names_the_query_parameter(client: TestClient) -> None:
    response = client.get("/api/v1/foods/search", params={"q": "   "})
    assert response.status_code == 422
    assert details(response)[0]["field"] == "q"
