"""The supplement safety gate: the one function that decides whether any output may size a dose.

Every output path — the assessment's `supplements` block and recommendations, the plan's supplement
option, `magcheck supplement`, the web page, the API and the report — reads the answer of
`supplement_gate`; none of them re-decides. That is what makes "no dose advice" in one block and a sized
dose in another impossible: there is only one answer to read. The limits come from the knowledge base
(`safety_gate.toml`, serum cut-offs from `labs.toml`, the eGFR band from `kidney.toml`), the texts from
the `safety` catalogues (rendered by the service layer).

No dose while any of these holds (most serious first): serum magnesium in the toxic range (≥ 1.74
mmol/L: stop magnesium products, seek care), a reported warning sign, serum above the reference range
(> 0.95: add nothing, stop magnesium products taken on one's own until a clinician has looked),
measured hypomagnesaemia (< 0.75: a clinician must find the cause), dialysis, reported kidney disease,
eGFR < 60, pregnancy or lactation under 19, age under 18. The food plan is never gated.
"""

from __future__ import annotations

from dataclasses import dataclass

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.messages import Msg, Words, msg, sentences
from magcheck.core.vocabulary import GateReasonId


@dataclass(frozen=True)
class GateFacts:
    """What the gate looks at, already in plain units (serum in mmol/L)."""

    age_years: float
    pregnant: bool = False
    lactating: bool = False
    egfr: float | None = None
    dialysis: bool = False
    kidney_disease: bool = False
    serum_mmol: float | None = None
    warning_signs: bool = False


def gate_reasons(kb: KnowledgeBase, facts: GateFacts) -> tuple[GateReasonId, ...]:
    """Every reason that holds, in the knowledge base's order (most serious first); () = gate open."""
    limits = kb.gate.thresholds
    cut = kb.labs.cutoffs
    serum = facts.serum_mmol
    held: set[GateReasonId] = set()
    if serum is not None and serum >= cut.toxicity_from:
        held.add("serum_toxic")
    elif serum is not None and serum > cut.upper_reference:
        held.add("serum_high")
    if serum is not None and serum < cut.hypomagnesaemia_below:
        held.add("serum_low")
    if facts.warning_signs:
        held.add("warning_sign")
    if facts.dialysis:
        held.add("dialysis")
    if facts.kidney_disease:
        held.add("kidney_disease")
    if kb.kidney.at_least(kb.kidney.band_of(facts.egfr), limits.egfr_band):
        held.add("egfr_low")
    if (facts.pregnant or facts.lactating) and facts.age_years < limits.pregnancy_adult_from_years:
        held.add("pregnancy_under_19")
    if facts.age_years < limits.adult_from_years:
        held.add("under_18")
    return tuple(r.id for r in kb.gate.reason if r.id in held)


def _params(kb: KnowledgeBase, reason: GateReasonId, facts: GateFacts) -> dict[str, str]:
    cut = kb.labs.cutoffs
    limits = kb.gate.thresholds
    if reason in ("serum_toxic", "serum_high", "serum_low"):
        assert facts.serum_mmol is not None
        limit = {
            "serum_toxic": cut.toxicity_from,
            "serum_high": cut.upper_reference,
            "serum_low": cut.hypomagnesaemia_below,
        }[reason]
        return {"value": f"{facts.serum_mmol:.2f}", "limit": f"{limit:.2f}"}
    if reason == "egfr_low":
        assert facts.egfr is not None
        return {"egfr": f"{facts.egfr:g}", "limit": f"{kb.kidney.get(limits.egfr_band).limit:g}"}
    if reason == "pregnancy_under_19":
        return {"age": f"{facts.age_years:g}", "limit": f"{limits.pregnancy_adult_from_years:g}"}
    if reason == "under_18":
        return {"age": f"{facts.age_years:g}", "limit": f"{limits.adult_from_years:g}"}
    return {}


@dataclass(frozen=True)
class GateCause:
    """One reason the gate is closed: its id, its message (``safety.gate.<id>``) and sources."""

    id: GateReasonId
    text: Msg
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Gate:
    """The gate's answer: the causes that hold, most serious first (none = a dose may be sized)."""

    causes: tuple[GateCause, ...]

    @property
    def dose_allowed(self) -> bool:
        return not self.causes

    @property
    def text(self) -> Words:
        """``safety.gate.open``, or ``safety.gate.closed`` followed by every cause."""
        if not self.causes:
            return msg("safety.gate.open")
        return sentences(msg("safety.gate.closed"), *(c.text for c in self.causes))

    @property
    def sources(self) -> list[str]:
        return sorted({s for c in self.causes for s in c.sources})


def supplement_gate(kb: KnowledgeBase, facts: GateFacts) -> Gate:
    """The gate's answer with each reason's message and the sources behind it."""
    return Gate(
        tuple(
            GateCause(
                reason,
                msg(f"safety.gate.{reason}", **_params(kb, reason, facts)),
                tuple(kb.gate.sources(reason)),
            )
            for reason in gate_reasons(kb, facts)
        )
    )
