"""Human output of an assessment for the terminal (Rich): the same content as `--json`, warnings first,
disclaimer last, in the chosen language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from magcheck.i18n import Lang, Say, t

if TYPE_CHECKING:
    from magcheck.core.models import Assessment, Reason, SupplementCheck

_LEVEL_STYLE = {
    "insufficient_information": "bold blue",
    "low_concern": "bold green",
    "some_concern": "bold yellow",
    "high_concern": "bold dark_orange",
    "seek_care": "bold red",
}


def _num(value: float | None, lang: Lang, unit: str = " mg") -> str:
    return t("assess.none", lang) if value is None else f"{value:g}{unit}"


def _reasons(console: Console, reasons: list[Reason]) -> None:
    for reason in reasons:
        cite = f" [dim]\\[{', '.join(reason.sources)}][/dim]" if reason.sources else ""
        console.print(f"  • {escape(reason.text)}{cite}")


def _sep(lang: Lang) -> str:
    return Say(lang).colon


def _heading(console: Console, key: str, lang: Lang) -> None:
    console.print()
    console.rule(f"[bold]{t(f'assess.{key}', lang)}[/bold]", align="left")


def render_supplement_check(console: Console, check: SupplementCheck, lang: Lang) -> None:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(t("assess.compound", lang))
    table.add_column(t("assess.fraction", lang), justify="right")
    table.add_column(t("assess.elemental", lang), justify="right")
    for line in check.items:
        fraction = f"{100 * line.elemental_fraction:.1f}%" if line.elemental_fraction is not None else "—"
        table.add_row(
            line.compound_label or t("assess.none", lang), fraction, f"{line.elemental_mg_per_day:g}"
        )
    console.print(table)
    console.print(escape(check.text))
    if check.spacing:
        console.print(f"[bold]{t('assess.spacing', lang)}[/bold]")
        _reasons(console, check.spacing)
    if check.interactions:
        console.print(f"[bold]{t('assess.interactions', lang)}[/bold]")
        _reasons(console, check.interactions)
    console.print(f"[dim]{', '.join(check.sources)}[/dim]")


def render_assessment(console: Console, a: Assessment, lang: Lang) -> None:
    console.print(f"[bold]{t('assess.title', lang)}[/bold]")
    if a.red_flags:
        lines = []
        for flag in a.red_flags:
            lines.append(f"[bold]{escape(flag.text)}[/bold]\n→ {escape(flag.action)}")
        console.print(Panel("\n\n".join(lines), title=t("assess.red_flags", lang), border_style="red"))

    style = _LEVEL_STYLE[a.status.level]
    console.print(Panel(f"[{style}]{escape(a.status.label)}[/{style}]", title=t("assess.status", lang)))
    _reasons(console, a.status.reasons)
    if a.status.next_answers:
        console.print(f"[bold]{t('safety.status.next_heading', lang)}[/bold]")
        _reasons(console, a.status.next_answers)
    if not a.supplement_gate.dose_allowed:
        gate = a.supplement_gate
        body = f"{escape(gate.text)} [dim]\\[{', '.join(gate.sources)}][/dim]"
        console.print(Panel(body, title=t("safety.gate_heading", lang), border_style="yellow"))

    req = a.requirement
    _heading(console, "requirement", lang)
    console.print(f"{t('assess.standard', lang)}{_sep(lang)}{escape(req.edition)}")
    console.print(f"{t('assess.life_stage', lang)}{_sep(lang)}{escape(req.life_stage_label)}")
    console.print(
        f"EAR {_num(req.ear_mg, lang)} · {req.rda_name} {_num(req.rda_mg, lang)} · AI {_num(req.ai_mg, lang)}"
        f" · UL {_num(req.ul_supplement_mg, lang)}  [dim]\\[{', '.join(req.sources)}][/dim]"
    )
    for note in req.notes:
        console.print(f"[dim]{escape(note)}[/dim]")

    _heading(console, "intake", lang)
    console.print(escape(a.intake.text))
    if a.intake.daily_mg:
        console.print(t("assess.daily_totals", lang, values=", ".join(f"{v:g}" for v in a.intake.daily_mg)))
    for entry in a.intake.foods:
        mg = "?" if entry.mg is None else f"{entry.mg:g} mg"
        label = Say(lang).name(entry) or entry.entry
        console.print(f"  {escape(entry.entry)} → {escape(label)}: {mg}")
    if a.intake.not_understood:
        console.print(t("meal.cli.not_understood", lang, n=len(a.intake.not_understood)))
        for miss in a.intake.not_understood:
            console.print(f"  {escape(miss.text)}: {escape(miss.reason)}")
    if a.intake.coverage is not None:
        console.print(f"[dim]{escape(a.intake.coverage.text)}[/dim]")

    _heading(console, "adequacy", lang)
    console.print(escape(a.adequacy.text))
    if a.adequacy.sd_within_mg is not None or a.adequacy.sd_requirement_mg is not None:
        console.print(
            f"[dim]z = {a.adequacy.z}, SD_req = {_num(a.adequacy.sd_requirement_mg, lang)}, "
            f"SD_within = {_num(a.adequacy.sd_within_mg, lang)}, "
            f"SD_D = {_num(a.adequacy.sd_difference_mg, lang)}, "
            f"n = {a.adequacy.n_days}  "
            f"\\[{', '.join(a.adequacy.sources)}][/dim]"
        )
    for caveat in a.adequacy.caveats:
        console.print(f"  [dim]– {escape(caveat)}[/dim]")

    _heading(console, "mds", lang)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(t("assess.component", lang))
    table.add_column(t("assess.points", lang), justify="right")
    for comp in a.mds.components:
        table.add_row(
            escape(comp.text), t("assess.unknown", lang) if comp.points is None else str(comp.points)
        )
    console.print(table)
    console.print(f"{escape(a.mds.text)} [dim]\\[{', '.join(a.mds.sources)}][/dim]")

    if a.signs.items:
        _heading(console, "signs", lang)
        for item in a.signs.items:
            freq = t(f"assess.freq.{item.frequency}", lang)
            console.print(f"[bold]{escape(item.name)}[/bold] " + Say(lang).brackets(freq))
            console.print(f"  {t('assess.evidence_cause', lang)} {escape(item.evidence_cause)}")
            console.print(f"  {t('assess.evidence_supplement', lang)} {escape(item.evidence_supplement)}")
            causes = Say(lang).clauses(item.other_causes)
            console.print(f"  {t('assess.other_causes', lang)}{_sep(lang)}{escape(causes)}")
            console.print(f"  [dim]\\[{', '.join(item.sources)}][/dim]")
        console.print(
            f"[italic]{escape(a.signs.caveat)}[/italic] (burden {a.signs.burden:.2f}, "
            f"{t(f'core.signs.level.{a.signs.burden_level}', lang)})"
        )

    if a.labs is not None:
        _heading(console, "labs", lang)
        console.print(f"{escape(a.labs.text)} [dim]\\[{', '.join(a.labs.sources)}][/dim]")

    if a.supplements is not None:
        _heading(console, "supplements", lang)
        render_supplement_check(console, a.supplements, lang)

    if a.plan is not None:
        _heading(console, "plan", lang)
        console.print(escape(a.plan.text))
        for food in a.plan.foods:
            name = Say(lang).name(food)
            console.print(f"  • {escape(name)}: {escape(food.portion)} — {food.mg:g} mg, {food.kcal:g} kcal")
        if a.plan.supplement is not None:
            supp = a.plan.supplement
            console.print(
                f"{t('assess.plan_supplement', lang)}: {escape(supp.compound_label)} — "
                f"{supp.elemental_mg_per_day:g} mg/day ({escape(supp.why)})"
            )
            for caution in supp.cautions:
                console.print(f"  ! {escape(caution)}")
        elif a.plan.supplement_reason:
            console.print(f"[dim]{escape(a.plan.supplement_reason)}[/dim]")

    _heading(console, "recommendations", lang)
    _reasons(console, a.recommendations)

    _heading(console, "sources", lang)
    for ref in a.sources:
        url = f" {ref.url}" if ref.url else ""
        console.print(f"[dim]\\[{ref.id}] {escape(ref.citation)}{url}[/dim]")

    _heading(console, "disclaimer", lang)
    console.print(f"[bold]{escape(a.disclaimer)}[/bold]")
    console.print(f"[dim]knowledge {a.knowledge_version}[/dim]")
