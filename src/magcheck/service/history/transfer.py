"""Export and import of the record: all of it (or one person) as JSON or CSV; an import is all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from magcheck.accounts import audit
from magcheck.core.errors import input_error
from magcheck.core.requirements import check_life_stage
from magcheck.knowledge.loader import load_knowledge
from magcheck.storage import transfer as record_files
from magcheck.storage import transfer_csv
from magcheck.storage.import_limits import read_import_file
from magcheck.storage.work import read, resolve_person, write

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def export_text(fmt: str = "json", person: str | None = None) -> tuple[str, dict[str, int]]:
    """The record (everyone's, or one person's) as JSON or CSV text, and what it holds."""
    if fmt not in ("json", "csv"):
        raise input_error("format", "history.errors.export_format", value=fmt)

    def work(session: Session) -> dict[str, Any]:
        person_id = resolve_person(session, person).id if person else None
        audit.touched("export")
        return record_files.snapshot(session, person_id)

    data = read(work)
    counts = {
        "persons": len(data["persons"]),
        "entries": sum(len(p["food_entries"]) for p in data["persons"]),
        "checkins": sum(len(p["checkins"]) for p in data["persons"]),
        "labs": sum(len(p["labs"]) for p in data["persons"]),
    }
    return (record_files.to_json(data) if fmt == "json" else transfer_csv.to_csv(data)), counts


def import_text(text: str, source: str = "file") -> dict[str, int]:
    """Import an export file in one transaction: everything, or (on any problem) nothing."""
    parsed = record_files.parse_text(text, source)
    knowledge = load_knowledge()
    for i, person in enumerate(parsed.persons):
        field = f"{source}.persons.{i}"
        check_life_stage(knowledge, person.age_years, person.pregnant, person.lactating, field)

    def work(session: Session) -> dict[str, int]:
        audit.touched("import")
        return record_files.write_import(session, parsed)

    return write(work)


def import_file(path: Path, field: str = "file") -> dict[str, int]:
    """Import an export file from disk (size-checked before it is read), all or nothing."""
    return import_text(read_import_file(path, field), field)
