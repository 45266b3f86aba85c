"""`magcheck report` end to end through the real service: files written, errors named, nothing half-written.

The input is the IOM worked example (woman 31–50 y, three days with a mean of 320 mg/day): the spec
gives EAR 265, RDA 320 and ≈ 84 % probability of adequacy with SD_within 86 (clinical.md §1.1, §2).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.i18n import Lang, t

runner = CliRunner()
EXAMPLE = {
    "profile": {"age_years": 40, "sex": "female", "name": "Zhang Wei"},
    "intake": {"daily_mg": [290, 330, 340]},
    "signs": {"muscle_cramps": "often"},
    "medications": ["furosemide"],
}


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    return path


def test_html_report_from_an_input_file_in_both_languages(
    input_file: Path, tmp_path: Path, lang: Lang
) -> None:
    out = tmp_path / f"report-{lang}.html"
    result = runner.invoke(app, ["report", "--input", str(input_file), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert t("report.cli.written", lang, path=str(out)) in result.output
    html = out.read_text(encoding="utf-8")
    mg = "每天 {} 毫克" if lang == "zh" else "{} mg/day"
    for figure in (mg.format(265), mg.format(320), "84%"):
        assert figure in html
    assert "Zhang Wei" in html
    assert f">{t('report.summary.heading', lang)}</h2>" in html
    assert list(tmp_path.glob(".*.part")) == []


@pytest.mark.pdf
def test_pdf_is_the_default_format(input_file: Path, tmp_path: Path, pdf_toolchain: None) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "--input", str(input_file), "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-"


def test_no_name_leaves_the_name_out(input_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "anon.html"
    result = runner.invoke(
        app, ["report", "-i", str(input_file), "-o", str(out), "--no-name", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "Zhang Wei" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ([], "input"),
        (["--person", "somebody"], "input"),  # both given
        (["--format", "docx"], "format"),
        (["--paper", "A5"], "paper"),
    ],
)
def test_bad_options_exit_2_naming_the_field_and_write_nothing(
    input_file: Path, tmp_path: Path, args: list[str], field: str
) -> None:
    out = tmp_path / "r.html"
    base = [] if args == [] else ["--input", str(input_file)]
    result = runner.invoke(app, ["report", *base, *args, "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{field}: " in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_bad_input_file_is_reported_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"profile": {"age_years": 400, "sex": "female"}}', encoding="utf-8")
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "-i", str(bad), "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 2
    assert "profile.age_years：" in result.output
    assert not out.exists()


def test_missing_input_file_and_missing_folder(tmp_path: Path, input_file: Path) -> None:
    result = runner.invoke(app, ["report", "-i", str(tmp_path / "nope.json"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "input: " in result.output
    result = runner.invoke(app, ["report", "-i", str(input_file), "-o", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 2 and "output: " in result.output
    result = runner.invoke(app, ["report", "-i", str(input_file), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "output: " in result.output


def test_an_existing_report_is_replaced_whole(input_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["report", "-i", str(input_file), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _sr28_mg_per_100g(sr28_dir: Path, ndb: str) -> float:
    for line in (sr28_dir / "NUT_DATA_304_magnesium.txt").read_text(encoding="latin-1").splitlines():
        fields = line.split("^")
        if fields[0] == f"~{ndb}~" and fields[1] == "~304~":
            return float(fields[2])
    raise AssertionError(f"{ndb} not in SR28")


def test_report_for_a_person_charts_their_logged_days(tmp_path: Path, lang: Lang, sr28_dir: Path) -> None:
    from magcheck.service.history.checkins import add_checkin
    from magcheck.service.history.food_log import add_entry
    from magcheck.service.history.labs import add_lab
    from magcheck.service.history.people import add_person

    name = f"Report {uuid.uuid4().hex[:8]}"
    add_person(name, 40, "female")
    today = dt.date.today()
    add_entry("30 g almonds", today - dt.timedelta(days=3), person=name)
    add_entry("100 g spinach", today - dt.timedelta(days=1), person=name)
    add_checkin({"muscle_cramps": "often"}, today - dt.timedelta(days=1), person=name)
    add_lab(0.8, "mmol/L", today - dt.timedelta(days=2), person=name)
    out = tmp_path / "person.html"
    result = runner.invoke(app, ["report", "--person", name, "--days", "14", "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert name in html
    assert t("report.charts.trend", lang) in html and t("report.charts.burden", lang) in html
    almonds = _sr28_mg_per_100g(sr28_dir, "12061") * 30 / 100  # SR28 almonds, raw
    assert f"{(today - dt.timedelta(days=3)).isoformat()} {almonds:.0f}" in html
    assert (today - dt.timedelta(days=2)).isoformat() in html and "0.80 mmol/L" in html
    assert t("report.charts.contributions", lang) in html  # from the logged entries
    assert ("杏仁" if lang == "zh" else "Almonds") in html


def test_unknown_person_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--person", "Nobody Here", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "person" in result.output


def test_person_report_lists_each_logged_food_as_assess_from_log_does(
    tmp_path: Path, lang: Lang, sr28_dir: Path
) -> None:
    from magcheck.service.history.food_log import add_entry
    from magcheck.service.history.people import add_person

    name = f"Foods {uuid.uuid4().hex[:8]}"
    add_person(name, 40, "female")
    today = dt.date.today()
    add_entry("30 g almonds", today - dt.timedelta(days=2), person=name)
    add_entry("100 g spinach", today - dt.timedelta(days=1), person=name)
    shown = runner.invoke(app, ["assess", "--from-log", "--person", name, "--json", "--lang", lang])
    assert shown.exit_code == 0, shown.output
    foods = json.loads(shown.output)["intake"]["foods"]
    assert [(f["entry"], f["ndb"]) for f in foods] == [("30 g almonds", "12061"), ("100 g spinach", "11457")]

    out = tmp_path / "foods.html"
    result = runner.invoke(app, ["report", "--person", name, "--days", "7", "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert t("report.intake.foods_heading", lang) in html
    assert t("report.intake.source_food_log", lang) in html
    rows = html.split(t("report.intake.foods_heading", lang), 1)[1].split("</table>", 1)[0]
    almonds = _sr28_mg_per_100g(sr28_dir, "12061") * 30 / 100
    spinach = _sr28_mg_per_100g(sr28_dir, "11457")  # SR28 spinach, raw, 100 g
    for day, entry, mg in ((1, "30 g almonds", almonds), (2, "100 g spinach", spinach)):
        row = next(r for r in rows.split("<tr>") if f"<td>{entry}</td>" in r)
        assert row.startswith(f'<td class="num">{day}</td>')  # the first and the second logged day
        assert f'<td class="num">{mg:.0f}</td>' in row
