"""The sign screen: what each reported sign may mean, weighted by how well the evidence links it to magnesium.

The burden is Σ weight(grade of "low magnesium causes it") × frequency points, divided by the largest
possible sum over all 11 signs, so it lies in [0, 1] and can only grow when a sign becomes more frequent.
The signs are non-specific: the result always carries that caveat and the other common causes per sign
(worded by the service layer from the reported signs' own facts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from magcheck.core.evidence import Sign
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.vocabulary import BurdenLevel, Frequency, SignId, WarningSignId

BURDEN_MAX = 1.0
"""The largest burden (every sign at its most frequent): what a burden chart's scale runs up to."""


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


@dataclass(frozen=True)
class Screen:
    """The screen's result: the burden and its level, the signs reported (in the article's order, with
    their frequency) and the warning signs to ask about."""

    answered: int
    burden: float
    burden_level: BurdenLevel
    reported: Sequence[tuple[Sign, Frequency]]
    ask_warning_signs: list[WarningSignId]


def screen(kb: KnowledgeBase, answers: dict[SignId, Frequency]) -> Screen:
    value = burden(kb, answers)
    reported = [
        (sign, freq) for sign in kb.signs if (freq := answers.get(sign.id)) is not None and freq != "never"
    ]
    return Screen(len(answers), value, burden_level(kb, value), reported, warning_questions(kb, answers))
