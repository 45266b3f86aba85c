"""Plausibility: amounts that are almost certainly a typo or a wrong unit are never silently accepted.

"5,000 kg spinach", "9,999 g almonds", 40 drinks a day or a supplement at 30 times the upper level would
otherwise flow into the assessment and come out as "low concern". Each limit (`plausibility.toml`, with
its basis) is checked here, and every crossing is reported at once as a field-level problem saying what
looks wrong — unless the input marks that value as confirmed (`intake.confirmed`,
`supplements[i].confirmed`, `alcohol_drinks_confirmed`). The interfaces turn the problems into exit 2 /
422 / a confirm-or-correct question on the form.
"""

from __future__ import annotations

from magcheck.core.errors import FieldProblem, InputError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import AssessmentInput, FoodLogSummary
from magcheck.core.supplements import LineFinding

CODE = "safety.plausible"


def _num(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def limit_params(kb: KnowledgeBase) -> dict[str, str]:
    """The limits under the placeholder names the input models' descriptions give them."""
    lim = kb.plausibility
    return {
        "food_total_mg": _num(lim.food_total.max_mg_per_day),
        "entry_kg": _num(lim.entry.max_grams / 1000),
        "ul_multiple": _num(lim.supplement.max_ul_multiple),
        "drinks": _num(lim.drinks.max_per_day),
    }


def intake_problems(
    kb: KnowledgeBase, inp: AssessmentInput, food_log: FoodLogSummary | None
) -> list[FieldProblem]:
    """Food entries over the entry limit and food totals over the daily limit (unless confirmed)."""
    intake = inp.intake
    if intake is None or intake.confirmed:
        return []
    lim = kb.plausibility
    out: list[FieldProblem] = []

    def total(field: str, mg: float) -> None:
        if mg > lim.food_total.max_mg_per_day:
            params = {"mg": _num(mg), "limit": _num(lim.food_total.max_mg_per_day)}
            out.append(FieldProblem(field, f"{CODE}.food_total", params))

    if intake.usual_mg is not None:
        total("intake.usual_mg", intake.usual_mg)
    if intake.daily_mg is not None:
        for d, mg in enumerate(intake.daily_mg):
            total(f"intake.daily_mg.{d}", mg)
    if intake.days is not None and food_log is not None:
        index: dict[int, int] = {}
        for entry in food_log.entries:
            i = index.get(entry.day, 0)
            index[entry.day] = i + 1
            if entry.grams is not None and entry.grams > lim.entry.max_grams:
                grams, limit = _num(entry.grams), _num(lim.entry.max_grams)
                params = {"entry": entry.entry, "grams": grams, "limit": limit}
                out.append(FieldProblem(f"intake.days.{entry.day}.{i}", f"{CODE}.entry_grams", params))
        for d, mg in enumerate(food_log.daily_mg):
            total(f"intake.days.{d}", mg)
    return out


def drinks_problems(kb: KnowledgeBase, inp: AssessmentInput) -> list[FieldProblem]:
    drinks = inp.alcohol_drinks_per_day
    limit = kb.plausibility.drinks.max_per_day
    if drinks is None or inp.alcohol_drinks_confirmed or drinks <= limit:
        return []
    params = {"n": f"{drinks:g}", "limit": f"{limit:g}"}
    return [FieldProblem("alcohol_drinks_per_day", f"{CODE}.drinks", params)]


def supplement_problems(
    kb: KnowledgeBase, lines: list[LineFinding], ul: float | None, confirmed: list[bool], field: str
) -> list[FieldProblem]:
    """A supplement giving more than the limit's multiple of the UL a day (`field`.<i>), unless confirmed.

    Without a UL (infants) there is no multiple to compare with; the safety gate already withholds any
    dose advice there."""
    if ul is None:
        return []
    limit = kb.plausibility.supplement.max_ul_multiple * ul
    out: list[FieldProblem] = []
    for i, (line, ok) in enumerate(zip(lines, confirmed, strict=True)):
        if not ok and line.elemental_mg_per_day > limit:
            params = {
                "mg": _num(line.elemental_mg_per_day),
                "limit": _num(limit),
                "ul": _num(ul),
                "multiple": _num(kb.plausibility.supplement.max_ul_multiple),
            }
            out.append(FieldProblem(f"{field}.{i}", f"{CODE}.supplement", params))
    return out


def check_input(
    kb: KnowledgeBase,
    inp: AssessmentInput,
    food_log: FoodLogSummary | None,
    lines: list[LineFinding],
    ul: float | None,
) -> None:
    """Raise `InputError` naming every implausible, unconfirmed amount of the input."""
    problems = [
        *intake_problems(kb, inp, food_log),
        *drinks_problems(kb, inp),
        *supplement_problems(kb, lines, ul, [s.confirmed for s in inp.supplements], "supplements"),
    ]
    if problems:
        raise InputError(problems)
