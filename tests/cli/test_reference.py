"""The `magcheck requirements`, `signs`, `supplement` and `claims` commands (issue 2; cli/reference.py):
JSON shapes, both languages and every bad-input path (exit 2, field named, no traceback)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.cli import app

runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def _json(*args: str) -> Any:
    result = _run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_requirements_table_and_row() -> None:
    table = _json("requirements")
    assert len(table["rows"]) == 21 and table["standard"] == "us" and "not a diagnosis" in table["disclaimer"]
    row = _json("requirements", "--age", "40", "--sex", "female")
    assert (row["ear_mg"], row["rda_mg"], row["ul_supplement_mg"]) == (265, 320, 350)
    cn = _json("requirements", "--age", "30", "--sex", "female", "--pregnant", "--standard", "cn")
    assert (cn["ear_mg"], cn["rda_mg"], cn["rda_name"]) == (310, 370, "RNI")
    human = _run("requirements", "--lang", "zh", "--standard", "cn")
    assert human.exit_code == 0 and "+40" in human.stdout and "2013" in human.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--age", "40", "--sex", "x"], "profile.sex"),
        (["--age", "-1", "--sex", "male"], "profile.age_years"),
        (["--age", "40", "--sex", "male", "--pregnant"], "profile"),
        (["--age", "40"], "profile.sex"),
    ],
)
def test_requirements_errors(args: list[str], field: str) -> None:
    result = _run("requirements", *args)
    assert result.exit_code == 2 and f"  {field}: " in result.stderr and "Traceback" not in result.output


def test_signs_list_and_one_sign() -> None:
    listing = _json("signs", "--lang", "zh")
    assert "不是诊断" in listing["disclaimer"] and "特异性" in listing["caveat"]
    signs = listing["signs"]
    assert len(signs) == 11 and all(s["evidence_cause"]["grade"] for s in signs)
    cramps = _json("signs", "muscle_cramps")
    assert cramps["evidence_supplement"]["grade"] == "against"
    assert "garrison2020_cochrane" in cramps["evidence_supplement"]["sources"]
    human = _run("signs", "irregular_heartbeat", "--lang", "en")
    assert human.exit_code == 0 and "Other common causes" in human.stdout and "non-specific" in human.stdout
    bad = _run("signs", "hair_loss")
    assert bad.exit_code == 2 and "  id: " in bad.stderr


def test_supplement_check_command() -> None:
    data = _json("supplement", "--compound", "magnesium citrate", "--compound-mg", "500")
    assert data["elemental_mg_per_day"] == pytest.approx(80.8) and data["dose_advice_allowed"]
    high = _json("supplement", "--elemental-mg", "200", "--per-day", "2")
    assert high["above_ul"] and high["ul_supplement_mg"] == 350
    child = _json("supplement", "--elemental-mg", "150", "--age", "6")
    assert child["above_ul"] and child["ul_supplement_mg"] == 110
    kidney = _json("supplement", "--elemental-mg", "100", "--egfr", "25")
    assert not kidney["dose_advice_allowed"] and "below 60" in kidney["gate_reason"]
    assert kidney["gate_reason_ids"] == ["egfr_low"]
    meds = _json(
        "supplement", "--compound", "柠檬酸镁", "--compound-mg", "300", "-m", "doxycycline", "-m", "foo"
    )
    assert meds["spacing"][0]["id"] == "spacing.tetracyclines" and meds["unrecognised_medications"] == ["foo"]
    human = _run("supplement", "--compound", "氧化镁", "--compound-mg", "500", "--lang", "zh")
    assert human.exit_code == 0 and "元素镁" in human.stdout and "不是诊断" in human.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ([], "input"),
        (["--compound", "citrate"], "input"),
        (["--compound", "unobtainium", "--compound-mg", "100"], "supplements.0.compound"),
        (["--elemental-mg", "-5"], "elemental_mg"),
        (["--elemental-mg", "100", "--egfr", "500"], "egfr"),
    ],
)
def test_supplement_errors(args: list[str], field: str) -> None:
    result = _run("supplement", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"  {field}: " in result.stderr


def test_claims_command() -> None:
    listing = _json("claims", "--lang", "zh")
    assert "不是诊断" in listing["disclaimer"]
    claims = listing["claims"]
    assert len(claims) >= 8 and all(c["sources"] for c in claims)
    assert {c["verdict"] for c in claims} <= {"supported", "partly_supported", "misleading", "unsupported"}
    human = _run("claims")
    assert human.exit_code == 0 and "Verdict" in human.stdout
