"""The drawn size aids: a reviewed data file with sources, an offline SVG each, and weights per food."""

from __future__ import annotations

import re

from magcheck.foods.store import FoodStore
from magcheck.recall.aids import aids, options_for
from magcheck.web.templating import STATIC_DIR


def test_every_aid_has_its_drawing_with_the_stated_volume() -> None:
    assert [a.id for a in aids()] == ["bowl", "cup", "plate", "handful", "spoon"]
    for aid in aids():
        svg = (STATIC_DIR / aid.image).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
        if aid.volume_ml:
            assert re.search(rf">{aid.volume_ml:g} ml<", svg), aid.id
        assert aid.basis.en and aid.basis.zh and aid.sources


def test_a_bowl_of_rice_weighs_what_the_curated_table_says() -> None:
    rice = FoodStore.open_default().get("20045")
    by_unit = {o.unit: o for o in options_for(rice, "en")}
    assert by_unit["碗"].grams_per_unit == 150 and by_unit["碗"].aid is not None
    assert list(by_unit)[-1] == "g"
    weights = [o.grams_per_unit for o in options_for(rice, "en")[:-1]]
    assert len(weights) == len({round(w) for w in weights})  # no two choices of the same weight
