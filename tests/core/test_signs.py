"""The sign screen: evidence-weighted burden, honest caveat, other causes and warning questions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import SignsResult
from magcheck.core.signs import burden, burden_level, screen
from magcheck.core.vocabulary import SIGN_IDS, Frequency, SignId
from magcheck.i18n import Lang, Say
from magcheck.service.parts import signs_result


def _screen(kb: KnowledgeBase, answers: dict[SignId, Frequency], lang: Lang) -> SignsResult:
    """The core's screen written in `lang`, as the assessment shows it."""
    return signs_result(kb, screen(kb, answers), Say(lang))


FREQS: tuple[Frequency, ...] = ("never", "sometimes", "often", "daily")


def test_no_signs_no_burden(kb: KnowledgeBase) -> None:
    result = _screen(kb, {}, "en")
    assert result.burden == 0 and result.burden_level == "none" and result.items == []
    assert "non-specific" in result.caveat


def test_all_daily_is_the_maximum(kb: KnowledgeBase) -> None:
    result = _screen(kb, dict.fromkeys(SIGN_IDS, "daily"), "en")  # type: ignore[arg-type]
    assert result.burden == 1.0 and result.burden_level == "high" and result.reported == 11


def test_burden_is_weighted_by_evidence_of_cause(kb: KnowledgeBase) -> None:
    """A sign whose link to low magnesium is better supported weighs more than a weakly linked one."""
    weights = {s.id: kb.grades[s.evidence_cause.grade].weight for s in kb.signs}
    strongest = max(weights, key=weights.__getitem__)
    weakest = min(weights, key=weights.__getitem__)
    assert weights[strongest] > weights[weakest]
    assert burden(kb, {strongest: "often"}) > burden(kb, {weakest: "often"})


def test_items_carry_evidence_other_causes_and_sources(kb: KnowledgeBase) -> None:
    result = _screen(kb, {"muscle_cramps": "often", "fatigue": "never"}, "zh")
    assert result.answered == 2 and result.reported == 1
    item = result.items[0]
    assert item.id == "muscle_cramps" and item.evidence_supplement_grade == "against"
    assert "garrison2020_cochrane" in item.sources and len(item.other_causes) >= 3
    assert any("\u4e00" <= ch <= "\u9fff" for ch in item.name)


def test_related_warning_questions_are_asked(kb: KnowledgeBase) -> None:
    assert {"chest_pain", "fainting"} <= set(
        _screen(kb, {"irregular_heartbeat": "sometimes"}, "en").ask_warning_signs
    )
    assert "suicidal_thoughts" in _screen(kb, {"anxiety_mood": "often"}, "en").ask_warning_signs
    assert _screen(kb, {"irregular_heartbeat": "never"}, "en").ask_warning_signs == []


def test_burden_levels_use_the_rule_table(kb: KnowledgeBase) -> None:
    cut = kb.status.signs
    assert burden_level(kb, 0) == "none"
    assert burden_level(kb, cut.moderate_from - 1e-6) == "low"
    assert burden_level(kb, cut.moderate_from) == "moderate"
    assert burden_level(kb, cut.high_from) == "high"


@settings(max_examples=100, deadline=None)
@given(
    answers=st.dictionaries(st.sampled_from(SIGN_IDS), st.sampled_from(FREQS)), sign=st.sampled_from(SIGN_IDS)
)
def test_burden_never_falls_when_a_sign_becomes_more_frequent(
    kb: KnowledgeBase, answers: dict[SignId, Frequency], sign: SignId
) -> None:
    current = answers.get(sign, "never")
    for more in FREQS[FREQS.index(current) :]:
        assert burden(kb, {**answers, sign: more}) >= burden(kb, answers)
    assert 0.0 <= burden(kb, answers) <= 1.0
