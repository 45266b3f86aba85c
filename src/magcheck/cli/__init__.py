"""The `magcheck` command line: a thin layer over the service functions.

Each command group lives in its own module with a `register(app)` function. `main()` imports and builds
only the module(s) of the command being run: importing every module (the wizard, Rich, the recall and
recipe commands) and turning ~40 command signatures into Click commands cost ≈ 60 ms of the ≈ 380 ms a
`magcheck assess --json` took (measured with `python -X importtime` and cProfile, benchmarks/bench_cli.py).
`magcheck`, `magcheck --help`, an unknown command and `magcheck.cli.app` (what the tests and
scripts/gen_cli_docs.py use) get the whole tree, so every help text and error message is unchanged.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Annotated

import typer

# The modules that register commands, in the order the top-level help lists them.
MODULES = (
    "assess",
    "reference",
    "foods",
    "plan",
    "history",
    "recall",
    "recipe",
    "report",
    "serve",
    "users",
    "sharing",
    "fhir",
)

# Each top-level command or group → the modules that add to it (`foods top` lives in cli/plan.py).
# tests/cli/test_init.py checks this against what the modules really register.
COMMANDS: dict[str, tuple[str, ...]] = {
    "assess": ("assess",),
    **dict.fromkeys(("requirements", "signs", "supplement", "claims"), ("reference",)),
    "plan": ("plan",),
    "foods": ("foods", "plan"),
    **dict.fromkeys(
        ("checkin", "checkins", "history", "export", "import", "person", "log", "lab"), ("history",)
    ),
    "recall": ("recall",),
    "recipe": ("recipe",),
    "report": ("report",),
    "serve": ("serve",),
    "user": ("users",),
    **dict.fromkeys(("share", "clients"), ("sharing",)),
    "fhir": ("fhir",),
}


TOP_OPTIONS = ("--as", "--client")
"""The top level's own options (each takes a value): act as an account of a shared server."""
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Act as this account of a shared server (its password is read from standard input).",
    ),
]
ClientOption = Annotated[
    str | None,
    typer.Option("--client", help="With --as a clinician: read this client's records (they must share)."),
]


def _as_account(ctx: typer.Context, as_user: AsOption = None, client: ClientOption = None) -> None:
    """Sign in as an account for this command (`cli/acting.py`); without --as nothing happens."""
    if as_user is None and client is None:
        return
    # lazy: only --as needs it, and `magcheck assess` imports no command module but its own
    # (tests/cli/test_init.py)
    from magcheck.cli import acting

    acting.start(ctx, as_user, client)


def build(modules: Iterable[str] = MODULES) -> typer.Typer:
    """The Typer app with the commands of `modules` (all of them by default)."""
    app = typer.Typer(
        name="magcheck",
        help="An honest, bilingual magnesium status check. Not a diagnosis.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    # A group even when `modules` add a single command: Typer would otherwise run that command as the
    # whole program, and `magcheck plan …` would read "plan" as an argument.
    app.callback()(_as_account)
    for name in modules:
        importlib.import_module(f"magcheck.cli.{name}").register(app)
    return app


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The modules needed to run `argv` (the arguments after `magcheck`): the whole tree unless the
    first argument after the top level's own options (``--as NAME``, ``--client NAME``) names a known
    command."""
    args = list(argv)
    while args and args[0].split("=", 1)[0] in TOP_OPTIONS:
        args = args[1:] if "=" in args[0] else args[2:]
    if args and args[0] in COMMANDS:
        return COMMANDS[args[0]]
    return MODULES


def __getattr__(name: str) -> typer.Typer:
    """`magcheck.cli.app`: the whole command tree, built on first use (PEP 562)."""
    if name == "app":
        app = build()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The `magcheck` program. Two start-up costs that buy a command nothing are switched off first
    (together ≈ 15 ms of the ≈ 250 ms of `magcheck assess --json`; benchmarks/bench_cli.py):

    - pydantic's plugin search, which reads the entry points of every installed package when the first
      model is built; magcheck uses no pydantic plugin (``PYDANTIC_DISABLE_PLUGINS`` set to anything,
      even empty, before the run keeps pydantic's own behaviour);
    - the cyclic garbage collector, which runs dozens of passes over the objects of ~250 modules while
      they are imported, although a command's objects live until it exits anyway. `serve`, which runs
      for days, turns it back on (cli/serve.py).
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()
    build(modules_for(sys.argv[1:]))()
