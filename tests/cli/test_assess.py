"""The `magcheck assess`, `requirements`, `signs`, `supplement` and `claims` commands (issue 2): JSON shapes,
both languages, the wizard's re-asking, and every bad-input path (exit 2, field named, no traceback)."""

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
