"""Serum magnesium results as FHIR R4 Observations: export a person's, import a lab's (`service.fhir`).

Both act on the caller's own record like every record route; a clinician exports a sharing client's
results with ``?client=NAME`` (404 without a share; importing into a client's record is refused).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from magcheck.core.errors import input_error
from magcheck.service import fhir
from magcheck.web.payload import to_json

router = APIRouter(prefix="/api/v1", tags=["fhir"])

PersonQuery = Annotated[
    str | None, Query(max_length=80, description="Whose record (default: the current one).")
]
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Unknown person (or a client who does not share with you)."},
    413: {"description": "Request body too large."},
    422: {"description": "Invalid input: field-level messages in the chosen language."},
}
_BUNDLE = {"type": "object", "description": "A FHIR R4 Bundle (type collection) of Observation resources."}


@router.get(
    "/fhir/observations",
    summary="Serum magnesium results as FHIR R4 Observations (a Bundle)",
    responses={200: {"content": {"application/fhir+json": {"schema": _BUNDLE}}}, **_ERRORS},
)
def export_fhir(person: PersonQuery = None) -> Response:
    body = json.dumps(fhir.export_bundle(person), ensure_ascii=False)
    return Response(body, media_type="application/fhir+json")


@router.post(
    "/fhir/observations",
    status_code=201,
    summary="Import serum magnesium results from a FHIR R4 Bundle or Observation (all or nothing)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/fhir+json": {"schema": _BUNDLE},
                "application/json": {"schema": _BUNDLE},
            },
        }
    },
    responses=_ERRORS,
)
async def import_fhir(request: Request, person: PersonQuery = None) -> Response:
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise input_error("body", "accounts.fhir.not_utf8") from None
    labs = await run_in_threadpool(fhir.import_text, text, person)
    return Response(
        to_json({"imported": len(labs), "labs": [lab.model_dump(mode="json") for lab in labs]}),
        status_code=201,
        media_type="application/json",
    )
