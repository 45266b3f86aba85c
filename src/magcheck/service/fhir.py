"""Serum magnesium results in and out as FHIR R4 `Observation` resources (the clinical hand-off).

Export: one Observation per stored lab result, in a ``Bundle`` of type ``collection``: LOINC
19123-9 with a UCUM ``mg/dL`` quantity, or 2601-3 with ``mmol/L`` (results kept in mEq/L go as
mmol/L by the exact conversion, the reported value kept in ``note``). The codes and units come from
``knowledge/fhir.toml`` with their sources. Import: a Bundle or a single Observation; every
Observation must carry one of those codes and its unit, a final status and a date; all are checked
before any is stored, and then all are stored in one transaction (or none).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from magcheck.core.errors import FieldProblem, InputError, input_error
from magcheck.core.facts import FhirCode, FhirCodes
from magcheck.knowledge.loader import load_knowledge
from magcheck.service.history.labs import add_labs, lab_to_mmol, list_labs
from magcheck.storage.record_rules import parse_day
from magcheck.storage.schemas import LabOut

_ACCEPTED_STATUS = ("final", "amended", "corrected")
MAX_OBSERVATIONS = 10_000


def codes() -> FhirCodes:
    """The codes and units of `knowledge/fhir.toml`, as the knowledge loader validated them."""
    return load_knowledge().fhir


def observation(lab: LabOut) -> dict[str, Any]:
    """One lab result as a FHIR R4 Observation."""
    table = codes()
    code = table.by_unit(lab.unit)
    value, note = lab.value, None
    if code is None:  # mEq/L: no code of its own; mmol/L by the exact conversion
        code, value = _mmol_code(table), lab.mmol_per_l
        note = f"Reported as {lab.value:g} {lab.unit}"
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"magcheck-lab-{lab.id}",
        "status": "final",
        "category": [{"coding": [{"system": table.category_system, "code": table.category}]}],
        "code": {
            "coding": [{"system": table.loinc_system, "code": code.loinc, "display": code.display}],
            "text": code.display,
        },
        "subject": {"display": lab.person},
        "effectiveDateTime": lab.date.isoformat(),
        "valueQuantity": {
            "value": value,
            "unit": code.ucum,
            "system": table.ucum_system,
            "code": code.ucum,
        },
    }
    if note:
        resource["note"] = [{"text": note}]
    return resource


def _mmol_code(table: FhirCodes) -> FhirCode:
    code = table.by_unit("mmol/L")
    if code is None:
        raise LookupError("knowledge/fhir.toml has no code for mmol/L")
    return code


def export_bundle(person: str | None = None) -> dict[str, Any]:
    """The serum magnesium results of one person (scoped like every read) as a FHIR Bundle."""
    labs = [lab for lab in list_labs(person) if lab.analyte == "serum_magnesium"]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
        "entry": [{"fullUrl": f"urn:magcheck:lab:{lab.id}", "resource": observation(lab)} for lab in labs],
    }


def _problem(index: int, part: str, code: str, **params: Any) -> FieldProblem:
    return FieldProblem(f"entry.{index}.resource.{part}", code, params)


def _resources(data: Any) -> list[Any]:
    if not isinstance(data, dict):
        raise input_error("body", "accounts.fhir.not_a_resource")
    if data.get("resourceType") == "Observation":
        return [data]
    if data.get("resourceType") != "Bundle" or not isinstance(data.get("entry", []), list):
        raise input_error("resourceType", "accounts.fhir.not_a_resource")
    entries = data.get("entry", [])
    if len(entries) > MAX_OBSERVATIONS:
        raise input_error("entry", "errors.too_long", limit=MAX_OBSERVATIONS)
    return [e.get("resource") if isinstance(e, dict) else None for e in entries]


def _day(resource: dict[str, Any]) -> str | None:
    for key in ("effectiveDateTime", "issued"):
        value = resource.get(key)
        if isinstance(value, str) and len(value) >= 10:
            return value[:10]
    period = resource.get("effectivePeriod")
    if isinstance(period, dict) and isinstance(period.get("start"), str):
        return str(period["start"])[:10]
    return None


def parse_observations(data: Any) -> list[tuple[float, str, str]]:
    """(value, unit, day) of every Observation, or an `InputError` naming each bad one."""
    table = codes()
    by_loinc, system = table.by_loinc(), table.loinc_system
    problems: list[FieldProblem] = []
    out: list[tuple[float, str, str]] = []
    for i, resource in enumerate(_resources(data)):
        if not isinstance(resource, dict) or resource.get("resourceType") != "Observation":
            problems.append(_problem(i, "resourceType", "accounts.fhir.not_observation"))
            continue
        codings = (resource.get("code") or {}).get("coding") or []
        known = [
            by_loinc[c["code"]]
            for c in codings
            if isinstance(c, dict) and c.get("system") == system and c.get("code") in by_loinc
        ]
        if not known:
            allowed = ", ".join(sorted(by_loinc))
            problems.append(_problem(i, "code", "accounts.fhir.unknown_code", allowed=allowed))
            continue
        if resource.get("status") not in _ACCEPTED_STATUS:
            problems.append(
                _problem(i, "status", "accounts.fhir.bad_status", value=str(resource.get("status")))
            )
            continue
        quantity = resource.get("valueQuantity") or {}
        value = quantity.get("value") if isinstance(quantity, dict) else None
        unit = (quantity.get("code") or quantity.get("unit")) if isinstance(quantity, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(_problem(i, "valueQuantity.value", "accounts.fhir.no_value"))
            continue
        if unit != known[0].ucum:
            problems.append(
                _problem(
                    i,
                    "valueQuantity.code",
                    "accounts.fhir.wrong_unit",
                    value=str(unit),
                    expected=known[0].ucum,
                )
            )
            continue
        day = _day(resource)
        if day is None:
            problems.append(_problem(i, "effectiveDateTime", "accounts.fhir.no_date"))
            continue
        try:
            parse_day(day, field=f"entry.{i}.resource.effectiveDateTime")
            lab_to_mmol(float(value), known[0].unit)
        except InputError as exc:
            problems.extend(
                FieldProblem(f"entry.{i}.resource.valueQuantity.value", p.code, p.params)
                if p.field == "value"
                else p
                for p in exc.problems
            )
            continue
        out.append((float(value), known[0].unit, day))
    if problems:
        raise InputError(problems)
    return out


def import_text(text: str, person: str | None = None) -> list[LabOut]:
    """Store the serum magnesium results of a FHIR Bundle or Observation: all of them, or none."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise input_error("body", "web.errors.malformed_json", reason=str(exc)[:100]) from None
    results = parse_observations(data)
    return add_labs(results, person)
