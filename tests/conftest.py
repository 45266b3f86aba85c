"""Suite-wide fixtures: an isolated data dir, an empty history database per test (`db`), the packaged
knowledge base, and ../shared/data (a failure under CI if absent). The SQLite/PostgreSQL database fixtures
(tests/support/databases.py), the practice-mode fixture and the report fixtures (`lang`, `pdf_toolchain`)
are bound here for every folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_accounts import accounts  # noqa: F401  (four accounts for the CLI's --as)
from databases import backend, db_url, pg_server_url, sqlite_url  # noqa: F401  (fixtures, bound suite-wide)
from practice_accounts import practice  # noqa: F401  (the practice-mode fixture)
from report_fixtures import lang, pdf_toolchain  # noqa: F401  (both languages; the PDF tools or a skip)

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.knowledge.loader import load_knowledge
from magcheck.storage.engine import close_stores

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ARTIFACTS = REPO / "test-artifacts"

# Starlette's TestClient (and schemathesis' ASGI client) send `Host: testserver`; the server answers only
# loopback names and the ones listed here (set at import: some test modules build the app at import time)
os.environ["MAGCHECK_ALLOWED_HOSTS"] = "testserver"


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Never touch the developer's real data: every test session gets its own MAGCHECK_DATA_DIR (and its
    own cache folder, so parsed tables are built by the code under test, not read from a past run)."""
    path = tmp_path_factory.mktemp("magcheck-data")
    os.environ["MAGCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("magcheck-cache"))
    old = os.environ.get("MAGCHECK_DATA_DIR")
    os.environ["MAGCHECK_DATA_DIR"] = str(path)
    os.environ.setdefault("MAGCHECK_LANG", "en")
    yield path
    if old is None:
        os.environ.pop("MAGCHECK_DATA_DIR", None)
    else:
        os.environ["MAGCHECK_DATA_DIR"] = old


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty SQLite history database of the test's own, made the default for the test."""
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("MAGCHECK_DATABASE_URL", url)
    close_stores()
    yield url
    close_stores()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The packaged knowledge base (validated once per process)."""
    return load_knowledge()


@pytest.fixture(scope="session")
def sr28_dir() -> Path:
    """The shared USDA SR28 files. Under CI=true a missing copy fails the test instead of skipping it."""
    path = SHARED / "data" / "usda_sr28"
    if not (path / "ABBREV.txt").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the shared SR28 data is missing at {path}")
        pytest.skip(f"shared SR28 data not found at {path}")
    return path


@pytest.fixture(scope="session")
def tfda_csv() -> Path:
    """The shared Taiwan FDA table. Under CI=true a missing copy fails the test instead of skipping it."""
    path = SHARED / "data" / "tfda_2024" / "TFND_2024_UPDATE2.csv"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the shared TFDA data is missing at {path}")
        pytest.skip(f"shared TFDA data not found at {path}")
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
