"""`magcheck assess`, `requirements`, `signs`, `supplement` and `claims`: thin commands over the service.

Every command takes `--lang en|zh` and `--json`; bad input becomes field-level messages and exit code 2
(`cli.common.fail`). `assess` without `--input` runs the interactive wizard, which re-asks instead of
exiting. Options that read a saved history (`--from-log`, `--days`, `--person`) are added by the history
module; `_load_input` is where an input comes from.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from magcheck.cli.common import JsonOption, LangOption, guarded, print_json, read_text_file, resolve_lang
from magcheck.core.errors import input_error
from magcheck.core.vocabulary import STANDARDS
from magcheck.i18n import Lang, Say, t

if TYPE_CHECKING:
    from rich.console import Console

    from magcheck.core.models import AssessmentInput, SupplementCheck
    from magcheck.core.vocabulary import Standard

StandardOption = Annotated[
    str | None, typer.Option("--standard", help="Reference standard: us (IOM 1997) or cn (China 2013).")
]


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(highlight=False, stderr=stderr)


def _standard(value: str | None) -> Standard | None:
    if value is None:
        return None
    if value not in STANDARDS:
        raise input_error("standard", "errors.invalid_choice", value=value, allowed=", ".join(STANDARDS))
    return value


def _load_input(
    input_file: Path | None, standard: Standard | None, lang: Lang, as_json: bool = False
) -> AssessmentInput:
    """The input from a JSON file, or from the wizard (whose questions go to stderr under --json)."""
    from magcheck.core.models import AssessmentInput
    from magcheck.service.assessment import input_from_json_text
    from magcheck.service.knowledge import knowledge_base
    from magcheck.validation import parse_model

    if input_file is not None and str(input_file) == "-":
        inp = input_from_json_text(sys.stdin.read())
    elif input_file is not None:
        inp = input_from_json_text(read_text_file(input_file))
    else:
        from magcheck.cli.assess_wizard import run_wizard

        inp = parse_model(
            AssessmentInput, run_wizard(_console(stderr=as_json), lang, knowledge_base(), standard)
        )
    if standard is not None:
        inp = inp.model_copy(update={"standard": standard})
    return inp


def _show(inp: AssessmentInput, lang: Lang, as_json: bool) -> None:
    from magcheck.service.assessment import assess

    result = assess(inp, lang)
    if as_json:
        print_json(result)
    else:
        from magcheck.cli.assess_render import render_assessment

        render_assessment(_console(), result, lang)


def assess_command(
    input_file: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="Input JSON file, - for stdin (see docs/input.schema.json)."),
    ] = None,
    standard: StandardOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    from_log: Annotated[
        bool,
        typer.Option("--from-log", help="Use your record: logged food, check-ins, labs (see `log add`)."),
    ] = False,
    days: Annotated[int, typer.Option("--days", help="With --from-log: the last N logged days.")] = 7,
    person: Annotated[str | None, typer.Option("--person", help="With --from-log: whose record.")] = None,
) -> None:
    """Assess your magnesium status: intake adequacy, depletion score, signs, labs and supplements."""
    chosen = resolve_lang(lang)
    if from_log:
        from magcheck.cli.history import assess_from_log

        guarded(
            chosen, lambda: assess_from_log(person, days, _standard(standard), chosen, as_json, input_file)
        )
        return
    guarded(
        chosen, lambda: _show(_load_input(input_file, _standard(standard), chosen, as_json), chosen, as_json)
    )


def requirements_command(
    age: Annotated[float | None, typer.Option("--age", help="Age in years (0.5 = six months).")] = None,
    sex: Annotated[str | None, typer.Option("--sex", help="female or male.")] = None,
    pregnant: Annotated[bool, typer.Option("--pregnant", help="Pregnant.")] = False,
    lactating: Annotated[bool, typer.Option("--lactating", help="Breastfeeding.")] = False,
    standard: StandardOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Show the reference intakes: the whole table, or one person's row with --age and --sex."""
    chosen = resolve_lang(lang)

    def run() -> None:
        from magcheck.service.requirements import requirements_view

        std = _standard(standard) or "us"
        data = requirements_view(age, sex, pregnant, lactating, std, chosen)
        if as_json:
            print_json(data)
        elif "rows" in data:
            _print_requirement_table(data["rows"], std, chosen)
        else:
            _print_requirement(data, chosen)

    guarded(chosen, run)


