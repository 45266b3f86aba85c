"""The knowledge-base loader: validated, cross-checked, and loud about bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from magcheck.core.errors import DataFileError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.loader import load_knowledge_from

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
