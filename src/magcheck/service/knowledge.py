"""Views of the reviewed knowledge itself: its version, the assessment form's choices and full citations.

The pages and the API ask here instead of loading the knowledge base themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar, cast

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.labs import cutoff_params
from magcheck.core.mds import max_score
from magcheck.core.models import AssessmentInput
from magcheck.core.plausibility import limit_params
from magcheck.core.vocabulary import CONDITION_IDS
from magcheck.i18n import Lang
from magcheck.knowledge.loader import load_knowledge

_CONDITIONS = set(CONDITION_IDS)
D = TypeVar("D", bound=dict[str, Any])


def knowledge_version() -> str:
    """The version of the reviewed knowledge every result is made with."""
    return str(load_knowledge().version)


def method_params() -> dict[str, str]:
    """The numbers the about page's method texts show, from the knowledge files (their placeholders)."""
    knowledge = load_knowledge()
    return {**cutoff_params(knowledge), "max": str(max_score(knowledge))}


def published(schema: D, knowledge: KnowledgeBase | None = None) -> D:
    """A JSON Schema or OpenAPI document with the plausibility limits and the labs' default units filled
    into its descriptions.

    The input models name them by placeholder (they are reviewed data), so the published documents say
    what `plausibility.toml` and `labs.toml` say; `knowledge` is for tests that change the data."""
    kb = knowledge or load_knowledge()
    units = ", ".join(f"{standard}: {unit}" for standard, unit in kb.labs.default_unit.items())
    params = {**limit_params(kb), "default_units": units}
    placeholder = re.compile(r"\{(" + "|".join(params) + r")\}")

    def fill(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: placeholder.sub(lambda m: params[m[1]], value)
                if key == "description" and isinstance(value, str)
                else fill(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [fill(item) for item in node]
        return node

    return cast(D, fill(schema))


def input_schema() -> dict[str, Any]:
    """The assessment input's JSON Schema as published in docs/input.schema.json."""
    return published(AssessmentInput.model_json_schema())


def references(ref_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The full citation of each known source id, sorted by id (unknown ids are left out)."""
    known = load_knowledge().references
    return [
        {"id": ref_id, "citation": known[ref_id].citation, "url": known[ref_id].url}
        for ref_id in sorted(set(ref_ids))
        if ref_id in known
    ]


def form_options(lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """The choices of the assessment form, in the page's language, from the knowledge base."""
    base = load_knowledge()
    return {
        "signs": [
            {"id": s.id, "name": s.name.get(lang), "one_line": s.one_line.get(lang)}
            for s in sorted(base.signs, key=lambda s: s.order)
        ],
        "warning_signs": [
            {
                "id": w.id,
                "question": w.question.get(lang),
                "related": sorted(
                    {*w.related_signs, *(s.id for s in base.signs if w.id in s.ask_warning_signs)}
                ),
            }
            for w in base.warning_signs
        ],
        "conditions": [
            {"id": c.id, "label": c.name.get(lang)} for c in base.conditions if c.id in _CONDITIONS
        ],
        "compounds": [{"id": c.id, "label": c.name.get(lang)} for c in base.supplements.compound],
    }


def mds_most() -> dict[str, int]:
    """The most points each MDS component can add (from the knowledge base)."""
    return load_knowledge().mds.most()


def mds_names(lang: Lang) -> dict[str, str]:
    """Each MDS component's short name (the chart's label) in `lang`."""
    return {c.id: c.short_name.get(lang) for c in load_knowledge().mds.component}


def knowledge_base() -> KnowledgeBase:
    """The reviewed knowledge as typed values: what the CLI's interactive wizard offers and checks."""
    return load_knowledge()
