"""`magcheck assess`, `requirements`, `signs`, `supplement` and `claims`: thin commands over the service.

Every command takes `--lang en|zh` and `--json`; bad input becomes field-level messages and exit code 2
(`cli.common.fail`). `assess` without `--input` runs the interactive wizard, which re-asks instead of
exiting. Options that read a saved history (`--from-log`, `--days`, `--person`) are added by the history
module; `_load_input` is where an input comes from.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from magcheck.cli.common import JsonOption, LangOption, guarded, print_json, read_text_file, resolve_lang
from magcheck.core.errors import input_error
from magcheck.i18n import Lang, t

if TYPE_CHECKING:
    from rich.console import Console

    from magcheck.core.knowledge_base import KnowledgeBase
    from magcheck.core.models import AssessmentInput, Standard

StandardOption = Annotated[
    str | None, typer.Option("--standard", help="Reference standard: us (IOM 1997) or cn (China 2013).")
]


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(highlight=False, stderr=stderr)


def _standard(value: str | None) -> Standard | None:
    if value is None:
        return None
    if value not in ("us", "cn"):
        raise input_error("standard", "errors.invalid_choice", value=value, allowed="us, cn")
    return value  # type: ignore[return-value]


def _with_kb(lang: Lang, body: Callable[[KnowledgeBase], None]) -> None:
    """Run a command's body with the knowledge base; bad input becomes field messages and exit code 2."""

    def run() -> None:
        from magcheck.knowledge.loader import load_knowledge

        body(load_knowledge())

    guarded(lang, run)


def _check_range(field: str, value: float | None, low: float, high: float) -> None:
    """A number outside [low, high] is refused naming the field and the limit it crossed."""
    if value is not None and not low <= value <= high:
        above = value > high
        raise input_error(
            field,
            "errors.too_large" if above else "errors.too_small",
            value=value,
            limit=high if above else low,
        )


def _load_input(
    input_file: Path | None, standard: Standard | None, lang: Lang, as_json: bool = False
) -> AssessmentInput:
    """The input from a JSON file, or from the wizard (whose questions go to stderr under --json)."""
    from magcheck.core.models import AssessmentInput
    from magcheck.knowledge.loader import load_knowledge
    from magcheck.service.assessment import input_from_json_text
    from magcheck.validation import parse_model

    if input_file is not None and str(input_file) == "-":
        inp = input_from_json_text(sys.stdin.read())
    elif input_file is not None:
        inp = input_from_json_text(read_text_file(input_file))
    else:
        from magcheck.cli.assess_wizard import run_wizard

        answers = run_wizard(_console(stderr=as_json), lang, load_knowledge(), standard)
        inp = parse_model(AssessmentInput, answers)
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

    def run(knowledge: KnowledgeBase) -> None:
        from magcheck.core.models import SIGN_IDS
        from magcheck.service.signs import sign_json

        if sign_id is not None and sign_id not in SIGN_IDS:
            raise input_error("id", "errors.invalid_choice", value=sign_id, allowed=", ".join(SIGN_IDS))
        ids = [sign_id] if sign_id else [s.id for s in knowledge.signs]
        data = [sign_json(knowledge, i, chosen) for i in ids]
        if as_json:
            extra = {"caveat": t("core.signs.caveat", chosen), "disclaimer": t("core.disclaimer", chosen)}
            print_json({**data[0], **extra} if sign_id else {"signs": data, **extra})
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
            for item in data:
                table.add_row(
                    item["id"],
                    f"{item['name']}\n[dim]{item['one_line']}[/dim]",
                    item["evidence_cause"]["grade_label"],
                    item["evidence_supplement"]["grade_label"],
                )
            console.print(table)
            console.print(f"[dim]{t('assess.sign_hint', chosen)}[/dim]")
        else:
            _print_sign(console, data[0], chosen)
        console.print(f"[bold]{t('core.signs.caveat', chosen)}[/bold]")
        console.print(t("core.disclaimer", chosen))

    _with_kb(chosen, run)


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
    chosen = resolve_lang(lang)

    def run(knowledge: KnowledgeBase) -> None:
        from magcheck.core.errors import FieldProblem, InputError
        from magcheck.core.gate import GateFacts, supplement_gate
        from magcheck.core.medications import match_medications
        from magcheck.core.models import Profile, SupplementInput
        from magcheck.core.plausibility import supplement_problems
        from magcheck.core.requirements import supplement_ul
        from magcheck.core.supplements import check_supplements
        from magcheck.validation import parse_model

        item = parse_model(
            SupplementInput,
            {
                "compound": compound,
                "compound_mg": compound_mg,
                "elemental_mg": elemental_mg,
                "per_day": per_day,
            },
        )
        _check_range("age", age, 0, 120)
        _check_range("egfr", egfr, 1, 200)
        person = parse_model(
            Profile,
            {"age_years": 30 if age is None else age, "sex": "female", "pregnant": pregnant,
             "lactating": lactating},
            prefix="profile",
        )  # fmt: skip
        warnings = _warning_signs(warning_sign or [])
        serum_mmol = _serum_mmol(knowledge, serum, serum_unit, _standard(standard) or "us")
        ul = supplement_ul(knowledge, person.age_years, "female", pregnant, lactating)
        meds, unknown = match_medications(knowledge, medication or [])
        facts = GateFacts(
            age_years=person.age_years,
            pregnant=pregnant,
            lactating=lactating,
            egfr=egfr,
            dialysis=dialysis,
            kidney_disease=kidney_disease,
            serum_mmol=serum_mmol,
            warning_signs=bool(warnings),
        )
        gate = supplement_gate(knowledge, facts, chosen)
        check = check_supplements(knowledge, [item], ul=ul, gate=gate, medications=meds, lang=chosen)
        problems = supplement_problems(knowledge, check.items, ul, [confirmed], "supplements")
        if problems:
            field = "elemental_mg" if elemental_mg else "compound_mg"
            raise InputError([FieldProblem(field, p.code, p.params) for p in problems])
        if as_json:
            data = check.model_dump(mode="json")
            data["unrecognised_medications"] = unknown
            data["disclaimer"] = t("core.disclaimer", chosen)
            print_json(data)
            return
        from magcheck.cli.assess_render import render_supplement_check

        console = _console()
        if age is None:
            console.print(f"[dim]{t('assess.age_default_note', chosen)}[/dim]")
        render_supplement_check(console, check, chosen)
        if unknown:
            console.print(t("core.rec.unrecognised_medications", chosen, names=", ".join(unknown)))
        console.print(f"\n[bold]{t('core.disclaimer', chosen)}[/bold]")

    _with_kb(chosen, run)


