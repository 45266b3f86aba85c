"""`magcheck <command>` builds only that command's module: the map must name every command, and what
a lazily built app runs and prints must be what the whole tree runs and prints."""

from __future__ import annotations

import subprocess
import sys

import typer.main
from typer.core import TyperGroup

from magcheck import cli


def _group(app: typer.Typer) -> TyperGroup:
    """The command of an app with sub-commands (always a group for magcheck's apps)."""
    command = typer.main.get_command(app)
    assert isinstance(command, TyperGroup)
    return command


def _names(app: typer.Typer) -> list[str]:
    return list(_group(app).commands)


def test_every_command_is_mapped_to_the_modules_that_build_it() -> None:
    full = _group(cli.app)
    assert sorted(full.commands) == sorted(cli.COMMANDS)
    for name, modules in cli.COMMANDS.items():
        lazy = _group(cli.build(modules))
        assert name in lazy.commands
        whole, part = full.commands[name], lazy.commands[name]
        assert sorted(getattr(whole, "commands", {})) == sorted(getattr(part, "commands", {})), name
        assert [p.name for p in whole.params] == [p.name for p in part.params], name


def test_only_a_known_first_argument_narrows_the_tree() -> None:
    assert cli.modules_for(["assess", "--json"]) == ("assess",)
    assert cli.modules_for(["foods", "top"]) == ("foods", "plan")
    assert cli.modules_for([]) == cli.MODULES
    assert cli.modules_for(["--help"]) == cli.MODULES
    assert cli.modules_for(["asses"]) == cli.MODULES  # a typo gets the usual "No such command" + hint


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "magcheck", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_assess_imports_neither_the_other_commands_nor_rich_for_json() -> None:
    code = (
        "import sys; sys.argv = ['magcheck', 'assess', '--input', 'examples/assess-example.json', '--json'];"
        "from magcheck.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('magcheck.cli.', 'rich')))\n"
        "print(loaded, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stderr.strip() == "['magcheck.cli.assess', 'magcheck.cli.common']"


def test_help_and_errors_are_those_of_the_whole_tree() -> None:
    top = _run("--help")
    assert top.returncode == 0
    for name in cli.COMMANDS:
        assert f" {name} " in top.stdout
    typo = _run("asses")
    assert typo.returncode == 2
    assert "No such command 'asses'" in typo.stderr
    sub = _run("foods", "--help")
    assert sub.returncode == 0
    assert " top " in sub.stdout  # `foods top` comes from cli/plan.py
