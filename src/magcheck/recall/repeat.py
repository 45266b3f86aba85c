"""Fast repeat logging: recent foods, favourites, meal templates ("my usual breakfast"), copy a day.

All of it reads the person's record (the current person, or the one named), so it is scoped to one
person and can be scoped to an account later; with nobody set up yet there is simply nothing to offer.
Copying puts the lines back through the food parser, so a copied day reads exactly like a typed one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from magcheck.accounts.scope import check_writable
from magcheck.core.errors import MagcheckError, input_error
from magcheck.recall import flow
from magcheck.recall.model import MEALS, Draft, Meal
from magcheck.storage import repo
from magcheck.storage.models import FavouriteFood, FoodEntry, MealTemplate
from magcheck.storage.record_rules import parse_day
from magcheck.storage.work import read, read_owned, resolve_person, write

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.foods.store import FoodStore
    from magcheck.i18n import Lang

K = TypeVar("K", MealTemplate, FavouriteFood)

RECENT = 12
MAX_TEMPLATES = 30
MAX_FAVOURITES = 50


@dataclass(frozen=True)
class Template:
    id: int
    name: str
    meal: str
    entries: list[str]


@dataclass(frozen=True)
class Shortcuts:
    """What the person can reuse: recent lines, favourites, templates and the days already logged."""

    person: str | None
    recent: list[str]
    favourites: list[str]
    templates: list[Template]
    logged_days: list[dt.date]


def current_person_name() -> str | None:
    """The current (or only) person, or None when nobody is set up or several are and none is chosen."""
    try:
        return read(lambda session: resolve_person(session, None).name)
    except MagcheckError:
        return None


def shortcuts(person: str | None) -> Shortcuts:
    """Everything to offer for `person` (nothing when there is no one)."""

    if person is None:
        return Shortcuts(None, [], [], [], [])

    def work(session: Session) -> Shortcuts:
        owner = resolve_person(session, person)
        latest = func.max(FoodEntry.id)
        recent = session.execute(
            select(FoodEntry.text, latest)
            .where(FoodEntry.person_id == owner.id)
            .group_by(FoodEntry.text)
            .order_by(latest.desc())
            .limit(RECENT)
        ).all()
        favourites = session.scalars(
            select(FavouriteFood.text).where(FavouriteFood.person_id == owner.id).order_by(FavouriteFood.text)
        ).all()
        templates = session.scalars(
            select(MealTemplate).where(MealTemplate.person_id == owner.id).order_by(MealTemplate.name)
        ).all()
        days = session.scalars(
            select(FoodEntry.day)
            .where(FoodEntry.person_id == owner.id)
            .group_by(FoodEntry.day)
            .order_by(FoodEntry.day.desc())
            .limit(60)
        ).all()
        return Shortcuts(
            owner.name,
            [r[0] for r in recent],
            list(favourites),
            [Template(t.id, t.name, t.meal, list(t.entries)) for t in templates],
            list(days),
        )

    try:
        return read(work)
    except MagcheckError:
        return Shortcuts(None, [], [], [], [])


def day_lines(person: str | None, day: dt.date | str) -> list[str]:
    """The lines logged on a day, as typed (for "copy a day")."""
    when = parse_day(day, field="copy_from")
    return read_owned(
        person, lambda session, owner: [e.text for e in repo.list_entries(session, owner.id, when)]
    )


def copy_day(draft: Draft, source: str, store: FoodStore, lang: Lang) -> Draft:
    """Fill the day being recalled with a logged day's foods ("copy yesterday" / "copy a day")."""
    if not source:
        raise input_error("copy_from", "errors.missing")
    lines = day_lines(draft.person, source)
    if not lines:
        raise input_error("copy_from", "recall.errors.nothing_to_copy", value=source)
    return flow.add_items(draft, "\n".join(lines), "snacks", store, lang, "copied")


def apply_template(draft: Draft, template_id: str, store: FoodStore, lang: Lang) -> Draft:
    """Add a meal template's lines to its meal."""
    found = [t for t in shortcuts(draft.person).templates if str(t.id) == template_id]
    if not found:
        raise input_error("template", "recall.errors.no_template")
    template = found[0]
    meal: Meal = template.meal if template.meal in MEALS else "snacks"
    return flow.add_items(draft, "\n".join(template.entries), meal, store, lang, "template")


def save_template(person: str | None, name: str, meal: str, entries: list[str]) -> Template:
    """Keep a meal as a template under a name (the same name again replaces it)."""

    clean = name.strip()[:80]
    if not clean:
        raise input_error("template_name", "errors.missing")
    lines = [e.strip()[:300] for e in entries if e.strip()][:40]
    if not lines:
        raise input_error("template_name", "recall.errors.empty_template")
    if meal not in MEALS:
        raise input_error("template_meal", "errors.invalid_choice", value=meal, allowed=", ".join(MEALS))

    def work(session: Session) -> Template:
        owner_id, row = _own_row(session, person, MealTemplate, MealTemplate.name, clean)
        if row is None:
            _check_room(session, MealTemplate, owner_id, MAX_TEMPLATES, "template_name")
            row = MealTemplate(person_id=owner_id, name=clean, meal=meal, entries=lines)
            session.add(row)
        else:
            row.meal, row.entries = meal, lines
        session.flush()
        return Template(row.id, row.name, row.meal, list(row.entries))

    return write(work)


def _own_row(
    session: Session, person: str | None, kept: type[K], key: InstrumentedAttribute[str], value: str
) -> tuple[int, K | None]:
    """Before changing a person's templates or favourites: their id, and their row whose `key` is `value`."""
    check_writable()
    owner = resolve_person(session, person)
    return owner.id, session.scalars(select(kept).where(kept.person_id == owner.id, key == value)).first()


def _check_room(session: Session, kept: type[K], person_id: int, limit: int, field: str) -> None:
    """Refuse one more of a person's templates or favourites once they have `limit` (named on `field`)."""
    count = len(session.scalars(select(kept.id).where(kept.person_id == person_id)).all())
    if count >= limit:
        raise input_error(field, "errors.too_many", limit=limit)


def toggle_favourite(person: str | None, text: str) -> bool:
    """Star a line (or unstar it); returns whether it is a favourite now."""

    clean = text.strip()[:300]
    if not clean:
        raise input_error("text", "errors.missing")

    def work(session: Session) -> bool:
        owner_id, row = _own_row(session, person, FavouriteFood, FavouriteFood.text, clean)
        if row is not None:
            session.delete(row)
            return False
        _check_room(session, FavouriteFood, owner_id, MAX_FAVOURITES, "text")
        session.add(FavouriteFood(person_id=owner_id, text=clean))
        return True

    return write(work)
