"""A persisted cache of values built from files: parsed and checked once, reused while they are unchanged.

Reading the reviewed tables (the knowledge base, the curated foods and portions, the message catalogues)
means parsing TOML and CSV in pure Python and validating thousands of rows: ≈ 150 ms of every
`magcheck assess` run for a result that only changes when a file does. `cached(name, sources, build)`
keeps `build()`'s value in the user's cache folder under a key made of

- the *content* of every source file (not its modification time: a checkout or reinstall that changes
  times but not bytes keeps the cache, an edit that keeps the size does not), and
- a fingerprint of magcheck's own code (path, size and modification time of each ``.py`` file), so a
  changed parser or model never meets a value pickled by the old one.

Any mismatch, a missing or unreadable entry, or a folder others could write to means `build()` runs
as it would without a cache (its errors propagate unchanged and nothing is stored). The folder is
``$MAGCHECK_CACHE_DIR`` if set (empty: no cache), else the platform's user cache folder + ``magcheck``;
it is created 0700 and entries are written 0600 and atomically, so a concurrent run never reads half a
file. Values are pickled: only a folder owned by the user and writable by no one else is ever read, as
for the user's own ``.pyc`` files. Each entry also carries its own key, so a file renamed or copied under
another entry's name (a "foreign" entry) is rebuilt rather than believed.

`cached_for(name, token, build)` is the same store for values whose sources are not files of the package
but something that says itself when it changed (the food store's generation counter): the key is the
code fingerprint plus that token.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")

FORMAT = 2  # bump when the entry layout below changes
KEEP = 3  # entries kept per name (several checkouts of different versions may share one cache folder)
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is switched off (``MAGCHECK_CACHE_DIR=``)."""
    override = os.environ.get("MAGCHECK_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    if sys.platform == "linux":  # what platformdirs answers on Linux, without its ≈ 5 ms import
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "magcheck"
    # lazy: reached only off Linux; keeps platformdirs (≈ 2–5 ms) out of every run's start-up
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("magcheck", appauthor=False))


def _python_files(folder: str) -> Iterable[tuple[str, os.stat_result]]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                yield from _python_files(entry.path)
            elif entry.name.endswith(".py"):
                yield entry.path, entry.stat()


@cache
def code_fingerprint() -> bytes:
    """Path, size and mtime of every ``.py`` file of the package (≈ 0.5 ms; hashing the content is ≈ 5×)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}|{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for path, info in sorted(_python_files(str(PACKAGE_DIR))):
        digest.update(f"{path}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return digest.digest()


def key_of(name: str, sources: Iterable[Path]) -> str:
    """The hex key of `name` built from `sources` (content) by the current code."""
    digest = hashlib.blake2b(code_fingerprint(), digest_size=16)
    digest.update(name.encode())
    for path in sources:
        data = path.read_bytes()
        digest.update(f"\0{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def data_files(folder: Path) -> list[Path]:
    """Every data file under `folder` (not Python code, not caches), sorted: the sources of a value
    built from a whole folder of reviewed files."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    )


def _private(folder: Path) -> bool:
    """True when `folder` exists (created 0700 if needed), is ours and nobody else can write to it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _load(path: Path, key: str) -> tuple[bool, object]:
    collecting = gc.isenabled()
    # unpickling builds many containers at once, each a reason for the collector to walk them all: a
    # third of the time of reading the food search index (≈ 2 MB of dicts); none of them are garbage
    gc.disable()
    try:
        with path.open("rb") as fh:
            entry = pickle.load(fh)
    except FileNotFoundError:
        return False, None
    # A truncated file, or a class that moved since the entry was written: rebuild as if absent.
    except Exception:  # unpickling can fail with almost any exception type
        return False, None
    finally:
        if collecting:
            gc.enable()
    if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key):
        return False, None  # another entry's file (or another program's) under this name
    return True, entry[1]


def _store(folder: Path, name: str, key: str, path: Path, value: object) -> None:
    """Write `value` atomically (0600 temp file renamed into place); drop the oldest entries of `name`."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        mine = folder.glob(f"{name}-{'?' * len(path.stem.rpartition('-')[2])}.pickle")
        old = sorted(mine, key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return  # a read-only or full disk (or an unpicklable value) only costs later runs the build


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """`build()`'s value, reused from the cache while `sources` and the code are unchanged.

    `name` identifies the value (one file per name and key: ``<name>-<key>.pickle``); `sources` are
    every file `build` reads — a file it reads but that is not listed would not invalidate the entry.
    A missing source is left to `build` to report, exactly as without the cache.
    """
    if cache_dir() is None:
        return build()
    try:
        key = key_of(name, sources)
    except OSError:
        return build()
    return _through(name, key, build, lambda value: True)


def cached_for(
    name: str, token: str, build: Callable[[], T], accept: Callable[[object], bool] = lambda value: True
) -> T:
    """`build()`'s value, reused while `token` (which the caller changes whenever the value would) and
    the code are unchanged; a stored value that `accept` refuses is rebuilt (and replaced)."""
    digest = hashlib.blake2b(code_fingerprint(), digest_size=16)
    digest.update(f"{name}\0{token}".encode())
    return _through(name, digest.hexdigest(), build, accept)


def _through(name: str, key: str, build: Callable[[], T], accept: Callable[[object], bool]) -> T:
    """The entry `name`/`key` if the private cache folder holds a sound one, else `build()` (stored)."""
    folder = cache_dir()
    if folder is None or not _private(folder):
        return build()
    path = folder / f"{name}-{key}.pickle"
    found, value = _load(path, key)
    if found and accept(value):
        return cast(T, value)  # stored by this module under this key
    result = build()
    _store(folder, name, key, path, result)
    return result
