"""The `magcheck` command line: a thin layer over the service functions.

Each command group lives in its own module with a `register(app)` function; heavy libraries (FastAPI,
HiGHS, WeasyPrint, SQLAlchemy) are imported inside the commands that need them so that `magcheck assess`
starts fast.
"""

from __future__ import annotations

import typer

from magcheck.cli import assess, foods, history, plan, recall, recipe, report, serve, users

app = typer.Typer(
    name="magcheck",
    help="An honest, bilingual magnesium status check. Not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (assess, foods, plan, history, recall, recipe, report, serve, users):
    module.register(app)


def main() -> None:
    app()
