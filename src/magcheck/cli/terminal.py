"""The two Rich consoles the commands print through, each made in one place."""

from __future__ import annotations

from rich.console import Console


def markup_console(stderr: bool = False) -> Console:
    """For texts written with Rich markup by magcheck itself (the assessment, the reference commands)."""
    return Console(highlight=False, stderr=stderr)


def plain_console() -> Console:
    """For texts that are data or a person's words, never markup: "[usda_sr28]" or a recipe called "[x]"
    prints as it is."""
    return Console(highlight=False, markup=False)
