"""The parts of an assessment the core finds, written as the output shows them in the reader's language.

The parts whose findings are not shaped like their output (the safety gate, the serum reading, the sign
screen) are written here field by field; the others go through `render`. The same writers serve the
whole assessment (`magcheck.service.assessment`) and the single views (`magcheck supplement`, the
requirements table, the history's requirement).
"""

from __future__ import annotations

from magcheck.core.evidence import GradeInfo, Sign
from magcheck.core.gate import Gate
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import SerumReading
from magcheck.core.models import GateReason, LabsResult, SignResult, SignsResult, SupplementGate
from magcheck.core.signs import Screen
from magcheck.core.vocabulary import EvidenceGrade, Frequency
from magcheck.i18n import Say


def gate_result(gate: Gate, say: Say) -> SupplementGate:
    """The safety gate's answer with each reason named."""
    reasons = [GateReason(id=c.id, text=say.words(c.text), sources=list(c.sources)) for c in gate.causes]
    return SupplementGate(
        dose_allowed=gate.dose_allowed, reasons=reasons, text=say.words(gate.text), sources=gate.sources
    )


def labs_result(reading: SerumReading, say: Say) -> LabsResult:
    """The serum value's reading."""
    return LabsResult(
        serum_mmol_per_l=round(reading.mmol, 4),
        input_value=reading.value,
        input_unit=reading.unit,
        interpretation=reading.interpretation,
        text=say.words(reading.text),
        sources=reading.sources,
    )


def _sign_result(kb: KnowledgeBase, sign: Sign, freq: Frequency, say: Say) -> SignResult:
    """One reported sign as the output shows it: a pure function of the knowledge, the frequency and the
    language, so it is made once per process (`_SIGNS`) — it was a tenth of writing an assessment."""
    key = (sign.id, freq, say.lang)
    known = _SIGNS.get(key)
    if known is not None and known[0] is sign and known[1] is kb.grades:
        return known[2]
    cause, supp = sign.evidence_cause, sign.evidence_supplement
    grade_c = say.text(kb.grades[cause.grade].label)
    grade_s = say.text(kb.grades[supp.grade].label)
    made = SignResult(
        id=sign.id,
        frequency=freq,
        name=say.text(sign.name),
        explanation=say.text(sign.explanation),
        evidence_cause=say("core.signs.evidence_line", grade=grade_c, text=say.text(cause.text)),
        evidence_supplement=say("core.signs.evidence_line", grade=grade_s, text=say.text(supp.text)),
        other_causes=[say.text(c) for c in sign.other_causes],
        sources=sorted({*cause.sources, *supp.sources}),
        evidence_cause_grade=cause.grade,
        evidence_supplement_grade=supp.grade,
        one_line=say.text(sign.one_line),
        mechanism=say.text(sign.mechanism),
        weight=kb.grades[cause.grade].weight,
    )
    _SIGNS[key] = (sign, kb.grades, made)
    return made


# by (sign, frequency, language), with the knowledge values it was made from (a knowledge base loaded
# anew makes new ones); shared by every answer that reports the sign (a frozen model)
_SIGNS: dict[tuple[str, str, str], tuple[Sign, dict[EvidenceGrade, GradeInfo], SignResult]] = {}


def signs_result(kb: KnowledgeBase, found: Screen, say: Say) -> SignsResult:
    """The sign screen: each reported sign with what it may mean and its two evidence grades."""
    return SignsResult(
        answered=found.answered,
        reported=len(found.reported),
        burden=round(found.burden, 4),
        burden_level=found.burden_level,
        items=[_sign_result(kb, sign, freq, say) for sign, freq in found.reported],
        caveat=say("core.signs.caveat"),
        ask_warning_signs=found.ask_warning_signs,
    )
