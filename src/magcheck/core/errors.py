"""Typed errors that carry the field they are about.

They live in the core because every layer raises them: the core names the field, a message code and the
parameters the message needs, and every interface (CLI, web, API) turns a `MagcheckError` into a message in
the user's language through `magcheck.i18n` — so the core never formats user-facing text itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field.

    `field` is a dotted path into the input (e.g. ``profile.age_years`` or ``intake.days.0.1``);
    `code` is a message key under ``errors.`` in the locale catalogues; `params` fill its placeholders.
    """

    field: str
    code: str
    params: dict[str, Any] = _field(default_factory=dict)


class MagcheckError(Exception):
    """Base class: anything magcheck raises on purpose."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.code} {p.params}" for p in problems))


class InputError(MagcheckError):
    """The user's input is invalid; the interfaces answer with exit code 2 / HTTP 422."""


class NotFoundError(MagcheckError):
    """A named thing (food, person, sign, entry) does not exist; HTTP 404 / exit code 2."""


class DataFileError(MagcheckError):
    """A data file (knowledge base or an imported food file) is malformed: names the file and line."""


def input_error(field_name: str, code: str, **params: Any) -> InputError:
    """Shorthand for the common one-problem case."""
    return InputError([FieldProblem(field_name, code, params)])
