"""The domain calls behind the API and the pages — the same functions the CLI's `--json` uses.

Each function returns what the matching CLI command prints with `--json` (a contract model, or a
list/dict of plain JSON values), so the pages, the API and the CLI cannot disagree. The domain modules
are imported inside the functions, so importing the web app stays cheap until a request needs them.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Path
from pydantic import BaseModel

from magcheck.core.errors import FieldProblem, InputError, NotFoundError
from magcheck.core.models import CONDITION_IDS, Assessment, AssessmentInput, Standard
from magcheck.foods.ids import ID_PATTERN
from magcheck.i18n import Lang, t

_CONDITIONS = set(CONDITION_IDS)
ASSESSMENT = Assessment
FOOD_ID_PATH = Path(
    pattern=ID_PATTERN,
    description="Food id, e.g. usda:12061 or tfda:F0210101; a bare USDA NDB number (12061) also works.",
)


def to_json(payload: Any) -> bytes:
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


def knowledge_version() -> str:
    from magcheck.knowledge.loader import load_knowledge

    return str(load_knowledge().version)


def assess(inp: AssessmentInput, lang: Lang) -> Assessment:
    from magcheck.service.assessment import assess as run

    return run(inp, lang)


def plan(inp: AssessmentInput, lang: Lang, all_foods: bool = False) -> dict[str, Any]:
    """As `magcheck plan --input FILE [--all-foods] --json`."""
    from magcheck.core.errors import input_error
    from magcheck.planning import build_plan
    from magcheck.service.plan import plan_view

    assessment = assess(inp, lang)
    made = build_plan(assessment, inp, lang, foods="store") if all_foods else assessment.plan
    if made is None:
        raise input_error("intake", "plan.errors.intake_needed")
    return plan_view(assessment, made, lang)


def foods_search(query: str, limit: int, lang: Lang) -> list[dict[str, Any]]:
    """As `magcheck foods search QUERY --json`."""
    from magcheck.foods.store import FoodStore
    from magcheck.service.foods import food_hit_view

    store = FoodStore.open_default()
    try:
        hits = store.search(query, limit)
    except InputError as exc:  # the store names its argument "query"; the API's parameter is "q"
        raise InputError(
            [FieldProblem("q" if p.field == "query" else p.field, p.code, p.params) for p in exc.problems]
        ) from None
    return [food_hit_view(store, h, lang) for h in hits]


def foods_show(food_id: str, lang: Lang) -> dict[str, Any]:
    """As `magcheck foods show ID --json`."""
    from magcheck.foods.store import FoodStore
    from magcheck.service.foods import food_view

    store = FoodStore.open_default()
    return food_view(store, store.get(food_id), lang)


def foods_parse(entry: str, lang: Lang) -> Any:
    from magcheck.foods.meal import parse_meal
    from magcheck.foods.store import FoodStore

    return parse_meal(entry, FoodStore.open_default(), lang, field="entry")


def requirements(
    age: float | None, sex: str | None, pregnant: bool, lactating: bool, standard: Standard, lang: Lang
) -> dict[str, Any]:
    """As `magcheck requirements [--age --sex …] --json`: one person's row, else the whole table."""
    from magcheck.service.requirements import requirements_view

    return requirements_view(age, sex, pregnant, lactating, standard, lang)


# ---------------------------------------------------------------- knowledge base views


def _kb() -> Any:
    from magcheck.knowledge.loader import load_knowledge

    return load_knowledge()


def sign_view(sign: Any, lang: Lang) -> dict[str, Any]:
    """One sign as the API and the sign page show it: `signs ID --json` plus its order, each warning's
    action and urgency, and the full references."""
    from magcheck.service.signs import sign_json

    base = _kb()
    warnings = [base.warning_sign(w) for w in sign.ask_warning_signs]
    refs = sorted({*sign.evidence_cause.sources, *sign.evidence_supplement.sources})
    return {
        **sign_json(base, sign.id, lang),
        "order": sign.order,
        "ask_warning_signs": [
            {"id": w.id, "question": w.question.get(lang), "action": w.action.get(lang), "urgency": w.urgency}
            for w in warnings
        ],
        "references": [_reference(r) for r in refs],
    }


def _reference(ref_id: str) -> dict[str, Any]:
    ref = _kb().references.get(ref_id)
    return {"id": ref_id, "citation": ref.citation if ref else ref_id, "url": ref.url if ref else None}


def _sign_extras(lang: Lang) -> dict[str, str]:
    return {"caveat": t("core.signs.caveat", lang), "disclaimer": t("core.disclaimer", lang)}


