"""Dev-time curation of the TFDA rows of the curated food table (not used at run time).

Reads the hand-reviewed selection (`scripts/tfda_selection.txt`: id, English name, aliases, mainland
Chinese aliases, portion kind, group, families) and the Taiwan FDA table in ../shared/data/tfda_2024, and
writes `src/magcheck/knowledge/foods/curated_tfda.csv` with the TFDA numbers copied unchanged, the TFDA
name as published, its Simplified form (OpenCC t2s) and the TFDA common names converted the same way.

USDA SR28 stays the main table (decision "Chinese foods"): a Chinese word that already names a curated
USDA food is dropped from the TFDA row and printed for review — unless the TFDA row is listed in
`PREFER` below, which says why the TFDA food is the one a person means; then the replaced USDA row must
lose that word (the test `tests/foods/test_curated_tfda.py` checks it). Run:

    .venv/bin/python scripts/curate_tfda.py [path/to/TFND_2024_UPDATE2.csv]

and review the printed conversions and dropped aliases before committing the CSV.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from magcheck.foods.tfda import read_csv, to_simplified
from magcheck.knowledge.food_tables import load_curated

REPO = Path(__file__).resolve().parents[1]
SELECTION = REPO / "scripts" / "tfda_selection.txt"
OUT = REPO / "src" / "magcheck" / "knowledge" / "foods" / "curated_tfda.csv"
DEFAULT_CSV = REPO.parent / "shared" / "data" / "tfda_2024" / "TFND_2024_UPDATE2.csv"
EXCLUSIONS = REPO / "src" / "magcheck" / "knowledge" / "foods" / "tfda_alias_exclusions.csv"

FAMILY_CODES = {
    "T": "tree_nuts", "P": "peanuts", "S": "sesame", "Y": "soy", "D": "dairy", "E": "egg", "G": "gluten",
    "F": "fish", "H": "shellfish", "M": "meat",
}  # fmt: skip

# TFDA rows preferred over a curated USDA row for the same words, and why (the replaced row loses them)
PREFER: dict[str, tuple[str, str]] = {
    "F0210101": (
        "usda:11446",
        "SR28 has only fresh (raw) laver, 85 % water and 2 "
        "mg Mg/100 g; 紫菜 is bought and eaten dried, which "
        "TFDA measured (363 mg/100 g)",
    ),
    "R2400201": (
        "usda:18349",
        "SR28 has no steamed bun; the curated table had "
        "used French-roll values as a stand-in, TFDA "
        "measured plain mantou",
    ),
    "R2200201": (
        "usda:32013",
        "SR28's dumplings are American frozen potstickers; "
        "TFDA measured Chinese pork jiaozi as sold frozen "
        "for boiling",
    ),
    "R2201401": (
        "usda:32013",
        "TFDA measured Chinese pork potstickers (guo tie); SR28's are an American frozen product",
    ),
    "R2201101": (
        "usda:27002",
        "SR28 has only restaurant wonton soup, mostly broth; TFDA measured the wontons",
    ),
    "R4700202": (
        "usda:16160",
        "豆干 in China is pressed, five-spice seasoned tofu, "
        "which TFDA measured; SR28 has only Japanese-style "
        "hard nigari tofu",
    ),
    "C1610201": (
        "usda:12023",
        "SR28 has no black sesame: its whole dried sesame "
        "seeds are mostly white; TFDA measured roasted "
        "black sesame, the form sold for 黑芝麻糊 and baking",
    ),
    "K01121": (
        "usda:01129",
        "SR28 has no tea egg; TFDA measured tea eggs (the USDA hard-boiled egg was a stand-in)",
    ),
    "K01201": (
        "usda:01129",
        "SR28 has no soy-braised egg; TFDA measured 卤蛋 (the USDA hard-boiled egg was a stand-in)",
    ),
    "R4701001": (
        "usda:16128",
        "Chinese 冻豆腐 is frozen fresh tofu, which TFDA "
        "measured; SR28's is Japanese freeze-dried "
        "koyadofu, several times more concentrated",
    ),
    "N0100401": (
        "usda:19334",
        "黑糖 is non-centrifugal cane sugar, which TFDA "
        "measured; SR28's brown sugar is refined sugar with"
        " molasses added",
    ),
    "R5000101": (
        "usda:16120",
        "SR28's soy milk is unsweetened; 甜豆浆 as sold in China is sweetened, which TFDA measured",
    ),
    "D3100401": (
        "usda:09147",
        "SR28's dried jujube (09147) has no magnesium "
        "value; Medjool and deglet dates are a different "
        "fruit (Phoenix), so 红枣/大枣 use TFDA's dried jujube",
    ),
}
# raw forms of foods eaten cooked or roasted: kept, but not the form a plain word means
NOT_COMMON = {"C1605101", "C1605102"}
COLUMNS = (
    "tfda_id", "name_tw", "name_zh", "name_en", "aliases_en", "aliases_zh", "group", "families", "cuisine",
    "portion_kind", "mg_per_100g", "kcal_per_100g", "common", "replaces", "prefer_reason",
)  # fmt: skip


def _raw_numbers(path: Path) -> dict[str, tuple[str, str]]:
    """The magnesium and energy cells exactly as written in the TFDA file, by id."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        header = next(reader)
        at_id, at_mg, at_kcal = header.index("整合編號"), header.index("鎂(mg)"), header.index("熱量(kcal)")
        return {row[at_id]: (row[at_mg].strip(), row[at_kcal].strip()) for row in reader if row}


