"""The persisted search index: the same answers as an index built in memory, rebuilt exactly when the
store's generation (or magcheck's code) changes, never believed when damaged or foreign, and private."""

from __future__ import annotations

import shutil
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcheck.foods import store as store_module
from magcheck.foods.search import SearchHit, SearchIndex, words
from magcheck.foods.store import INDEX_CACHE, FoodStore
from magcheck.knowledge import cache

QUALITY = Path(__file__).with_name("search_quality.toml")


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MAGCHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The generations for which a store built its index from the rows (not read from the cache)."""
    seen: list[str] = []
    real = FoodStore._build_index

    def counted(self: FoodStore) -> SearchIndex:
        seen.append(self.generation)
        return real(self)

    monkeypatch.setattr(FoodStore, "_build_index", counted)
    return seen


def _answers(hits: list[SearchHit]) -> list[tuple[object, float, bool]]:
    return [(hit.food, hit.score, hit.complete) for hit in hits]


def _in_memory(store: FoodStore, query: str, limit: int) -> list[tuple[object, float, bool]]:
    """The reference: an index built now over every food, as every search did before it was persisted."""
    return _answers(SearchIndex(list(store.foods.values())).search(query, limit))


def _small_import(sr28_dir: Path, folder: Path, lines: int) -> Path:
    folder.mkdir()
    rows = (sr28_dir / "ABBREV.txt").read_bytes().split(b"\r\n")[:lines]
    (folder / "ABBREV.txt").write_bytes(b"\r\n".join(rows) + b"\r\n")
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{INDEX_CACHE}-*.pickle"))


def test_a_new_process_reads_the_index_from_disk_and_answers_the_same(
    cache_folder: Path, builds: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "foods.sqlite3"
    first = FoodStore(path)
    expected = _answers(first.search("spinach", 10))
    assert len(builds) == 1 and len(_entries(cache_folder)) == 1
    again = FoodStore(path)  # as the next `magcheck foods search` would open it
    assert _answers(again.search("spinach", 10)) == expected
    assert again._foods is None  # only the hits' rows were read
    assert _answers(again.search("菠菜", 5)) == _in_memory(again, "菠菜", 5)
    assert len(builds) == 1


def test_index_folder_and_file_are_private(cache_folder: Path, tmp_path: Path) -> None:
    FoodStore(tmp_path / "foods.sqlite3").search("rice", 1)
    assert stat.S_IMODE(cache_folder.stat().st_mode) == 0o700
    (entry,) = _entries(cache_folder)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_each_kind_of_change_rebuilds_it_and_nothing_else_does(
    cache_folder: Path,
    builds: list[str],
    tmp_path: Path,
    sr28_dir: Path,
    tfda_csv: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "foods.sqlite3"

    def search_in_a_new_process() -> list[tuple[object, float, bool]]:
        store = FoodStore(path)
        return _answers(store.search("cheese", 10))

    search_in_a_new_process()
    search_in_a_new_process()
    assert len(builds) == 1  # opened twice, unchanged: built once

    FoodStore(path).import_path(_small_import(sr28_dir, tmp_path / "a", 25))  # a USDA import
    assert search_in_a_new_process() == _in_memory(FoodStore(path), "cheese", 10)
    search_in_a_new_process()
    assert len(builds) == 2

    FoodStore(path).import_path(tfda_csv)  # a Taiwan FDA import
    search_in_a_new_process()
    assert len(builds) == 3

    # the curated tables (or a dish file) changed with an upgrade: the merged view is rebuilt
    monkeypatch.setattr(store_module, "_curated_fingerprint", lambda: "another curated table")
    assert search_in_a_new_process() == _in_memory(FoodStore(path), "cheese", 10)
    search_in_a_new_process()
    assert len(builds) == 4

    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another version of magcheck")
    search_in_a_new_process()
    search_in_a_new_process()
    assert len(builds) == 5
    assert len(set(builds)) == 4  # the same generation, built again only for the new code


def test_every_write_of_the_foods_bumps_the_generation_in_its_transaction(
    tmp_path: Path, sr28_dir: Path
) -> None:
    store = FoodStore(tmp_path / "foods.sqlite3")
    first = store.meta()
    assert first["generation"] == "1" and len(first["store_id"]) == 16
    store.import_path(_small_import(sr28_dir, tmp_path / "a", 25))
    assert store.meta()["generation"] == "2" and store.meta()["store_id"] == first["store_id"]
    assert store.generation == f"{first['store_id']}:2"
    with pytest.raises(Exception):  # noqa: B017 - any failure: the import is rolled back
        store.import_path(tmp_path / "missing")
    assert store.meta()["generation"] == "2"
    other = FoodStore(tmp_path / "other.sqlite3")
    assert other.meta()["store_id"] != first["store_id"]  # same count, another store: another index


def test_a_corrupt_index_file_is_rebuilt(cache_folder: Path, builds: list[str], tmp_path: Path) -> None:
    path = tmp_path / "foods.sqlite3"
    expected = _answers(FoodStore(path).search("almonds", 10))
    (entry,) = _entries(cache_folder)
    entry.write_bytes(entry.read_bytes()[:1000])  # cut short, as by a full disk
    assert _answers(FoodStore(path).search("almonds", 10)) == expected
    entry.write_bytes(b"not a pickle at all")
    assert _answers(FoodStore(path).search("almonds", 10)) == expected
    assert len(builds) == 3


def test_a_foreign_index_file_is_never_believed(
    cache_folder: Path, builds: list[str], tmp_path: Path, sr28_dir: Path
) -> None:
    one, two = FoodStore(tmp_path / "one.sqlite3"), FoodStore(tmp_path / "two.sqlite3")
    two.import_path(_small_import(sr28_dir, tmp_path / "a", 40))  # other foods than store one
    one.search("cheese", 5)
    (entry_one,) = _entries(cache_folder)
    FoodStore(two.path).search("cheese", 5)
    (entry_two,) = (e for e in _entries(cache_folder) if e != entry_one)
    shutil.copyfile(entry_one, entry_two)  # store one's index under store two's name
    assert _answers(FoodStore(two.path).search("cheese", 5)) == _in_memory(two, "cheese", 5)
    assert len(builds) == 3


def test_a_store_changed_by_another_process_is_followed(
    cache_folder: Path, tmp_path: Path, sr28_dir: Path
) -> None:
    path = tmp_path / "foods.sqlite3"
    FoodStore(path).search("rice", 1)  # persists the index of generation 1
    mine = FoodStore(path)
    before = _answers(mine.search("butter", 5))  # that index read from disk, and the rows of its hits
    assert mine._foods is None
    FoodStore(path).import_path(_small_import(sr28_dir, tmp_path / "a", 40))  # another process imports
    fresh = FoodStore(path)
    assert _answers(mine.search("butter", 5)) == before  # what it read stays one consistent snapshot …
    assert _answers(mine.search("cheese", 5)) == _answers(fresh.search("cheese", 5))  # … until it reads
    assert mine.generation == fresh.generation
    assert _answers(mine.search("butter", 5)) == _answers(fresh.search("butter", 5))
    assert mine.get("01001").mg == fresh.get("01001").mg


def test_without_a_cache_folder_search_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[str]
) -> None:
    monkeypatch.setenv("MAGCHECK_CACHE_DIR", "")
    path = tmp_path / "foods.sqlite3"
    assert FoodStore(path).search("milk", 3)
    assert FoodStore(path).search("milk", 3)
    assert len(builds) == 2


# ---------------------------------------------------------------- the same answers, for any query


@pytest.fixture(scope="module")
def persisted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FoodStore, FoodStore]]:
    """(a store answering from the persisted index, the same store answering from an in-memory one)."""
    folder = tmp_path_factory.mktemp("index-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MAGCHECK_CACHE_DIR", str(folder))
        path = tmp_path_factory.mktemp("store") / "foods.sqlite3"
        FoodStore(path).search("rice", 1)  # writes the index
        from_disk = FoodStore(path)
        from_disk.index  # noqa: B018 - read it now, while the cache folder is set
        assert from_disk._foods is None
        in_memory = FoodStore(path)
        in_memory._index = SearchIndex(list(in_memory.foods.values()))
        yield from_disk, in_memory


def _vocabulary(store: FoodStore) -> tuple[list[str], list[str]]:
    english: set[str] = set()
    chinese: set[str] = set()
    for food in store.foods.values():
        english.update(words(" ".join([food.name_en, *food.aliases_en, *food.pinyin])))
        chinese.update(n for n in (food.name_zh, *food.aliases_zh) if n)
    return sorted(english), sorted(chinese)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_persisted_and_in_memory_indexes_give_the_same_hits(
    persisted: tuple[FoodStore, FoodStore], data: st.DataObject
) -> None:
    from_disk, in_memory = persisted
    english, chinese = _vocabulary(in_memory)
    word = st.sampled_from(english)
    typo = word.flatmap(lambda w: st.integers(0, max(0, len(w) - 1)).map(lambda i: w[:i] + w[i + 1 :]))
    cut = st.tuples(st.integers(0, 6), st.integers(1, 8))
    part = st.tuples(st.sampled_from(chinese), cut).map(lambda nc: nc[0][nc[1][0] : nc[1][1]])
    query = data.draw(
        st.one_of(
            st.lists(st.one_of(word, typo), min_size=1, max_size=3).map(" ".join),
            part,
            st.tuples(part, word).map(" ".join),
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz 菠菜豆腐米饭鸡蛋牛奶", min_size=1, max_size=12),
        ).filter(lambda q: q.strip())
    )
    limit = data.draw(st.integers(1, 20))
    assert _answers(from_disk.search(query, limit)) == _answers(in_memory.search(query, limit))


def test_the_full_store_answers_the_quality_set_the_same_from_disk(
    full_store: FoodStore, cache_folder: Path
) -> None:
    with QUALITY.open("rb") as fh:
        queries = [str(q["q"]) for q in tomllib.load(fh)["query"]]
    FoodStore(full_store.path).search("rice", 1)  # persists the full store's index
    from_disk = FoodStore(full_store.path)
    reference = SearchIndex(list(full_store.foods.values()))
    for query in queries:
        assert _answers(from_disk.search(query, 10)) == _answers(reference.search(query, 10)), query
    assert from_disk._foods is None
