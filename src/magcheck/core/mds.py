"""The Magnesium Depletion Score (Fan et al. 2021) with unknown parts kept unknown.

As published, current use of any diuretic scores 1; where the diuretic is potassium-sparing (a class that
tends to retain magnesium) the component says so.

A component the person did not answer is reported as unknown — never silently 0 — and the score comes
with the range it could reach once the unknown parts are answered. The score is a research index of renal
magnesium wasting (validated only modestly, AUC 0.63), used here as a prompt, never as a diagnosis.
"""

from __future__ import annotations

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.mds_facts import DrinkingComponent, MdsComponentFact, MedicationComponent
from magcheck.core.medications import MedicationMatch
from magcheck.core.models import Mds, MdsComponent
from magcheck.core.vocabulary import MdsLevel, Sex
from magcheck.i18n import Lang, Say, sentences, t


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
    lang: Lang,
) -> Mds:
    """`medications=None` means the person was not asked (unknown), `[]` means none taken.

    Walks the components of `mds.toml` in order; each kind of component (`counts`) has one branch here.
    """
    comps: list[MdsComponent] = []

    def add(component: MdsComponentFact, value: int | None, detail: str) -> None:
        what = component.name.get(lang)
        text = (
            t("core.mds.unknown", lang, what=what)
            if value is None
            else t("core.mds.component_line", lang, what=what, detail=detail, points=value)
        )
        comps.append(MdsComponent(id=component.id, points=value, known=value is not None, text=text))

    for component in kb.mds.component:
        if isinstance(component, MedicationComponent):
            if medications is None:
                add(component, None, "")
                continue
            hits = [m for m in medications if m.klass.mds == component.id]
            names = ", ".join(dict.fromkeys(Say(lang).text(m.drug) for m in hits))
            add(component, component.points if hits else 0, names or t("core.mds.none_taken", lang))
            if any(m.klass.kind == "retention" for m in hits):
                last = comps[-1]
                note = kb.mds.potassium_sparing_note.get(lang)
                comps[-1] = last.model_copy(update={"text": sentences(lang, last.text, note)})
        elif isinstance(component, DrinkingComponent):
            limit = component.above[sex]
            if drinks_per_day is None:
                add(component, None, "")
            else:
                heavy = drinks_per_day > limit
                detail = t("core.mds.drinks", lang, n=f"{drinks_per_day:g}", limit=f"{limit:g}")
                add(component, component.points if heavy else 0, detail)
        else:
            band = kb.kidney.band_of(egfr, dialysis)
            if band is None:
                add(component, None, "")
            else:
                detail = t("core.mds.dialysis", lang) if dialysis and egfr is None else f"eGFR {egfr:g}"
                add(component, component.points_by_band[band], detail)

    most = kb.mds.most()
    score = sum(c.points or 0 for c in comps)
    unknown = [c.id for c in comps if not c.known]
    max_possible = score + sum(most[c] for c in unknown)
    level = mds_level(kb, score)
    top = max_score(kb)
    if unknown:
        text = t(
            "core.mds.summary_partial",
            lang,
            score=score,
            low=score,
            high=max_possible,
            max=top,
            level=t(f"core.mds.level.{level}", lang),
        )
    else:
        text = t("core.mds.summary", lang, score=score, max=top, level=t(f"core.mds.level.{level}", lang))
    text = sentences(lang, text, kb.mds.validation_note.get(lang))
    return Mds(
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
