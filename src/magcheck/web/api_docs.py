"""The local API docs page: the OpenAPI document flattened into operations, rendered without a CDN."""

from __future__ import annotations

from typing import Any


def openapi_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI document, flattened for the local docs page."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = []
            for p in op.get("parameters", []):
                schema = p.get("schema", {})
                kinds = [s.get("type", "") for s in schema.get("anyOf", [])] or [schema.get("type", "")]
                params.append(
                    {
                        "name": p["name"],
                        "where": p.get("in", ""),
                        "required": p.get("required", False),
                        "type": " | ".join(k for k in kinds if k),
                        "description": p.get("description") or schema.get("description", ""),
                    }
                )
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": f"{method}-{path}".replace("/", "-")
                    .replace("{", "")
                    .replace("}", "")
                    .strip("-"),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": params,
                    "body": body.get("$ref", "").rsplit("/", 1)[-1],
                    "responses": [
                        (code, r.get("description", "")) for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return ops
