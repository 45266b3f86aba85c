"""Recognising medicines by generic or brand name, in English or Chinese.

Names are compared after lower-casing and dropping spaces, hyphens and dots, and a known name may sit
inside a longer entry ("omeprazole 20 mg", "奥美拉唑肠溶胶囊"); the longest known name wins. Entries
that match nothing are returned so the interfaces can say which ones magcheck did not recognise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from magcheck.core.facts import Drug, MedicationClass
from magcheck.core.knowledge_base import KnowledgeBase

_STRIP = re.compile(r"[\s\-_.·,()（）]+")


def normalise(name: str) -> str:
    return _STRIP.sub("", name.casefold())


@dataclass(frozen=True)
class MedicationMatch:
    entry: str
    drug: Drug
    klass: MedicationClass


_NameIndex = list[tuple[str, Drug, MedicationClass]]
# one index per loaded knowledge base (kept with it, so a reloaded base gets its own)
_INDEXES: dict[int, tuple[KnowledgeBase, _NameIndex]] = {}


def _name_index(kb: KnowledgeBase) -> _NameIndex:
    """Every known name, normalised, longest first (so 'esomeprazole' wins over 'omeprazole')."""
    cached = _INDEXES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    names: _NameIndex = []
    for klass in kb.medications:
        for drug in klass.drugs:
            for name in (drug.en, drug.zh, *drug.aliases):
                key = normalise(name)
                if len(key) >= 2:
                    names.append((key, drug, klass))
    names.sort(key=lambda item: -len(item[0]))
    _INDEXES[id(kb)] = (kb, names)
    return names


def match_medications(kb: KnowledgeBase, entries: list[str]) -> tuple[list[MedicationMatch], list[str]]:
    """(recognised medicines, unrecognised entries) in input order."""
    names = _name_index(kb)
    found: list[MedicationMatch] = []
    unknown: list[str] = []
    for entry in entries:
        key = normalise(entry)
        hit = next(((d, k) for name, d, k in names if key and name in key), None)
        if hit is None:
            unknown.append(entry)
        else:
            found.append(MedicationMatch(entry=entry, drug=hit[0], klass=hit[1]))
    return found, unknown
