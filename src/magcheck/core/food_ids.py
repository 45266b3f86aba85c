"""Food identity: one namespaced id per food, whatever table it comes from.

Foods come from several places — USDA SR28 (`usda:09040`), the Taiwan FDA table (`tfda:F0210101`),
built-in mixed dishes (`dish:…`) and a person's own recipes (`recipe:…`) — and their local ids can
collide or look alike, so every food is known by `<source>:<local id>`. USDA foods keep their bare NDB
number as `ndb` as well, and a bare NDB number ("9040", "09040") or a bare TFDA id ("F0210101") typed
where an id is expected still finds the food, so nothing written before namespaced ids stops working.
"""

from __future__ import annotations

import re
from typing import Literal

Source = Literal["usda", "tfda", "dish", "recipe"]
SOURCES: tuple[Source, ...] = ("usda", "tfda", "dish", "recipe")

MAX_ID = 80
_NDB = re.compile(r"^\d{1,5}$")
_TFDA = re.compile(r"^[A-Z]\d{5}(?:\d{2})?$")  # F0210101; averages are shorter: A05001
_LOCAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
ID_PATTERN = r"^(?:[0-9]{1,6}|[A-Za-z][0-9]{5}(?:[0-9]{2})?|[a-z]+:[A-Za-z0-9][A-Za-z0-9_.\-]{0,70})$"
"""What an API path or form may carry as a food id (namespaced, or a bare NDB / TFDA id)."""


def make_id(source: Source, local: str) -> str:
    """`usda` + "09040" → "usda:09040"."""
    return f"{source}:{local}"


def usda_id(ndb: str) -> str:
    return make_id("usda", ndb)


def split_id(food_id: str) -> tuple[str, str]:
    """ "tfda:F0210101" → ("tfda", "F0210101"); an id without a namespace raises ValueError."""
    source, sep, local = food_id.partition(":")
    if not sep or not local:
        raise ValueError(food_id)
    return source, local


def normalise(text: str) -> str | None:
    """The namespaced id that `text` names, or None when it cannot be an id at all.

    "09040", "9040" and "usda:9040" → "usda:09040"; "F0210101" and "TFDA:f0210101" → "tfda:F0210101";
    "dish:mapo-tofu" stays as it is.
    """
    key = text.strip()
    if not key or len(key) > MAX_ID:
        return None
    if _NDB.match(key):
        return usda_id(key.zfill(5))
    if _TFDA.match(key.upper()) and ":" not in key:
        return make_id("tfda", key.upper())
    source, sep, local = key.partition(":")
    source = source.lower()
    if not sep or source not in SOURCES or not _LOCAL.match(local):
        return None
    if source == "usda":
        return usda_id(local.zfill(5)) if _NDB.match(local) else None
    if source == "tfda":
        return make_id("tfda", local.upper()) if _TFDA.match(local.upper()) else None
    return f"{source}:{local}"


def source_of(food_id: str | None) -> str | None:
    """ "tfda:F0210101" → "tfda" (what a stored entry's values rest on); None for no id or an unknown one."""
    source = (food_id or "").partition(":")[0]
    return source if source in SOURCES else None
