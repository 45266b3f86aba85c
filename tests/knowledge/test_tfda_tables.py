"""The TFDA rows of the curated table, checked against ../shared/data/tfda_2024 with an independent reader."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from magcheck.foods.tfda import to_simplified
from magcheck.knowledge.food_tables import load_curated
from magcheck.knowledge.tfda_tables import load_alias_exclusions, load_curated_tfda, load_portion_kinds


def _source(path: Path) -> dict[str, dict[str, str]]:
    """The TFDA file read with the csv module alone: header on line 2, rows by 整合編號."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        header = next(reader)
        return {row[0]: dict(zip(header, row, strict=True)) for row in reader if row}


def test_every_curated_tfda_row_matches_the_tfda_release(tfda_csv: Path) -> None:
    source = _source(tfda_csv)
    rows = load_curated_tfda()
    problems = []
    for food in rows:
        src = source.get(food.tfda_id)
        if src is None:
            problems.append(f"{food.tfda_id}: not in the TFDA file")
            continue
        if food.name_tw != src["樣品名稱"].strip():
            problems.append(f"{food.tfda_id}: name {food.name_tw!r} != {src['樣品名稱']!r}")
        if food.mg_per_100g != float(src["鎂(mg)"]):
            problems.append(f"{food.tfda_id}: mg {food.mg_per_100g} != {src['鎂(mg)']}")
        if food.kcal_per_100g != float(src["熱量(kcal)"]):
            problems.append(f"{food.tfda_id}: kcal {food.kcal_per_100g} != {src['熱量(kcal)']}")
    assert not problems, "\n".join(problems)


def test_at_least_300_tfda_foods_that_sr28_lacks_or_gets_wrong() -> None:
    rows = load_curated_tfda()
    new = [f for f in rows if f.common and "台湾样品" not in f.name_zh]
    assert len(new) >= 300, len(new)
    assert len({f.tfda_id for f in rows}) == len(rows)


def test_names_are_simplified_and_the_tfda_name_stays_findable() -> None:
    usda_words = {w for f in load_curated() for w in (f.name_zh, *f.aliases_zh)}
    for food in load_curated_tfda():
        simplified = to_simplified(food.name_zh)
        # OpenCC maps a few GB characters to rarer ones outside the BMP (鮸 → 𩾃); GB's form is kept
        assert simplified == food.name_zh or any(ord(ch) > 0xFFFF for ch in simplified), food.name_zh
        converted = to_simplified(food.name_tw)
        words = {re.sub(r"（[^）]*）", "", food.name_zh), food.name_zh, *food.aliases_zh}
        # the TFDA name itself is an alias unless a curated USDA food keeps that word
        assert converted in words or converted in usda_words or "台湾样品" in food.name_zh, food.tfda_id


def test_excluded_tfda_names_are_never_aliases() -> None:
    excluded = load_alias_exclusions()
    assert "土豆" in excluded  # Taiwan: peanut; mainland: potato
    peanuts = [f for f in load_curated_tfda() if "花生" in f.name_zh]
    assert peanuts and all("土豆" not in f.aliases_zh for f in peanuts)


def test_a_preferred_tfda_row_says_why_and_the_usda_row_gave_up_its_words() -> None:
    usda = {f"usda:{f.ndb}": f for f in load_curated()}
    preferred = [f for f in load_curated_tfda() if f.replaces]
    assert {f.tfda_id for f in preferred} >= {"F0210101", "D3100401", "R2400201", "R4700202"}
    for food in preferred:
        assert food.prefer_reason
        other = usda.get(food.replaces or "")
        if other is None:  # 09147 dried jujube: in SR28 without a magnesium value, so never curated
            continue
        mine = {food.name_zh, *food.aliases_zh}
        assert not mine & {other.name_zh, *other.aliases_zh}, (food.tfda_id, mine & set(other.aliases_zh))


def test_every_portion_kind_has_one_typical_portion_with_a_basis() -> None:
    kinds = load_portion_kinds()
    used = {f.portion_kind for f in load_curated_tfda()}
    assert used <= set(kinds)
    for kind, portions in kinds.items():
        assert sum(p.typical for p in portions) == 1, kind
        assert all(p.basis and p.grams > 0 for p in portions), kind