def _print_requirement(req: dict[str, Any], lang: Lang) -> None:
    console = _console()
    console.print(f"[bold]{req['life_stage_label']}[/bold] — {req['edition']}")
    none = t("assess.none", lang)
    for name, value in (
        ("EAR", req["ear_mg"]),
        (req["rda_name"], req["rda_mg"]),
        ("AI", req["ai_mg"]),
        ("UL", req["ul_supplement_mg"]),
    ):
        console.print(f"  {name}: {none if value is None else f'{value:g} mg/day'}")
    for note in req["notes"]:
        console.print(f"[dim]{note}[/dim]")
    console.print(f"[dim]{', '.join(req['sources'])}[/dim]")
    console.print(t("core.disclaimer", lang))


def _print_requirement_table(rows: list[dict[str, Any]], std: Standard, lang: Lang) -> None:
    from rich.table import Table

    console = _console()
    table = Table(title=t(f"core.requirement.edition_{std}", lang), header_style="bold")
    table.add_column(t("assess.life_stage", lang))
    cols = ("ear_mg", "rda_mg", "ai_mg", "ul_supplement_mg") if std == "us" else ("ear_mg", "rni_mg", "ai_mg")
    names = {"ear_mg": "EAR", "rda_mg": "RDA", "rni_mg": "RNI", "ai_mg": "AI", "ul_supplement_mg": "UL"}
    for col in cols:
        table.add_column(names[col], justify="right")
    for row in rows:
        plus = "+" if row.get("kind", "base") != "base" else ""
        table.add_row(row["label"], *("—" if row[c] is None else f"{plus}{row[c]:g}" for c in cols))
    console.print(table)
    note = t("core.requirement.ul_note" if std == "us" else "core.requirement.cn_no_ul", lang)
    console.print(f"[dim]mg/day · {note}[/dim]")
    console.print(t("core.disclaimer", lang))


def signs_command(
    sign_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="A sign id, e.g. muscle_cramps.")
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Explain the article's 11 signs: the evidence that low magnesium causes each, and other causes."""
    chosen = resolve_lang(lang)

    def run() -> dict[str, Any]:
        from magcheck.core.vocabulary import SIGN_IDS
        from magcheck.service.signs import sign_detail, signs_json

        if sign_id is not None and sign_id not in SIGN_IDS:
            raise input_error("id", "errors.invalid_choice", value=sign_id, allowed=", ".join(SIGN_IDS))
        return sign_detail(sign_id, chosen) if sign_id else signs_json(chosen)

    shown = guarded(chosen, run)
    if as_json:
        print_json(shown)
        return
    console = _console()
    if sign_id is None:
        from rich.table import Table

        table = Table(title=t("assess.all_signs", chosen), header_style="bold")
        for head in (
            "id",
            t("assess.sign", chosen),
            t("assess.evidence_cause", chosen),
            t("assess.evidence_supplement", chosen),
        ):
            table.add_column(head)
        for item in shown["signs"]:
            table.add_row(
                item["id"],
                f"{item['name']}\n[dim]{item['one_line']}[/dim]",
                item["evidence_cause"]["grade_label"],
                item["evidence_supplement"]["grade_label"],
            )
        console.print(table)
        console.print(f"[dim]{t('assess.sign_hint', chosen)}[/dim]")
    else:
        _print_sign(console, shown, chosen)
    console.print(f"[bold]{shown['caveat']}[/bold]")
    console.print(shown["disclaimer"])


def _print_sign(console: Console, item: dict[str, Any], lang: Lang) -> None:
    from rich.markup import escape

    console.print(f"[bold]{escape(item['name'])}[/bold] ({item['id']})")
    console.print(escape(item["explanation"]))
    console.print(f"\n[bold]{t('assess.mechanism', lang)}[/bold]\n{escape(item['mechanism'])}")
    for key in ("evidence_cause", "evidence_supplement"):
        ev = item[key]
        console.print(f"\n[bold]{t(f'assess.{key}', lang)}[/bold] {ev['grade_label']}")
        console.print(f"{escape(ev['text'])} [dim]\\[{', '.join(ev['sources'])}][/dim]")
    console.print(f"\n[bold]{t('assess.other_causes', lang)}[/bold]")
    for cause in item["other_causes"]:
        console.print(f"  • {escape(cause)}")
    if item["ask_warning_signs"]:
        console.print(f"\n[bold]{t('assess.ask_warning', lang)}[/bold]")
        for warning in item["ask_warning_signs"]:
            console.print(f"  ? {escape(warning['question'])}")
    console.print()


