"""Probability that a person's usual intake is adequate — the IOM (2000) individual-assessment method.

With n daily totals: z = (mean − EAR) / sqrt(SD_req² + SD_within² / n), SD_req = a CV of the EAR (10 %,
the CV the magnesium DRI report assumed; `knowledge/adequacy.toml`), SD_within = the pooled day-to-day SD
of the age/sex group (never the person's own few days, which would be biased). P(adequate) = Φ(z). With
only a stated usual intake, the within-person term is dropped (the person vouches for the long-run mean)
and the output says so. Infants have only an AI: the report's one-sided test gives the confidence that
usual intake is at least the AI, and below the AI *no conclusion of inadequacy* can be drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from magcheck.core.facts import SdWithinRow
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.messages import Msg, msg
from magcheck.core.vocabulary import Sex


def phi(z: float) -> float:
    """Standard normal cumulative distribution Φ(z)."""
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


@dataclass(frozen=True)
class EarTest:
    z: float
    probability: float
    sd_requirement: float
    sd_difference: float


def ear_test(mean: float, ear: float, sd_within: float, n_days: int | None, cv: float) -> EarTest:
    """The IOM z-test against the EAR with SD_req = `cv` × EAR (`KnowledgeBase.adequacy.requirement_cv`);
    `n_days=None` means a stated usual intake (no within term)."""
    sd_r = cv * ear
    variance = sd_r**2 + (sd_within**2 / n_days if n_days else 0.0)
    sd_d = math.sqrt(variance)
    z = (mean - ear) / sd_d
    return EarTest(z=z, probability=phi(z), sd_requirement=sd_r, sd_difference=sd_d)


class AiTest(NamedTuple):
    """The one-sided test against the AI: z, and the confidence that usual intake is at least the AI."""

    z: float
    confidence: float


def ai_test(mean: float, ai: float, sd_within: float, n_days: int) -> AiTest:
    """One-sided test against the AI: z and the confidence that usual intake ≥ AI."""
    z = (mean - ai) / (sd_within / math.sqrt(n_days))
    return AiTest(z, phi(z))


def sd_within_row(kb: KnowledgeBase, age: float, sex: Sex) -> SdWithinRow:
    for row in kb.sd_within:
        if row.sex in ("any", sex) and row.age_min <= age < row.age_max:
            return row
    raise LookupError(f"no within-person SD for age {age}")


def conclusion_for(z: float) -> str:
    """Conclusion id following the bands of IOM Table B-1."""
    if z >= 2.0:
        return "adequate"
    if z >= 1.0:
        return "likely_adequate"
    if z > 0.0:
        return "uncertain"
    if z > -1.0:
        return "possibly_inadequate"
    return "likely_inadequate"


@dataclass
class AdequacyFinding:
    """What the test found; the output's `Adequacy` reads its numbers from the properties (rounded as
    shown, and what the status rules see) and its text and caveats are messages (the service writes them).

    `ear` is the z-test against the EAR, `ai` the test against the AI; `within` is the pooled
    within-person SD used, only for measured days."""

    method: Literal["iom_ear", "iom_ai", "none"]
    conclusion: str
    text: Msg
    caveats: list[Msg] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    n_days: int = 0
    ear: EarTest | None = None
    ai: AiTest | None = None
    within: SdWithinRow | None = None

    @property
    def z(self) -> float | None:
        test = self.ear or self.ai
        return None if test is None else round(test.z, 4)

    @property
    def probability_adequate(self) -> float | None:
        return None if self.ear is None else round(self.ear.probability, 4)

    @property
    def confidence_at_least_ai(self) -> float | None:
        return None if self.ai is None else round(self.ai.confidence, 4)

    @property
    def sd_requirement_mg(self) -> float | None:
        return None if self.ear is None else round(self.ear.sd_requirement, 2)

    @property
    def sd_difference_mg(self) -> float | None:
        return None if self.ear is None else round(self.ear.sd_difference, 2)

    @property
    def sd_within_mg(self) -> float | None:
        return None if self.within is None else self.within.sd_within_mg

    @property
    def sd_within_verified(self) -> bool | None:
        return None if self.within is None else self.within.verified


def _pct(p: float) -> str:
    return f"{100 * p:.0f}%"


def assess_adequacy(
    kb: KnowledgeBase,
    *,
    age: float,
    sex: Sex,
    ear: float | None,
    ai: float | None,
    mean_mg: float | None,
    n_days: int | None,
) -> AdequacyFinding:
    """Adequacy of total intake (food + supplements). `n_days=None` with a mean = stated usual intake."""
    row = sd_within_row(kb, age, sex)
    caveats: list[Msg] = []
    if mean_mg is None:
        return AdequacyFinding("none", "no_intake", msg("core.adequacy.no_intake"), sources=["iom2000"])
    if not row.verified and n_days:
        caveats.append(msg("core.adequacy.sd_estimated", sd=f"{row.sd_within_mg:g}"))
    if n_days and (mean_mg <= 0 or row.sd_within_mg / mean_mg > kb.adequacy.max_reliable_within_cv):
        caveats.append(msg("core.adequacy.high_cv"))
    if ear is not None:
        test = ear_test(mean_mg, ear, row.sd_within_mg, n_days, kb.adequacy.requirement_cv)
        conclusion = conclusion_for(test.z)
        if n_days is None:
            caveats.insert(0, msg("core.adequacy.usual_no_within"))
        else:
            caveats.append(msg("core.adequacy.days_note", n=n_days))
        text = msg(
            f"core.adequacy.conclusion.{conclusion}",
            p=_pct(test.probability),
            z=f"{test.z:.2f}",
            mean=f"{mean_mg:.0f}",
            ear=f"{ear:g}",
        )
        return AdequacyFinding(
            "iom_ear",
            conclusion,
            text,
            caveats,
            sorted({"iom2000", "iom1997", *(row.sources if n_days else ())}),
            n_days=n_days or 0,
            ear=test,
            within=row if n_days else None,
        )
    if ai is None:
        raise LookupError("requirement has neither an EAR nor an AI")
    caveats.append(msg("core.adequacy.ai_caveat"))
    if n_days is None:
        conclusion = "at_or_above_ai" if mean_mg >= ai else "no_conclusion"
        text = msg(f"core.adequacy.ai.{conclusion}_usual", mean=f"{mean_mg:.0f}", ai=f"{ai:g}")
        return AdequacyFinding("iom_ai", conclusion, text, caveats, ["iom2000", "iom1997"])
    found = ai_test(mean_mg, ai, row.sd_within_mg, n_days)
    # The report's Table B-6 reads z > 1.65 (95 %) as "usual intake likely at or above the AI".
    conclusion = "likely_at_or_above_ai" if found.z > 1.65 else "no_conclusion"
    text = msg(
        f"core.adequacy.ai.{conclusion}",
        mean=f"{mean_mg:.0f}",
        ai=f"{ai:g}",
        p=_pct(found.confidence),
        z=f"{found.z:.2f}",
    )
    sources = sorted({"iom2000", "iom1997", *row.sources})
    return AdequacyFinding("iom_ai", conclusion, text, caveats, sources, n_days=n_days, ai=found, within=row)
