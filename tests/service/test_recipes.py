"""A person's own recipes: saved from words, logged by name, exported, imported, deleted with the person."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from magcheck.cli import app
from magcheck.core.errors import InputError, NotFoundError
from magcheck.service import recipes
from magcheck.service.history.food_log import add_entry
from magcheck.service.history.from_log import assess_from_log
from magcheck.service.history.people import add_person, delete_person
from magcheck.service.history.transfer import export_text
from magcheck.storage import repo, transfer, work
from magcheck.storage.work import resolve_person

runner = CliRunner()


@pytest.fixture(scope="module")
def abbrev(sr28_dir: Path) -> dict[str, float]:
    """NDB → magnesium mg/100 g from SR28 ABBREV.txt, read here rather than through magcheck."""
    out: dict[str, float] = {}
    for line in (sr28_dir / "ABBREV.txt").read_text(encoding="utf-8").splitlines():
        fields = [f.strip("~") for f in line.split("^")]
        if len(fields) > 12 and fields[12]:
            out[fields[0]] = float(fields[12])
    return out


SOUP: dict[str, Any] = {
    "name": "Mei's tomato eggs",
    "ingredients": ["300 g tomatoes", "100 g eggs, 10 g soybean oil"],
    "servings": 2,
}


def test_a_recipe_is_saved_with_its_values_from_the_source(db_url: str, abbrev: dict[str, float]) -> None:
    add_person("Mei", 40, "female")
    out = recipes.add_recipe({**SOUP, "cooked_g": 380}, lang="en")
    # each ingredient's magnesium from SR28 ABBREV (tomatoes, an egg row, soybean oil), per 100 g of 380 g
    assert [i.food_id for i in out.items][::2] == ["usda:11529", "usda:04044"]
    assert out.items[1].food_id is not None and out.items[1].food_id.startswith("usda:011")  # an egg
    grams = [300, 100, 10]
    ndbs = [i.food_id.removeprefix("usda:") for i in out.items if i.food_id is not None]
    total = sum(g * abbrev[ndb] / 100 for g, ndb in zip(grams, ndbs, strict=True))
    assert [i.grams for i in out.items] == grams and out.ingredients_g == 410
    assert out.mg == pytest.approx(total, abs=0.01)
    assert out.mg_per_100g == pytest.approx(total / 380 * 100, abs=0.01)
    assert out.serving_g == 190 and out.mg_per_serving == pytest.approx(total / 2, abs=0.1)
    assert "estimate" in out.estimate.lower()


def test_without_a_cooked_weight_the_basis_is_the_raw_weight(db_url: str) -> None:
    add_person("Mei", 40, "female")
    out = recipes.add_recipe(SOUP, lang="zh")
    assert out.cooked_g is None and out.serving_g == 205
    assert "下锅配料" in out.basis


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [({**SOUP, "servings": None}, "servings", "recipes.errors.no_yield"),
     ({**SOUP, "ingredients": ["300 g tomatoes", "2 qqqzzx"]}, "ingredients.1",
      "recipes.errors.not_understood"),
     ({**SOUP, "name": ""}, "name", "errors.invalid"),
     ({**SOUP, "servings": 0}, "servings", "errors.too_small_strict"),
     ({**SOUP, "colour": "red"}, "colour", "errors.unknown_field")],
)  # fmt: skip
def test_bad_recipes_are_field_errors_and_write_nothing(
    db_url: str, data: dict[str, object], field: str, code: str
) -> None:
    add_person("Mei", 40, "female")
    with pytest.raises(InputError) as info:
        recipes.add_recipe(data)
    assert (info.value.problems[0].field, info.value.problems[0].code) == (field, code)
    assert recipes.list_recipes() == []


def test_names_are_unique_per_person_and_lookups_name_the_field(db_url: str) -> None:
    add_person("Mei", 40, "female")
    add_person("Tom", 40, "male")
    recipes.add_recipe(SOUP, "Mei")
    recipes.add_recipe(SOUP, "Tom")  # the same name is fine for someone else
    with pytest.raises(InputError) as taken:
        recipes.add_recipe(SOUP, "Mei")
    assert taken.value.problems[0].field == "name"
    with pytest.raises(NotFoundError) as missing:
        recipes.show_recipe("nope", "Mei")
    assert missing.value.problems[0].field == "name"
    assert recipes.remove_recipe(SOUP["name"], "Mei").name == SOUP["name"]
    assert [r.person for r in recipes.list_recipes("Tom")] == ["Tom"]


def test_a_recipe_is_logged_by_name_like_any_food(db_url: str) -> None:
    add_person("Mei", 40, "female")
    saved = recipes.add_recipe({**SOUP, "cooked_g": 380})
    entry = add_entry(f"1 serving {SOUP['name']}", "2026-11-28", lang="en")
    assert entry.name_en == SOUP["name"] and entry.grams == 190
    assert entry.mg == pytest.approx(saved.mg_per_serving, abs=0.1)
    zh = add_entry(f"{SOUP['name']} 200克", "2026-11-28", lang="zh")
    assert zh.grams == 200


def test_recipes_travel_with_export_and_import_and_go_with_the_person(db_url: str) -> None:
    add_person("Mei", 40, "female")
    recipes.add_recipe({**SOUP, "cooked_g": 380})
    for fmt in ("json", "csv"):
        text, _ = export_text(fmt)
        if fmt == "json":
            assert json.loads(text)["persons"][0]["recipes"][0]["name"] == SOUP["name"]
        parsed = transfer.parse_text(text)
        assert parsed.persons[0].recipes[0].ingredients == SOUP["ingredients"]
        assert parsed.persons[0].recipes[0].cooked_g == 380
    counts = work.read(lambda s: repo.count_rows_of(s, resolve_person(s, "Mei").id))
    assert counts["recipe"] == 1
    delete_person("Mei")
    add_person("Mei", 40, "female")
    assert recipes.list_recipes("Mei") == []


def test_cli_recipe_commands(db_url: str) -> None:
    add_person("Mei", 40, "female")
    added = runner.invoke(
        app, ["recipe", "add", "汤", "-i", "300 g tomatoes", "--servings", "3", "--lang", "zh"]
    )
    assert added.exit_code == 0, added.output
    assert "已保存" in added.output and "估算" in added.output
    listed = runner.invoke(app, ["recipe", "list", "--json"])
    assert json.loads(listed.output)[0]["name"] == "汤"
    shown = runner.invoke(app, ["recipe", "show", "汤", "--lang", "en"])
    assert shown.exit_code == 0 and "300 g" in shown.output
    bad = runner.invoke(app, ["recipe", "add", "x", "-i", "qqqzzx", "--servings", "1"])
    assert bad.exit_code == 2 and "ingredients.0" in bad.output
    removed = runner.invoke(app, ["recipe", "remove", "汤"])
    assert removed.exit_code == 0 and runner.invoke(app, ["recipe", "show", "汤"]).exit_code == 2


LAVER_SOUP: dict[str, Any] = {"name": "紫菜汤", "ingredients": ["5 g 紫菜", "100 g eggs"], "servings": 2}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_recipe_made_with_taiwan_fda_foods_carries_the_tables_attribution(db_url: str, lang: str) -> None:
    """TFDA's licence asks for its credit wherever its values are shown: a recipe's value rests on its
    ingredients' tables, so a recipe with dried laver (a TFDA food) cites and credits TFDA."""
    add_person("Mei", 40, "female")
    laver = recipes.add_recipe(LAVER_SOUP, lang=lang)
    assert laver.items[0].food_id is not None and laver.items[0].food_id.startswith("tfda:")
    assert laver.sources == ["tfda_2024", "usda_sr28"]
    assert laver.attribution is not None and "Taiwan FDA" in laver.attribution
    plain = recipes.add_recipe(SOUP, lang=lang)
    assert plain.sources == ["usda_sr28"] and plain.attribution is None
    assert recipes.recipe_sources("Mei") == {laver.id: ("tfda_2024", "usda_sr28"), plain.id: ("usda_sr28",)}


