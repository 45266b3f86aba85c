"""Report fixtures (bound suite-wide by tests/conftest.py): `lang` runs a test in both languages; the
sample assessments live in `report_samples`.

PDF tests ask for `pdf_toolchain`: without WeasyPrint's system libraries or poppler they are skipped on a
developer machine, and fail under CI=true, where the issue requires them to run.
"""

from __future__ import annotations

import os
import shutil

import pytest

from magcheck.i18n import Lang

PDF_TOOLS = ("pdftotext", "pdftoppm", "pdffonts", "pdfinfo", "fc-match")


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest) -> Lang:
    chosen: Lang = request.param
    return chosen


@pytest.fixture(scope="session")
def pdf_toolchain() -> None:
    missing = [tool for tool in PDF_TOOLS if shutil.which(tool) is None]
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:  # Pango/GObject missing
        missing.append(f"weasyprint system libraries ({exc})")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PDF tools are missing: {missing}")
        pytest.skip(f"PDF tools missing: {missing}")
