"""Serum magnesium: exact unit conversion (Mg = 24.305 g/mol, divalent) and its reading.

< 0.75 mmol/L is hypomagnesaemia (ODS); 0.75–0.85 is normal by the lab range but may hide chronic latent
deficiency (Costello 2016); above 0.95 is above the reference range. Serum holds < 1 % of body magnesium,
so a normal value does not rule out low stores — the text says so. Values outside the plausible range are
refused (`errors.lab_implausible`): a wrong unit is far likelier than such a value in a living person.
"""

from __future__ import annotations

from dataclasses import dataclass

from magcheck.core.errors import input_error
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.messages import Joined, Msg, msg, sentences
from magcheck.core.vocabulary import LabInterpretation, LabUnit, Standard


def default_unit(kb: KnowledgeBase, standard: Standard) -> LabUnit:
    """The unit a serum value without a unit is read in: the one labs use where the standard applies."""
    return kb.labs.default_unit[standard]


def to_mmol_per_l(kb: KnowledgeBase, value: float, unit: LabUnit) -> float:
    """Convert a serum magnesium value to mmol/L exactly."""
    if unit == "mmol/L":
        return value
    if unit == "mg/dL":
        return value * 10.0 / kb.labs.molar_mass_g_per_mol
    return value / kb.labs.valence


def from_mmol_per_l(kb: KnowledgeBase, mmol: float, unit: LabUnit) -> float:
    """The inverse conversion (for showing cut-offs in the person's unit)."""
    if unit == "mmol/L":
        return mmol
    if unit == "mg/dL":
        return mmol * kb.labs.molar_mass_g_per_mol / 10.0
    return mmol * kb.labs.valence


def cutoff_params(kb: KnowledgeBase) -> dict[str, str]:
    """The serum cut-offs (mmol/L) and the molar mass as texts show them: each text takes them as
    placeholders (`{low_mmol}`, `{latent_mmol}`, `{high_mmol}`, `{toxic_mmol}`, `{molar_mass}`) so that the
    numbers live only in `labs.toml`."""
    cut = kb.labs.cutoffs
    return {
        "low_mmol": f"{cut.hypomagnesaemia_below:g}",
        "latent_mmol": f"{cut.latent_deficiency_below:g}",
        "high_mmol": f"{cut.upper_reference:g}",
        "toxic_mmol": f"{cut.toxicity_from:g}",
        "molar_mass": f"{kb.labs.molar_mass_g_per_mol:g}",
    }


def interpret(kb: KnowledgeBase, mmol: float) -> LabInterpretation:
    cut = kb.labs.cutoffs
    if mmol < cut.hypomagnesaemia_below:
        return "hypomagnesaemia"
    if mmol < cut.latent_deficiency_below:
        return "possible_latent_deficiency"
    if mmol <= cut.upper_reference:
        return "normal"
    return "high"


def check_plausible(kb: KnowledgeBase, value: float, unit: LabUnit, field: str) -> float:
    mmol = to_mmol_per_l(kb, value, unit)
    low, high = kb.labs.plausible_min_mmol, kb.labs.plausible_max_mmol
    if not low <= mmol <= high:
        raise input_error(
            field, "errors.lab_implausible", value=f"{mmol:.3g}", low=f"{low:g}", high=f"{high:g}"
        )
    return mmol


@dataclass(frozen=True)
class SerumReading:
    """A serum value read: in mmol/L, as entered, its interpretation, what to say and the sources."""

    mmol: float
    value: float
    unit: LabUnit
    interpretation: LabInterpretation
    text: Joined
    sources: list[str]


def assess_serum(kb: KnowledgeBase, value: float, unit: LabUnit) -> SerumReading:
    mmol = check_plausible(kb, value, unit, "labs.serum_magnesium.value")
    reading = interpret(kb, mmol)
    cutoffs = cutoff_params(kb)
    words: list[Msg] = [msg(f"core.labs.{reading}", value=f"{mmol:.2f}", **cutoffs)]
    if reading in ("normal", "possible_latent_deficiency"):
        words.append(msg("core.labs.serum_caveat"))
    if unit != "mmol/L":
        cut = kb.labs.cutoffs
        words.append(
            msg(
                "core.labs.in_your_unit",
                unit=unit,
                low=f"{from_mmol_per_l(kb, cut.hypomagnesaemia_below, unit):.2f}",
                latent=f"{from_mmol_per_l(kb, cut.latent_deficiency_below, unit):.2f}",
                high=f"{from_mmol_per_l(kb, cut.upper_reference, unit):.2f}",
            )
        )
    if mmol >= kb.labs.cutoffs.toxicity_from and not kb.labs.cutoff_verified.get("toxicity_from", False):
        words.append(msg("core.labs.toxic_secondary", **cutoffs))
    key = {
        "hypomagnesaemia": "hypomagnesaemia_below",
        "possible_latent_deficiency": "latent_deficiency_below",
        "normal": "upper_reference",
        "high": "upper_reference",
    }[reading]
    sources = sorted({*kb.labs.conversion_sources, *kb.labs.cutoff_sources[key]})
    return SerumReading(mmol, value, unit, reading, sentences(*words), sources)
