"""Fast repeat logging on the history's day page: copy a day, a usual meal in one tap, favourites.

Each form posts with its CSRF token and answers with the day page (post/redirect/get), or shows the day
page again with the message next to the field (422). All of it goes through the history service
(`magcheck.service.history.food_log`) and `magcheck.recall.repeat`, scoped to the person the form names.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from magcheck.i18n import Lang
from magcheck.recall import repeat
from magcheck.service.history import food_log
from magcheck.web.routes.history_pages import change_day

router = APIRouter(include_in_schema=False)


@router.post("/history/log/copy")
async def copy_day(request: Request) -> Response:
    """ "Copy yesterday / copy a day": every line of another day logged again on this one."""
    return await change_day(
        request,
        lambda person, day, lang, form: food_log.copy_log_day(person, form.get("copy_from", ""), day, lang),
    )


@router.post("/history/log/template")
async def use_template(request: Request) -> Response:
    """A usual meal's lines logged on this day in one tap."""
    return await change_day(
        request,
        lambda person, day, lang, form: food_log.log_template(person, form.get("template", ""), day, lang),
    )


@router.post("/history/template")
async def save_template(request: Request) -> Response:
    """Keep the day's lines as a usual meal under a name."""

    def change(person: str | None, day: str | None, lang: Lang, form: dict[str, str]) -> object:
        name, meal = form.get("template_name", ""), form.get("template_meal", "snacks")
        return food_log.save_day_as_template(person, day, name, meal)

    return await change_day(request, change)


@router.post("/history/favourite")
async def favourite(request: Request) -> Response:
    """Star a line to log it again in one tap (or unstar it)."""
    return await change_day(
        request, lambda person, day, lang, form: repeat.toggle_favourite(person, form.get("text", ""))
    )
