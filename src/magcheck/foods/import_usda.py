"""The USDA readers: SR28 ASCII files (`^`-separated, `~`-quoted) and FoodData Central "SR Legacy" CSVs.

Everything is parsed and checked before the store is touched: the first bad line raises
`DataFileError` naming the file and the line. A missing magnesium value stays `None` (USDA leaves it
blank when it was not measured; it is not zero).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from magcheck.foods.import_data import ImportedData, ImportedFood, ImportedPortion
from magcheck.foods.import_rows import (
    MAX_KCAL_PER_100G,
    MAX_MG_PER_100G,
    PROGRESS_EVERY,
    Progress,
    body_rows,
    import_problem,
    read_number,
)
from magcheck.foods.import_source import ImportSource

_NDB = re.compile(r"^\d{5}$")
_GROUP_CODE = re.compile(r"^\d{4}$")
MAX_PORTION_G = 100_000.0

# USDA SR28 ASCII files: expected field counts (sr28_doc.pdf, tables 3-16)
_SR_FIELDS = {"abbrev.txt": 53, "food_des.txt": 14, "weight.txt": 7, "fd_group.txt": 2, "nut_data.txt": 18}
_SR_MAGNESIUM = "304"
_SR_ENERGY = "208"
# FoodData Central nutrient ids (nutrient.csv: id 1090 = nutrient_nbr 304, id 1008 = nutrient_nbr 208)
_FDC_MAGNESIUM = 1090
_FDC_ENERGY = 1008


# ------------------------------------------------------------------ SR28 ASCII


def _caret_rows(
    source: ImportSource, name: str, progress: Progress | None
) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) of a `^`-separated, `~`-quoted USDA file, checking the field count."""
    display = source.display(name)
    expected = _SR_FIELDS["nut_data.txt" if name.startswith("nut_data") else name]
    lines = source.text(name).splitlines()
    total = len(lines)
    for number, line in enumerate(lines, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(display, number, total)
        if not line.strip():
            continue
        parts = line.split("^")
        if len(parts) != expected:
            raise import_problem(display, number, "field_count", expected=expected, got=len(parts))
        yield number, [p[1:-1] if len(p) >= 2 and p[0] == "~" and p[-1] == "~" else p for p in parts]
    if progress is not None:
        progress(display, total, total)


def _ndb(value: str, display: str, line: int) -> str:
    if not _NDB.match(value):
        raise import_problem(display, line, "bad_ndb", value=value[:20])
    return value


def _humanise(short: str) -> str:
    """ABBREV's upper-case short description as a readable name (only for foods FOOD_DES lacks)."""
    text = ", ".join(part.strip() for part in short.split(",") if part.strip()).lower()
    return text[:1].upper() + text[1:]


def read_sr28(source: ImportSource, progress: Progress | None) -> ImportedData:
    data = ImportedData(kind="sr28", files=[])
    if source.has("fd_group.txt"):
        display = source.display("fd_group.txt")
        data.files.append(display)
        for line, f in _caret_rows(source, "fd_group.txt", progress):
            if not _GROUP_CODE.match(f[0]):
                raise import_problem(display, line, "bad_group", value=f[0][:20])
            data.groups[f[0]] = f[1].strip()
    abbrev: dict[str, tuple[str, float | None, float | None]] = {}
    if source.has("abbrev.txt"):
        display = source.display("abbrev.txt")
        data.files.append(display)
        for line, f in _caret_rows(source, "abbrev.txt", progress):
            ndb = _ndb(f[0], display, line)
            if ndb in abbrev:
                raise import_problem(display, line, "duplicate", ndb=ndb)
            kcal = read_number(f[3], display, line, "Energ_Kcal", MAX_KCAL_PER_100G)
            mg = read_number(f[12], display, line, "Magnesium_(mg)", MAX_MG_PER_100G)
            abbrev[ndb] = (f[1].strip(), mg, kcal)
    if source.has("food_des.txt"):
        display = source.display("food_des.txt")
        data.files.append(display)
        for line, f in _caret_rows(source, "food_des.txt", progress):
            ndb = _ndb(f[0], display, line)
            if ndb in data.foods:
                raise import_problem(display, line, "duplicate", ndb=ndb)
            group = f[1].strip() or None
            if group is not None and not _GROUP_CODE.match(group):
                raise import_problem(display, line, "bad_group", value=group[:20])
            if data.groups and group is not None and group not in data.groups:
                raise import_problem(display, line, "unknown_group", value=group)
            name = f[2].strip()
            if not name:
                raise import_problem(display, line, "empty_name")
            row = abbrev.get(ndb)
            data.foods[ndb] = ImportedFood(
                ndb=ndb,
                name=name,
                short_name=f[3].strip() or None,
                usda_group=group,
                mg=row[1] if row else None,
                kcal=row[2] if row else None,
                manufacturer=f[5].strip() or None,
            )
    for ndb, (short, mg, kcal) in abbrev.items():
        if ndb not in data.foods:  # e.g. 33879: in ABBREV, missing from FOOD_DES (a quirk of SR28)
            data.foods[ndb] = ImportedFood(ndb, _humanise(short), short or None, None, mg, kcal)
    nut_name = next(
        (n for n in sorted(source.members) if n.startswith("nut_data") and n.endswith(".txt")), None
    )
    if nut_name is not None:
        display = source.display(nut_name)
        data.files.append(display)
        for line, f in _caret_rows(source, nut_name, progress):
            if f[1] not in (_SR_MAGNESIUM, _SR_ENERGY):
                continue
            ndb = _ndb(f[0], display, line)
            food = data.foods.get(ndb)
            if food is None:
                raise import_problem(display, line, "unknown_food", ndb=ndb)
            if f[1] == _SR_MAGNESIUM:
                value = read_number(f[2], display, line, "Nutr_Val", MAX_MG_PER_100G)
                if food.mg is None and ndb not in abbrev:
                    food.mg = value
            else:
                value = read_number(f[2], display, line, "Nutr_Val", MAX_KCAL_PER_100G)
                if food.kcal is None and ndb not in abbrev:
                    food.kcal = value
    if source.has("weight.txt"):
        display = source.display("weight.txt")
        data.files.append(display)
        for line, f in _caret_rows(source, "weight.txt", progress):
            ndb = _ndb(f[0], display, line)
            if ndb not in data.foods:
                raise import_problem(display, line, "unknown_food", ndb=ndb)
            try:
                seq = int(f[1])
            except ValueError:
                raise import_problem(display, line, "not_a_number", column="Seq", value=f[1][:20]) from None
            amount = read_number(f[2], display, line, "Amount", MAX_PORTION_G, positive=True)
            grams = read_number(f[4], display, line, "Gm_Wgt", MAX_PORTION_G, positive=True)
            description = f[3].strip()
            if amount is None or grams is None or not description:
                raise import_problem(display, line, "missing_value")
            data.portions.append(ImportedPortion(ndb, seq, amount, description, grams))
    if not data.foods:
        raise import_problem(source.path.name, None, "no_foods")
    return data


# ------------------------------------------------------------------ FoodData Central CSV


def _csv_rows(
    source: ImportSource, name: str, needed: tuple[str, ...], progress: Progress | None
) -> Iterator[tuple[int, dict[str, str]]]:
    display = source.display(name)
    text = source.text(name)
    total = text.count("\n") or 1
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise import_problem(display, 1, "empty_file") from None
    except csv.Error as exc:
        raise import_problem(display, reader.line_num, "csv", reason=str(exc)) from None
    missing = [column for column in needed if column not in header]
    if missing:
        raise import_problem(display, 1, "missing_columns", columns=", ".join(missing))
    for line, row in body_rows(reader, len(header), display, progress, total):
        yield line, dict(zip(header, row, strict=True))


def _int(value: str, display: str, line: int, column: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise import_problem(display, line, "not_a_number", column=column, value=value[:20]) from None


def read_fdc(source: ImportSource, progress: Progress | None) -> ImportedData:
    data = ImportedData(kind="fdc", files=[])
    if not source.has("sr_legacy_food.csv"):
        raise import_problem(source.path.name, None, "fdc_needs_ndb")
    display = source.display("sr_legacy_food.csv")
    data.files.append(display)
    ndb_of: dict[int, str] = {}
    for line, row in _csv_rows(source, "sr_legacy_food.csv", ("fdc_id", "ndb_number"), progress):
        ndb = _ndb(row["ndb_number"].strip().zfill(5), display, line)
        ndb_of[_int(row["fdc_id"], display, line, "fdc_id")] = ndb
    category_code: dict[int, str] = {}
    if source.has("food_category.csv"):
        display = source.display("food_category.csv")
        data.files.append(display)
        for line, row in _csv_rows(source, "food_category.csv", ("id", "code", "description"), progress):
            code = row["code"].strip().zfill(4)
            if not _GROUP_CODE.match(code):
                raise import_problem(display, line, "bad_group", value=row["code"][:20])
            category_code[_int(row["id"], display, line, "id")] = code
            data.groups[code] = row["description"].strip()
    display = source.display("food.csv")
    data.files.append(display)
    foods_by_fdc: dict[int, ImportedFood] = {}
    for line, row in _csv_rows(source, "food.csv", ("fdc_id", "description"), progress):
        fdc_id = _int(row["fdc_id"], display, line, "fdc_id")
        ndb_or_none = ndb_of.get(fdc_id)
        if ndb_or_none is None:
            continue  # another FoodData Central data type (branded, survey…): not SR Legacy
        ndb = ndb_or_none
        if ndb in data.foods:
            raise import_problem(display, line, "duplicate", ndb=ndb)
        name = row["description"].strip()
        if not name:
            raise import_problem(display, line, "empty_name")
        group = None
        raw_category = row.get("food_category_id", "").strip()
        if raw_category:
            category = _int(raw_category, display, line, "food_category_id")
            group = category_code.get(category)
            if category_code and group is None:
                raise import_problem(display, line, "unknown_group", value=raw_category)
        food = ImportedFood(ndb, name, None, group, None, None)
        data.foods[ndb] = food
        foods_by_fdc[fdc_id] = food
    if not data.foods:
        raise import_problem(display, None, "no_foods")
    magnesium, energy = _FDC_MAGNESIUM, _FDC_ENERGY
    if source.has("nutrient.csv"):
        display = source.display("nutrient.csv")
        data.files.append(display)
        for line, row in _csv_rows(source, "nutrient.csv", ("id", "nutrient_nbr"), progress):
            number = row["nutrient_nbr"].strip().split(".")[0]
            if number == _SR_MAGNESIUM:
                magnesium = _int(row["id"], display, line, "id")
            elif number == _SR_ENERGY and row.get("unit_name", "KCAL").strip().upper() == "KCAL":
                energy = _int(row["id"], display, line, "id")
    if source.has("food_nutrient.csv"):
        display = source.display("food_nutrient.csv")
        data.files.append(display)
        wanted = {str(magnesium): "mg", str(energy): "kcal"}
        for line, row in _csv_rows(
            source, "food_nutrient.csv", ("fdc_id", "nutrient_id", "amount"), progress
        ):
            kind = wanted.get(row["nutrient_id"].strip())
            if kind is None:
                continue
            food_or_none = foods_by_fdc.get(_int(row["fdc_id"], display, line, "fdc_id"))
            if food_or_none is None:
                continue
            upper = MAX_MG_PER_100G if kind == "mg" else MAX_KCAL_PER_100G
            value = read_number(row["amount"], display, line, "amount", upper)
            if kind == "mg":
                food_or_none.mg = value
            else:
                food_or_none.kcal = value
    units: dict[int, str] = {}
    if source.has("measure_unit.csv"):
        display = source.display("measure_unit.csv")
        data.files.append(display)
        for line, row in _csv_rows(source, "measure_unit.csv", ("id", "name"), progress):
            units[_int(row["id"], display, line, "id")] = row["name"].strip()
    if source.has("food_portion.csv"):
        display = source.display("food_portion.csv")
        data.files.append(display)
        needed = ("fdc_id", "amount", "gram_weight")
        for line, row in _csv_rows(source, "food_portion.csv", needed, progress):
            food_or_none = foods_by_fdc.get(_int(row["fdc_id"], display, line, "fdc_id"))
            if food_or_none is None:
                continue
            seq_text = row.get("seq_num", "").strip()
            seq = _int(seq_text, display, line, "seq_num") if seq_text else 0
            amount = read_number(row["amount"], display, line, "amount", MAX_PORTION_G, positive=True)
            grams = read_number(
                row["gram_weight"], display, line, "gram_weight", MAX_PORTION_G, positive=True
            )
            unit_text = row.get("measure_unit_id", "").strip()
            unit = units.get(_int(unit_text, display, line, "measure_unit_id")) if unit_text else None
            modifier = row.get("modifier", "").strip()
            described = row.get("portion_description", "").strip()
            if unit and unit.lower() != "undetermined":
                description = f"{unit}, {modifier}" if modifier else unit
            else:
                description = modifier or described
            if amount is None or grams is None or not description:
                raise import_problem(display, line, "missing_value")
            data.portions.append(ImportedPortion(food_or_none.ndb, seq, amount, description, grams))
    return data
