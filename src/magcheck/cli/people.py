"""`magcheck person add|list|use|delete`: the people whose records this computer keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from magcheck.cli.common import JsonOption, LangOption, answer, fail, resolve_lang, sub_app
from magcheck.cli.record_output import one_decimal, print_table
from magcheck.core.errors import input_error
from magcheck.i18n import Lang, t

if TYPE_CHECKING:
    from magcheck.storage.schemas import PersonOut

person_app = sub_app("person", "People whose records this computer keeps (e.g. a family).")


@person_app.command("add")
def person_add(
    name: Annotated[str, typer.Argument(help="A name (unique on this computer).")],
    age: Annotated[float, typer.Option("--age", help="Age in years (0.5 = six months).")],
    sex: Annotated[str, typer.Option("--sex", help="female or male.")],
    pregnant: Annotated[bool, typer.Option("--pregnant", help="Currently pregnant.")] = False,
    lactating: Annotated[bool, typer.Option("--lactating", help="Currently breastfeeding.")] = False,
    standard: Annotated[
        str, typer.Option("--standard", help="Reference values: us (IOM) or cn (China).")
    ] = "us",
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Add a person."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.people import add_person

    def say(person: PersonOut, chosen: Lang) -> None:
        sex_name = t(f"history.person.{person.sex}", chosen)
        typer.echo(
            t(
                "history.person.added",
                chosen,
                name=person.name,
                age=one_decimal(person.age_years),
                sex=sex_name,
            )
        )

    answer(lang, json_out, lambda: add_person(name, age, sex, pregnant, lactating, standard), say)


@person_app.command("list")
def person_list(json_out: JsonOption = False, lang: LangOption = None) -> None:
    """List the people and which one is current."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.people import list_persons

    answer(lang, json_out, list_persons, _say_persons)


def _say_persons(persons: list[PersonOut], lang: Lang) -> None:
    if not persons:
        typer.echo(t("history.person.none", lang))
        return
    print_table(
        t("history.person.title", lang),
        [
            t(f"history.person.{key}", lang)
            for key in ("col_name", "col_age", "col_sex", "col_status", "col_current")
        ],
        (
            (
                p.name,
                one_decimal(p.age_years),
                t(f"history.person.{p.sex}", lang),
                _state(p, lang),
                "✓" if p.current else "",
            )
            for p in persons
        ),
    )


def _state(person: PersonOut, lang: Lang) -> str:
    if person.pregnant:
        return t("history.person.pregnant", lang)
    return t("history.person.lactating", lang) if person.lactating else ""


@person_app.command("use")
def person_use(name: str, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """Make NAME the current person (the default for log, checkin, lab, history, assess --from-log)."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.people import use_person

    def say(person: PersonOut, chosen: Lang) -> None:
        typer.echo(t("history.person.now_current", chosen, name=person.name))

    answer(lang, json_out, lambda: use_person(name), say)


@person_app.command("delete")
def person_delete(
    name: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Delete a person and every record of theirs (food log, check-ins, labs, assessments)."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.people import delete_person

    chosen = resolve_lang(lang)
    if not yes:
        try:
            confirmed = typer.confirm(t("history.person.confirm", chosen, name=name), default=False)
        except typer.Abort:
            confirmed = False
        if not confirmed:
            fail(input_error("yes", "history.errors.confirm_needed"), chosen)

    def say(deleted: dict[str, Any], chosen: Lang) -> None:
        counts = deleted["rows"]
        typer.echo(
            t(
                "history.person.deleted",
                chosen,
                name=name,
                entries=counts["food_entry"],
                supplements=counts["supplement_intake"],
                checkins=counts["checkin"],
                labs=counts["lab_result"],
                assessments=counts["saved_assessment"],
            )
        )

    answer(lang, json_out, lambda: {"deleted": name, "rows": delete_person(name)}, say)


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
