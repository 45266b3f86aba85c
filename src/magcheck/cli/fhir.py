"""`magcheck fhir export|import`: serum magnesium results as FHIR R4 Observations (the clinical hand-off).

The same service functions as ``GET/POST /api/v1/fhir/observations`` (`magcheck.service.fhir`), so the file
the command writes is the bundle the API returns, and an import is checked the same way (all
results or none). With ``magcheck --as CLINICIAN --client NAME fhir export`` a clinician exports a
sharing client's results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from magcheck.cli.common import JsonOption, LangOption, fail, guarded, print_json, resolve_lang
from magcheck.core.errors import input_error
from magcheck.i18n import t
from magcheck.private_files import write_output
from magcheck.storage.import_limits import read_import_file

fhir_app = typer.Typer(
    help="Serum magnesium results as FHIR R4 Observations: export for a clinician, import a lab's.",
    no_args_is_help=True,
)

PersonOption = Annotated[
    str | None, typer.Option("--person", "-p", help="Whose record (default: the current person).")
]


@fhir_app.command("export")
def export(
    person: PersonOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default and -: stdout).")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Write one person's serum magnesium results as a FHIR R4 Bundle (JSON)."""
    # lazy: the FHIR service brings the saved history (SQLAlchemy: ≈ 200 ms of imports), kept out of
    # `magcheck --help`
    from magcheck.service import fhir

    chosen = resolve_lang(lang)
    bundle = guarded(chosen, lambda: fhir.export_bundle(person))
    text = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    if str(output) != "-" and not output.parent.is_dir():
        fail(input_error("output", "security.errors.output_dir_missing", path=str(output.parent)), chosen)
    write_output(output, text.encode("utf-8"))  # atomic for a regular file: never half-written
    typer.echo(t("practice_cli.fhir_exported", chosen, count=len(bundle["entry"]), path=output), err=True)


@fhir_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A FHIR R4 Bundle or Observation (JSON).")],
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Store the serum magnesium results of a FHIR file: all of them, or none if any is wrong."""
    # lazy: the FHIR service brings the saved history (SQLAlchemy: ≈ 200 ms of imports), kept out of
    # `magcheck --help`
    from magcheck.service import fhir

    chosen = resolve_lang(lang)

    def run() -> list[dict[str, object]]:
        text = read_import_file(file, "file")
        return [lab.model_dump(mode="json") for lab in fhir.import_text(text, person)]

    labs = guarded(chosen, run)
    if json_out:
        print_json({"imported": len(labs), "labs": labs})
        return
    typer.echo(t("practice_cli.fhir_imported", chosen, count=len(labs)))


def register(app: typer.Typer) -> None:
    app.add_typer(fhir_app, name="fhir")
