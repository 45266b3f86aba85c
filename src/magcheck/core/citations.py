"""The reference list of an assessment: every source id any part of the output cites, made into citations.

Run on the written output (`Assessment`): a part cites its `sources`, every USDA food it names cites SR28
and every Taiwan FDA food the 2024 table, so no part of the output cites a source the list leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import Assessment, SourceRef

# The USDA SR28 release every food's magnesium value (food log and plan) is read from.
FOOD_SOURCE = "usda_sr28"
TFDA_SOURCE = "tfda_2024"  # foods whose values come from the Taiwan FDA table (attribution required)


def _nests(annotation: object) -> bool:
    """Whether a field of this type can hold a model or a list (what `_cited` walks into)."""
    if annotation is Any or annotation is object:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | list):
        return True
    return get_origin(annotation) is list or any(_nests(arg) for arg in get_args(annotation))


@cache
def _walk_plan(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The fields of `model` that `_cited` reads, each with what it means: ``sources`` (a list of ids),
    ``ndb`` (a food from SR28), ``source`` (the food's table) or ``walk`` (may hold more models). Worked
    out once per class from the field types, so the walk skips the text and number fields."""
    plan = []
    for name, info in model.model_fields.items():
        if name in ("sources", "ndb", "source"):
            plan.append((name, name))
        elif _nests(info.annotation):
            plan.append((name, "walk"))
    return tuple(plan)


def _cited(value: object) -> list[str]:
    """Every source id a part of the output cites: its `sources` lists, and SR28 for each food it names.

    An explicit stack over the fields that can cite or nest (`_walk_plan`), not a recursive generator
    over every field: it runs twice per assessment on the API's hot path.
    """
    out: list[str] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(x for x in item if isinstance(x, BaseModel | list))
            continue
        if not isinstance(item, BaseModel):
            continue
        fields = item.__dict__
        for name, kind in _walk_plan(type(item)):
            field = fields.get(name)
            if kind == "walk":
                if isinstance(field, BaseModel | list):
                    stack.append(field)
            elif kind == "sources":
                if isinstance(field, list):
                    out.extend(ref for ref in field if isinstance(ref, str))
            elif kind == "ndb":
                if field is not None:
                    out.append(FOOD_SOURCE)
            elif field == "tfda":
                out.append(TFDA_SOURCE)
    return out


def with_sources(
    assessment: Assessment, kb: KnowledgeBase, also: Iterable[str] = (), parts: Iterable[object] | None = None
) -> Assessment:
    """`assessment` whose `sources` lists every id cited anywhere in it (plus `also` and those it listed).

    The one place the reference list is made: the service calls it on the whole assessment, and again for
    just the `parts` it added afterwards (the plan, whose foods rest on SR28, and its recommendation), so
    no part of the output cites a source the list leaves out.
    """
    walked = _cited(assessment) if parts is None else _cited(list(parts))
    cited = {*also, *(ref.id for ref in assessment.sources), *walked}
    sources = [
        SourceRef(id=ref_id, citation=kb.references[ref_id].citation, url=kb.references[ref_id].url)
        for ref_id in sorted(cited)
    ]
    return assessment.model_copy(update={"sources": sources})
