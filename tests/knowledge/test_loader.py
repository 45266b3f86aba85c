"""The knowledge-base loader: validated, cross-checked, and loud about bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from magcheck.core.errors import DataFileError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import AssessmentInput
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.loader import load_knowledge_from
from magcheck.service.assessment import assess_unplanned

FIXTURE_SIGNS = Path(__file__).parent / "fixtures" / "signs"


@pytest.fixture()
def kb_dir(tmp_path: Path) -> Path:
    """The packaged knowledge with the small signs fixtures (the loader's schema, not the content)."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    for path in FIXTURE_SIGNS.glob("*.toml"):
        shutil.copy(path, target / path.name)
    return target


def _error(directory: Path) -> str:
    with pytest.raises(DataFileError) as info:
        load_knowledge_from(directory)
    problem = info.value.problems[0]
    return f"{problem.field} {problem.params.get('reason', '')}"


def test_fixture_copy_loads(kb_dir: Path) -> None:
    kb = load_knowledge_from(kb_dir)
    assert len(kb.signs) == 11 and len(kb.warning_signs) == 10 and kb.version


def test_bad_csv_number_names_file_and_line(kb_dir: Path) -> None:
    path = kb_dir / "requirements_us.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",65,80,", ",sixty,80,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _error(kb_dir)
    assert message.startswith("requirements_us.csv:line 4")


def test_unknown_source_id_is_refused(kb_dir: Path) -> None:
    path = kb_dir / "labs.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('["costello2016"]', '["nobody2099"]'), encoding="utf-8"
    )
    message = _error(kb_dir)
    assert "labs.toml" in message and "nobody2099" in message


def test_duplicate_reference_ids_across_files_are_refused(kb_dir: Path) -> None:
    (kb_dir / "references" / "extra.toml").write_text('[ref.iom1997]\ncitation = "again"\n', encoding="utf-8")
    assert "already defined" in _error(kb_dir)


def test_missing_sign_is_refused(kb_dir: Path) -> None:
    path = kb_dir / "signs.toml"
    text = path.read_text(encoding="utf-8")
    cut = text.index('[[sign]]\nid = "stress_sensitivity"')
    path.write_text(text[:cut], encoding="utf-8")
    assert "stress_sensitivity" in _error(kb_dir)


def test_wrong_compound_fraction_is_refused(kb_dir: Path) -> None:
    path = kb_dir / "supplements.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("published_pct = 60.3", "published_pct = 50.3"),
        encoding="utf-8",
    )
    assert "oxide" in _error(kb_dir)


def test_broken_toml_is_refused(kb_dir: Path) -> None:
    (kb_dir / "mds.toml").write_text("[points\n", encoding="utf-8")
    assert "mds.toml" in _error(kb_dir) and "TOML" in _error(kb_dir)


def test_sd_within_estimates_follow_the_documented_method(kb: KnowledgeBase) -> None:
    """Women 19–50: 86 mg (verified, derived from IOM 2000 p. 54). Every other group: CV 86/228 × its scale,
    where 228 mg is the CSFII 1994 mean intake of females ≥ 9 y (clinical.md §8.2)."""
    verified = [row for row in kb.sd_within if row.verified]
    assert [(r.group, r.sex, r.sd_within_mg) for r in verified] == [("adults_19_50", "female", 86)]
    for row in kb.sd_within:
        if not row.verified:
            assert row.sd_within_mg == round(86 / 228 * row.scale_mg), row.group
            assert "estimate" in row.method


def test_sd_within_covers_every_age_and_sex(kb: KnowledgeBase) -> None:
    for sex in ("female", "male"):
        ages = [0, 0.5, 1, 9, 14, 19, 51, 120]
        for age in ages:
            assert any(r.sex in ("any", sex) and r.age_min <= age < r.age_max for r in kb.sd_within)


