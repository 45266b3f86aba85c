"""The sign screen: what each reported sign may mean, weighted by how well the evidence links it to magnesium.

The burden is Σ weight(grade of "low magnesium causes it") × frequency points, divided by the largest
possible sum over all 11 signs, so it lies in [0, 1] and can only grow when a sign becomes more frequent.
The signs are non-specific: the result always carries that caveat and the other common causes per sign.
"""

from __future__ import annotations

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import SignResult, SignsResult
from magcheck.core.vocabulary import BurdenLevel, Frequency, SignId, WarningSignId
from magcheck.i18n import Lang, t


def burden(kb: KnowledgeBase, answers: dict[SignId, Frequency]) -> float:
    top = max(kb.frequencies.values())
    possible = sum(kb.grades[s.evidence_cause.grade].weight * top for s in kb.signs)
    got = sum(
        kb.grades[kb.sign(sign_id).evidence_cause.grade].weight * kb.frequencies[freq]
        for sign_id, freq in answers.items()
    )
    return got / possible if possible else 0.0


def burden_level(kb: KnowledgeBase, value: float) -> BurdenLevel:
    cut = kb.status.signs
    if value >= cut.high_from:
        return "high"
    if value >= cut.moderate_from:
        return "moderate"
    if value >= cut.low_from:
        return "low"
    return "none"


def warning_questions(kb: KnowledgeBase, answers: dict[SignId, Frequency]) -> list[WarningSignId]:
    """Warning-sign ids to ask about because a related sign was reported (in warning-sign order)."""
    wanted: set[str] = set()
    for sign_id, freq in answers.items():
        if freq != "never":
            wanted.update(kb.sign(sign_id).ask_warning_signs)
    return [w.id for w in kb.warning_signs if w.id in wanted]


def screen(kb: KnowledgeBase, answers: dict[SignId, Frequency], lang: Lang) -> SignsResult:
    value = burden(kb, answers)
    level = burden_level(kb, value)
    items: list[SignResult] = []
    for sign in kb.signs:
        freq = answers.get(sign.id)
        if freq is None or freq == "never":
            continue
        cause, supp = sign.evidence_cause, sign.evidence_supplement
        grade_c = kb.grades[cause.grade].label.get(lang)
        grade_s = kb.grades[supp.grade].label.get(lang)
        items.append(
            SignResult(
                id=sign.id,
                frequency=freq,
                name=sign.name.get(lang),
                explanation=sign.explanation.get(lang),
                evidence_cause=t("core.signs.evidence_line", lang, grade=grade_c, text=cause.text.get(lang)),
                evidence_supplement=t(
                    "core.signs.evidence_line", lang, grade=grade_s, text=supp.text.get(lang)
                ),
                other_causes=[c.get(lang) for c in sign.other_causes],
                sources=sorted({*cause.sources, *supp.sources}),
                evidence_cause_grade=cause.grade,
                evidence_supplement_grade=supp.grade,
                one_line=sign.one_line.get(lang),
                mechanism=sign.mechanism.get(lang),
                weight=kb.grades[cause.grade].weight,
            )
        )
    return SignsResult(
        answered=len(answers),
        reported=len(items),
        burden=round(value, 4),
        burden_level=level,
        items=items,
        caveat=t("core.signs.caveat", lang),
        ask_warning_signs=warning_questions(kb, answers),
    )
