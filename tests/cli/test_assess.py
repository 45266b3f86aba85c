"""The `magcheck assess` command (issue 2): JSON shapes, both languages, the wizard's re-asking, and every
bad-input path (exit 2, field named, no traceback). The reference commands: tests/cli/test_reference.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.knowledge.loader import load_knowledge

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "assess-example.json"
runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def _json(*args: str) -> Any:
    result = _run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_assess_json_from_the_issue_example() -> None:
    data = _json("assess", "--input", str(EXAMPLE), "--lang", "en")
    assert data["status"]["level"] == "seek_care"
    assert data["requirement"]["rda_mg"] == 320 and data["requirement"]["rda_name"] == "RDA"
    assert data["mds"]["score"] == 3 and data["labs"]["serum_mmol_per_l"] == pytest.approx(0.6994, abs=1e-4)
    assert data["lang"] == "en" and "not a diagnosis" in data["disclaimer"]


def test_assess_reads_stdin() -> None:
    result = _run("assess", "--input", "-", "--json", stdin=EXAMPLE.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["requirement"]["ear_mg"] == 265


def test_assess_json_in_chinese_and_cn_standard() -> None:
    data = _json("assess", "--input", str(EXAMPLE), "--lang", "zh", "--standard", "cn")
    assert data["requirement"]["rda_name"] == "RNI" and data["requirement"]["rda_mg"] == 330
    assert "2013" in data["requirement"]["edition"] and data["status"]["label"] == "请就医"


@pytest.mark.parametrize(
    ("lang", "warn", "disclaimer"), [("en", "Warning signs", "Disclaimer"), ("zh", "危险信号", "免责声明")]
)
def test_human_output_warnings_first_disclaimer_last(lang: str, warn: str, disclaimer: str) -> None:
    result = _run("assess", "--input", str(EXAMPLE), "--lang", lang)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index(warn) < out.index(disclaimer)
    assert out.rstrip().splitlines()[-1].startswith("knowledge")
    assert "iom1997" in out and "fan2021_mds" in out


BAD_INPUTS = [
    ({"profile": {"age_years": -3, "sex": "female"}}, "profile.age_years"),
    ({"profile": {"age_years": 200, "sex": "female"}}, "profile.age_years"),
    ({"profile": {"age_years": 40, "sex": "x"}}, "profile.sex"),
    ({"profile": {"age_years": 40, "sex": "male"}, "signs": {"cramps": "often"}}, "signs.cramps"),
    ({"profile": {"age_years": 40, "sex": "male"}, "signs": {"fatigue": "always"}}, "signs.fatigue"),
    ({"profile": {"age_years": 40, "sex": "male"}, "intake": {"usual_mg": "abc"}}, "intake.usual_mg"),
    (
        {
            "profile": {"age_years": 40, "sex": "male"},
            "labs": {"serum_magnesium": {"value": 50, "unit": "mmol/L"}},
        },
        "labs.serum_magnesium.value",
    ),
    (
        {
            "profile": {"age_years": 40, "sex": "male"},
            "labs": {"serum_magnesium": {"value": 1, "unit": "g/L"}},
        },
        "labs.serum_magnesium.unit",
    ),
    (
        {
            "profile": {"age_years": 40, "sex": "male"},
            "supplements": [{"compound": "kryptonite", "compound_mg": 5}],
        },
        "supplements.0.compound",
    ),
    ({"profile": {"age_years": 40, "sex": "male"}, "warning_signs": ["headache"]}, "warning_signs.0"),
    ({"profile": {"age_years": 40, "sex": "male", "pregnant": True}}, "profile"),
    ({"profile": {"age_years": 40, "sex": "male"}, "egfr": 0}, "egfr"),
    ({"profile": {"age_years": 40, "sex": "male"}, "intake": {"usual_mg": 1, "daily_mg": [2]}}, "intake"),
    ({"profile": {"age_years": 40, "sex": "male"}, "colour": "blue"}, "colour"),
    ('{"profile": ', "input"),
    ("[1, 2]", "input"),
]


@pytest.mark.parametrize(("data", "field"), BAD_INPUTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_input_names_the_field_and_exits_2(tmp_path: Path, data: Any, field: str, lang: str) -> None:
    result = _run("assess", "--input", _write(tmp_path, data), "--lang", lang, "--json")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    heading = "magcheck could not use this input" if lang == "en" else "magcheck 无法使用这些输入"
    assert heading in result.stderr
    sep = ": " if lang == "en" else "："
    assert f"  {field}{sep}" in result.stderr
    assert result.stdout == ""


def test_bad_input_message_says_what_is_allowed(tmp_path: Path) -> None:
    result = _run(
        "assess", "-i", _write(tmp_path, {"profile": {"age_years": 40, "sex": "x"}}), "--lang", "zh"
    )
    assert "可选：female, male" in result.stderr
    result = _run("assess", "-i", _write(tmp_path, {"profile": {"age_years": 200, "sex": "male"}}))
    assert "at most 120" in result.stderr


def test_missing_file_and_bad_options(tmp_path: Path) -> None:
    result = _run("assess", "--input", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "file not found" in result.stderr
    result = _run("assess", "--input", str(EXAMPLE), "--standard", "eu")
    assert result.exit_code == 2 and "standard" in result.stderr
    result = _run("assess", "--input", str(EXAMPLE), "--lang", "fr")
    assert result.exit_code == 2 and "lang" in result.stderr


def _wizard_answers(sign_answers: dict[str, str], extra_intake: list[str]) -> str:
    kb = load_knowledge()
    lines = ["abc", "250", "40", "female", "n", "n", "", *extra_intake, "n"]
    for sign in kb.signs:
        lines.append(sign_answers.get(sign.id, ""))
    reported = [s for s, f in sign_answers.items() if f not in ("", "0", "never")]
    asked = {w for s in reported for w in kb.sign(s).ask_warning_signs}
    lines += ["n" for w in kb.warning_signs if w.id in asked]
    lines += ["omeprazole, furosemide", "1", "75", "2", "0.8 mmol/L"]
    return "\n".join(lines) + "\n"


def test_wizard_reasks_and_produces_an_assessment() -> None:
    answers = _wizard_answers({"muscle_cramps": "2", "fatigue": "sometimes"}, ["1", "-5", "250"])
    result = _run("assess", "--json", "--lang", "en", stdin=answers)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Please try again") == 3  # "abc", age 250 and -5 mg were re-asked
    data = json.loads(result.stdout)
    assert data["intake"]["mean_mg"] == 250 and data["mds"]["score"] == 3
    assert data["labs"]["interpretation"] == "possible_latent_deficiency"
    assert [i["id"] for i in data["signs"]["items"]] == ["muscle_cramps", "fatigue"]
    # 250 mg is below her EAR of 265 mg and the MDS is 3: the Fan 2021 combination rule
    assert data["status"]["level"] == "high_concern"
    assert data["status"]["reasons"][0]["id"] == "low_intake_with_depletion"


def test_wizard_reasks_a_food_it_cannot_read() -> None:
    answers = _wizard_answers({}, ["3", "1", "qwertyuiop", "30 g almonds; 1 banana"])
    result = _run("assess", "--json", "--lang", "en", stdin=answers)
    assert result.exit_code == 0, result.output
    assert "intake.days.0.0" in result.stderr
    data = json.loads(result.stdout)
    assert data["intake"]["source"] == "food_log" and data["intake"]["days"] == 1
    assert [f["entry"] for f in data["intake"]["foods"]] == ["30 g almonds", "1 banana"]


def test_wizard_skips_the_standard_question_when_given() -> None:
    answers = _wizard_answers({}, ["1", "300"]).replace("\nn\nn\n\n1\n", "\nn\nn\n1\n", 1)
    result = _run("assess", "--json", "--standard", "cn", stdin=answers)
    assert result.exit_code == 0, result.output
    assert "Reference standard" not in result.stderr
    assert json.loads(result.stdout)["requirement"]["rda_name"] == "RNI"


def test_wizard_in_chinese_with_daily_totals() -> None:
    answers = _wizard_answers({}, ["2", "280, 300，320"]).replace("\nfemale\n", "\n女\n", 1)
    result = _run("assess", "--lang", "zh", stdin=answers)
    assert result.exit_code == 0, result.output
    assert "免责声明" in result.stdout and "3 天的实测总量" in result.stdout


def test_wizard_names_the_default_lab_units_of_the_data() -> None:
    units = load_knowledge().labs.default_unit
    result = _run("assess", "--json", "--lang", "en", stdin=_wizard_answers({}, ["1", "300"]))
    assert result.exit_code == 0, result.output
    assert f"without a unit: {units['us']} for the US standard, {units['cn']} for China" in result.stderr