def test_a_logged_recipe_cites_its_ingredients_tables_in_the_assessment(db_url: str) -> None:
    add_person("Mei", 40, "female")
    laver = recipes.add_recipe(LAVER_SOUP, lang="zh")
    add_entry(f"1 serving {LAVER_SOUP['name']}", "2026-11-28", lang="en")
    out = assess_from_log("Mei", 7, "en", until=dt.date(2026, 11, 28), save=False)
    [entry] = out.intake.foods
    assert entry.food_id == laver.id and entry.source == "recipe"
    assert entry.sources == ["tfda_2024", "usda_sr28"]
    assert "tfda_2024" in [ref.id for ref in out.sources]


def test_the_cli_credits_taiwan_fda_under_logged_entries_and_recipes(db_url: str) -> None:
    add_person("Mei", 40, "female")
    credit = "Taiwan FDA Food Nutrient Database"
    added = runner.invoke(app, ["log", "add", "10 g 紫菜", "--date", "2026-11-28"])
    assert added.exit_code == 0 and credit in added.output, added.output
    plain = runner.invoke(app, ["log", "add", "30 g almonds", "--date", "2026-11-27"])
    assert plain.exit_code == 0 and credit not in plain.output
    listed = runner.invoke(app, ["log", "list"])
    assert listed.exit_code == 0 and credit in listed.output
    assert credit not in runner.invoke(app, ["log", "list", "--date", "2026-11-27"]).output
    recipes.add_recipe(LAVER_SOUP)
    shown = runner.invoke(app, ["recipe", "show", LAVER_SOUP["name"]])
    assert shown.exit_code == 0 and credit in shown.output
    assert credit in runner.invoke(app, ["recipe", "list"]).output
