"""Read food-composition files into memory: USDA (SR28 ASCII or FoodData Central "SR Legacy" CSV) or
the Taiwan FDA table (TFND CSV, read by `magcheck.foods.tfda`).

Everything is parsed and checked before the store is touched, so a malformed file can never leave a
half-written store: the first bad line raises `DataFileError` naming the file and the line. A missing
magnesium value stays `None` (USDA leaves it blank when it was not measured; it is not zero).
"""

from __future__ import annotations

from pathlib import Path

from magcheck.foods import tfda
from magcheck.foods.import_data import ImportedData
from magcheck.foods.import_rows import Progress, import_problem
from magcheck.foods.import_source import ImportSource
from magcheck.foods.import_usda import read_fdc, read_sr28


def read_path(path: Path, progress: Progress | None = None) -> ImportedData:
    """Parse every usable file under `path` (a folder, a zip, or the TFDA CSV itself) or raise
    `DataFileError`. USDA files win when a folder holds both kinds: one import reads one table."""

    if path.is_file() and path.suffix.lower() == ".csv":
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise import_problem(path.name, None, "unreadable", reason=str(exc)) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise import_problem(path.name, raw.count(b"\n", 0, exc.start) + 1, "encoding") from None
        if not text.strip():
            raise import_problem(path.name, None, "empty_file")
        if not tfda.looks_like_tfda(text[:4096]):
            raise import_problem(path.name, None, "no_files")
        return ImportedData(kind="tfda", files=[path.name], tfda=tfda.read_csv(text, path.name, progress))
    source = ImportSource(path)
    try:
        if source.has("abbrev.txt") or source.has("food_des.txt"):
            return read_sr28(source, progress)
        if source.has("food.csv"):
            return read_fdc(source, progress)
        for name in sorted(source.members):
            if name.endswith(".csv") and tfda.looks_like_tfda(source.head(name)):
                display = source.display(name)
                foods = tfda.read_csv(source.text(name), display, progress)
                return ImportedData(kind="tfda", files=[display], tfda=foods)
        raise import_problem(path.name, None, "no_files")
    finally:
        source.close()
