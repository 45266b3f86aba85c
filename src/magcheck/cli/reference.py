"""`magcheck requirements`, `signs`, `supplement` and `claims`: the reference tables, the signs, a
supplement check and the article's claims, thin over their services.

Every command takes `--lang en|zh` and `--json`; bad input becomes field-level messages and exit code 2
(`cli.common.fail`). Printed for a person, the texts go through Rich (`cli.assess_render`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from magcheck.cli.assess_render import render_supplement_check
from magcheck.cli.common import (
    JsonOption,
    LangOption,
    StandardOption,
    chosen_standard,
    guarded,
    print_json,
    resolve_lang,
)
from magcheck.cli.terminal import markup_console
from magcheck.core.errors import input_error
from magcheck.core.vocabulary import SIGN_IDS, Standard
from magcheck.i18n import Lang, Say, t

if TYPE_CHECKING:
    from magcheck.core.models import SupplementCheck


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
    # lazy: the reference services bring the knowledge loader and the core's models (≈ 70 ms of imports),
    # kept out of `magcheck --help`
    from magcheck.service.requirements import requirements_view

    chosen = resolve_lang(lang)

    def run() -> None:
        std = chosen_standard(standard) or "us"
        data = requirements_view(age, sex, pregnant, lactating, std, chosen)
        if as_json:
            print_json(data)
        elif "rows" in data:
            _print_requirement_table(data["rows"], std, chosen)
        else:
            _print_requirement(data, chosen)

    guarded(chosen, run)


def _print_requirement(req: dict[str, Any], lang: Lang) -> None:
    console = markup_console()
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
    console = markup_console()
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
    # lazy: the reference services bring the knowledge loader and the core's models (≈ 70 ms of imports),
    # kept out of `magcheck --help`
    from magcheck.service.signs import sign_detail, signs_json

    chosen = resolve_lang(lang)

    def run() -> dict[str, Any]:
        if sign_id is not None and sign_id not in SIGN_IDS:
            raise input_error("id", "errors.invalid_choice", value=sign_id, allowed=", ".join(SIGN_IDS))
        return sign_detail(sign_id, chosen) if sign_id else signs_json(chosen)

    shown = guarded(chosen, run)
    if as_json:
        print_json(shown)
        return
    console = markup_console()
    if sign_id is None:
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
    # lazy: the reference services bring the knowledge loader and the core's models (≈ 70 ms of imports),
    # kept out of `magcheck --help`
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
            standard=chosen_standard(standard) or "us",
            confirmed=confirmed,
        )
        return check_supplement(question, chosen)

    check, unknown = guarded(chosen, run)
    if as_json:
        print_json(supplement_json(check, unknown, chosen))
        return

    console = markup_console()
    if age is None:
        console.print(f"[dim]{t('assess.age_default_note', chosen)}[/dim]")
    render_supplement_check(console, check, chosen)
    if unknown:
        console.print(t("core.rec.unrecognised_medications", chosen, names=", ".join(unknown)))
    console.print(f"\n[bold]{t('core.disclaimer', chosen)}[/bold]")


def claims_command(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """The article's claims, each with what the sources actually say."""
    # lazy: the reference services bring the knowledge loader and the core's models (≈ 70 ms of imports),
    # kept out of `magcheck --help`
    from magcheck.service.claims import claims_json

    chosen = resolve_lang(lang)
    data = guarded(chosen, lambda: claims_json(chosen))
    if as_json:
        print_json(data)
        return
    console = markup_console()
    console.print(f"[bold]{t('assess.claims', chosen)}[/bold]")
    for item in data["claims"]:
        console.print(f"\n[bold]{escape(item['article'])}[/bold]")
        verdict = Say(chosen).labelled(t("assess.verdict", chosen), f"[bold]{item['verdict_label']}[/bold]")
        console.print(verdict)
        console.print(f"{escape(item['what_sources_say'])} [dim]\\[{', '.join(item['sources'])}][/dim]")
    console.print(f"\n{t('core.disclaimer', chosen)}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("requirements")(requirements_command)
    app.command("signs")(signs_command)
    app.command("supplement")(supplement_command)
    app.command("claims")(claims_command)
