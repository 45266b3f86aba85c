"""The REST API under `/api/v1`: the same JSON as the CLI's `--json`, from the same service calls.

Texts in answers follow `?lang=en|zh`, else Accept-Language. Errors are
``{"detail": [{"field", "message", "code"}]}`` (422 invalid input, 404 unknown id, 413 body too big).
Responses are serialised by the contract models themselves (`model_dump_json`), exactly as the CLI.
Handlers are `async def` on purpose: the work is in-memory computation, so running it on the event
loop avoids a thread hop per request (the history routes, which touch the database, use threads).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.convertors import StringConvertor, register_url_convertor

from magcheck import __version__
from magcheck.core.food_ids import ID_PATTERN
from magcheck.core.models import Assessment, AssessmentInput
from magcheck.core.vocabulary import Standard
from magcheck.foods.meal import MealResult
from magcheck.i18n import LANGS, Lang
from magcheck.service import assessment as assessment_views
from magcheck.service import foods as food_views
from magcheck.service import knowledge as knowledge_views
from magcheck.service import plan as plan_views
from magcheck.service import requirements as requirement_views
from magcheck.service import signs as sign_views
from magcheck.web.language import exact_lang, header_lang
from magcheck.web.payload import json_response

router = APIRouter(prefix="/api/v1", tags=["api"])


async def _lang(
    request: Request,
    lang: Annotated[
        str | None,
        Query(
            pattern=f"^({'|'.join(LANGS)})$",
            description="Language of the texts: en or zh (default: Accept-Language, then en).",
        ),
    ] = None,
) -> Lang:
    return exact_lang(lang) or header_lang(request)


LangDep = Annotated[Lang, Depends(_lang)]
FOOD_ID_PATH = Path(
    pattern=ID_PATTERN,
    description="Food id, e.g. usda:12061 or tfda:F0210101; a bare USDA NDB number (12061) also works.",
)

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input: field-level messages in the chosen language."},
    413: {"description": "Request body too large."},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Unknown id."}, **_ERRORS}


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    entry: str = Field(
        min_length=1,
        max_length=1000,
        description='A food or a whole meal in one line, e.g. "30 g almonds" or "rice, greens and 2 eggs".',
    )


@router.get("/version", summary="Program and knowledge-base version (a cheap health check)")
async def version() -> dict[str, str]:
    return {"version": __version__, "knowledge_version": knowledge_views.knowledge_version()}


@router.post("/assess", summary="Assess magnesium status", responses={200: {"model": Assessment}, **_ERRORS})
async def assess(inp: AssessmentInput, lang: LangDep) -> Response:
    """Exactly what `magcheck assess --input FILE --json` prints for the same input."""
    return json_response(assessment_views.assess(inp, lang))


@router.post("/plan", summary="Food plan and supplement option", responses=_ERRORS)
async def plan(
    inp: AssessmentInput,
    lang: LangDep,
    all_foods: Annotated[
        bool, Query(description="Plan over every food in the store, not only curated ones.")
    ] = False,
) -> Response:
    """Exactly what `magcheck plan --input FILE [--all-foods] --json` prints (input may hold preferences)."""
    return json_response(plan_views.plan_json(inp, lang, all_foods))


@router.get("/foods/search", summary="Search foods (English or Chinese, typo-tolerant)", responses=_ERRORS)
async def foods_search(
    lang: LangDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="What to look for.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    """Same list as `magcheck foods search QUERY --json`."""
    return json_response(food_views.search_json(q, limit, lang, field="q"))


class _FoodSegment(StringConvertor):
    """A path segment under /api/v1/foods/ that is not one of the fixed resources beside it.

    Without it `GET /api/v1/foods/parse` would reach `foods_show` (422 "not a food id") instead of
    answering 405 with `Allow: POST`, as the parse resource's contract says.
    """

    regex = "(?!(?:parse|search)(?:/|$))[^/]+"


register_url_convertor("food_segment", _FoodSegment())


@router.get(
    "/foods/{food_id:food_segment}", summary="One food with its household portions", responses=_NOT_FOUND
)
async def foods_show(food_id: Annotated[str, FOOD_ID_PATH], lang: LangDep) -> Response:
    """Same object as `magcheck foods show ID --json`; the id may be namespaced or a bare NDB number."""
    return json_response(food_views.show_json(food_id, lang))


@router.post(
    "/foods/parse",
    summary="Turn a food or a whole meal into foods, grams and magnesium",
    responses={200: {"model": MealResult}, **_ERRORS},
)
async def foods_parse(body: ParseRequest, lang: LangDep) -> Response:
    """Same object as `magcheck foods parse "ENTRY" --json`."""
    return json_response(food_views.parse_json(body.entry, lang))


@router.get(
    "/requirements", summary="Magnesium requirements (one life stage, or the whole table)", responses=_ERRORS
)
async def requirements(
    lang: LangDep,
    age: Annotated[float | None, Query(ge=0, le=120, description="Age in years (0.5 = six months).")] = None,
    sex: Annotated[str | None, Query(pattern="^(female|male)$")] = None,
    pregnant: bool = False,
    lactating: bool = False,
    standard: Standard = "us",
) -> Response:
    """Same as `magcheck requirements [--age … --sex …] --json`; without age and sex: the whole table."""
    return json_response(requirement_views.requirements_view(age, sex, pregnant, lactating, standard, lang))


@router.get("/signs", summary="The 11 signs with evidence grades and other causes")
async def signs(lang: LangDep) -> Response:
    """Same list as `magcheck signs --json`."""
    return json_response(sign_views.signs_json(lang))


@router.get("/signs/{sign_id}", summary="One sign", responses=_NOT_FOUND)
async def sign(sign_id: str, lang: LangDep) -> Response:
    """Same object as `magcheck signs ID --json`."""
    return json_response(sign_views.sign_detail(sign_id, lang))
