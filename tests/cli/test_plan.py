"""`magcheck plan` and `magcheck foods top` through the real CLI: shapes, both languages, exit 2."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.cli import app

runner = CliRunner()
FOOD_KEYS = {"ndb", "food_id", "source", "name_en", "name_zh", "grams", "portion", "mg", "kcal"}
SUPPLEMENT_KEYS = {
    "compound",
    "elemental_mg_per_day",
    "compound_mg_per_day",
    "doses_per_day",
    "why",
    "cautions",
}


def _write(tmp_path: Path, data: Mapping[str, object]) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


BASE: dict[str, object] = {
    "profile": {"age_years": 35, "sex": "male"},
    "intake": {"usual_mg": 250},
    "medications": ["doxycycline"],
    "preferences": {"diet": "vegetarian", "exclude": ["peanuts", "spinach"], "max_foods": 2, "goal": "sleep"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_json_has_the_issue_names(tmp_path: Path, lang: str) -> None:
    result = runner.invoke(app, ["plan", "--input", str(_write(tmp_path, BASE)), "--json", "--lang", lang])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    plan = data["plan"]
    assert plan["status"] == "closed" and plan["gap_mg"] == 170  # RDA men 31–50 y 420 − 250
    assert plan["total_mg"] >= plan["gap_mg"] and 1 <= len(plan["foods"]) <= 2
    for food in plan["foods"]:
        assert set(food) >= FOOD_KEYS
        assert "spinach" not in food["name_en"].lower()
    assert set(plan["supplement"]) >= SUPPLEMENT_KEYS and plan["supplement_reason"] is None
    assert plan["supplement"]["elemental_mg_per_day"] <= 350
    assert any("4–6" in c for c in plan["supplement"]["cautions"])  # doxycycline spacing
    assert data["disclaimer"]
    if lang == "zh":
        assert "毫克" in plan["text"] and "镁" in plan["supplement"]["why"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_human_output_in_both_languages(tmp_path: Path, lang: str) -> None:
    result = runner.invoke(app, ["plan", "--input", str(_write(tmp_path, BASE)), "--lang", lang])
    assert result.exit_code == 0, result.output
    if lang == "zh":
        assert "饮食方案" in result.stdout and "补充剂选项" in result.stdout
    else:
        assert "Food plan" in result.stdout and "Supplement option" in result.stdout


def test_assess_json_carries_the_plan_and_a_recommendation() -> None:
    from magcheck.core.models import AssessmentInput
    from magcheck.service.assessment import assess

    a = assess(AssessmentInput.model_validate(BASE), "en")
    dumped = a.model_dump(mode="json")
    assert dumped["plan"]["status"] == "closed"
    assert any(r["id"] == "plan" and "Food plan" in r["text"] for r in dumped["recommendations"])


@pytest.mark.parametrize(
    ("preferences", "field"),
    [
        ({"diet": "keto"}, "preferences.diet"),
        ({"exclude": ["treenuts"]}, "preferences.exclude.0"),
        ({"max_extra_kcal": -100}, "preferences.max_extra_kcal"),
        ({"max_foods": 0}, "preferences.max_foods"),
        ({"already_eat": ["unobtainium"]}, "preferences.already_eat.0"),
        ({"goal": "weight_loss"}, "preferences.goal"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_preferences_exit_2_with_the_field(
    tmp_path: Path, preferences: dict[str, object], field: str, lang: str
) -> None:
    data = {**BASE, "preferences": preferences}
    result = runner.invoke(app, ["plan", "--input", str(_write(tmp_path, data)), "--lang", lang])
    assert result.exit_code == 2
    assert field in result.stderr and "Traceback" not in result.output
    if lang == "zh":
        assert "无法使用" in result.stderr


def test_plan_needs_an_intake(tmp_path: Path) -> None:
    data = {"profile": {"age_years": 35, "sex": "male"}}
    result = runner.invoke(app, ["plan", "--input", str(_write(tmp_path, data)), "--lang", "en"])
    assert result.exit_code == 2 and "intake" in result.stderr and "usual intake" in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "--input", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "input" in result.stderr


# ---------------------------------------------------------------- foods top


def _top(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["foods", "top", "--json", *args])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_top_per_portion_is_sorted_and_shaped() -> None:
    rows = _top("--limit", "10")
    assert len(rows) == 10 and [r["rank"] for r in rows] == list(range(1, 11))
    values = [r["value"] for r in rows]
    assert values == sorted(values, reverse=True)
    for row in rows:
        assert {"ndb", "name_en", "name_zh", "group", "mg_per_100g", "portion", "mg_per_portion"} <= set(row)
        assert row["value"] == row["mg_per_portion"]


def test_top_per_100g_and_per_100kcal_use_the_food_values() -> None:
    rows = _top("--per", "100g", "--limit", "5")
    assert all(r["value"] == r["mg_per_100g"] for r in rows)
    rows = _top("--per", "100kcal", "--limit", "5")
    for row in rows:
        assert row["value"] == pytest.approx(row["mg_per_100g"] / row["kcal_per_100g"] * 100, abs=0.06)


def test_top_group_and_exclusions_are_honoured() -> None:
    rows = _top("--group", "nuts_seeds", "--exclude", "tree_nuts", "--exclude", "peanuts", "--limit", "50")
    assert rows and all(r["group"] == "nuts_seeds" for r in rows)
    names = " ".join(str(r["name_en"]).lower() for r in rows)
    assert "almond" not in names and "cashew" not in names and "peanut" not in names
    assert "pumpkin" in names  # seeds are not tree nuts


def test_top_free_text_exclusion_in_chinese() -> None:
    rows = _top("--exclude", "菠菜", "--limit", "30")
    assert all("菠菜" not in str(r["name_zh"] or "") for r in rows)


@pytest.mark.parametrize(
    ("args", "field"),
    [(["--per", "cup"], "per"), (["--group", "nope"], "group"), (["--exclude", "treenuts"], "exclude.0"),
     (["--limit", "0"], "limit")],
)  # fmt: skip
def test_top_errors_exit_2(args: list[str], field: str) -> None:
    result = runner.invoke(app, ["foods", "top", *args, "--lang", "zh"])
    assert result.exit_code == 2 and field in result.stderr


def test_top_human_table_in_chinese() -> None:
    result = runner.invoke(app, ["foods", "top", "--limit", "3", "--lang", "zh"])
    assert result.exit_code == 0 and "富含镁的食物" in result.stdout
