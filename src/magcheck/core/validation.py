"""Turn raw user input (JSON text, dicts, form fields) into contract models or field-level errors.

Pydantic's own messages are English-only and mention Python types; here each pydantic error becomes a
`FieldProblem` whose code has a message in every language (``locales/*/errors.toml``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, Strict, ValidationError
from pydantic_core import PydanticCustomError

from magcheck.core.errors import FieldProblem, InputError

M = TypeVar("M", bound=BaseModel)

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """A date arrives as its ISO text (JSON and query strings have no date type). Anything else is refused
    here, because pydantic's lax mode would read the number 0 as 1970-01-01 (a Unix time)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        return value.strip()
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


# A calendar day in a request body or query: "2024-03-01", nothing else.
IsoDate = Annotated[dt.date, Strict(False), BeforeValidator(_iso_day)]

# pydantic error type -> our message code (params are taken from the error's ctx)
_CODES = {
    "missing": "errors.missing",
    "extra_forbidden": "errors.unknown_field",
    "literal_error": "errors.invalid_choice",
    "enum": "errors.invalid_choice",
    "greater_than_equal": "errors.too_small",
    "greater_than": "errors.too_small_strict",
    "less_than_equal": "errors.too_large",
    "less_than": "errors.too_large_strict",
    "float_parsing": "errors.not_a_number",
    "float_type": "errors.not_a_number",
    "int_parsing": "errors.not_an_integer",
    "int_type": "errors.not_an_integer",
    "int_from_float": "errors.not_an_integer",
    "bool_parsing": "errors.not_a_boolean",
    "bool_type": "errors.not_a_boolean",
    "string_type": "errors.not_text",
    "string_too_long": "errors.too_long",
    "list_type": "errors.not_a_list",
    "too_long": "errors.too_many",
    "too_short": "errors.too_few",
    "dict_type": "errors.not_an_object",
    "model_type": "errors.not_an_object",
    "model_attributes_type": "errors.not_an_object",
    "finite_number": "errors.not_a_number",
    "date_from_datetime_parsing": "errors.not_a_date",
    "date_parsing": "errors.not_a_date",
    "date_type": "errors.not_a_date",
}


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("[key]",)]
    return ".".join(parts) or "input"


def problems_from_pydantic(exc: ValidationError, prefix: str = "") -> list[FieldProblem]:
    out: list[FieldProblem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        path = _field_path(loc)
        if prefix:
            path = f"{prefix}.{path}" if path != "input" else prefix
        ctx = dict(err.get("ctx") or {})
        kind = err["type"]
        params: dict[str, Any] = {"value": _short(err.get("input"))}
        if kind == "value_error":
            # model validators raise ValueError("<code>"): the code names the message
            raw = str(ctx.get("error", err.get("msg", "")))
            code = "errors." + raw.removeprefix("Value error, ").strip()
        elif kind == "literal_error" and "[key]" in loc:
            code = "errors.invalid_key"
            params["allowed"] = _allowed(ctx.get("expected", ""))
        else:
            code = _CODES.get(kind, "errors.invalid")
            if "expected" in ctx:
                params["allowed"] = _allowed(ctx["expected"])
            for name in ("ge", "gt", "le", "lt", "max_length", "min_length"):
                if name in ctx:
                    params["limit"] = _number(ctx[name])
        out.append(FieldProblem(path, code, params))
    return out


def _number(value: Any) -> Any:
    """0.0 → 0 and 120.0 → 120 in messages; other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _allowed(expected: Any) -> str:
    return str(expected).replace("'", "").replace(" or ", ", ")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_model(model: type[M], data: Any, prefix: str = "", strict: bool = False) -> M:
    """Validate `data` against `model`, raising `InputError` with one problem per bad field.

    Lax by default: form fields and command-line answers are text ("30" is a fine age there); JSON
    input passes ``strict=True`` so that its numbers and booleans must have their JSON types.
    """
    try:
        return model.model_validate(data, strict=strict)
    except ValidationError as exc:
        raise InputError(problems_from_pydantic(exc, prefix)) from None


def load_json(text: str, source: str = "input") -> Any:
    """JSON text as Python data; malformed JSON is an `InputError` naming the line and column."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError([FieldProblem(source, "security.errors.too_deep", {})]) from None
    except ValueError as exc:  # JSONDecodeError, and ints longer than Python converts (10**5000)
        if not isinstance(exc, json.JSONDecodeError):
            raise InputError([FieldProblem(source, "security.errors.number_too_long", {})]) from None
        raise InputError(
            [
                FieldProblem(
                    source,
                    "errors.malformed_json",
                    {"line": exc.lineno, "column": exc.colno, "reason": exc.msg},
                )
            ]
        ) from None
    if not _encodable(data):
        # "\ud800" is valid JSON but no text: it could be neither stored nor shown
        raise InputError([FieldProblem(source, "security.errors.lone_surrogate", {})])
    return data


def _encodable(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_json_text(model: type[M], text: str, source: str = "input") -> M:
    """Parse JSON text (a file's content) into `model`; malformed JSON names the line and column."""
    data = load_json(text, source)
    if not isinstance(data, dict):
        raise InputError([FieldProblem(source, "errors.not_an_object", {"value": _short(data)})])
    return parse_model(model, data, strict=True)
