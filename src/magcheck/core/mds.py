"""The Magnesium Depletion Score (Fan et al. 2021) with unknown parts kept unknown.

As published, current use of any diuretic scores 1; where the diuretic is potassium-sparing (a class that
tends to retain magnesium) the component says so.

A component the person did not answer is reported as unknown — never silently 0 — and the score comes
with the range it could reach once the unknown parts are answered. The score is a research index of renal
magnesium wasting (validated only modestly, AUC 0.63), used here as a prompt, never as a diagnosis.
"""

from __future__ import annotations

from typing import Literal

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.medications import MedicationMatch
from magcheck.core.models import Mds, MdsComponent, Sex
from magcheck.i18n import Lang, sentences, t

ComponentId = Literal["diuretic", "ppi", "heavy_drinking", "kidney"]


def mds_level(kb: KnowledgeBase, score: int) -> Literal["low", "moderate", "high"]:
    levels = kb.mds.levels
    if score <= levels.low_max:
        return "low"
    if score <= levels.moderate_max:
        return "moderate"
    return "high"


def kidney_points(kb: KnowledgeBase, egfr: float | None, dialysis: bool) -> int | None:
    """eGFR < 60 → 2, 60–90 → 1, > 90 → 0; dialysis implies eGFR < 60; unknown → None."""
    if dialysis:
        return kb.mds.points.egfr_below_60
    if egfr is None:
        return None
    if egfr < kb.mds.egfr.below_60:
        return kb.mds.points.egfr_below_60
    if egfr <= kb.mds.egfr.upper_90:
        return kb.mds.points.egfr_60_90
    return 0


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
    """`medications=None` means the person was not asked (unknown), `[]` means none taken."""
    points = kb.mds.points
    comps: list[MdsComponent] = []

    def add(cid: ComponentId, value: int | None, detail: str) -> None:
        text = (
            t("core.mds.unknown", lang, what=t(f"core.mds.component.{cid}", lang))
            if value is None
            else t(
                "core.mds.component_line",
                lang,
                what=t(f"core.mds.component.{cid}", lang),
                detail=detail,
                points=value,
            )
        )
        comps.append(MdsComponent(id=cid, points=value, known=value is not None, text=text))

    drug_parts: tuple[tuple[ComponentId, str, int], ...] = (
        ("diuretic", "diuretic", points.diuretic),
        ("ppi", "ppi", points.ppi),
    )
    for cid, mds_kind, full in drug_parts:
        if medications is None:
            add(cid, None, "")
            continue
        hits = [m for m in medications if m.klass.mds == mds_kind]
        names = ", ".join(dict.fromkeys(m.drug.zh if lang == "zh" else m.drug.en for m in hits))
        add(cid, full if hits else 0, names or t("core.mds.none_taken", lang))
        if any(m.klass.kind == "retention" for m in hits):
            last = comps[-1]
            note = kb.mds.potassium_sparing_note.get(lang)
            comps[-1] = last.model_copy(update={"text": sentences(lang, last.text, note)})

    limit = kb.mds.heavy_drinking.limit(sex)
    if drinks_per_day is None:
        add("heavy_drinking", None, "")
    else:
        heavy = drinks_per_day > limit
        add(
            "heavy_drinking",
            points.heavy_drinking if heavy else 0,
            t("core.mds.drinks", lang, n=f"{drinks_per_day:g}", limit=f"{limit:g}"),
        )

    kidney = kidney_points(kb, egfr, dialysis)
    if kidney is None:
        add("kidney", None, "")
    else:
        detail = t("core.mds.dialysis", lang) if dialysis and egfr is None else f"eGFR {egfr:g}"
        add("kidney", kidney, detail)

    full_points: dict[str, int] = {
        "diuretic": points.diuretic,
        "ppi": points.ppi,
        "heavy_drinking": points.heavy_drinking,
        "kidney": points.egfr_below_60,
    }
    score = sum(c.points or 0 for c in comps)
    unknown = [c.id for c in comps if not c.known]
    max_possible = score + sum(full_points[c] for c in unknown)
    level = mds_level(kb, score)
    if unknown:
        text = t(
            "core.mds.summary_partial",
            lang,
            score=score,
            low=score,
            high=max_possible,
            level=t(f"core.mds.level.{level}", lang),
        )
    else:
        text = t("core.mds.summary", lang, score=score, level=t(f"core.mds.level.{level}", lang))
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
