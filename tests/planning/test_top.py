"""The per-kcal list names foods a person can actually eat a portion of."""

from __future__ import annotations

from magcheck.planning.top import top_foods


def test_per_100kcal_lists_only_foods_with_an_eating_portion() -> None:
    foods = top_foods("100kcal", None, [], 40, "en")
    assert len(foods) == 40
    assert all(f.portion is not None and f.mg_per_portion for f in foods)
    names = " ".join(f.name_en.lower() for f in foods)
    assert "espresso" not in names and "fish sauce" not in names
    values = [f.mg_per_100kcal or 0 for f in foods]
    assert values == sorted(values, reverse=True)
    # leafy greens lead: with the Taiwan FDA foods, measured bok choy varieties rank above spinach
    assert sum(f.group == "leafy_greens" for f in foods[:5]) >= 2
    assert any("spinach" in f.name_en.lower() for f in foods[:10])
    assert any(f.food_id.startswith("tfda:") for f in foods)  # TFDA measured foods are ranked too


def test_per_100g_still_ranks_every_food_with_a_value() -> None:
    foods = top_foods("100g", None, [], 10, "en")
    values = [f.mg_per_100g for f in foods]
    assert values == sorted(values, reverse=True)
    assert values[0] >= 500  # e.g. rice bran or pumpkin seeds, hundreds of mg per 100 g in SR28
