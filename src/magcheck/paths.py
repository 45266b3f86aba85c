"""Where magcheck keeps the user's files: one place, overridable for tests and servers."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from magcheck.private_files import private_dir


def data_dir() -> Path:
    """The user data directory (`MAGCHECK_DATA_DIR` wins), created on first use, private (0700)."""
    override = os.environ.get("MAGCHECK_DATA_DIR")
    path = Path(override) if override else Path(user_data_dir("magcheck", appauthor=False))
    return private_dir(path)


PACKAGE_DIR = Path(__file__).resolve().parent
