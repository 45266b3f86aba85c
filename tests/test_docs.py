"""Docs cannot drift: every CLI command and option is in docs/cli.md, every API route in docs/api.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
from starlette.routing import Route

from magcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []

    def walk(cmd: Any, path: str) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")
        else:
            out.append((path, cmd))

    walk(typer.main.get_command(app), "magcheck")
    return out


COMMANDS = _commands()


def test_cli_has_the_commands_the_issues_name() -> None:
    names = {path for path, _ in COMMANDS}
    for expected in (
        "magcheck assess",
        "magcheck requirements",
        "magcheck signs",
        "magcheck supplement",
        "magcheck claims",
        "magcheck foods search",
        "magcheck foods show",
        "magcheck foods parse",
        "magcheck foods import",
        "magcheck foods top",
        "magcheck plan",
        "magcheck serve",
        "magcheck report",
        "magcheck person add",
        "magcheck log add",
        "magcheck history",
        "magcheck export",
        "magcheck import",
    ):
        assert expected in names


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_option_is_documented(path: str, cmd: Any) -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## `{path}`" in doc, f"{path} missing from docs/cli.md (run scripts/gen_cli_docs.py)"
    section = doc.split(f"## `{path}`", 1)[1].split("\n## ", 1)[0]
    for param in cmd.params:
        if param.param_type_name == "option":
            for opt in param.opts:
                assert f"`{opt}`" in section, f"{path}: option {opt} undocumented"
    assert cmd.help, f"{path} has no help text"


def test_every_api_route_is_documented() -> None:
    from magcheck.web.app import create_app

    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    routes = [r for r in create_app().routes if isinstance(r, Route) and r.path.startswith("/api/")]
    assert routes
    for route in routes:
        path = re.sub(r"\{[^}]+\}", "{}", route.path)
        documented = re.sub(r"\{[^}]+\}", "{}", doc)
        assert route.methods is not None, route.path  # a function endpoint always has its methods
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            assert f"{method} {path}" in documented, f"{method} {route.path} missing from docs/api.md"
