"""Evidence-graded facts: the signs, the warning signs and the claims, each text with its grade and sources.

Kept apart from `facts.py` because these are what a person reads about a symptom or a headline, not numbers a
rule computes with; their shape is checked when `magcheck.knowledge.loader` reads `signs.toml`,
`warning_signs.toml` and `claims.toml`.
"""

from __future__ import annotations

from pydantic import Field

from magcheck.core.facts import Fact, Text
from magcheck.core.vocabulary import ClaimVerdict, EvidenceGrade, Frequency, SignId, Urgency, WarningSignId


class GradeInfo(Fact):
    weight: float = Field(ge=0, le=1)
    label: Text
    description: Text


class Evidence(Fact):
    grade: EvidenceGrade
    text: Text
    sources: tuple[str, ...] = Field(min_length=1)


class Sign(Fact):
    id: SignId
    order: int
    name: Text
    one_line: Text
    explanation: Text
    mechanism: Text
    evidence_cause: Evidence
    evidence_supplement: Evidence
    other_causes: tuple[Text, ...]
    ask_warning_signs: tuple[WarningSignId, ...] = ()


class SignsFile(Fact):
    grades: dict[EvidenceGrade, GradeInfo]
    frequencies: dict[Frequency, int]
    sign: tuple[Sign, ...]


class WarningSign(Fact):
    id: WarningSignId
    question: Text
    text: Text
    action: Text
    urgency: Urgency
    related_signs: tuple[SignId, ...] = ()
    sources: tuple[str, ...]


class Claim(Fact):
    id: str
    article: Text
    verdict: ClaimVerdict
    what_sources_say: Text
    sources: tuple[str, ...] = Field(min_length=1)