def test_every_medicine_has_both_names(kb: KnowledgeBase) -> None:
    names = {d.en: d.zh for c in kb.medications for d in c.drugs}
    assert names["furosemide"] == "呋塞米" and names["hydrochlorothiazide"] == "氢氯噻嗪"
    assert names["omeprazole"] == "奥美拉唑"
    # Fan 2021 as published: any current diuretic counts (shared/spec README, revised MDS decision)
    diuretics = {"loop_diuretics", "thiazide_diuretics", "potassium_sparing_diuretics"}
    assert {c.id for c in kb.medications if c.mds == "diuretic"} == diuretics
    assert {c.id for c in kb.medications if c.mds == "ppi"} == {"ppis"}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_egfr_cut_offs_have_one_home(kb: KnowledgeBase) -> None:
    """shared/spec README: the gate closes at eGFR < 60; clinical.md §3.1: MDS eGFR < 60 → 2, 60–90 → 1."""
    kidney = kb.kidney
    assert [(b.id, b.below, b.at_most) for b in kidney.band] == [
        ("severe", 30.0, None),
        ("reduced", 60.0, None),
        ("mildly_reduced", None, 90.0),
    ]
    assert kidney.band_of(59.9) == "reduced" and kidney.band_of(60) == "mildly_reduced"
    assert kidney.band_of(90) == "mildly_reduced" and kidney.band_of(90.1) == "normal"
    assert kidney.band_of(None) is None and kidney.band_of(None, dialysis=True) == "severe"
    assert kidney.at_least("severe", "reduced") and not kidney.at_least("mildly_reduced", "reduced")
    assert kb.gate.thresholds.egfr_band == "reduced" and kb.status.thresholds.kidney_severe_band == "severe"


def test_unknown_kidney_band_is_refused(kb_dir: Path) -> None:
    _replace(kb_dir / "safety_gate.toml", 'egfr_band = "reduced"', 'egfr_band = "stage_3"')
    assert _error(kb_dir).startswith("safety_gate.toml:thresholds.egfr_band unknown kidney band")


def test_kidney_points_must_cover_every_band(kb_dir: Path) -> None:
    _replace(kb_dir / "mds.toml", "mildly_reduced = 1, ", "")
    assert _error(kb_dir).startswith("mds.toml:component.kidney.points_by_band")


def test_status_thresholds_need_their_sources(kb_dir: Path) -> None:
    _replace(kb_dir / "status_rules.toml", 'intake_certain_probability = ["iom2000"]\n', "")
    assert "intake_certain_probability" in _error(kb_dir)


def test_medicine_class_must_name_an_mds_component(kb_dir: Path) -> None:
    _replace(kb_dir / "medications.toml", 'mds = "ppi"', 'mds = "acid"')
    message = _error(kb_dir)
    assert message.startswith("medications.toml:class.mds") and "acid" in message


def test_a_new_mds_component_is_data_only(kb_dir: Path) -> None:
    """Adding a medicine-based MDS component touches mds.toml and medications.toml — no code."""
    (kb_dir / "mds.toml").write_text(
        (kb_dir / "mds.toml")
        .read_text(encoding="utf-8")
        .replace(
            '[[component]]\nid = "heavy_drinking"',
            '[[component]]\nid = "chelator"\ncounts = "medication"\npoints = 1\n'
            'name = { en = "Chelating medicine", zh = "螯合类药物" }\n'
            'short_name = { en = "Chelator", zh = "螯合剂" }\n\n'
            '[[component]]\nid = "heavy_drinking"',
        ),
        encoding="utf-8",
    )
    _replace(
        kb_dir / "medications.toml",
        'id = "bisphosphonates"\nkind = "chelation"\nmds = ""',
        'id = "bisphosphonates"\nkind = "chelation"\nmds = "chelator"',
    )
    kb = load_knowledge_from(kb_dir)
    inp = AssessmentInput.model_validate(
        {"profile": {"age_years": 60, "sex": "female"}, "medications": ["alendronate"]}
    )
    mds = assess_unplanned(inp, kb, "en").mds
    chelator = next(c for c in mds.components if c.id == "chelator")
    assert chelator.points == 1 and "Chelating medicine" in chelator.text
    assert [c.id for c in mds.components] == ["diuretic", "ppi", "chelator", "heavy_drinking", "kidney"]
