"""A writer for the crash-safety and concurrency tests: logs records in a loop, printing each committed id.

Usage: python writer_process.py PERSON TAG COUNT MODE   (MAGCHECK_DATABASE_URL names the database)
MODE "service" logs through `magcheck.service.history.food_log.add_entry` (what the CLI does); MODE
"api" logs through the web app's REST API in-process (what the web server does). Every 5th record is a
check-in with all 11 signs, written as one transaction, so a kill in the middle would show up as a
partial check-in.
A line is printed only after its transaction committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))  # storage_fakes

from storage_fakes import fake_parser

from magcheck.core.vocabulary import SIGN_IDS
from magcheck.service.history import food_log
from magcheck.storage import repo
from magcheck.storage.work import resolve_person, today, write


def _checkin(person: str, signs: dict[str, str]) -> int:
    """One check-in with all its signs, written as one transaction."""
    return write(lambda s: repo.add_checkin(s, resolve_person(s, person).id, today(), signs).id)


def main() -> None:
    person, tag, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    food_log.parse_food = fake_parser  # the test is about storage; parsing is the foods tests' business
    client = None
    if mode == "api":
        from fastapi.testclient import TestClient

        from magcheck.web.app import create_app

        client = TestClient(create_app())
    for i in range(count):
        grams = 10 + i % 90
        if i % 5 == 4:
            signs = {s: ("often" if (i + k) % 2 else "sometimes") for k, s in enumerate(SIGN_IDS)}
            print(f"checkin {_checkin(person, signs)}", flush=True)
            continue
        text = f"{grams} g {tag}-{i}"
        if client is not None:
            response = client.post("/api/v1/log", json={"text": text, "person": person})
            if response.status_code != 201:
                print(f"error {response.status_code} {response.text}", file=sys.stderr, flush=True)
                sys.exit(1)
            print(f"entry {response.json()['id']}", flush=True)
        else:
            entry = food_log.add_entry(text, None, person, "en")
            print(f"entry {entry.id}", flush=True)


if __name__ == "__main__":
    main()