def _usda_words() -> dict[str, str]:
    """Every Chinese name core and alias of the curated USDA rows → that row's id."""
    words: dict[str, str] = {}
    for food in load_curated():
        for word in (re.sub(r"（[^）]*）", "", food.name_zh), *food.aliases_zh):
            words.setdefault(word, f"usda:{food.ndb}")
    return words


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    tfda = read_csv(source.read_text(encoding="utf-8-sig"), source.name)
    raw = _raw_numbers(source)
    usda_words = _usda_words()
    with EXCLUSIONS.open(encoding="utf-8", newline="") as fh:
        excluded = {row["alias"] for row in csv.DictReader(fh)}
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for line in SELECTION.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        food_id, name_en, aliases_en, aliases_zh, kind, group = parts[:6]
        families = sorted({FAMILY_CODES[c] for c in parts[6:] if c})
        if food_id in seen:
            raise SystemExit(f"{food_id} listed twice")
        seen.add(food_id)
        food = tfda[food_id]
        mg, kcal = raw[food_id]
        if not mg or not kcal:
            print(f"skip {food_id} {food.name}: no magnesium or energy value")
            continue
        sample = "台湾样品" in aliases_zh or "taiwan" in aliases_en.lower()
        mainland = [a for a in aliases_zh.split(";") if a]
        name_zh = mainland[0]
        zh = mainland[1:]
        zh.append(food.name_zh)  # TFDA's own name, converted, stays findable
        if not sample:  # and its common names, converted; not for Taiwan-sample duplicates
            zh += [a for a in food.aliases_zh if "(" not in a and a not in excluded]
        prefer = PREFER.get(food_id)
        kept: list[str] = []
        for word in dict.fromkeys(zh):
            owner = usda_words.get(word)
            if word == name_zh or not word:
                continue
            # a preferred row takes over only the reviewed mainland words, not TFDA's own names
            if owner is not None and (prefer is None or prefer[0] != owner or word not in mainland):
                print(f"  {food_id} {name_zh}: drop {word!r} (names {owner})")
                continue
            kept.append(word)
        if name_zh in usda_words and (prefer is None or prefer[0] != usda_words[name_zh]) and not sample:
            # SR28 stays the main table: the plain word keeps meaning the USDA food
            print(f"  {food_id} {name_zh}: also names {usda_words[name_zh]} → marked as a Taiwan sample")
            name_zh, name_en, sample = f"{name_zh}（台湾样品）", f"{name_en} (Taiwan sample)", True
        print(f"{food_id}  {food.name} → {food.name_zh}  [{name_zh}]  {name_en}")
        rows.append(
            {
                "tfda_id": food_id,
                "name_tw": food.name,
                "name_zh": name_zh,
                "name_en": name_en,
                "aliases_en": "|".join(a for a in aliases_en.split(";") if a),
                "aliases_zh": "|".join(kept),
                "group": group,
                "families": "|".join(families),
                "cuisine": "chinese",
                "portion_kind": kind,
                "mg_per_100g": mg,
                "kcal_per_100g": kcal,
                "common": "0" if sample or food_id in NOT_COMMON else "1",
                "replaces": prefer[0] if prefer else "",
                "prefer_reason": prefer[1] if prefer else "",
            }
        )
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT.relative_to(REPO)}")
    assert to_simplified("饅頭") == "馒头"


if __name__ == "__main__":
    main()
