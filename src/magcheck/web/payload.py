"""JSON bodies of the API: contract models serialise themselves; plain views are dumped compactly."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel


def to_json(payload: Any) -> bytes:
    """The body for `payload`: a contract model by `model_dump_json`, anything else as compact UTF-8 JSON."""
    if isinstance(payload, BaseModel):
        return payload.model_dump_json().encode()
    return json.dumps(_plain(payload), ensure_ascii=False, separators=(",", ":")).encode()


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def json_response(payload: Any) -> Response:
    return Response(to_json(payload), media_type="application/json")
