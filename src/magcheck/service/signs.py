"""The sign views: the article's signs with their two evidence grades and the warning signs to ask.

`signs_json` and `sign_detail` are what `magcheck signs [ID] --json` and `GET /api/v1/signs[/{id}]`
return; `sign_pages` adds what the pages show (each warning's action and urgency, full references).
"""

from __future__ import annotations

from typing import Any

from magcheck.core.errors import FieldProblem, NotFoundError
from magcheck.core.evidence import Evidence
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.vocabulary import SIGN_IDS
from magcheck.i18n import Lang, t
from magcheck.knowledge.loader import load_knowledge


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


def _extras(lang: Lang) -> dict[str, str]:
    """What goes with every sign listing: no sign proves a deficiency, and the disclaimer."""
    return {"caveat": t("core.signs.caveat", lang), "disclaimer": t("core.disclaimer", lang)}


def signs_json(lang: Lang) -> dict[str, Any]:
    """As `magcheck signs --json`: every sign in the article's order, with the caveat and disclaimer."""
    base = load_knowledge()
    return {"signs": [sign_json(base, s.id, lang) for s in base.signs], **_extras(lang)}


def unknown_sign(sign_id: str) -> FieldProblem:
    return FieldProblem("sign_id", "errors.invalid_key", {"value": sign_id, "allowed": ", ".join(SIGN_IDS)})


def sign_detail(sign_id: str, lang: Lang) -> dict[str, Any]:
    """As `magcheck signs ID --json`; an unknown id is `NotFoundError` (a 404 on the web; the command
    line checks the id first and answers 2, as for any bad argument)."""
    base = load_knowledge()
    if sign_id not in {s.id for s in base.signs}:
        raise NotFoundError([unknown_sign(sign_id)])
    return {**sign_json(base, sign_id, lang), **_extras(lang)}


def _reference(base: KnowledgeBase, ref_id: str) -> dict[str, Any]:
    ref = base.references.get(ref_id)
    return {"id": ref_id, "citation": ref.citation if ref else ref_id, "url": ref.url if ref else None}


def sign_view(sign: Any, lang: Lang) -> dict[str, Any]:
    """One sign as the sign page shows it: `signs ID --json` plus its order, each warning's action and
    urgency, and the full references."""
    base = load_knowledge()
    warnings = [base.warning_sign(w) for w in sign.ask_warning_signs]
    refs = sorted({*sign.evidence_cause.sources, *sign.evidence_supplement.sources})
    return {
        **sign_json(base, sign.id, lang),
        "order": sign.order,
        "ask_warning_signs": [
            {"id": w.id, "question": w.question.get(lang), "action": w.action.get(lang), "urgency": w.urgency}
            for w in warnings
        ],
        "references": [_reference(base, r) for r in refs],
    }


def sign_pages(lang: Lang) -> list[dict[str, Any]]:
    """The signs for the pages: the API's content plus full citations and each warning's action."""
    out = []
    for view in [sign_view(s, lang) for s in sorted(load_knowledge().signs, key=lambda s: s.order)]:
        out.append(
            {
                **view,
                "cause": view["evidence_cause"],
                "supplement": view["evidence_supplement"],
                "warnings": view["ask_warning_signs"],
            }
        )
    return out


def sign_grades() -> dict[str, dict[str, str]]:
    """Each sign's two grades (what the results page badges)."""
    return {
        s.id: {"cause": s.evidence_cause.grade, "supplement": s.evidence_supplement.grade}
        for s in load_knowledge().signs
    }


def sign_names(lang: Lang) -> dict[str, str]:
    """Each sign's name in `lang` (the history page's check-in table)."""
    return {s.id: s.name.get(lang) for s in load_knowledge().signs}


def sign_questions(lang: Lang) -> dict[str, str]:
    """Each sign as the check-in asks about it: its name and one-line explanation in `lang`."""
    base = load_knowledge()
    out = {}
    for sign_id in SIGN_IDS:
        sign = base.sign(sign_id)
        name, one_line = sign.name.get(lang), sign.one_line.get(lang)
        out[sign_id] = f"{name} — {one_line}" if one_line else name
    return out
