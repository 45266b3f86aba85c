"""Every supplement-gate reason through every output path, in both languages.

Paths: the assessment JSON (`supplement_gate`, `supplements`, `recommendations`), the plan, `magcheck
supplement`, the CLI (JSON and the readable render), the API (`/assess`, `/plan`), the web results page
and the report (HTML and PDF text). For each reason the output must carry no dose and must name *that*
reason — the limit crossed, in the person's language — never another one (a kidney refusal that says
"you reported a warning sign" was the bug this guards against). The expected words come from the
decision in shared/spec README ("Supplement safety gate"): the limits 60, 0.75, 0.95, 1.74, 18, 19.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
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

BASE: dict[str, Any] = {
    "profile": {"age_years": 40, "sex": "female"},
    "intake": {"usual_mg": 150},  # a gap of 170 mg to the RDA 320: an open gate would size a dose
    "supplements": [{"elemental_mg": 100}],
    "medications": [],
}


def _case(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(BASE))
    for key, value in changes.items():
        if key == "profile":
            data["profile"].update(value)
        else:
            data[key] = value
    return data


def _serum(value: float) -> dict[str, Any]:
    return {"serum_magnesium": {"value": value, "unit": "mmol/L"}}


# reason → (input, `magcheck supplement` options, words the en text must hold, words the zh text must hold)
CASES: dict[str, tuple[dict[str, Any], list[str], tuple[str, ...], tuple[str, ...]]] = {
    "serum_toxic": (_case(labs=_serum(1.8)), ["--serum", "1.8", "--serum-unit", "mmol/L"],
                    ("1.80", "1.74", "stop all magnesium products", "seek medical care"),
                    ("1.74", "停用", "就医")),
    "warning_sign": (_case(warning_signs=["fainting"]), ["--warning-sign", "fainting"],
                     ("warning sign",), ("危险信号",)),
    "serum_high": (_case(labs=_serum(1.2)), ["--serum", "1.2", "--serum-unit", "mmol/L"],
                   ("1.20", "0.95", "do not add magnesium", "stop"), ("0.95", "不要再补镁", "停用")),
    "serum_low": (_case(labs=_serum(0.6)), ["--serum", "0.6", "--serum-unit", "mmol/L"],
                  ("0.60", "0.75", "hypomagnesaemia", "cause"), ("0.75", "低镁血症", "原因")),
    "dialysis": (_case(conditions=["dialysis"]), ["--dialysis"], ("dialysis",), ("透析",)),
    "kidney_disease": (_case(conditions=["kidney_disease"]), ["--kidney-disease"],
                       ("kidney disease",), ("肾脏疾病",)),
    "egfr_low": (_case(egfr=55), ["--egfr", "55"], ("eGFR of 55", "below 60"), ("eGFR 为 55", "低于 60")),
    "pregnancy_under_19": (_case(profile={"age_years": 18, "pregnant": True}), ["--age", "18", "--pregnant"],
                           ("pregnant", "under 19", "food plan still applies"),
                           ("孕期", "未满 19 岁", "饮食方案")),
    "under_18": (_case(profile={"age_years": 16}), ["--age", "16"],
                 ("16 years old", "under 18", "food plan still applies"),
                 ("16 岁", "未满 18 岁", "饮食方案")),
}  # fmt: skip
REASONS = sorted(CASES)
WORDS = {"en": 2, "zh": 3}
WRONG_REASON = {"en": "you reported a warning sign", "zh": "你报告了危险信号"}
runner = CliRunner()


def _says(text: str, reason: str, lang: Lang) -> None:
    """`text` names this reason (its words in `lang`) and, unless it is the reason, not a warning sign."""
    flat = re.sub(r"\s+", " ", text)
    for word in CASES[reason][WORDS[lang]]:
        assert word in flat, (reason, lang, word)
    if reason != "warning_sign":
        assert WRONG_REASON[lang] not in flat.casefold(), (reason, lang)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reason", REASONS)
def test_assessment_and_plan(reason: str, lang: Lang) -> None:
    out = assess(AssessmentInput.model_validate(CASES[reason][0]), lang)
    gate = out.supplement_gate
    assert not gate.dose_allowed and gate.reasons[0].id == reason
    _says(gate.text, reason, lang)
    assert out.supplements is not None and not out.supplements.dose_advice_allowed
    assert reason in out.supplements.gate_reason_ids
    _says(out.supplements.text, reason, lang)
    rec = next(r for r in out.recommendations if r.id == "supplement_gate")
    _says(rec.text, reason, lang)
    assert out.plan is not None and out.plan.foods  # the food plan stays
    assert out.plan.supplement is None and out.plan.supplement_reason_id == reason
    _says(out.plan.supplement_reason or "", reason, lang)


def test_open_gate_sizes_a_dose_as_the_control() -> None:
    out = assess(AssessmentInput.model_validate(BASE), "en")
    assert out.supplement_gate.dose_allowed and out.plan is not None and out.plan.supplement is not None


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reason", REASONS)
def test_supplement_check_command(reason: str, lang: Lang) -> None:
    args = ["supplement", "--elemental-mg", "100", *CASES[reason][1], "--lang", lang]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert not data["dose_advice_allowed"] and data["gate_reason_ids"][0] == reason
    _says(data["gate_reason"], reason, lang)
    human = runner.invoke(app, args)
    assert human.exit_code == 0
    _says(human.stdout, reason, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reason", REASONS)
def test_cli_assess_json_and_readable(reason: str, lang: Lang, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(CASES[reason][0]), encoding="utf-8")
    result = runner.invoke(app, ["assess", "--input", str(path), "--lang", lang, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["supplement_gate"]["reasons"][0]["id"] == reason and data["plan"]["supplement"] is None
    human = runner.invoke(app, ["assess", "--input", str(path), "--lang", lang])
    assert human.exit_code == 0
    _says(human.stdout, reason, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reason", REASONS)
def test_api_assess_and_plan(client: TestClient, reason: str, lang: Lang) -> None:
    body = CASES[reason][0]
    data = client.post(f"/api/v1/assess?lang={lang}", json=body).json()
    assert data["supplement_gate"]["reasons"][0]["id"] == reason
    assert data["plan"]["supplement"] is None and data["plan"]["supplement_reason_id"] == reason
    _says(data["supplement_gate"]["text"], reason, lang)
    plan = client.post(f"/api/v1/plan?lang={lang}", json=body).json()
    assert plan["plan"]["supplement"] is None and plan["supplement_gate"]["reasons"][0]["id"] == reason
    _says(plan["plan"]["supplement_reason"], reason, lang)


def _token(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/assess").text)
    assert match
    return match.group(1)


def _text(html: str) -> str:
    import html as htmllib

    return htmllib.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reason", REASONS)
def test_web_results_page(client: TestClient, reason: str, lang: Lang) -> None:
    data = {"csrf_token": _token(client), "input_json": json.dumps(CASES[reason][0])}
    page = client.post(f"/assess/view?lang={lang}", data=data)
    assert page.status_code == 200
    block = re.search(r'data-testid="supplement-gate">(.*?)</section>', page.text, re.S)
    assert block, reason
    _says(_text(block.group(1)), reason, lang)
    assert 'data-testid="plan"' in page.text  # the food plan is still shown


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reason", REASONS)
def test_report_html(reason: str, lang: Lang) -> None:
    out = assess(AssessmentInput.model_validate(CASES[reason][0]), lang)
    _says(_text(render_html(out, lang)), reason, lang)


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_pdf_text_names_each_reason(lang: Lang, pdf_toolchain: None, tmp_path: Path) -> None:
    from magcheck.reports.render import render_pdf

    assert shutil.which("pdftotext")
    for reason in REASONS:
        out = assess(AssessmentInput.model_validate(CASES[reason][0]), lang)
        path = tmp_path / f"{reason}-{lang}.pdf"
        path.write_bytes(render_pdf(out, lang))
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout
        # pdftotext breaks lines and may space CJK text: compare without any whitespace
        squeezed = re.sub(r"\s+", "", text)
        for word in CASES[reason][WORDS[lang]]:
            assert re.sub(r"\s+", "", word) in squeezed, (reason, lang, word)
