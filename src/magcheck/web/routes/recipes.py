"""A person's own recipes over the REST API (`/api/v1/recipes`) and on a small page (`/history/recipes`).

Both call `magcheck.service.recipes`, exactly as `magcheck recipe …` does. API writes take JSON; every
problem is a field-level 422 (`ingredients.1`, `servings`, `name`), an unknown recipe or person a 404.
The page lists the recipes, adds one (post/redirect/get with a CSRF token) and removes one.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from magcheck.core.errors import InputError
from magcheck.i18n import Lang
from magcheck.service import recipes
from magcheck.service.history.people import list_persons
from magcheck.service.recipes import MAX_INGREDIENTS, RecipeOut
from magcheck.web.language import page_lang
from magcheck.web.routes.api import LangDep
from magcheck.web.routes.history import PersonQuery
from magcheck.web.routes.history_pages import (
    Again,
    field_errors,
    form_fields,
    number,
    posted,
    record_page,
    see,
)

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input: field-level messages in the chosen language."},
    404: {"description": "Unknown person or recipe."},
}
_API: dict[str, Any] = {"tags": ["recipes"], "responses": _ERRORS}
RecipeName = Annotated[str, Path(min_length=1, max_length=80, description="The recipe's name.")]


class RecipeBody(BaseModel):
    """A recipe to save: `servings`, `cooked_g` or both must be given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=80)
    ingredients: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        min_length=1, max_length=MAX_INGREDIENTS
    )
    servings: float | None = Field(default=None, gt=0, le=100)
    cooked_g: float | None = Field(default=None, gt=0, le=20_000)
    person: str | None = Field(default=None, max_length=80)


@router.get("/api/v1/recipes", summary="Your recipes", **_API)
def api_recipes(lang: LangDep, person: PersonQuery = None) -> list[RecipeOut]:
    """Same list as `magcheck recipe list --json`."""
    return recipes.list_recipes(person, lang)


@router.post("/api/v1/recipes", status_code=201, summary="Save a recipe", **_API)
def api_add_recipe(body: RecipeBody, lang: LangDep) -> RecipeOut:
    """Same as `magcheck recipe add … --json`; an ingredient that is not understood → 422 on its line."""
    data = body.model_dump(exclude={"person"})
    return recipes.add_recipe(data, body.person, lang)


@router.get("/api/v1/recipes/{name}", summary="One recipe", **_API)
def api_recipe(name: RecipeName, lang: LangDep, person: PersonQuery = None) -> RecipeOut:
    return recipes.show_recipe(name, person, lang)


@router.delete("/api/v1/recipes/{name}", summary="Remove a recipe", **_API)
def api_remove_recipe(name: RecipeName, lang: LangDep, person: PersonQuery = None) -> RecipeOut:
    return recipes.remove_recipe(name, person, lang)


# ---------------------------------------------------------------- page


def _page(request: Request, lang: Lang, person: str | None, again: Again | None = None) -> Response:
    persons = list_persons()
    chosen = next((p for p in persons if p.name == person), None) or next(
        (p for p in persons if p.current), persons[0] if len(persons) == 1 else None
    )
    rows = recipes.list_recipes(chosen.name, lang) if chosen else []
    return record_page(request, "recipes.html", lang, chosen, again, persons=persons, recipes=rows)


@router.get("/history/recipes", include_in_schema=False)
def recipes_page(request: Request, person: str | None = None) -> Response:
    return _page(request, page_lang(request), person)


@router.post("/history/recipes/add", include_in_schema=False)
async def recipes_add(request: Request) -> Response:
    lang, form = await posted(request)
    person = form.get("person") or None
    lines = [line.strip() for line in form.get("ingredients", "").splitlines() if line.strip()]
    try:
        data = {
            "name": form.get("name", ""),
            "ingredients": lines,
            "servings": number(form, "servings", "servings"),
            "cooked_g": number(form, "cooked_g", "cooked_g"),
        }
        await run_in_threadpool(recipes.add_recipe, data, person, lang)
    except InputError as exc:
        return _page(request, lang, person, Again(field_errors(exc, lang), form))
    return see("/history/recipes", person=person)


@router.post("/history/recipes/remove", include_in_schema=False)
async def recipes_remove(request: Request) -> Response:
    form = await form_fields(request)
    person = form.get("person") or None
    await run_in_threadpool(recipes.remove_recipe, form.get("name", ""), person)
    return see("/history/recipes", person=person)
