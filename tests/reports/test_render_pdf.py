"""The PDF report through the real toolchain (WeasyPrint + Pango + fonts), checked with poppler.

Under CI=true a missing tool is a failure, not a skip: the issue wants these tests to run in CI.
Every page is rendered to PNG in test-artifacts/reports/ so a person can look at the result.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest
from report_samples import make_assessment, make_history

from magcheck.i18n import t

pytestmark = pytest.mark.pdf
HEADINGS = (
    "summary",
    "requirement",
    "adequacy",
    "charts",
    "mds",
    "signs",
    "plan",
    "labs",
    "method",
    "references",
)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def _page_count(path: Path) -> int:
    found = re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path)))
    assert found, f"pdfinfo names no page count for {path.name}"
    return int(found.group(1))


@pytest.fixture(scope="module")
def pdfs(
    artifacts_dir: Path, pdf_toolchain: None, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Both languages rendered once, with a 30-day history; copies are kept as artefacts.

    Tests read this run's own files (in a temporary folder), so parallel workers never read a copy
    another worker is still writing.
    """
    from magcheck.reports.render import render_pdf

    out = tmp_path_factory.mktemp("reports")
    keep = artifacts_dir / "reports"
    keep.mkdir(parents=True, exist_ok=True)
    paths = {}
    for lang in ("en", "zh"):
        data = render_pdf(
            make_assessment(lang, red_flag=True),
            history=make_history(30),
            person_name="Li Hua" if lang == "en" else "李华",
            prepared=date(2026, 11, 25),
        )
        path = out / f"report-{lang}.pdf"
        path.write_bytes(data)
        _publish(path, keep / path.name)
        paths[lang] = path
    return paths


def _publish(source: Path, target: Path) -> None:
    """Copy into test-artifacts atomically (write beside, then rename)."""
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    shutil.copyfile(source, part)
    os.replace(part, target)


def _text(path: Path) -> str:
    return _run("pdftotext", "-layout", str(path), "-")


def test_pdf_starts_as_a_pdf_and_has_pages(pdfs: dict[str, Path]) -> None:
    for path in pdfs.values():
        assert path.read_bytes()[:5] == b"%PDF-"
        pages = _page_count(path)
        assert 2 <= pages <= 8


def test_pdf_text_has_the_key_figures(pdfs: dict[str, Path]) -> None:
    en = _text(pdfs["en"])
    for figure in (
        "265 mg/day",
        "320 mg/day",
        "84%",
        "Score 1",
        "MDS 1",
        "0.82 mmol/L",
        "Li Hua",
        "25 November 2026",
    ):
        assert figure in en, figure
    zh = _text(pdfs["zh"])
    for figure in (
        "每天 265 毫克",
        "每天 320 毫克",
        "84%",
        "评分 1 分",
        "0.82 mmol/L",
        "李华",
        "2026年11月25日",
    ):
        assert figure in zh, figure


def test_page_numbers_are_printed(pdfs: dict[str, Path]) -> None:
    en, zh = _text(pdfs["en"]), _text(pdfs["zh"])
    assert re.search(r"Page 1 of \d", en) and re.search(r"第 1 页，共 \d 页", zh)


def test_chinese_headings_extract_exactly(pdfs: dict[str, Path]) -> None:
    lines = {line.strip() for line in _text(pdfs["zh"]).splitlines()}
    for key in HEADINGS:
        heading = t(f"report.{key}.heading", "zh")
        assert heading in lines, heading
    assert "\ufffd" not in _text(pdfs["zh"])


def test_every_font_is_embedded_and_chinese_uses_a_cjk_sc_face(pdfs: dict[str, Path]) -> None:
    for lang, path in pdfs.items():
        fonts = _fonts(path)
        assert fonts, lang
        assert all(embedded for _, embedded in fonts), fonts
        if lang == "zh":
            names = [name for name, _ in fonts]
            assert any("CJK-SC" in name for name in names), names
            assert not any(re.search(r"CJK-(JP|KR|TC|HK)", name) for name in names), names


def _fonts(path: Path) -> list[tuple[str, bool]]:
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    out = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object ID: emb is the 5th field from the end
        out.append((parts[0], parts[-5] == "yes"))
    return out


def _font_file(pdf_name: str) -> tuple[str, int]:
    """The installed font file behind a PDF font name such as ``ABCDEF+Noto-Sans-CJK-SC-Bold``."""
    name = pdf_name.split("+", 1)[-1]
    bold = name.endswith("-Bold")
    family = name.removesuffix("-Bold").replace("-", " ")
    found = _run("fc-match", "-f", "%{family}|%{file}|%{index}", family + (":bold" if bold else ""))
    families, file, index = found.split("|")
    assert family in families.split(","), f"{family} is not installed (fc-match gave {families})"
    return file, int(index)


def test_no_character_falls_back_to_a_missing_glyph_box(pdfs: dict[str, Path]) -> None:
    """Every character in the text is covered by one of the embedded fonts, so none is drawn as a box."""
    from fontTools.ttLib import TTFont

    for path in pdfs.values():
        covered: set[int] = set()
        for name, _ in _fonts(path):
            file, index = _font_file(name)
            font = TTFont(file, fontNumber=index, lazy=True)
            covered.update(font.getBestCmap().keys())
        text = _text(path)
        missing = {ch for ch in text if not ch.isspace() and ord(ch) not in covered}
        assert not missing, f"{path.name}: {sorted(missing)}"


def test_every_page_renders_to_png(pdfs: dict[str, Path], artifacts_dir: Path) -> None:
    for lang, path in pdfs.items():
        prefix = path.parent / f"report-{lang}"
        _run("pdftoppm", "-r", "60", "-png", str(path), str(prefix))
        pages = _page_count(path)
        pngs = sorted(path.parent.glob(f"report-{lang}-*.png"))
        assert len(pngs) == pages
        assert all(p.stat().st_size > 5_000 for p in pngs)  # not blank pages
        keep = artifacts_dir / "reports"
        for old in keep.glob(f"report-{lang}-*.png"):
            old.unlink(missing_ok=True)
        for png in pngs:
            _publish(png, keep / png.name)


def test_letter_paper_is_letter_sized(tmp_path: Path, pdf_toolchain: None) -> None:
    from magcheck.reports.render import render_pdf

    path = tmp_path / "report-en-letter.pdf"
    path.write_bytes(render_pdf(make_assessment("en"), paper="Letter", prepared=date(2026, 11, 25)))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", _run("pdfinfo", str(path)))
    assert size is not None and (round(float(size.group(1))), round(float(size.group(2)))) == (612, 792)
