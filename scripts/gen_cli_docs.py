"""Write docs/cli.md from the Typer app itself, so the reference cannot drift from the commands.

Run `python scripts/gen_cli_docs.py` after changing a command; tests/quality/test_docs.py fails when a
command or option is missing from docs/cli.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer.main

ROOT = Path(__file__).resolve().parents[1]


def walk(cmd: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    out = [(path, cmd)]
    if hasattr(cmd, "commands"):
        for name in sorted(cmd.commands):
            out += walk(cmd.commands[name], [*path, name])
    return out


def render() -> str:
    from magcheck.cli import app

    root = typer.main.get_command(app)
    lines = [
        "# magcheck command line",
        "",
        "Generated from the commands by `scripts/gen_cli_docs.py`. Every command prints its texts in English",
        "or Simplified Chinese (`--lang en|zh`, default from the locale), exits with code 2 and a "
        "field-level",
        "message on bad input, and carries the disclaimer: magcheck is not a diagnosis.",
        "",
    ]
    for path, cmd in walk(root, ["magcheck"]):
        if len(path) == 1 or hasattr(cmd, "commands"):
            continue
        ctx = cmd.context_class(cmd, info_name=" ".join(path))
        lines += [f"## `{' '.join(path)}`", ""]
        if cmd.help:
            lines += [cmd.help.strip(), ""]
        lines += ["```", cmd.get_usage(ctx).strip(), "```", ""]
        params = list(cmd.params)
        if params:
            lines += ["| option / argument | help |", "|---|---|"]
            for p in params:
                if p.param_type_name == "option":
                    names = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
                    text = (p.help or "").replace("|", "\\|").replace("\n", " ")
                else:
                    names = f"`{(p.name or '').upper()}`"
                    text = "argument"
                lines.append(f"| {names} | {text} |")
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    out = ROOT / "docs" / "cli.md"
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
