"""The core's findings written in the reader's language: the one step between the keyed core and the output.

The output models (`magcheck.core.models`) are the one home of each output's field list. A finding of
the core (`magcheck.core.*Finding`) provides every field of the output model it becomes — as a field of
its own or as a property computed from what the rule found (the rows of a requirement, the z-test) —
with its words still message keys. `render` reads the model's fields from the finding, `written` turns
the words into text through `Say.words` and leaves every other value as it is, and the model validates
the result — so a finding that lacks a field fails loudly instead of losing it.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from magcheck.core.facts import Text
from magcheck.core.messages import Formatted, Joined, Msg
from magcheck.i18n.say import Say

M = TypeVar("M", bound=BaseModel)


# Values that are already written: most of a finding's values, so they are recognised first (the walk
# runs over every value of every assessment the API answers).
_PLAIN = (str, int, float, type(None))


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def written(value: Any, say: Say) -> Any:
    """`value` with every word in it written by `say` (findings become plain mappings, tuples lists)."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Msg | Formatted | Joined | Text):
        return say.words(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {name: written(getattr(value, name), say) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {key: written(item, say) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [written(item, say) for item in value]
    return value  # str, numbers, None, and output models already written


def render(model: type[M], finding: Any, say: Say) -> M:
    """The output `model` of a finding, its words in `say`'s language."""
    return model.model_validate({name: written(getattr(finding, name), say) for name in _model_fields(model)})


@cache
def _model_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)
