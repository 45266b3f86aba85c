"""Serum magnesium units and cut-offs (clinical.md §4.1–4.2; molar mass 24.305 g/mol, divalent)."""

from __future__ import annotations

import pytest

from magcheck.core.errors import InputError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import assess_serum, from_mmol_per_l, interpret, to_mmol_per_l
from magcheck.i18n import Say
from magcheck.service.parts import labs_result


def test_exact_conversions(kb: KnowledgeBase) -> None:
    assert to_mmol_per_l(kb, 1.7, "mg/dL") == pytest.approx(17 / 24.305, rel=1e-12)
    assert to_mmol_per_l(kb, 1.5, "mEq/L") == 0.75
    assert to_mmol_per_l(kb, 0.8, "mmol/L") == 0.8
    assert from_mmol_per_l(kb, 1.0, "mg/dL") == pytest.approx(2.4305)


# clinical.md §4.1 table: mmol/L -> (mg/dL, mEq/L), printed to 2 decimals
@pytest.mark.parametrize(
    ("mmol", "mg_dl", "meq"), [(0.70, 1.70, 1.40), (0.75, 1.82, 1.50), (0.85, 2.07, 1.70), (0.95, 2.31, 1.90)]
)
def test_spec_conversion_table(kb: KnowledgeBase, mmol: float, mg_dl: float, meq: float) -> None:
    assert round(from_mmol_per_l(kb, mmol, "mg/dL"), 2) == mg_dl
    assert round(from_mmol_per_l(kb, mmol, "mEq/L"), 2) == meq
    assert to_mmol_per_l(kb, meq, "mEq/L") == pytest.approx(mmol)


@pytest.mark.parametrize(
    ("mmol", "reading"),
    [
        (0.74, "hypomagnesaemia"),
        (0.75, "possible_latent_deficiency"),
        (0.849, "possible_latent_deficiency"),
        (0.85, "normal"),
        (0.95, "normal"),
        (0.96, "high"),
    ],
)
def test_cutoffs(kb: KnowledgeBase, mmol: float, reading: str) -> None:
    assert interpret(kb, mmol) == reading


def test_mg_dl_value_read_in_mmol(kb: KnowledgeBase) -> None:
    result = labs_result(assess_serum(kb, 1.7, "mg/dL"), Say("en"))
    assert result.serum_mmol_per_l == pytest.approx(0.6994, abs=1e-4)
    assert result.interpretation == "hypomagnesaemia"
    assert result.input_unit == "mg/dL" and "0.70 mmol/L" in result.text
    assert "In mg/dL: below 1.82 is hypomagnesaemia, 1.82–2.07" in result.text  # clinical.md §4.1 table


def test_latent_range_cites_costello(kb: KnowledgeBase) -> None:
    result = labs_result(assess_serum(kb, 0.8, "mmol/L"), Say("zh"))
    assert "costello2016" in result.sources and "0.85" in result.text
    assert "1%" in result.text  # serum holds < 1 % of body magnesium


@pytest.mark.parametrize(("value", "unit"), [(50, "mmol/L"), (0.05, "mmol/L"), (40, "mg/dL"), (30, "mEq/L")])
def test_implausible_values_are_refused(kb: KnowledgeBase, value: float, unit: str) -> None:
    with pytest.raises(InputError) as info:
        labs_result(assess_serum(kb, value, unit), Say("en"))  # type: ignore[arg-type]
    problem = info.value.problems[0]
    assert problem.field == "labs.serum_magnesium.value" and problem.code == "errors.lab_implausible"


def test_toxic_range_says_its_threshold_is_unverified(kb: KnowledgeBase) -> None:
    result = labs_result(assess_serum(kb, 2.0, "mmol/L"), Say("en"))
    assert result.interpretation == "high" and "secondary copies" in result.text
    assert "secondary copies" not in labs_result(assess_serum(kb, 1.2, "mmol/L"), Say("en")).text
