"""The core's findings written in the reader's language: the one step between the keyed core and the output.

The output models (`magcheck.core.models`) are the one home of each output's field list. A finding of
the core (`magcheck.core.*Finding`) provides every field of the output model it becomes — as a field of
its own or as a property computed from what the rule found (the rows of a requirement, the z-test) —
with its words still message keys. `render` reads the model's fields from the finding, `written` turns
the words into text through `Say.words` and leaves every other value as it is, and the model validates
the result — so a finding that lacks a field fails loudly instead of losing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from magcheck.core.facts import Text
from magcheck.core.messages import Formatted, Joined, Msg
from magcheck.i18n.say import Say

M = TypeVar("M", bound=BaseModel)
Writer = Callable[[Any, Say], Any]


def _as_is(value: Any, say: Say) -> Any:
    return value


def _words(value: Any, say: Say) -> Any:
    return say.words(value)


def _finding(kind: type) -> Writer:
    names = tuple(f.name for f in fields(kind))

    def write(value: Any, say: Say) -> Any:
        return {name: written(getattr(value, name), say) for name in names}

    return write


def _mapping(value: dict[Any, Any], say: Say) -> Any:
    return {key: written(item, say) for key, item in value.items()}


def _sequence(value: list[Any] | tuple[Any, ...], say: Say) -> Any:
    return [written(item, say) for item in value]


def _writer_for(kind: type) -> Writer:
    """How a value of `kind` is written; the checks run in this order, once per class (`_WRITERS`)."""
    if issubclass(kind, str | int | float | type(None)):
        return _as_is
    if issubclass(kind, Msg | Formatted | Joined | Text):
        return _words
    if is_dataclass(kind):
        return _finding(kind)
    if issubclass(kind, dict):
        return _mapping
    if issubclass(kind, list | tuple):
        return _sequence
    return _as_is  # output models already written, and anything else that holds no words


# The writer of each class met so far: the walk runs over every value of every assessment the API
# answers, so one dictionary lookup per value replaces the chain of isinstance checks (and
# `is_dataclass`, which on a pydantic model goes through its metaclass's failing attribute lookup).
_WRITERS: dict[type, Writer] = {}


def written(value: Any, say: Say) -> Any:
    """`value` with every word in it written by `say` (findings become plain mappings, tuples lists)."""
    kind = type(value)
    writer = _WRITERS.get(kind)
    if writer is None:
        writer = _WRITERS[kind] = _writer_for(kind)
    return writer(value, say)


def render(model: type[M], finding: Any, say: Say) -> M:
    """The output `model` of a finding, its words in `say`'s language."""
    return model.model_validate({name: written(getattr(finding, name), say) for name in _model_fields(model)})


@cache
def _model_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)
