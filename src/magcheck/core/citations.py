"""The reference list of an assessment: every source id any part of the output cites, made into citations.

Run on the written output (`Assessment`): a part cites its `sources`, every USDA food it names cites SR28
and every Taiwan FDA food the 2024 table, so no part of the output cites a source the list leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from magcheck.core.facts import Reference
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


@dataclass(frozen=True, slots=True)
class _Plan:
    """What `_cited` reads of one model class: the fields that may hold more models (`walk`), and whether
    it has ``sources`` (a list of ids), ``ndb`` (a food from SR28) and ``source`` (the food's table)."""

    walk: tuple[str, ...]
    sources: bool
    ndb: bool
    source: bool


def _plan_of(model: type[BaseModel]) -> _Plan:
    """Worked out once per class from the field types, so the walk skips the text and number fields."""
    plan = _PLANS.get(model)
    if plan is None:
        names = model.model_fields
        walk = tuple(
            name
            for name, info in names.items()
            if name not in ("sources", "ndb", "source") and _nests(info.annotation)
        )
        plan = _PLANS[model] = _Plan(walk, "sources" in names, "ndb" in names, "source" in names)
    return plan


_PLANS: dict[type[BaseModel], _Plan] = {}


def _cited(value: object) -> list[str]:
    """Every source id a part of the output cites: its `sources` lists, and SR28 for each food it names.

    An explicit stack of lists over the fields that can cite or nest (`_Plan`), not a recursive generator
    over every field: it runs twice per assessment on the API's hot path, over every food of the log and
    the plan. The ids come in no useful order.
    """
    out: list[str] = []
    stack: list[list[Any]] = [[value]]
    while stack:
        for item in stack.pop():
            if isinstance(item, list):
                stack.append(item)
            elif isinstance(item, BaseModel):
                _cite(item, out, stack)
    return out


def _cite(model: BaseModel, out: list[str], stack: list[list[Any]]) -> None:
    """What `model` itself cites into `out`; the models and lists it holds onto `stack`."""
    fields = model.__dict__
    plan = _PLANS.get(type(model)) or _plan_of(type(model))
    for name in plan.walk:
        field = fields.get(name)
        if isinstance(field, list):
            stack.append(field)
        elif isinstance(field, BaseModel):
            stack.append([field])
    if plan.sources:
        refs = fields.get("sources")
        if refs and isinstance(refs, list):
            out.extend(ref for ref in refs if isinstance(ref, str))
    if plan.ndb and fields.get("ndb") is not None:
        out.append(FOOD_SOURCE)
    if plan.source and fields.get("source") == "tfda":
        out.append(TFDA_SOURCE)


# each reference's citation as the output lists it, with the knowledge value it was made from (a
# knowledge base loaded anew makes new ones); shared by every answer that cites it (a frozen model)
_REFS: dict[str, tuple[Reference, SourceRef]] = {}


def _source_ref(ref_id: str, kb: KnowledgeBase) -> SourceRef:
    reference = kb.references[ref_id]
    known = _REFS.get(ref_id)
    if known is not None and known[0] is reference:
        return known[1]
    made = SourceRef(id=ref_id, citation=reference.citation, url=reference.url)
    _REFS[ref_id] = (reference, made)
    return made


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
    sources = [_source_ref(ref_id, kb) for ref_id in sorted(cited)]
    return assessment.model_copy(update={"sources": sources})