def supplement_command(
    compound: Annotated[
        str | None, typer.Option("--compound", help="Compound on the label, e.g. citrate.")
    ] = None,
    compound_mg: Annotated[
        float | None, typer.Option("--compound-mg", help="Mg of the compound per dose.")
    ] = None,
    elemental_mg: Annotated[
        float | None, typer.Option("--elemental-mg", help="Elemental Mg per dose.")
    ] = None,
    per_day: Annotated[float, typer.Option("--per-day", help="Doses per day.")] = 1,
    age: Annotated[float | None, typer.Option("--age", help="Age in years (sets the UL).")] = None,
    egfr: Annotated[float | None, typer.Option("--egfr", help="eGFR, mL/min/1.73 m².")] = None,
    medication: Annotated[
        list[str] | None, typer.Option("--medication", "-m", help="A medicine you take (repeatable).")
    ] = None,
    kidney_disease: Annotated[
        bool, typer.Option("--kidney-disease", help="You have kidney disease.")
    ] = False,
    dialysis: Annotated[bool, typer.Option("--dialysis", help="You are on dialysis.")] = False,
    serum: Annotated[
        float | None, typer.Option("--serum", help="Your serum magnesium (in --serum-unit).")
    ] = None,
    serum_unit: Annotated[
        str | None,
        typer.Option("--serum-unit", help="mmol/L, mg/dL or mEq/L (default: mg/dL with --standard us)."),
    ] = None,
    pregnant: Annotated[bool, typer.Option("--pregnant", help="You are pregnant.")] = False,
    lactating: Annotated[bool, typer.Option("--lactating", help="You are breastfeeding.")] = False,
    warning_sign: Annotated[
        list[str] | None,
        typer.Option("--warning-sign", help="A warning sign you have, e.g. fainting (repeatable)."),
    ] = None,
    standard: StandardOption = None,
    confirmed: Annotated[
        bool, typer.Option("--confirmed", help="The amount is right even though it is over 10x the UL.")
    ] = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Check a supplement: elemental magnesium per day, the UL, spacing from medicines and the safety gate."""
    from magcheck.service.supplement import SupplementQuestion, check_supplement, supplement_json

    chosen = resolve_lang(lang)

    def run() -> tuple[SupplementCheck, list[str]]:
        question = SupplementQuestion(
            compound=compound,
            compound_mg=compound_mg,
            elemental_mg=elemental_mg,
            per_day=per_day,
            age=age,
            egfr=egfr,
            medications=tuple(medication or ()),
            kidney_disease=kidney_disease,
            dialysis=dialysis,
            serum=serum,
            serum_unit=serum_unit,
            pregnant=pregnant,
            lactating=lactating,
            warning_signs=tuple(warning_sign or ()),
            standard=_standard(standard) or "us",
            confirmed=confirmed,
        )
        return check_supplement(question, chosen)

    check, unknown = guarded(chosen, run)
    if as_json:
        print_json(supplement_json(check, unknown, chosen))
        return
    from magcheck.cli.assess_render import render_supplement_check

    console = _console()
    if age is None:
        console.print(f"[dim]{t('assess.age_default_note', chosen)}[/dim]")
    render_supplement_check(console, check, chosen)
    if unknown:
        console.print(t("core.rec.unrecognised_medications", chosen, names=", ".join(unknown)))
    console.print(f"\n[bold]{t('core.disclaimer', chosen)}[/bold]")


def claims_command(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """The article's claims, each with what the sources actually say."""
    from magcheck.service.claims import claims_json

    chosen = resolve_lang(lang)
    data = guarded(chosen, lambda: claims_json(chosen))
    if as_json:
        print_json(data)
        return
    from rich.markup import escape

    console = _console()
    console.print(f"[bold]{t('assess.claims', chosen)}[/bold]")
    for item in data["claims"]:
        console.print(f"\n[bold]{escape(item['article'])}[/bold]")
        verdict = Say(chosen).labelled(t("assess.verdict", chosen), f"[bold]{item['verdict_label']}[/bold]")
        console.print(verdict)
        console.print(f"{escape(item['what_sources_say'])} [dim]\\[{', '.join(item['sources'])}][/dim]")
    console.print(f"\n{t('core.disclaimer', chosen)}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("assess")(assess_command)
    app.command("requirements")(requirements_command)
    app.command("signs")(signs_command)
    app.command("supplement")(supplement_command)
    app.command("claims")(claims_command)