def _warning_signs(values: list[str]) -> list[str]:
    """`--warning-sign` values, each one of the known ids (field-level error otherwise)."""
    from magcheck.core.models import WARNING_SIGN_IDS

    for value in values:
        if value not in WARNING_SIGN_IDS:
            raise input_error(
                "warning_sign", "errors.invalid_choice", value=value, allowed=", ".join(WARNING_SIGN_IDS)
            )
    return values


def _serum_mmol(
    knowledge: KnowledgeBase, value: float | None, unit: str | None, standard: Standard
) -> float | None:
    """`--serum` in mmol/L; without `--serum-unit` the standard's usual unit (US mg/dL, China mmol/L)."""
    from magcheck.core.labs import check_plausible, default_unit

    if value is None:
        return None
    chosen = unit or default_unit(knowledge, standard)
    if chosen not in ("mmol/L", "mg/dL", "mEq/L"):
        raise input_error("serum_unit", "errors.invalid_choice", value=chosen, allowed="mmol/L, mg/dL, mEq/L")
    return check_plausible(knowledge, value, chosen, "serum")  # type: ignore[arg-type]


def claims_command(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """The article's claims, each with what the sources actually say."""
    chosen = resolve_lang(lang)

    def run(knowledge: KnowledgeBase) -> None:
        data: list[dict[str, Any]] = [
            {
                "id": c.id,
                "article": c.article.get(chosen),
                "verdict": c.verdict,
                "verdict_label": t(f"assess.verdict_label.{c.verdict}", chosen),
                "what_sources_say": c.what_sources_say.get(chosen),
                "sources": list(c.sources),
            }
            for c in knowledge.claims
        ]
        if as_json:
            print_json({"claims": data, "disclaimer": t("core.disclaimer", chosen)})
            return
        from rich.markup import escape

        console = _console()
        console.print(f"[bold]{t('assess.claims', chosen)}[/bold]")
        for item in data:
            console.print(f"\n[bold]{escape(item['article'])}[/bold]")
            sep = "：" if chosen == "zh" else ": "
            console.print(f"{t('assess.verdict', chosen)}{sep}[bold]{item['verdict_label']}[/bold]")
            console.print(f"{escape(item['what_sources_say'])} [dim]\\[{', '.join(item['sources'])}][/dim]")
        console.print(f"\n{t('core.disclaimer', chosen)}")

    _with_kb(chosen, run)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("assess")(assess_command)
    app.command("requirements")(requirements_command)
    app.command("signs")(signs_command)
    app.command("supplement")(supplement_command)
    app.command("claims")(claims_command)
