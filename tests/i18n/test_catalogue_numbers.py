"""Texts take the numbers that live in knowledge data as placeholders, never typed again.

A cut-off typed into a sentence drifts from the one the rule uses the day someone edits `labs.toml`.
So: no catalogue text and no knowledge text may contain a serum cut-off or the molar mass, and the
rendered texts must show whatever the data says — checked by changing the data and reading the text.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import assess_serum, cutoff_params
from magcheck.core.mds import max_score
from magcheck.core.models import AssessmentInput
from magcheck.i18n import LANGS, Lang, Say, catalogue, t
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.loader import load_knowledge
from magcheck.service.assessment import assess_unplanned
from magcheck.service.parts import labs_result

BASE = load_knowledge()
# Texts that quote a source's own figures, which happen to equal a cut-off: the claim review says what
# Costello et al. 2016 proposed (0.75–0.85 mmol/L), which is the source of `latent_deficiency_below`.
QUOTES = {("claims.toml", "claim[2].what_sources_say")}


def _threshold_numbers(base: KnowledgeBase) -> set[str]:
    cut = base.labs.cutoffs
    values = (cut.hypomagnesaemia_below, cut.latent_deficiency_below, cut.upper_reference, cut.toxicity_from)
    return {f"{v:g}" for v in (*values, base.labs.molar_mass_g_per_mol)}


def _has_number(text: str, number: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text) is not None


def _texts(data: Any, where: str) -> list[tuple[str, str]]:
    """Every string under `en`/`zh` keys of a knowledge file (the texts users read)."""
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in LANGS and isinstance(value, str):
                out.append((where, value))
            else:
                out += _texts(value, f"{where}.{key}" if where else key)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _texts(value, f"{where}[{i}]")
    return out


def test_no_catalogue_text_types_a_cut_off() -> None:
    numbers = _threshold_numbers(BASE)
    typed = [
        f"{lang}:{key} has {n}"
        for lang in LANGS
        for key, text in catalogue(lang).items()
        for n in numbers
        if _has_number(text, n)
    ]
    assert typed == []


def test_no_knowledge_text_types_a_cut_off() -> None:
    numbers = _threshold_numbers(BASE)
    typed = []
    for path in sorted(Path(KNOWLEDGE_DIR).glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for where, text in _texts(data, ""):
            if (path.name, where.rsplit(".", 1)[0] if where.endswith(LANGS) else where) in QUOTES:
                continue
            typed += [f"{path.name}:{where} has {n}" for n in numbers if _has_number(text, n)]
    assert typed == []


def test_the_quoted_claim_still_matches_the_data() -> None:
    """The one text allowed to repeat cut-offs quotes exactly the data's numbers."""
    claim = next(c for c in BASE.claims if "Costello" in c.what_sources_say.en)
    params = cutoff_params(BASE)
    assert f"{params['low_mmol']} and {params['latent_mmol']} mmol/L" in claim.what_sources_say.en
    assert f"{params['low_mmol']}-{params['latent_mmol']}毫摩尔/升" in claim.what_sources_say.zh


def _changed(**cutoffs: float) -> KnowledgeBase:
    labs = BASE.labs.model_copy(update={"cutoffs": BASE.labs.cutoffs.model_copy(update=cutoffs)})
    return BASE.model_copy(update={"labs": labs})


# numbers no text contains by chance, so finding them proves the text came from the data
ODD = {
    "hypomagnesaemia_below": 0.731,
    "latent_deficiency_below": 0.862,
    "upper_reference": 0.973,
    "toxicity_from": 1.777,
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("mmol", "shown"),
    [
        (0.5, ["0.731"]),
        (0.8, ["0.731", "0.862", "0.973"]),
        (1.2, ["0.731", "0.973"]),
        (1.9, ["0.731", "0.973", "1.777"]),
    ],
)
def test_the_lab_reading_shows_the_data_cut_offs(lang: Lang, mmol: float, shown: list[str]) -> None:
    result = labs_result(assess_serum(_changed(**ODD), mmol, "mmol/L"), Say(lang))
    assert [n for n in shown if n not in result.text] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("mmol", "shown"), [(0.5, "0.731"), (0.8, "0.862"), (1.2, "0.973"), (1.9, "1.777")])
def test_the_status_and_red_flags_show_the_data_cut_offs(lang: Lang, mmol: float, shown: str) -> None:
    inp = AssessmentInput.model_validate(
        {
            "profile": {"age_years": 40, "sex": "female"},
            "intake": {"usual_mg": 150},
            "labs": {"serum_magnesium": {"value": mmol, "unit": "mmol/L"}},
        }
    )
    out = assess_unplanned(inp, _changed(**ODD), lang)
    texts = [r.text for r in out.status.reasons] + [f.text for f in out.red_flags]
    texts += [r.text for r in out.recommendations]
    assert any(shown in text for text in texts), texts


@pytest.mark.parametrize("lang", LANGS)
def test_the_method_texts_fill_their_numbers(lang: Lang) -> None:
    params = {**cutoff_params(BASE), "max": str(max_score(BASE))}
    labs = t("web.about.m_labs_text", lang, **params)
    assert "24.305" in labs and "0.75" in labs and "0.95" in labs
    assert "5" in t("web.about.m_mds_text", lang, **params)


def test_the_mds_maximum_comes_from_the_points() -> None:
    """Fan 2021: diuretic 1 + PPI 1 + heavy drinking 1 + eGFR < 60 → 2 = 5."""
    assert max_score(BASE) == 5
