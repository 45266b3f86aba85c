"""`magcheck foods …` through the real CLI: JSON shapes, human output in both languages, exit 2 on errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data dir of its own: an import here must not change the store other tests see."""
    monkeypatch.setenv("MAGCHECK_DATA_DIR", str(tmp_path / "data"))


def _json(args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_json_lists_the_contract_fields() -> None:
    hits = _json(["foods", "search", "cooked", "spinach", "--json", "--limit", "3"])
    assert isinstance(hits, list) and 1 <= len(hits) <= 3
    for hit in hits:
        assert {"ndb", "name_en", "name_zh", "group", "mg_per_100g"} <= set(hit)
    assert hits[0]["ndb"] == "11458" and hits[0]["mg_per_100g"] == 87


def test_search_in_chinese_prints_a_chinese_table() -> None:
    result = runner.invoke(app, ["foods", "search", "菠菜", "--lang", "zh"])
    assert result.exit_code == 0
    assert "菠菜（煮）" in result.stdout and "镁 毫克/100 克" in result.stdout
    assert "[usda_sr28]" in result.stdout


def test_search_without_results_says_so() -> None:
    result = runner.invoke(app, ["foods", "search", "qqqzzzxx"])
    assert result.exit_code == 0 and "No food matches" in result.stdout
    assert _json(["foods", "search", "qqqzzzxx", "--json"]) == []


def test_show_json_has_the_portions() -> None:
    food = _json(["foods", "show", "11458", "--json"])
    assert isinstance(food, dict)
    assert food["ndb"] == "11458" and food["mg_per_100g"] == 87
    assert any(p["unit"] == "cup" and p["grams"] == 180 for p in food["portions"])
    assert food["sources"] == ["usda_sr28"]


def test_show_human_output_in_both_languages() -> None:
    en = runner.invoke(app, ["foods", "show", "12061", "--lang", "en"])
    zh = runner.invoke(app, ["foods", "show", "12061", "--lang", "zh"])
    assert en.exit_code == zh.exit_code == 0
    assert "Magnesium: 270 mg per 100 g" in en.stdout
    assert "镁：每 100 克 270 毫克" in zh.stdout


def test_parse_json_gives_food_grams_and_mg() -> None:
    parsed = _json(["foods", "parse", "2 cups cooked spinach", "--json"])
    assert isinstance(parsed, dict) and parsed["not_understood"] == []
    (item,) = parsed["items"]
    assert item["food"] == {
        "id": "usda:11458",
        "ndb": "11458",
        "source": "usda",
        "name_en": "Spinach, cooked (boiled)",
        "name_zh": "菠菜（煮）",
    }
    # SR28 WEIGHT: 1 cup boiled spinach = 180 g; ABBREV: 87 mg/100 g
    assert item["grams"] == 360 and item["mg"] == pytest.approx(313.2) and item["portion_assumed"] is False
    zh = runner.invoke(app, ["foods", "parse", "一碗米饭", "--lang", "zh"])
    assert zh.exit_code == 0 and "米饭" in zh.stdout and "毫克" in zh.stdout


def test_parse_ambiguous_lists_candidates() -> None:
    parsed = _json(["foods", "parse", "1 cup beans", "--json"])
    assert isinstance(parsed, dict) and parsed["items"] == []
    (miss,) = parsed["not_understood"]
    assert miss["text"] == "1 cup beans" and "could be several foods" in miss["reason"]
    assert len(miss["candidates"]) >= 2 and all("bean" in c["name_en"].lower() for c in miss["candidates"])
    human = runner.invoke(app, ["foods", "parse", "1 cup beans"])
    assert (
        human.exit_code == 0 and "could be several foods" in human.stdout and "Not understood" in human.stdout
    )


@pytest.mark.parametrize(
    ("entry", "en", "zh"),
    [("30 g qqqzzz", "no food matches", "找不到与"),
     ("2 zorps almonds", "is not a unit", "不是 magcheck 认识的单位")],
)  # fmt: skip
def test_parse_lists_what_it_cannot_read_with_the_reason(entry: str, en: str, zh: str) -> None:
    for lang, text in (("en", en), ("zh", zh)):
        result = runner.invoke(app, ["foods", "parse", entry, "--lang", lang])
        assert result.exit_code == 0, result.output
        assert text in result.output and entry in result.output


@pytest.mark.parametrize(
    ("args", "en", "zh"),
    [(["foods", "show", "99999"], "no food with id or NDB number", "没有编号（或 NDB 编号）"),
     (["foods", "parse", "   "], "the entry is empty", "这条记录是空的"),
     (["foods", "search", "rice", "--limit", "0"], "must be at least 1", "不能小于 1"),
     (["foods", "import", "/nonexistent/sr28"], "not found", "找不到")],
)  # fmt: skip
def test_errors_exit_2_with_a_message_in_the_users_language(args: list[str], en: str, zh: str) -> None:
    for lang, text in (("en", en), ("zh", zh)):
        result = runner.invoke(app, [*args, "--lang", lang])
        assert result.exit_code == 2, result.output
        assert text in result.output
        assert "Traceback" not in result.output


def test_import_reports_counts_and_a_bad_file_names_file_and_line(sr28_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sr28"
    folder.mkdir()
    for name in ("ABBREV.txt", "FD_GROUP.txt"):
        shutil.copy(sr28_dir / name, folder / name)
    summary = _json(["foods", "import", str(folder), "--json"])
    assert isinstance(summary, dict)
    assert summary["foods"] == 8790 and summary["foods_with_mg"] == 8051 and summary["kind"] == "sr28"
    human = runner.invoke(app, ["foods", "import", str(folder)])
    assert human.exit_code == 0 and "Imported 8790 foods" in human.stdout
    lines = (folder / "ABBREV.txt").read_bytes().split(b"\r\n")
    lines[99] = lines[99][:40]
    (folder / "ABBREV.txt").write_bytes(b"\r\n".join(lines))
    bad = runner.invoke(app, ["foods", "import", str(folder), "--lang", "zh"])
    assert bad.exit_code == 2
    assert "ABBREV.txt:100" in bad.output and "第 100 行" in bad.output
    assert _json(["foods", "show", "33879", "--json"])["mg_per_100g"] == 85
