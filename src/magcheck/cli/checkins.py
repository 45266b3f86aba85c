"""`magcheck checkin`, `checkins` and `lab add|list|remove`: how the signs feel over time, and lab values."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated

import typer

from magcheck.cli.common import JsonOption, LangOption, answer, guarded, resolve_lang, sub_app
from magcheck.cli.record_output import DateOption, PersonOption, listing, num
from magcheck.core.errors import input_error
from magcheck.i18n import Lang, t

if TYPE_CHECKING:
    from magcheck.storage.schemas import CheckInOut, LabOut

lab_app = sub_app("lab", "Lab results (serum magnesium).")


@cache
def _sign_names(lang: Lang) -> dict[str, str]:
    """The signs' names and one-line explanations in the user's language, in questionnaire order."""
    # lazy: the signs' service brings the knowledge loader and the core (≈ 60 ms of imports), kept out of
    # `magcheck --help`
    from magcheck.service.signs import sign_questions

    return sign_questions(lang)


def _parse_sign_options(values: list[str]) -> dict[str, str]:
    signs: dict[str, str] = {}
    for raw in values:
        sign, sep, freq = raw.partition("=")
        if not sep or not sign.strip() or not freq.strip():
            raise input_error("sign", "history.errors.sign_format", value=raw)
        signs[sign.strip()] = freq.strip().lower()
    return signs


_ANSWERS = {
    "never": "never",
    "sometimes": "sometimes",
    "often": "often",
    "daily": "daily",
    "从不": "never",
    "有时": "sometimes",
    "经常": "often",
    "每天": "daily",
    "0": "never",
    "1": "sometimes",
    "2": "often",
    "3": "daily",
}


def _ask_signs(lang: Lang) -> dict[str, str]:
    typer.echo(t("history.checkin.intro", lang))
    answers: dict[str, str] = {}
    for sign, label in _sign_names(lang).items():
        typer.echo("\n" + label)
        while True:
            raw = typer.prompt(
                t("history.checkin.prompt", lang), default="", show_default=False, prompt_suffix=" › "
            )
            value = raw.strip().lower()
            if not value:
                break
            if value in _ANSWERS:
                answers[sign] = _ANSWERS[value]
                break
            typer.echo(t("history.checkin.invalid_answer", lang))
    return answers


def checkin(
    sign: Annotated[
        list[str] | None, typer.Option("--sign", help="SIGN=FREQUENCY, e.g. fatigue=often (repeat).")
    ] = None,
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Record how often you notice each of the 11 signs (asks each one when no --sign is given)."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.checkins import add_checkin

    chosen = resolve_lang(lang)
    signs = guarded(chosen, lambda: _parse_sign_options(sign)) if sign else _ask_signs(chosen)

    def say(out: CheckInOut, chosen: Lang) -> None:
        typer.echo(t("history.checkin.saved", chosen, id=out.id, date=out.date, n=len(out.signs)))

    answer(lang, json_out, lambda: add_checkin(signs, date, person), say)


def checkins(person: PersonOption = None, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """List sign check-ins."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.checkins import list_checkins

    def strong(row: CheckInOut, chosen: Lang) -> str:
        names = _sign_names(chosen)
        return ", ".join(names[s].split(" — ")[0] for s, f in row.signs.items() if f in ("often", "daily"))

    say = listing(
        person,
        ("history.checkin.none", "history.checkin.title"),
        ("history.checkin.col_signs", "history.checkin.col_burden"),
        lambda r, chosen: (strong(r, chosen) or "—", num(r.burden, 2)),
    )
    answer(lang, json_out, lambda: list_checkins(person), say)


@lab_app.command("add")
def lab_add(
    value: Annotated[float, typer.Option("--value", help="The number on the lab report.")],
    unit: Annotated[str, typer.Option("--unit", help="mmol/L, mg/dL or mEq/L.")],
    date: DateOption = None,
    person: PersonOption = None,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Record a serum magnesium result."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.labs import add_lab

    def say(out: LabOut, chosen: Lang) -> None:
        shown = out.model_dump(include={"id", "date", "value", "unit"})
        typer.echo(t("history.lab.added", chosen, **shown, mmol=f"{out.mmol_per_l:.3f}"))

    answer(lang, json_out, lambda: add_lab(value, unit, date, person), say)


@lab_app.command("list")
def lab_list(person: PersonOption = None, json_out: JsonOption = False, lang: LangOption = None) -> None:
    """List lab results."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.labs import list_labs

    say = listing(
        person,
        ("history.lab.none", "history.lab.title"),
        ("history.lab.col_value", "history.lab.col_mmol"),
        lambda r, _: (f"{r.value:g} {r.unit}", f"{r.mmol_per_l:.3f}"),
    )
    answer(lang, json_out, lambda: list_labs(person), say)


@lab_app.command("remove")
def lab_remove(
    lab_id: Annotated[int, typer.Argument(metavar="ID")],
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Remove one lab result by its id."""
    # lazy: the record's services bring SQLAlchemy (≈ 200 ms of imports), kept out of `magcheck --help`
    from magcheck.service.history.labs import remove_lab

    def say(out: LabOut, chosen: Lang) -> None:
        typer.echo(
            t("history.lab.removed", chosen, id=out.id, date=out.date, value=f"{out.value:g}", unit=out.unit)
        )

    answer(lang, json_out, lambda: remove_lab(lab_id), say)


def register_labs(app: typer.Typer) -> None:
    app.add_typer(lab_app, name="lab")


def register(app: typer.Typer) -> None:
    app.command("checkin")(checkin)
    app.command("checkins")(checkins)
