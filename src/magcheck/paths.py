"""Where magcheck keeps the user's files: one place, overridable for tests and servers."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The user data directory (`MAGCHECK_DATA_DIR` wins), created on first use."""
    override = os.environ.get("MAGCHECK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("magcheck", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


PACKAGE_DIR = Path(__file__).resolve().parent
KNOWLEDGE_DIR = PACKAGE_DIR / "knowledge"
LOCALES_DIR = PACKAGE_DIR / "locales"
