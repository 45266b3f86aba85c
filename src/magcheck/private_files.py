"""Files that hold a health record are the person's alone, and output goes exactly where it was asked.

- The data folder is 0700 and every file magcheck writes there or on request (history database and its
  ``-wal``/``-shm`` journal, food store, exports, reports, the web key) is 0600. A folder or file found
  with wider modes (made by an older version, or by a umask of 022) is tightened, and the person is
  told once, in their language, on standard error.
- An output path is written *through* when it is not a regular file: a device (``/dev/null``), a FIFO,
  a symlink (``/dev/stdout``). Renaming a temporary file over such a path would replace the device
  node or the link (as root: break /dev/null for the whole machine). ``-`` means standard output.
  A regular file (or a new one) is written atomically: a 0600 temporary file beside it, fsynced, then
  renamed, so an interrupted run never leaves half an export under the requested name.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from magcheck.i18n import Say, default_lang

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
STDOUT = "-"

_told: set[str] = set()


def _tell(path: Path, old_mode: int, new_mode: int) -> None:
    """One line on stderr per path and process: the fix is made once, so the person hears it once."""
    key = str(path)
    if key in _told:
        return
    _told.add(key)
    say = Say(default_lang())
    message = say("security.files.tightened", path=key, old=f"{old_mode:o}", new=f"{new_mode:o}")
    print(message, file=sys.stderr)


def _tighten(path: Path, mode: int) -> None:
    """Drop every permission bit beyond `mode` (never adds any); tell the person when bits were removed."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if current & ~mode:
        os.chmod(path, current & mode)
        _tell(path, current, current & mode)


def private_dir(path: Path) -> Path:
    """Create `path` (and its parents) and make it 0700; an existing wider folder is tightened."""
    try:
        info = os.stat(path)
    except OSError:
        info = None
    # already a folder and no wider than 0700: the usual case (every web request asks), one system call
    if info is not None and stat.S_ISDIR(info.st_mode) and not stat.S_IMODE(info.st_mode) & ~PRIVATE_DIR_MODE:
        return path
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    _tighten(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure `path` exists as a 0600 file (created empty if missing), before a program such as
    SQLite opens it: SQLite gives its journal files the database file's mode."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        _tighten(path, PRIVATE_FILE_MODE)
    else:
        os.close(fd)
    return path


def tighten_files(*paths: Path) -> None:
    """0600 for each of `paths` that exists (e.g. a database's ``-wal`` and ``-shm``)."""
    for path in paths:
        if path.exists() and path.is_file():
            _tighten(path, PRIVATE_FILE_MODE)


def is_stdout(target: str | Path) -> bool:
    return str(target) == STDOUT


def writes_through(target: Path) -> bool:
    """True when `target` is, or links to, something other than a regular file (a device, a FIFO, a
    socket): it must be opened and written, never replaced."""
    try:
        info = target.stat()  # follows links: /dev/stdout → /proc/self/fd/1 → a terminal or a pipe
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(info.st_mode)


def write_output(target: str | Path, data: bytes) -> None:
    """Write `data` to `target`: ``-`` is standard output, a device or FIFO (or a link to one) is
    written through, a regular or new file is replaced atomically with mode 0600 — through a symlink,
    the file it points to is replaced and the link stays."""
    if is_stdout(target):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    if writes_through(path):
        # opened as it is: no rename, so the device node, the FIFO and any link stay what they are
        with open(path, "wb", buffering=0) as fh:
            fh.write(data)
        return
    _atomic_write(path.resolve() if path.is_symlink() else path, data)


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:  # mkstemp makes it 0600
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
