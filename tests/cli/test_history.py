"""The history commands as a person uses them: JSON shapes, both languages, exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.cli import app

runner = CliRunner()


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def ok_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def ana(db_url: str) -> str:
    assert run("person", "add", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    return "Ana"


def test_person_commands(db_url: str) -> None:
    added = ok_json(
        "person", "add", "Mei", "--age", "29", "--sex", "female", "--lactating", "--standard", "cn"
    )
    assert {k: added[k] for k in ("name", "age_years", "sex", "pregnant", "lactating", "standard")} == {
        "name": "Mei",
        "age_years": 29.0,
        "sex": "female",
        "pregnant": False,
        "lactating": True,
        "standard": "cn",
    }
    ok_json("person", "add", "Tom", "--age", "40", "--sex", "male")
    listed = ok_json("person", "list")
    assert [p["name"] for p in listed] == ["Mei", "Tom"] and set(listed[0]) == set(added)
    assert ok_json("person", "use", "Tom")["current"] is True
    assert [p["name"] for p in ok_json("person", "list") if p["current"]] == ["Tom"]
    text = run("person", "list", "--lang", "zh").output
    assert "成员" in text and "女" in text


def test_person_delete_asks_first(ana: str) -> None:
    refused = run("person", "delete", "Ana", input="n\n")
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert [p["name"] for p in ok_json("person", "list")] == ["Ana"]
    done = run("person", "delete", "Ana", "--yes")
    assert done.exit_code == 0 and "Deleted Ana" in done.output
    assert ok_json("person", "list") == []


def test_log_add_list_remove_with_the_real_parser(ana: str) -> None:
    spinach = ok_json("log", "add", "2 cups cooked spinach", "--date", "2026-03-01")
    assert spinach["ndb"] == "11457" or spinach["name_en"].lower().startswith("spinach")
    assert spinach["grams"] > 0 and spinach["mg"] > 0 and spinach["date"] == "2026-03-01"
    rice = ok_json("log", "add", "一碗米饭", "--date", "2026-03-01", "--lang", "zh")
    assert rice["name_zh"] and rice["mg"] is not None
    label = ok_json("log", "add", "magnesium 120 mg", "--date", "2026-03-02")
    assert (label["ndb"], label["mg"]) == (None, 120.0)
    day = ok_json("log", "list", "--date", "2026-03-01")
    assert [e["id"] for e in day] == [spinach["id"], rice["id"]]
    assert set(day[0]) == {
        "id",
        "person",
        "date",
        "text",
        "ndb",
        "food_id",
        "name_en",
        "name_zh",
        "grams",
        "mg",
        "note",
        "created_at",
    }
    assert day[0]["food_id"] == f"usda:{day[0]['ndb']}"  # the namespaced id is kept with the entry
    human = run("log", "list", "--date", "2026-03-01").output
    assert "Total 2026-03-01" in human and "Spinach" in human
    assert ok_json("log", "remove", str(rice["id"]))["id"] == rice["id"]
    assert [e["id"] for e in ok_json("log", "list")] == [spinach["id"], label["id"]]


def test_a_taiwan_fda_food_keeps_its_id_in_the_log(ana: str) -> None:
    """油条 has no USDA number: its namespaced id is what the entry keeps (and exports)."""
    entry = ok_json("log", "add", "一根油条", "--date", "2026-03-02")
    assert (entry["ndb"], entry["food_id"]) == (None, "tfda:R3000101")
    (listed,) = ok_json("log", "list", "--date", "2026-03-02")
    assert listed["food_id"] == "tfda:R3000101"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("log", "add", "30 g almonds", "--date", "2999-01-01"), "date:"),
        (("log", "add", "30 g almonds", "--date", "31/12/2025"), "date:"),
        (("log", "add", "30 g almonds", "--person", "Nobody"), "person:"),
        (("log", "add", "12 kg almonds"), "entry:"),
        (("log", "add", "2 zorps almonds"), "entry:"),
        (("log", "remove", "999"), "id:"),
        (("checkin", "--sign", "fatigue"), "sign:"),
        (("checkin", "--sign", "fatigue=always"), "signs.fatigue:"),
        (("lab", "add", "--value", "25", "--unit", "mg/dL"), "value:"),  # 10.3 mmol/L: a wrong unit
        (("lab", "add", "--value", "0.8", "--unit", "mg/l"), "unit:"),
        (("history", "--days", "0"), "days:"),
        (("export", "--format", "xml"), "format:"),
        (("person", "add", "Ana", "--age", "30", "--sex", "female"), "name:"),
    ],
)
def test_bad_input_exits_2_naming_the_field(ana: str, args: tuple[str, ...], field: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert field in result.stderr and "Traceback" not in result.output
    assert ok_json("log", "list") == []


def test_errors_in_chinese(ana: str) -> None:
    result = run("log", "add", "30 g almonds", "--date", "2999-01-01", "--lang", "zh")
    assert result.exit_code == 2 and "未来的日期" in result.stderr


def test_checkin_from_options_and_interactively(ana: str) -> None:
    out = ok_json("checkin", "--sign", "fatigue=often", "--sign", "brain_fog=daily", "--date", "2026-03-01")
    assert out["signs"] == {"brain_fog": "daily", "fatigue": "often"} and 0 < out["burden"] <= 1
    answers = "often\nmaybe\nnever\n" + "\n" * 9  # an invalid answer is asked again; Enter skips
    result = run("checkin", input=answers)
    assert result.exit_code == 0, result.output
    listed = ok_json("checkins")
    assert len(listed) == 2 and len(listed[1]["signs"]) == 2
    assert "Please answer never" in result.output


def test_lab_add_converts_units(ana: str) -> None:
    lab = ok_json("lab", "add", "--value", "1.9", "--unit", "mg/dL", "--date", "2026-03-01")
    assert lab["mmol_per_l"] == pytest.approx(1.9 * 10 / 24.305, abs=1e-12)  # 24.305 g/mol
    meq = ok_json("lab", "add", "--value", "1.6", "--unit", "mEq/L")
    assert meq["mmol_per_l"] == pytest.approx(0.8)
    assert [x["unit"] for x in ok_json("lab", "list")] == ["mg/dL", "mEq/L"]


def test_history_json_and_chart(ana: str) -> None:
    ok_json("log", "add", "30 g almonds")
    summary = ok_json("history", "--days", "7")
    assert summary["person"] == "Ana" and len(summary["days"]) == 7 and summary["logged_days"] == 1
    assert (summary["ear_mg"], summary["rda_mg"], summary["rda_name"]) == (
        265.0,
        320.0,
        "RDA",
    )  # IOM: women 31–50
    assert summary["days"][-1]["mg"] == pytest.approx(81.0)  # 30 g almonds, 270 mg/100 g (SR28 12061)
    chart = run("history", "--days", "7").output
    assert "█" in chart and "┃" in chart and "EAR 265" in chart


def test_export_import_files(ana: str, tmp_path: Path) -> None:
    ok_json("log", "add", "30 g almonds", "--date", "2026-03-01")
    out = tmp_path / "me.csv"
    assert run("export", "--format", "csv", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("kind,person,")
    assert run("person", "delete", "Ana", "--yes").exit_code == 0
    imported = ok_json("import", str(out))
    assert imported["persons"] == 1 and imported["entries"] == 1
    again = run("import", str(out))
    assert again.exit_code == 2 and "already exists" in again.stderr
    missing = run("import", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "file" in missing.stderr


def test_assess_from_log(ana: str) -> None:
    """`assess --from-log`: more logged days → a firmer (higher, when above the EAR) probability."""
    import datetime as dt

    today = dt.date.today()
    for k in range(7):
        day = (today - dt.timedelta(days=k)).isoformat()
        ok_json("log", "add", "100 g almonds", "--date", day)  # 270 mg (SR28 12061)
        ok_json("log", "add", "1 cup cooked spinach", "--date", day)
    ok_json("checkin", "--sign", "muscle_cramps=often")
    short = ok_json("assess", "--from-log", "--days", "2")
    week = ok_json("assess", "--from-log", "--person", "Ana")  # default: 7 days
    assert (short["intake"]["days"], week["intake"]["days"]) == (2, 7)
    assert short["intake"]["source"] == week["intake"]["source"] == "food_log"
    assert week["intake"]["daily_mg"][0] == pytest.approx(short["intake"]["daily_mg"][0])
    assert week["adequacy"]["probability_adequate"] > short["adequacy"]["probability_adequate"] > 0.5
    assert [s["id"] for s in week["signs"]["items"] if s["frequency"] == "often"] == ["muscle_cramps"]
    human = run("assess", "--from-log", "--lang", "zh")
    assert human.exit_code == 0 and "镁" in human.output
    both = run("assess", "--from-log", "--input", "x.json")
    assert both.exit_code == 2 and "input:" in both.stderr
    nobody = run("assess", "--from-log", "--person", "Nobody")
    assert nobody.exit_code == 2 and "person:" in nobody.stderr


def test_assess_from_log_names_an_implausible_day_and_takes_confirmed(ana: str, tmp_path: Path) -> None:
    """A logged day over the 2,000 mg plausibility limit: exit 2 naming the day and how to go on, in both
    languages; `--confirmed` (assess and report) uses the days as logged."""
    ok_json("log", "add", "300 g pumpkin seeds", "--date", "2026-11-20")  # 1,776 mg (SR28 12014)
    ok_json("log", "add", "300 g pumpkin seeds", "--date", "2026-11-20")
    for lang, words in (("en", "run the command again with --confirmed"), ("zh", "加上 --confirmed")):
        refused = run("assess", "--from-log", "--lang", lang)
        assert refused.exit_code == 2 and "log.2026-11-20" in refused.stderr and words in refused.stderr
    report = tmp_path / "r.html"
    assert run("report", "-o", str(report), "--person", "Ana", "--days", "7").exit_code == 2
    assert not report.exists()
    confirmed = ok_json("assess", "--from-log", "--confirmed")
    assert confirmed["intake"]["daily_mg"] == [3552.0]
    assert run("report", "-o", str(report), "--person", "Ana", "--days", "7", "--confirmed").exit_code == 0
    assert "3552" in report.read_text(encoding="utf-8").replace(",", "")
