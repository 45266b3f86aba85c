"""The food log: one line parsed (with the person's own recipes as foods) and stored as a snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from magcheck.core.errors import MagcheckError, input_error
from magcheck.foods.parse import parse_entry
from magcheck.foods.store import FoodStore
from magcheck.i18n import Lang, Say
from magcheck.recall import repeat
from magcheck.recall.repeat import day_lines
from magcheck.service.recipes import store_for
from magcheck.storage import repo
from magcheck.storage.record_rules import check_quantity, parse_day
from magcheck.storage.schemas import EntryOut, from_row
from magcheck.storage.work import added, listed, read, remove, resolve_person, write

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcheck.storage.models import FoodEntry


def entry_out(entry: FoodEntry, person: str) -> EntryOut:
    return from_row(EntryOut, entry, person=person)


def _store_of(person: str | None) -> FoodStore:
    """The foods `person`'s entries are read with: the shared store plus their own recipes."""
    try:
        return read(lambda session: store_for(session, resolve_person(session, person).id))
    except MagcheckError:  # no such person (yet): the add itself reports that on its field
        return FoodStore.open_default()


def parse_food(text: str, lang: Lang, person: str | None = None) -> dict[str, Any]:
    """Parse one log line with the foods parser; the snapshot that is stored with the entry.

    The person's own recipes are foods here ("1 serving grandma's soup"). An ambiguous line is refused
    with its candidates named (the person picks one and logs it again) rather than silently logging the
    first guess into their record.
    """
    parsed = parse_entry(text, _store_of(person), lang, field="entry")
    if parsed.status != "ok":
        names = ", ".join(Say(lang).name(c) for c in parsed.candidates)
        raise input_error("entry", "history.errors.ambiguous_food", value=text, candidates=names or "—")
    food = parsed.food
    return {
        "ndb": food.ndb if food else None,
        "food_id": food.id if food else None,
        "name_en": food.name_en if food else None,
        "name_zh": food.name_zh if food else None,
        "grams": parsed.grams,
        "mg": parsed.mg,
        "note": parsed.note,
    }


def add_entry(
    text: str,
    day: dt.date | str | None = None,
    person: str | None = None,
    lang: Lang = "en",
    parser: Callable[[str, Lang], dict[str, Any]] | None = None,
) -> EntryOut:
    """Parse and log one line ("2 cups cooked spinach", "一碗米饭"); a line that does not parse is refused."""
    clean = text.strip()
    if not clean:
        raise input_error("entry", "errors.missing")
    if len(clean) > 300:
        raise input_error("entry", "errors.too_long", limit=300)
    when = parse_day(day)
    # Parse before opening the write transaction: the lock is held only for the insert.
    snapshot = parser(clean, lang) if parser is not None else parse_food(clean, lang, person)
    check_quantity(snapshot, clean)

    return added(person, repo.add_entry, entry_out, when, clean, **snapshot)


def list_entries(
    day: dt.date | str | None = None,
    person: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[EntryOut]:
    when = None if day is None else parse_day(day)

    return listed(person, repo.list_entries, entry_out, when, start, end)


def remove_entry(entry_id: int, person: str | None = None) -> EntryOut:
    """Remove one entry by id (if a person is named, the entry must be theirs)."""
    return remove(repo.get_entry, entry_out, entry_id, person)


def copy_log_day(person: str | None, source: dt.date | str, target: dt.date | str | None, lang: Lang) -> int:
    """Log again every line of one day on another ("copy yesterday" on the history's day page)."""
    lines = day_lines(person, source)
    if not lines:
        raise input_error("copy_from", "recall.errors.nothing_to_copy", value=str(source))
    return log_lines(person, lines, target, lang)


def log_lines(person: str | None, lines: list[str], day: dt.date | str | None, lang: Lang) -> int:
    """Log several lines on a day: all are parsed first and written in one transaction — all or nothing."""
    when = parse_day(day)
    snapshots = [(line, parse_food(line, lang)) for line in lines]

    def work(session: Session) -> int:
        owner = resolve_person(session, person)
        for line, snapshot in snapshots:
            repo.add_entry(session, owner.id, when, line, **snapshot)
        return len(snapshots)

    return write(work)


def log_template(person: str | None, template_id: str, day: dt.date | str | None, lang: Lang) -> int:
    """A usual meal's lines logged on a day in one go (an unknown template is a `template` error)."""
    found = [tpl for tpl in repeat.shortcuts(person).templates if str(tpl.id) == template_id]
    if not found:
        raise input_error("template", "recall.errors.no_template")
    return log_lines(person, found[0].entries, day, lang)


def save_day_as_template(person: str | None, day: str | None, name: str, meal: str) -> repeat.Template:
    """The lines logged on a day kept as a usual meal under a name."""
    lines = [e.text for e in list_entries(day, person)]
    return repeat.save_template(person, name, meal, lines)
