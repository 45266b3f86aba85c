"""The curated food table: numbers equal the USDA SR28 release, coverage a user relies on, a strict loader.

The expected values come from the shared SR28 files (read here independently of the package), never
from what the loader returns, so a typo in the CSV fails the test instead of being copied into it.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.errors import DataFileError
from magcheck.core.vocabulary import FOOD_FAMILIES
from magcheck.i18n import t
from magcheck.knowledge.food_tables import (
    FOODS_CSV,
    GROUPS_TOML,
    PORTIONS_CSV,
    CuratedFood,
    load_curated,
    load_groups,
    load_portions,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def _caret_rows(path: Path, encoding: str) -> list[list[str]]:
    return [
        [field.strip("~") for field in line.split("^")]
        for line in path.read_text(encoding=encoding).splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="module")
def abbrev(sr28_dir: Path) -> dict[str, tuple[str, str]]:
    """NDB -> (Magnesium_(mg) = field 12, Energ_Kcal = field 3), as the raw strings of ABBREV.txt."""
    return {row[0]: (row[12], row[3]) for row in _caret_rows(sr28_dir / "ABBREV.txt", "utf-8")}


@pytest.fixture(scope="module")
def weights(sr28_dir: Path) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}
    for row in _caret_rows(sr28_dir / "WEIGHT.txt", "cp1252"):
        out.setdefault(row[0], set()).add(float(row[4]))
    return out


@pytest.fixture(scope="module")
def food_des(sr28_dir: Path) -> dict[str, tuple[str, str]]:
    """NDB -> (FdGrp_Cd, Long_Desc)."""
    return {row[0]: (row[1], row[2]) for row in _caret_rows(sr28_dir / "FOOD_DES.txt", "cp1252")}


@pytest.fixture(scope="module")
def foods() -> list[CuratedFood]:
    return load_curated()


def _with_word(foods: list[CuratedFood], word: str) -> list[CuratedFood]:
    """Foods a person could mean by `word`: it is in the name or an alias (either language)."""
    low = word.lower()
    return [
        f
        for f in foods
        if low in f.name_en.lower()
        or word in f.name_zh
        or any(low == a.lower() or low in a.lower().split() for a in f.aliases_en)
        or word in f.aliases_zh
    ]


# ------------------------------------------------------------------ numbers match the source


def test_every_row_equals_usda_sr28_abbrev(
    foods: list[CuratedFood], abbrev: dict[str, tuple[str, str]]
) -> None:
    differences = []
    for food in foods:
        assert food.ndb in abbrev, f"{food.ndb} {food.name_en} is not in ABBREV.txt"
        mg, kcal = abbrev[food.ndb]
        assert mg != "", f"{food.ndb} {food.name_en}: ABBREV has no magnesium value, so it cannot be curated"
        if food.mg_per_100g != float(mg) or food.kcal_per_100g != float(kcal):
            differences.append(
                f"{food.ndb} {food.name_en}: ours {food.mg_per_100g}/{food.kcal_per_100g}, USDA {mg}/{kcal}"
            )
    assert differences == []


def test_usda_portions_are_usda_gram_weights(weights: dict[str, set[float]]) -> None:
    portions = load_portions()
    wrong = [
        f"{p.ndb} {p.unit} = {p.grams} g (WEIGHT has {sorted(weights.get(p.ndb, set()))})"
        for items in portions.values()
        for p in items
        if p.source == "usda" and p.grams not in weights.get(p.ndb, set())
    ]
    assert wrong == []
    assert sum(p.source == "usda" for items in portions.values() for p in items) >= 800


def test_estimated_portions_are_plausible_household_amounts() -> None:
    for items in load_portions().values():
        for p in items:
            assert p.grams > 0, f"{p.ndb} {p.unit} = {p.grams} g"
            if p.source == "estimate":  # USDA's own measures include whole melons and cabbages
                assert p.grams <= 500, f"{p.ndb} {p.unit} = {p.grams} g"
            assert p.label_en.strip() and CJK.search(p.label_zh), (
                f"{p.ndb} {p.unit} needs labels in en and zh"
            )
            if p.unit == "handful" and p.source == "estimate":
                assert 25 <= p.grams <= 30, "a handful of nuts, seeds or dried fruit is about 25-30 g"
            if p.unit == "oz":
                assert abs(p.grams - 28.35) < 0.01


def test_rice_bowl_and_egg_portions_follow_the_stated_basis(foods: list[CuratedFood]) -> None:
    portions = load_portions()
    by_ndb = {f.ndb: f for f in foods}
    assert {p.unit: p.grams for p in portions["20045"]}["碗"] == 150  # cooked rice, small Chinese bowl
    assert {p.unit: p.grams for p in portions["01123"]}["个"] == 50  # one egg = USDA large egg
    nut_handfuls = [
        p.grams for f in foods if "tree_nuts" in f.families for p in portions[f.ndb] if p.unit == "把"
    ]
    assert nut_handfuls and all(25 <= g <= 30 for g in nut_handfuls)
    assert by_ndb["12061"].mg_per_portion(
        next(p for p in portions["12061"] if p.unit == "oz")
    ) == pytest.approx(270 * 28.35 / 100)


# ------------------------------------------------------------------ coverage a user relies on


def test_table_size_and_unique_names(foods: list[CuratedFood]) -> None:
    assert len(foods) >= 400
    assert len({f.ndb for f in foods}) == len(foods)
    dup_en = [n for n, c in Counter(f.name_en for f in foods).items() if c > 1]
    dup_zh = [n for n, c in Counter(f.name_zh for f in foods).items() if c > 1]
    assert dup_en == [] and dup_zh == [], "two foods with one name cannot be told apart in search results"


def test_names_are_plain_words_in_both_languages(foods: list[CuratedFood]) -> None:
    for food in foods:
        assert CJK.search(food.name_zh), food.ndb
        assert not re.search(r"[A-Z]{3,},", food.name_en), (
            f"{food.ndb}: USDA short-style name {food.name_en!r}"
        )
        assert food.name_en[0].isupper() and not food.name_en.isupper(), food.name_en
        assert all(CJK.search(a) for a in food.aliases_zh), (
            f"{food.ndb}: a zh alias without Chinese characters"
        )


@pytest.mark.parametrize(
    ("group", "minimum"),
    [
        ("leafy_greens", 15),
        ("legumes", 10),
        ("soy_foods", 8),
        ("whole_grains", 15),
        ("refined_grains", 15),
        ("fruit", 25),
        ("vegetables", 30),
        ("fish_seafood", 20),
        ("meat_poultry", 15),
        ("dairy", 10),
        ("eggs", 5),
        ("drinks", 15),
        ("seaweed", 3),
    ],
)
def test_each_food_family_is_well_covered(foods: list[CuratedFood], group: str, minimum: int) -> None:
    members = [f for f in foods if f.group == group]
    assert len(members) >= minimum
    assert any(f.common for f in members), f"{group} needs a plain common form"


def test_article_families_nuts_seeds_and_dark_chocolate(foods: list[CuratedFood]) -> None:
    nuts = [f for f in foods if "tree_nuts" in f.families and f.group == "nuts_seeds"]
    seeds = [f for f in foods if f.group == "nuts_seeds" and not f.families & {"tree_nuts", "peanuts"}]
    dark = [f for f in foods if "dark chocolate" in f.name_en.lower() or "cacao" in f.name_en.lower()]
    assert len(nuts) >= 10 and len(seeds) >= 8 and len(dark) >= 3
    assert all(f.mg_per_100g >= 140 for f in dark)


@pytest.mark.parametrize(
    "word",
    [
        "米饭",
        "面条",
        "豆腐",
        "豆浆",
        "毛豆",
        "小白菜",
        "青菜",
        "苋菜",
        "海带",
        "小米",
        "荞麦",
        "绿豆",
        "红豆",
        "芝麻",
        "芝麻酱",
        "花生",
        "菠菜",
        "波菜",
        "土豆",
        "马铃薯",
        "洋芋",
        "番茄",
        "西红柿",
        "冬瓜",
        "杏仁",
        "核桃",
        "黑巧克力",
        "咖啡",
        "茶",
        "矿泉水",
        "牛奶",
        "鸡蛋",
        "酸奶",
    ],
)
def test_chinese_staples_and_everyday_names_are_found(foods: list[CuratedFood], word: str) -> None:
    hits = _with_word(foods, word)
    assert hits, f"no curated food is called {word}"
    assert any(f.common for f in hits), f"{word} should reach a plain common form"


@pytest.mark.parametrize(
    "word",
    [
        "spinach",
        "chickpeas",
        "garbanzo beans",
        "almonds",
        "pumpkin seeds",
        "rice",
        "brown rice",
        "oatmeal",
        "quinoa",
        "tofu",
        "edamame",
        "soy milk",
        "kelp",
        "bok choy",
        "black beans",
        "banana",
        "avocado",
        "salmon",
        "chicken breast",
        "milk",
        "yogurt",
        "egg",
        "coffee",
        "tea",
        "mineral water",
        "bottled water",
        "dark chocolate",
        "cashews",
        "peanut butter",
        "sesame seeds",
        "tahini",
        "millet",
        "buckwheat",
    ],
)
def test_english_everyday_names_are_found(foods: list[CuratedFood], word: str) -> None:
    hits = _with_word(foods, word)
    assert hits and any(f.common for f in hits), word


@pytest.mark.parametrize(
    "synonyms",
    [
        ("菠菜", "波菜", "spinach"),
        ("土豆", "马铃薯", "洋芋", "potato"),
        ("番茄", "西红柿", "tomato"),
        ("garbanzo beans", "chickpeas", "鹰嘴豆"),
        ("小白菜", "青菜", "上海青", "bok choy", "pak choi"),
        ("红豆", "赤小豆", "adzuki beans"),
        ("花生", "落花生", "peanuts", "groundnuts"),
        ("芝麻酱", "麻酱", "sesame paste"),
    ],
)
def test_synonyms_in_both_languages_reach_the_same_food(
    foods: list[CuratedFood], synonyms: tuple[str, ...]
) -> None:
    found = [{f.ndb for f in _with_word(foods, word)} for word in synonyms]
    assert all(found), dict(zip(synonyms, found, strict=True))
    assert set.intersection(*found), f"{synonyms} should share a food"


def test_plan_candidates_cover_the_magnesium_rich_families(foods: list[CuratedFood]) -> None:
    candidates = [f for f in foods if f.plan_portion]
    assert all(f.mg_per_100g > 0 and f.plan_max and f.plan_max >= 1 for f in candidates)
    groups = Counter(f.group for f in candidates)
    for group in ("leafy_greens", "legumes", "nuts_seeds", "whole_grains", "soy_foods"):
        assert groups[group] >= 3, group
    assert any("cacao" in f.name_en.lower() for f in candidates)
    assert any(f.cuisine in ("chinese", "both") and f.group == "leafy_greens" for f in candidates)


# ------------------------------------------------------------------ allergen / diet families


def test_families_agree_with_the_usda_descriptions(
    foods: list[CuratedFood], food_des: dict[str, tuple[str, str]]
) -> None:
    """Each family follows from the USDA description, so an unflagged allergen cannot slip through."""
    rules = [
        (
            "gluten",
            re.compile(
                r"(?<!buck)wheat|barley|\brye\b|spelt|bulgur|couscous|semolina|pasta|bagel|croissant|pretzel|doughnut|wonton|\bbread\b|crackers|pizza|beer",
                re.I,
            ),
        ),
        ("soy", re.compile(r"soy|tofu|miso|natto|tempeh", re.I)),
        ("sesame", re.compile(r"sesame|tahini|halavah|hummus", re.I)),
        ("peanuts", re.compile(r"peanut", re.I)),
        ("egg", re.compile(r"^egg,|\begg\b", re.I)),
    ]
    missing = []
    for food in foods:
        group, desc = food_des[food.ndb]
        if "gluten-free" in desc.lower() or "without wheat" in desc.lower() or food.ndb == "16124":
            continue  # tamari is made from soy only
        for family, pattern in rules:
            if pattern.search(desc) and family not in food.families:
                missing.append(f"{food.ndb} {desc}: {family}")
        if group in ("0500", "0700", "1000", "1300", "1700") and "meat" not in food.families:
            missing.append(f"{food.ndb} {desc}: meat")
        if desc.startswith("Fish,") and "fish" not in food.families:
            missing.append(f"{food.ndb} {desc}: fish")
        if desc.startswith(("Crustaceans", "Mollusks")) and "shellfish" not in food.families:
            missing.append(f"{food.ndb} {desc}: shellfish")
        if desc.startswith("Nuts,") and "coconut" not in desc and "tree_nuts" not in food.families:
            missing.append(f"{food.ndb} {desc}: tree_nuts")
        if group == "0100" and not desc.startswith("Egg") and "dairy" not in food.families:
            missing.append(f"{food.ndb} {desc}: dairy")
    assert missing == []


def test_family_decisions_users_ask_about(foods: list[CuratedFood]) -> None:
    by_ndb = {f.ndb: f for f in foods}
    assert "gluten" not in by_ndb["08121"].families  # oats: not counted as gluten here (see README)
    assert "gluten" in by_ndb["16123"].families and "soy" in by_ndb["16123"].families  # shoyu: soy + wheat
    assert "sesame" in by_ndb["12169"].families  # 芝麻酱
    assert by_ndb["12061"].families == {"tree_nuts"} and by_ndb["16390"].families == {"peanuts"}
    assert "tree_nuts" not in by_ndb["12104"].families  # coconut is not treated as a tree nut
    assert all(family in FOOD_FAMILIES for f in foods for family in f.families)


def test_every_usda_food_group_maps_to_exactly_one_of_ours(sr28_dir: Path) -> None:
    codes = {row[0] for row in _caret_rows(sr28_dir / "FD_GROUP.txt", "cp1252")}
    groups = load_groups()
    mapped = [code for g in groups.values() for code in g.usda]
    assert len(codes) == 25
    assert sorted(mapped) == sorted(codes)
    assert all(CJK.search(g.zh) and g.en for g in groups.values())


# ------------------------------------------------------------------ the loader rejects bad files


def _copy_tables(tmp_path: Path) -> tuple[Path, Path, Path]:
    foods, portions, groups = (
        Path(shutil.copy(src, tmp_path / src.name)) for src in (FOODS_CSV, PORTIONS_CSV, GROUPS_TOML)
    )
    return foods, portions, groups


def _edit_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def _problem(foods_csv: Path, portions_csv: Path, groups_toml: Path) -> tuple[str, str, dict[str, object]]:
    with pytest.raises(DataFileError) as info:
        load_curated(foods_csv, portions_csv, groups_toml)
    problem = info.value.problems[0]
    for lang in ("en", "zh"):
        assert t(problem.code, lang, **problem.params)  # the message exists and renders in both languages
    return problem.field, problem.code, problem.params


@pytest.mark.parametrize(
    ("line", "old", "new", "code"),
    [
        (3, "11458,", "11457,", "curated.errors.duplicate_ndb"),
        (3, ",leafy_greens,", ",greens,", "curated.errors.unknown_group"),
        (3, ",87,", ",-87,", "curated.errors.negative"),
        (3, ",87,", ",lots,", "curated.errors.not_a_number"),
        (3, ",87,", ",,", "curated.errors.missing_value"),
        (3, ",cup,2,", ",bowl,2,", "curated.errors.unknown_plan_portion"),
        (3, ",cup,2,", ",cup,0,", "curated.errors.bad_plan_max"),
        (3, ",both,", ",french,", "curated.errors.bad_choice"),
        (3, "11458,", "1145,", "curated.errors.bad_ndb"),
        (3, ",leafy_greens,,", ",leafy_greens,nuts,", "curated.errors.unknown_family"),
        (3, ",87,", ",87,extra,", "curated.errors.column_count"),
    ],
)
def test_a_bad_food_row_names_file_and_line(tmp_path: Path, line: int, old: str, new: str, code: str) -> None:
    foods_csv, portions_csv, groups_toml = _copy_tables(tmp_path)
    _edit_line(foods_csv, line, old, new)
    field, got_code, _ = _problem(foods_csv, portions_csv, groups_toml)
    assert (field, got_code) == (f"curated_foods.csv:{line}", code)


def test_a_bad_portion_row_names_file_and_line(tmp_path: Path) -> None:
    foods_csv, portions_csv, groups_toml = _copy_tables(tmp_path)
    _edit_line(portions_csv, 2, "11457,cup,30,", "99999,cup,30,")
    assert _problem(foods_csv, portions_csv, groups_toml)[:2] == (
        "curated_portions.csv:2",
        "curated.errors.unknown_food",
    )
    shutil.copy(PORTIONS_CSV, portions_csv)
    _edit_line(portions_csv, 2, ",usda", ",guess")
    assert _problem(foods_csv, portions_csv, groups_toml)[:2] == (
        "curated_portions.csv:2",
        "curated.errors.bad_choice",
    )
    shutil.copy(PORTIONS_CSV, portions_csv)
    _edit_line(portions_csv, 2, "cup,30,", "cup,0,")
    assert _problem(foods_csv, portions_csv, groups_toml)[1] == "curated.errors.negative"


def test_bad_header_and_groups_file(tmp_path: Path) -> None:
    foods_csv, portions_csv, groups_toml = _copy_tables(tmp_path)
    _edit_line(foods_csv, 1, "name_zh", "name_cn")
    assert _problem(foods_csv, portions_csv, groups_toml)[:2] == (
        "curated_foods.csv:1",
        "curated.errors.bad_header",
    )
    (tmp_path / "bad").mkdir()
    groups_toml = tmp_path / "bad" / "groups.toml"  # a new path: loaded tables are cached per path
    groups_toml.write_text(
        GROUPS_TOML.read_text(encoding="utf-8").replace('usda = ["0900"]', 'usda = ["0900", "1100"]'),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_groups(groups_toml)
    assert info.value.problems[0].code == "curated.errors.usda_code_twice"
    assert info.value.problems[0].field.startswith("groups.toml")


@settings(max_examples=30, deadline=None)
@given(
    row=st.integers(min_value=2, max_value=400),
    value=st.sampled_from(["-1", "abc", "", "1e999", "nan", "12,5"]),
    column=st.sampled_from(["mg_per_100g", "kcal_per_100g"]),
)
def test_any_bad_number_is_reported_on_its_own_line(
    tmp_path_factory: pytest.TempPathFactory, row: int, value: str, column: str
) -> None:
    import csv

    folder = tmp_path_factory.mktemp("bad-number")
    foods_csv, portions_csv, groups_toml = _copy_tables(folder)
    with foods_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with foods_csv.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    field, code, params = _problem(foods_csv, portions_csv, groups_toml)
    assert field == f"curated_foods.csv:{row}"
    assert code in ("curated.errors.negative", "curated.errors.not_a_number", "curated.errors.missing_value")
    assert params.get("column") == column
