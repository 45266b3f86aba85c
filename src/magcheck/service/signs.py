"""The sign view: one of the article's signs with its two evidence grades and the warning signs to ask."""

from __future__ import annotations

from typing import Any

from magcheck.core.evidence import Evidence
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.i18n import Lang


def sign_json(knowledge: KnowledgeBase, sign_id: str, lang: Lang) -> dict[str, Any]:
    """One of the article's signs as `magcheck signs ID --json` and the API show it."""
    sign = knowledge.sign(sign_id)

    def evidence(ev: Evidence) -> dict[str, Any]:
        return {
            "grade": ev.grade,
            "grade_label": knowledge.grades[ev.grade].label.get(lang),
            "text": ev.text.get(lang),
            "sources": list(ev.sources),
        }

    return {
        "id": sign.id,
        "name": sign.name.get(lang),
        "one_line": sign.one_line.get(lang),
        "explanation": sign.explanation.get(lang),
        "mechanism": sign.mechanism.get(lang),
        "evidence_cause": evidence(sign.evidence_cause),
        "evidence_supplement": evidence(sign.evidence_supplement),
        "other_causes": [c.get(lang) for c in sign.other_causes],
        "ask_warning_signs": [
            {"id": w, "question": knowledge.warning_sign(w).question.get(lang)}
            for w in sign.ask_warning_signs
        ],
    }
