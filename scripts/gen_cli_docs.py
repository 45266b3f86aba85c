"""Write docs/cli.md from the Typer app itself, so the reference cannot drift from the commands.

Run `python scripts/gen_cli_docs.py` after changing a command; tests/test_docs.py fails when a
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
    global_options = [p for p in root.params if p.param_type_name == "option" and p.name != "help"]
    if global_options:
        lines += [
            "## `magcheck [OPTIONS] COMMAND`",
            "",
            "Options given before the command. `--as NAME` signs in as an account of a shared (practice)",
            "server — the password is read from standard input (one line; a terminal asks) — and the record",
            "commands then act on that account's records; with `--client CLIENT` a clinician reads a client",
            "who shares with them (read only; a client who does not share is reported as not found).",
            "Without `--as` every command acts on the single-user record of this computer, as always.",
            "",
        ]
    for path, cmd in walk(root, ["magcheck"]):
        if hasattr(cmd, "commands") and len(path) > 1:
            continue
        if len(path) == 1 and not global_options:
            continue
        ctx = cmd.context_class(cmd, info_name=" ".join(path))
        if len(path) > 1:
            lines += [f"## `{' '.join(path)}`", ""]
            if cmd.help:
                lines += [cmd.help.strip(), ""]
            lines += ["```", cmd.get_usage(ctx).strip(), "```", ""]
        params = [p for p in cmd.params if len(path) > 1 or p in global_options]
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
