"""The Magnesium Depletion Score (Fan et al. 2021) with unknown parts kept unknown.

As published, current use of any diuretic scores 1; where the diuretic is potassium-sparing (a class that
tends to retain magnesium) the component says so.

A component the person did not answer is reported as unknown — never silently 0 — and the score comes
with the range it could reach once the unknown parts are answered. The score is a research index of renal
magnesium wasting (validated only modestly, AUC 0.63), used here as a prompt, never as a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.mds_facts import DrinkingComponent, MdsComponentFact, MedicationComponent
from magcheck.core.medications import MedicationMatch
from magcheck.core.messages import Words, msg, sentences, verbatim
from magcheck.core.vocabulary import MdsLevel, Sex


@dataclass(frozen=True)
class MdsComponentFinding:
    """One component of the score as the output's `MdsComponent`, its line in words."""

    id: str
    points: int | None
    known: bool
    text: Words


@dataclass(frozen=True)
class MdsFinding:
    """The output's `Mds` with its summary in words."""

    score: int
    min_possible: int
    max_possible: int
    components: list[MdsComponentFinding]
    unknown: list[str]
    level: MdsLevel
    text: Words
    sources: list[str]


def mds_level(kb: KnowledgeBase, score: int) -> MdsLevel:
    levels = kb.mds.levels
    if score <= levels.low_max:
        return "low"
    if score <= levels.moderate_max:
        return "moderate"
    return "high"


def max_score(kb: KnowledgeBase) -> int:
    """The highest score the published points allow (every component at its top value)."""
    return sum(kb.mds.most().values())


def compute_mds(
    kb: KnowledgeBase,
    *,
    sex: Sex,
    medications: list[MedicationMatch] | None,
    drinks_per_day: float | None,
    egfr: float | None,
    dialysis: bool,
) -> MdsFinding:
    """`medications=None` means the person was not asked (unknown), `[]` means none taken.

    Walks the components of `mds.toml` in order; each kind of component (`counts`) has one branch here.
    """
    comps: list[MdsComponentFinding] = []

    def add(component: MdsComponentFact, value: int | None, detail: Words, note: Words | None = None) -> None:
        what = component.name
        text: Words = (
            msg("core.mds.unknown", what=what)
            if value is None
            else msg("core.mds.component_line", what=what, detail=detail, points=value)
        )
        if note is not None:
            text = sentences(text, note)
        comps.append(MdsComponentFinding(id=component.id, points=value, known=value is not None, text=text))

    for component in kb.mds.component:
        if isinstance(component, MedicationComponent):
            if medications is None:
                add(component, None, "")
                continue
            hits = [m for m in medications if m.klass.mds == component.id]
            names = verbatim(", ", list(dict.fromkeys(m.drug for m in hits)))
            retention = any(m.klass.kind == "retention" for m in hits)
            note = kb.mds.potassium_sparing_note if retention else None
            add(
                component,
                component.points if hits else 0,
                names if hits else msg("core.mds.none_taken"),
                note,
            )
        elif isinstance(component, DrinkingComponent):
            limit = component.above[sex]
            if drinks_per_day is None:
                add(component, None, "")
            else:
                heavy = drinks_per_day > limit
                drinks = msg("core.mds.drinks", n=f"{drinks_per_day:g}", limit=f"{limit:g}")
                add(component, component.points if heavy else 0, drinks)
        else:
            band = kb.kidney.band_of(egfr, dialysis)
            if band is None:
                add(component, None, "")
            else:
                detail: Words = msg("core.mds.dialysis") if dialysis and egfr is None else f"eGFR {egfr:g}"
                add(component, component.points_by_band[band], detail)

    most = kb.mds.most()
    score = sum(c.points or 0 for c in comps)
    unknown = [c.id for c in comps if not c.known]
    max_possible = score + sum(most[c] for c in unknown)
    level = mds_level(kb, score)
    top = max_score(kb)
    level_name = msg(f"core.mds.level.{level}")
    if unknown:
        summary = msg(
            "core.mds.summary_partial", score=score, low=score, high=max_possible, max=top, level=level_name
        )
    else:
        summary = msg("core.mds.summary", score=score, max=top, level=level_name)
    text = sentences(summary, kb.mds.validation_note)
    return MdsFinding(
        score=score,
        min_possible=score,
        max_possible=max_possible,
        components=comps,
        unknown=unknown,
        level=level,
        text=text,
        sources=sorted(
            {
                *kb.mds.sources,
                *(
                    kb.mds.potassium_sparing_sources
                    if any(m.klass.kind == "retention" for m in medications or [])
                    else ()
                ),
            }
        ),
    )
