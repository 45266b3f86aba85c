"""Every knowledge-base fact cites a source id that exists in the references files."""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from magcheck.knowledge import KNOWLEDGE_DIR


def _references() -> dict[str, dict[str, Any]]:
    refs: dict[str, dict[str, Any]] = {}
    for path in sorted((KNOWLEDGE_DIR / "references").glob("*.toml")):
        with path.open("rb") as fh:
            for ref_id, ref in tomllib.load(fh).get("ref", {}).items():
                assert ref_id not in refs, f"reference {ref_id} defined twice"
                refs[ref_id] = ref
    return refs


def _cited(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            if (key == "sources" or key.endswith("_sources")) and isinstance(sub, list):
                for ref in sub:
                    yield where, ref
            elif key.endswith("_sources") and isinstance(sub, dict):
                for refs in sub.values():
                    for ref in refs if isinstance(refs, list) else [refs]:
                        yield where, ref
            elif key == "source" and isinstance(sub, str):
                yield where, sub
            else:
                yield from _cited(sub, f"{where}.{key}")
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _cited(sub, f"{where}[{i}]")


def _all_citations() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(KNOWLEDGE_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            out += list(_cited(tomllib.load(fh), path.name))
    for path in sorted(KNOWLEDGE_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                for col in ("sources", "source"):
                    for ref in filter(None, (row.get(col) or "").split("|")):
                        out.append((f"{path.name}:{line}", ref.strip()))
    return out


def test_references_have_citations() -> None:
    refs = _references()
    assert len(refs) >= 20
    for ref_id, ref in refs.items():
        assert str(ref.get("citation", "")).strip(), f"{ref_id} has no citation"


def test_every_cited_source_exists() -> None:
    refs = _references()
    citations = _all_citations()
    assert len(citations) >= 50, "the knowledge base should cite its sources"
    missing = sorted({f"{where} -> {ref}" for where, ref in citations if ref not in refs})
    assert missing == []


def test_knowledge_files_are_all_cited_somewhere() -> None:
    files = {where.split(".", 1)[0].split(":")[0] for where, _ in _all_citations()}
    for path in Path(KNOWLEDGE_DIR).glob("*.toml"):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if data:
            assert path.stem in {f.rsplit(".", 1)[0] for f in files} or path.name in files, (
                f"{path.name} cites no source"
            )
