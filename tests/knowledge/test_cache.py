"""The persisted cache: a value is rebuilt whenever a source's content or the code changes, never
read from a folder others can write to, and a failing build stores nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from magcheck.knowledge import cache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("MAGCHECK_CACHE_DIR", str(path))
    return path


class Builder:
    """Counts its calls and returns what the source file says (as a real table reader would)."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.calls = 0

    def __call__(self) -> dict[str, str]:
        self.calls += 1
        return {"text": self.source.read_text(encoding="utf-8")}


def test_second_call_reads_the_stored_value_instead_of_building(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "table.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    build = Builder(source)
    first = cache.cached("table", [source], build)
    second = cache.cached("table", [source], build)
    assert first == second == {"text": "a,b\n1,2\n"}
    assert build.calls == 1
    assert len(list(folder.glob("table-*.pickle"))) == 1


def test_a_changed_source_is_rebuilt_even_with_the_same_size_and_time(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "table.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    build = Builder(source)
    cache.cached("table", [source], build)
    info = source.stat()
    source.write_text("a,b\n1,3\n", encoding="utf-8")  # same size …
    os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns))  # … and the same modification time
    assert cache.cached("table", [source], build) == {"text": "a,b\n1,3\n"}
    assert build.calls == 2


def test_changed_code_gives_another_key(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "table.csv"
    source.write_text("x", encoding="utf-8")
    before = cache.key_of("table", [source])
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another version of the code")
    assert cache.key_of("table", [source]) != before


def test_the_code_fingerprint_follows_every_python_file_of_the_package() -> None:
    files = [path for path, _ in cache._python_files(str(cache.PACKAGE_DIR))]
    assert str(Path(cache.__file__).resolve()) in files
    assert str(cache.PACKAGE_DIR / "cli" / "__init__.py") in files
    assert not any("__pycache__" in path for path in files)


def test_a_failing_build_raises_as_without_cache_and_stores_nothing(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "table.csv"
    source.write_text("bad", encoding="utf-8")

    def build() -> None:
        raise ValueError("line 1: bad row")

    with pytest.raises(ValueError, match="line 1: bad row"):
        cache.cached("table", [source], build)
    assert list(folder.glob("*.pickle")) == []


def test_a_missing_source_is_left_to_the_build_to_report(folder: Path, tmp_path: Path) -> None:
    def build() -> None:
        raise FileNotFoundError("the build's own message")

    with pytest.raises(FileNotFoundError, match="the build's own message"):
        cache.cached("table", [tmp_path / "missing.csv"], build)


def test_a_corrupt_entry_is_rebuilt_and_replaced(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "table.csv"
    source.write_text("x", encoding="utf-8")
    build = Builder(source)
    cache.cached("table", [source], build)
    (entry,) = folder.glob("table-*.pickle")
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert cache.cached("table", [source], build) == {"text": "x"}
    assert cache.cached("table", [source], build) == {"text": "x"}
    assert build.calls == 2


def test_folder_and_entries_are_private(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "table.csv"
    source.write_text("x", encoding="utf-8")
    cache.cached("table", [source], Builder(source))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (entry,) = folder.glob("table-*.pickle")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_a_folder_others_can_write_to_is_never_read(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "table.csv"
    source.write_text("x", encoding="utf-8")
    build = Builder(source)
    cache.cached("table", [source], build)
    folder.chmod(0o777)
    cache.cached("table", [source], build)
    cache.cached("table", [source], build)
    assert build.calls == 3


def test_an_empty_setting_switches_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGCHECK_CACHE_DIR", "")
    source = tmp_path / "table.csv"
    source.write_text("x", encoding="utf-8")
    build = Builder(source)
    cache.cached("table", [source], build)
    cache.cached("table", [source], build)
    assert build.calls == 2
    assert cache.cache_dir() is None


def test_default_folder_is_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MAGCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    from platformdirs import user_cache_dir

    assert cache.cache_dir() == Path(user_cache_dir("magcheck", appauthor=False))


def test_only_the_newest_entries_of_a_name_are_kept(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "table.csv"
    for version in range(cache.KEEP + 2):
        source.write_text(f"version {version}", encoding="utf-8")
        cache.cached("table", [source], Builder(source))
        for entry in folder.glob("table-*.pickle"):  # make "newest" unambiguous on coarse clocks
            os.utime(entry, ns=(0, entry.stat().st_mtime_ns - 10**9))
    other = tmp_path / "other.csv"
    other.write_text("y", encoding="utf-8")
    cache.cached("table-two", [other], Builder(other))
    assert len(list(folder.glob("table-" + "?" * 32 + ".pickle"))) == cache.KEEP
    assert len(list(folder.glob("table-two-*.pickle"))) == 1


def test_data_files_lists_the_data_not_the_code(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "__pycache__").mkdir()
    for name in ("a.toml", "sub/b.csv", "VERSION", "loader.py", "__pycache__/x.pyc"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert cache.data_files(tmp_path) == [
        tmp_path / "VERSION",
        tmp_path / "a.toml",
        tmp_path / "sub" / "b.csv",
    ]


def test_an_entry_under_another_keys_name_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("one", encoding="utf-8")
    two.write_text("two", encoding="utf-8")
    cache.cached("table", [one], Builder(one))
    cache.cached("table", [two], Builder(two))
    entry_one = folder / f"table-{cache.key_of('table', [one])}.pickle"
    entry_two = folder / f"table-{cache.key_of('table', [two])}.pickle"
    entry_two.write_bytes(entry_one.read_bytes())  # a foreign entry: well-formed, but another key's value
    build = Builder(two)
    assert cache.cached("table", [two], build) == {"text": "two"}
    assert build.calls == 1


def test_cached_for_follows_its_token_and_the_code(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def build(token: str) -> str:
        calls.append(token)
        return f"value of {token}"

    assert cache.cached_for("index", "g1", lambda: build("g1")) == "value of g1"
    assert cache.cached_for("index", "g1", lambda: build("g1")) == "value of g1"
    assert cache.cached_for("index", "g2", lambda: build("g2")) == "value of g2"
    assert calls == ["g1", "g2"]
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another version of the code")
    assert cache.cached_for("index", "g2", lambda: build("g2")) == "value of g2"
    assert calls == ["g1", "g2", "g2"]


def test_cached_for_rebuilds_a_value_its_caller_refuses(folder: Path) -> None:
    cache.cached_for("index", "g1", lambda: "a string")
    value = cache.cached_for("index", "g1", lambda: 42, accept=lambda v: isinstance(v, int))
    assert value == 42
    assert cache.cached_for("index", "g1", lambda: 0, accept=lambda v: isinstance(v, int)) == 42
