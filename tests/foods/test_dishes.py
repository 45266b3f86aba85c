"""Built-in dishes: the files are checked strictly, and dish values are recomputed by hand from SR28."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from magcheck.core.errors import DataFileError
from magcheck.foods.dishes import load_dishes, read_dishes
from magcheck.foods.meal import parse_meal
from magcheck.foods.search import _core
from magcheck.foods.store import FoodStore
from magcheck.i18n import LANGS
from magcheck.knowledge.dish_tables import DISH_GROUPS, DISHES_DIR


@pytest.fixture(scope="module")
def abbrev_mg(sr28_dir: Path) -> dict[str, float]:
    """NDB → magnesium mg/100 g, read straight from SR28 ABBREV.txt (field 12), not through magcheck."""
    out: dict[str, float] = {}
    for line in (sr28_dir / "ABBREV.txt").read_text(encoding="utf-8").splitlines():
        fields = [f.strip("~") for f in line.split("^")]
        if len(fields) > 12 and fields[12]:
            out[fields[0]] = float(fields[12])
    return out


def test_counts_and_names() -> None:
    dishes = load_dishes()
    chinese = [d for d in dishes if d.cuisine == "chinese"]
    western = [d for d in dishes if d.cuisine == "western"]
    assert len(chinese) >= 100 and len(western) >= 50
    for dish in dishes:
        assert dish.name_en and dish.name_zh and dish.basis
        assert any("\u4e00" <= ch <= "\u9fff" for ch in dish.name_zh)


# Recipes written out here by hand from the data files' basis texts (grams), with each ingredient's
# magnesium taken from ABBREV.txt by the fixture: Σ grams × mg/100 ÷ cooked weight × 100.
HAND = {
    "dish:tomato_egg_stir_fry": (430, {"11529": 300, "01123": 150, "04044": 10, "19335": 5, "02047": 2}),
    "dish:oatmeal_with_milk": (280, {"08120": 40, "01077": 250}),
    "dish:peanut_butter_sandwich": (82, {"18069": 50, "16398": 32}),
    "dish:millet_congee": (1000, {"20031": 80, "14411": 1100}),
    "dish:beef_noodle_soup": (600, {"20121": 250, "13370": 60, "06008": 260, "11430": 20, "11165": 5,
                                    "11291": 5, "04044": 5}),
    "dish:cheeseburger": (190, {"18342": 55, "23569": 85, "01009": 20, "11252": 10, "11529": 15, "11282": 5}),
}  # fmt: skip


@pytest.mark.parametrize("dish_id", sorted(HAND))
def test_dish_magnesium_matches_a_hand_computation_from_sr28(
    dish_id: str, abbrev_mg: dict[str, float], fresh_store: FoodStore
) -> None:
    cooked, grams = HAND[dish_id]
    expected = sum(g * abbrev_mg[ndb] / 100 for ndb, g in grams.items()) / cooked * 100
    dish = next(d for d in load_dishes() if d.id == dish_id)
    assert dict(dish.ingredients) == {f"usda:{ndb}": float(g) for ndb, g in grams.items()}
    food = fresh_store.get(dish_id)
    assert food.mg == pytest.approx(expected, abs=0.01)


def test_every_basis_is_bilingual_and_both_texts_name_the_same_numbers() -> None:
    """The Chinese basis is the English one in Chinese: same weights, counts and times, nothing dropped."""
    number = re.compile(r"\d+(?:\.\d+)?")
    for dish in load_dishes():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in dish.basis_zh), dish.id
        assert set(number.findall(dish.basis_zh)) == set(number.findall(dish.basis)), dish.id


def test_every_dish_has_a_value_and_plausible_weights(fresh_store: FoodStore) -> None:
    for dish in load_dishes():
        food = fresh_store.get(dish.id)
        assert food.mg is not None and 0 <= food.mg < 200, dish.id
        assert food.source == "dish" and food.curated
        assert any(p.unit == "serving" and p.grams == dish.serving_g for p in food.portions)


def _write(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "x.toml").write_text('[meta]\ncuisine = "western"\n' + body, encoding="utf-8")
    return folder


_GOOD = """
[[dish]]
id = "toast"
name_en = "Toast"
name_zh = "吐司"
cooked_g = 25
portions = { serving = 25 }
basis = "one slice"
basis_zh = "一片"
[dish.ingredients]
"usda:18069" = 25
"""


@pytest.mark.parametrize(
    ("change", "reason"),
    [(("cooked_g = 25", "cooked_g = 40"), "outweighs"),
     (('"usda:18069" = 25', '"18069" = 25'), "table food id"),
     (("portions = { serving = 25 }", "portions = { slice = 25 }"), "typical serving"),
     (("portions = { serving = 25 }", 'portions = { serving = 25, "勺子" = 5 }'), "portion unit"),
     (('name_zh = "吐司"', ""), "name_zh is missing"),
     (('basis_zh = "一片"', ""), "basis_zh is missing"),
     (('basis = "one slice"', 'basis = "one slice"\ncolour = "brown"'), "unknown field")],
)  # fmt: skip
def test_a_bad_dish_file_names_the_file_dish_and_problem(
    tmp_path: Path, change: tuple[str, str], reason: str
) -> None:
    assert read_dishes(_write(tmp_path / "ok", _GOOD))[0].id == "dish:toast"
    folder = _write(tmp_path / "bad", _GOOD.replace(*change))
    with pytest.raises(DataFileError) as info:
        read_dishes(folder)
    problem = info.value.problems[0]
    assert problem.field == "x.toml:toast" and reason in problem.params["reason"]


def test_an_unknown_ingredient_fails_when_the_store_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import magcheck.foods.dishes as dishes

    folder = _write(tmp_path / "d", _GOOD.replace('"usda:18069"', '"usda:99999"'))
    monkeypatch.setattr(dishes, "load_dishes", lambda: read_dishes(folder))
    with pytest.raises(DataFileError) as info:
        FoodStore(tmp_path / "foods.sqlite3")
    assert "unknown ingredient usda:99999" in info.value.problems[0].params["reason"]


def test_shipped_files_are_the_ones_read() -> None:
    assert sorted(p.name for p in DISHES_DIR.glob("*.toml")) == ["chinese.toml", "western.toml"]


@pytest.mark.parametrize(
    ("entry", "dish_id", "grams"),
    [("西红柿炒鸡蛋一盘", "dish:tomato_egg_stir_fry", 430),
     ("一碗牛肉面", "dish:beef_noodle_soup", 600),
     ("一碗紫菜蛋花汤", "dish:laver_egg_drop_soup", 275),
     ("a slice of homemade pizza", "dish:cheese_pizza_slice", 100),
     ("1 cheeseburger", "dish:cheeseburger", 190),
     ("chicken fried rice 1 serving", "dish:chicken_fried_rice", 380)],
)  # fmt: skip
def test_dishes_are_logged_like_any_food(
    fresh_store: FoodStore, entry: str, dish_id: str, grams: float
) -> None:
    for lang in LANGS:
        result = parse_meal(entry, fresh_store, lang)
        assert result.not_understood == [], result.not_understood
        (item,) = result.items
        assert item.food is not None and item.food.id == dish_id and item.food.source == "dish"
        assert item.grams == grams


@pytest.mark.parametrize(
    ("entry", "food_id", "grams"),
    [("两个包子", "tfda:R2300901", 160), ("一根油条", "tfda:R3000101", 50), ("youtiao", "tfda:R3000101", 50)],
)
def test_a_measured_food_wins_over_a_recipe_estimate_of_the_same_name(
    fresh_store: FoodStore, entry: str, food_id: str, grams: float
) -> None:
    """dish:pork_bun and dish:youtiao carry these names too, but the Taiwan FDA measured them."""
    for lang in LANGS:
        (item,) = parse_meal(entry, fresh_store, lang).items
        assert item.food is not None and item.food.id == food_id and item.grams == grams


def test_dishes_use_taiwan_fda_foods_where_they_are_the_right_ingredient(fresh_store: FoodStore) -> None:
    """Dried laver, century eggs and doubanjiang are not in SR28; the recipes name the TFDA foods."""
    dishes = {d.id: dict(d.ingredients) for d in load_dishes()}
    assert "tfda:F0210101" in dishes["dish:laver_egg_drop_soup"]  # 紫菜 (dried)
    assert "tfda:F0210101" in dishes["dish:wonton_soup_home"]
    assert "tfda:K01131" in dishes["dish:century_egg_pork_congee"]  # 皮蛋
    assert "tfda:P1004201" in dishes["dish:mapo_tofu"]  # 辣豆瓣酱
    # the basis text of 紫菜蛋花汤, by hand: laver 5, egg 50, dried shrimp 3, water 500, scallion 5,
    # sesame oil 2, salt 2 g → 550 g of soup
    recipe = {"tfda:F0210101": 5, "usda:01123": 50, "tfda:J2300101": 3, "usda:14411": 500, "usda:11291": 5,
              "usda:04058": 2, "usda:02047": 2}  # fmt: skip
    expected = sum(g * (fresh_store.get(i).mg or 0.0) for i, g in recipe.items()) / 550
    assert fresh_store.get("dish:laver_egg_drop_soup").mg == pytest.approx(expected, abs=0.5)


def test_no_plain_ingredient_row_carries_a_dish_name_as_an_alias() -> None:
    """麻婆豆腐 is a dish of its own, not another name for tofu (dish groups and measured dishes aside)."""
    from magcheck.knowledge.food_tables import CuratedFood, load_curated
    from magcheck.knowledge.tfda_tables import CuratedTfdaFood, load_curated_tfda

    dish_names = {
        name.lower() for d in load_dishes() for name in (d.name_en, d.name_zh, *d.aliases_en, *d.aliases_zh)
    }
    # a Taiwan FDA row named as a dish is that dish, measured (油条, 茶叶蛋): its aliases are the dish's
    rows: list[CuratedFood | CuratedTfdaFood] = [*load_curated(), *load_curated_tfda()]
    plain = [f for f in rows if f.group not in DISH_GROUPS and _core(f.name_zh) not in dish_names]
    clashes = {
        (f.name_en, alias)
        for f in plain
        for alias in (*f.aliases_en, *f.aliases_zh)
        if alias.lower() in dish_names
    }
    assert clashes == set()
