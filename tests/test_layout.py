"""Tests mirror `src/`: the test of `src/magcheck/foo/bar.py` is `tests/foo/test_bar.py`, so a reader finds
a module's tests (and a test's module) without searching.

A test file under `tests/<path>/` is named `test_<name>.py` or `test_<name>_<aspect>.py`, where `<name>` is
a module, a data file or a folder in `src/magcheck/<path>/` (`test_init.py` for a package's `__init__.py`):
`tests/service/test_assessment_fuzz.py` fuzzes `service/assessment.py`, and
`tests/knowledge/test_signs_content.py` reviews `knowledge/signs.toml`. Every folder of tests has its
folder in `src/magcheck/`, except the browser journeys (`e2e`) and the shared helpers (`support`). The
few tests that no single module fits are listed in TOPICS, each with the reason; the list only shrinks
(a listed file that is gone, or that now fits the rule, fails until its line is deleted). Paths only,
no imports: this runs in a few milliseconds.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SRC = ROOT / "src" / "magcheck"

# folders of tests that are not about one part of the package
OWN_FOLDERS = {"e2e", "support"}

# tests that no single module fits, and why (paths relative to tests/)
TOPICS = {
    # the rules of the whole tree
    "test_architecture.py": "the layers, read from every import under src/magcheck",
    "test_imports.py": "imports at the top of every module of src/magcheck",
    "test_layout.py": "this file: the tests' own layout",
    "test_no_language_literals.py": "no language picked by comparing its code, anywhere in src/magcheck",
    "test_docs.py": "docs/cli.md and docs/api.md against every command and route",
    # one answer followed through every interface: CLI, API, web page and report
    "test_gate_paths.py": "each supplement-gate reason on every output path",
    "test_insufficient_information.py": "'not enough to say' on every output path",
    "test_issue11_regressions.py": "issue 11's reported cases, each through the interface it was seen on",
    # a package's behaviour as a whole
    "reports/charts/test_charts.py": "every chart module: valid, accessible, CSP-safe SVG",
    "reports/charts/test_chart_labels.py": "every chart module: no line drawn through a label",
    "service/history/test_records.py": "add, list and remove across the history services (people, food log, "
    "supplements, check-ins): bad input writes nothing",
}


def _test_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if "__pycache__" not in p.parts)


def _folder(path: Path) -> str:
    """The first folder under tests/ ('' for a top-level test)."""
    parts = path.relative_to(TESTS).parts
    return parts[0] if len(parts) > 1 else ""


def _names_in(folder: Path) -> set[str]:
    """What a test may be named for: the modules, data files and folders in a source folder."""
    if not folder.is_dir():
        return set()
    names = {entry.name.split(".")[0] for entry in folder.iterdir() if entry.name != "__pycache__"}
    names.discard("")
    if "__init__" in names:
        names.add("init")
    return {name for name in names if not name.startswith("_")}


def _fits(test: Path) -> bool:
    stem = test.stem.removeprefix("test_")
    names = _names_in(SRC / test.parent.relative_to(TESTS))
    return any(stem == name or stem.startswith(f"{name}_") for name in names)


def test_every_test_is_named_for_a_module_of_its_source_folder() -> None:
    misplaced = [
        str(test.relative_to(TESTS))
        for test in _test_files()
        if _folder(test) not in OWN_FOLDERS and str(test.relative_to(TESTS)) not in TOPICS and not _fits(test)
    ]
    assert misplaced == [], (
        "name each test for the module it tests, in the folder mirroring src/magcheck "
        f"(tests/foo/test_bar.py tests src/magcheck/foo/bar.py): {misplaced}"
    )


def test_every_test_folder_has_its_source_folder() -> None:
    folders = {test.parent.relative_to(TESTS) for test in _test_files()}
    orphans = sorted(
        str(folder)
        for folder in folders
        if folder.parts and folder.parts[0] not in OWN_FOLDERS and not (SRC / folder).is_dir()
    )
    assert orphans == [], f"test folders with no folder of the same path under src/magcheck: {orphans}"


def test_topics_only_shrink() -> None:
    stale = sorted(name for name in TOPICS if not (TESTS / name).is_file() or _fits(TESTS / name))
    assert stale == [], f"gone, or now named for a module — delete these lines from TOPICS: {stale}"


def test_the_rule_sees_the_tree() -> None:
    """The checks above would pass vacuously on a wrong path; the tree they read is the real one."""
    assert (SRC / "core" / "models" / "outputs.py").is_file()
    assert len(_test_files()) > 100
    assert _fits(TESTS / "core" / "test_models_schema.py")
    assert not _fits(TESTS / "core" / "test_no_such_module.py")