def signs(lang: Lang) -> dict[str, Any]:
    """As `magcheck signs --json`."""
    from magcheck.service.signs import sign_json

    base = _kb()
    return {"signs": [sign_json(base, s.id, lang) for s in base.signs], **_sign_extras(lang)}


def unknown_sign(sign_id: str) -> FieldProblem:
    from magcheck.core.models import SIGN_IDS

    return FieldProblem("sign_id", "errors.invalid_key", {"value": sign_id, "allowed": ", ".join(SIGN_IDS)})


def sign(sign_id: str, lang: Lang) -> dict[str, Any]:
    """As `magcheck signs ID --json`; an unknown id is a 404 here (a 422 on the command line)."""
    from magcheck.service.signs import sign_json

    base = _kb()
    if sign_id not in {s.id for s in base.signs}:
        raise NotFoundError([unknown_sign(sign_id)])
    return {**sign_json(base, sign_id, lang), **_sign_extras(lang)}


def sign_pages(lang: Lang) -> list[dict[str, Any]]:
    """The signs for the pages: the API's content plus full citations and each warning's action."""
    out = []
    for view in [sign_view(s, lang) for s in sorted(_kb().signs, key=lambda s: s.order)]:
        out.append(
            {
                **view,
                "cause": view["evidence_cause"],
                "supplement": view["evidence_supplement"],
                "warnings": view["ask_warning_signs"],
            }
        )
    return out


def sign_grades() -> dict[str, dict[str, str]]:
    return {
        s.id: {"cause": s.evidence_cause.grade, "supplement": s.evidence_supplement.grade}
        for s in _kb().signs
    }


def claims(lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "article": c.article.get(lang),
            "verdict": c.verdict,
            "what_sources_say": c.what_sources_say.get(lang),
            "sources": list(c.sources),
        }
        for c in _kb().claims
    ]


def form_options(lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """The choices of the assessment form, in the page's language, from the knowledge base."""
    base = _kb()
    return {
        "signs": [
            {"id": s.id, "name": s.name.get(lang), "one_line": s.one_line.get(lang)}
            for s in sorted(base.signs, key=lambda s: s.order)
        ],
        "warning_signs": [
            {
                "id": w.id,
                "question": w.question.get(lang),
                "related": sorted(
                    {*w.related_signs, *(s.id for s in base.signs if w.id in s.ask_warning_signs)}
                ),
            }
            for w in base.warning_signs
        ],
        "conditions": [
            {"id": c.id, "label": c.name.get(lang)} for c in base.conditions if c.id in _CONDITIONS
        ],
        "compounds": [{"id": c.id, "label": c.name.get(lang)} for c in base.supplements.compound],
    }


# ---------------------------------------------------------------- foods page


def food_groups(lang: Lang) -> list[dict[str, str]]:
    from magcheck.foods.curated import load_groups

    groups = sorted(load_groups().values(), key=lambda g: g.order)
    return [{"id": g.id, "label": g.zh if lang == "zh" else g.en} for g in groups]


def top_foods(
    per: str, group: str | None, exclude: list[str], lang: Lang, limit: int = 40
) -> list[dict[str, Any]]:
    """As `magcheck foods top --per … --group … --exclude … --json`, with the name in the page's language."""
    from magcheck.planning import top_foods as ranked

    out = []
    for rank, food in enumerate(ranked(per, group, exclude, limit, lang), start=1):
        row = food.as_dict(per, rank)  # type: ignore[arg-type]
        row["name"] = food.name_zh if lang == "zh" and food.name_zh else food.name_en
        out.append(row)
    return out


# ---------------------------------------------------------------- results page and API docs


def result_charts(assessment: Any, lang: Lang) -> dict[str, str]:
    """Server-side SVG charts for the results page (no script, so the CSP stays strict)."""
    from magcheck import charts

    intake = assessment.intake
    out: dict[str, str] = {"intake_svg": "", "contributions_svg": "", "mds_svg": ""}
    if intake.daily_mg or intake.mean_mg is not None:
        out["intake_svg"] = charts.assessment_intake_chart(assessment, lang)
    if intake.foods:
        out["contributions_svg"] = charts.contributions_chart(intake.foods, lang)
    if assessment.mds.components:
        parts = charts.mds_parts(assessment, lang)
        out["mds_svg"] = charts.mds_chart(parts, assessment.mds.score, sum(charts.mds_most().values()), lang)
    return out


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
