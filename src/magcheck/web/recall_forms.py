"""What a recall pass's form does to the draft: the answers read, checked and applied.

Each pass posts a form; `apply` turns it into the new draft and the step to show next. Invalid answers
do not throw the others away: `Rejected` carries the draft with every valid answer applied, so the page
shows the messages beside what was kept. The routes (`web.routes.recall`) only load, save and redirect.
"""

from __future__ import annotations

import math
from typing import Any

from magcheck.core.errors import FieldProblem, InputError, MagcheckError, input_error
from magcheck.core.vocabulary import SEXES, STANDARDS
from magcheck.i18n import Lang
from magcheck.recall import flow, repeat
from magcheck.recall.model import MEALS, PROBES, STEPS, Draft
from magcheck.service import recall as recall_service
from magcheck.storage.record_rules import parse_day

_BACK = {"forgotten": "quick", "details": "forgotten", "review": "details"}


def _texts(form: Any, prefix: str, names: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for name in names:
        raw = form.get(f"{prefix}.{name}")
        out[name] = raw if isinstance(raw, str) else ""
    return out


def _float(raw: Any, field: str) -> float | None:
    text = raw.strip().replace(",", ".").replace("，", ".") if isinstance(raw, str) else ""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise input_error(field, "errors.not_a_number", value=raw) from None
    if not math.isfinite(value):
        raise input_error(field, "errors.not_a_number", value=raw)
    return value


class Rejected(InputError):
    """Some answers of a pass were invalid: the others are kept (`draft`) and shown with the messages."""

    def __init__(self, problems: list[FieldProblem], draft: Draft) -> None:
        super().__init__(problems)
        self.draft = draft


def _portions(draft: Draft, form: Any, store: Any, lang: Lang) -> tuple[Draft, list[FieldProblem]]:
    """Apply every item's amount, unit and meal from a details or review form (errors collected)."""
    problems = []
    for item in list(draft.day.items):
        prefix = f"item.{item.id}"
        if f"{prefix}.amount" not in form and f"{prefix}.meal" not in form:
            continue
        try:
            amount = _float(form.get(f"{prefix}.amount"), f"{prefix}.amount")
            unit = form.get(f"{prefix}.unit")
            meal = form.get(f"{prefix}.meal")
            unchanged = amount == item.amount and (unit in (None, item.unit))
            draft = flow.set_portion(
                draft,
                item.id,
                None if unchanged else amount,
                unit if isinstance(unit, str) and unit else item.unit,
                meal if isinstance(meal, str) else None,
                store,
                lang,
            )
        except MagcheckError as exc:
            problems.extend(exc.problems)
    return draft, problems


def _about(draft: Draft, form: Any) -> tuple[Draft, list[FieldProblem]]:
    out = draft.model_copy(deep=True)
    about = out.about.model_dump()
    problems = []
    try:
        about["age_years"] = _float(form.get("about.age_years"), "about.age_years")
    except InputError as exc:
        problems.extend(exc.problems)
    for name, allowed in (
        ("sex", SEXES),
        ("state", ("none", "pregnant", "lactating")),
        ("standard", STANDARDS),
    ):
        raw = form.get(f"about.{name}")
        if isinstance(raw, str) and raw in allowed:
            about[name] = raw
    about["confirm"] = form.get("about.confirm") == "yes"
    out.about = type(out.about).model_validate(about)
    return out, problems


def apply(draft: Draft, step: str, action: str, form: Any, store: Any, lang: Lang) -> tuple[Draft, str]:
    """The new draft and the step to show next ("result" once finished)."""
    if step == "quick":
        draft = flow.set_quick(draft, _texts(form, "meal", MEALS), store, lang)
        raw_day = form.get("date")
        if isinstance(raw_day, str) and raw_day.strip():
            draft = _set_date(draft, raw_day)
        if action.startswith("template:"):
            draft = repeat.apply_template(draft, action.removeprefix("template:"), store, lang)
            return draft, "quick"
        if action == "copy":
            source = form.get("copy_from")
            draft = repeat.copy_day(draft, source if isinstance(source, str) else "", store, lang)
            return draft, "quick"
        if action.startswith("recent:"):
            meal = form.get("recent_meal")
            draft = flow.add_items(draft, action.removeprefix("recent:"), _meal(meal), store, lang, "copied")
            return draft, "quick"
        return draft, _goto(action, "forgotten")
    if step == "forgotten":
        draft = flow.set_probes(draft, _texts(form, "probe", PROBES), store, lang)
        return draft, _goto(action, "quick" if action == "back" else "details")
    if step in ("details", "review"):
        draft, problems = _portions(draft, form, store, lang)
        if step == "review":
            draft, more = _about(draft, form)
            problems += more
        if problems:
            raise Rejected(problems, draft)
            extra = form.get("final")
            if isinstance(extra, str) and extra.strip():
                draft = flow.add_items(draft, extra, _meal(form.get("final_meal")), store, lang, "final")
                if action == "add_final":
                    return draft, "review"
        kind, _, rest = action.partition(":")
        if kind == "pick":
            item_id, _, food_id = rest.partition(":")
            return flow.pick(draft, item_id, food_id, store, lang), step
        if kind == "retype":
            text = form.get(f"item.{rest}.text")
            return flow.retype(draft, rest, text if isinstance(text, str) else "", store, lang), step
        if kind == "remove":
            return flow.remove(draft, rest), step
        if kind == "add":
            text = form.get("add_text")
            if isinstance(text, str) and text.strip():
                draft = flow.add_items(draft, text, _meal(form.get("add_meal")), store, lang)
            return draft, step
        if action == "back":
            return draft, _BACK[step]
        if kind == "goto" and rest in STEPS:
            return draft, rest
        if step == "details":
            return draft, "review"
        try:  # the same checks the result will make (plausibility too), as field messages
            recall_service.assess_draft(draft, lang)
        except InputError as exc:
            raise Rejected(exc.problems, draft) from None
        return draft, "result"
    return draft, step


def _goto(action: str, default: str) -> str:
    """Where a pass-list link (posted as ``goto:<step>``) or the default button leads."""
    kind, _, step = action.partition(":")
    return step if kind == "goto" and step in STEPS else default


def _meal(raw: Any) -> Any:
    return raw if isinstance(raw, str) and raw in MEALS else "snacks"


def _set_date(draft: Draft, raw: str) -> Draft:
    day = parse_day(raw, field="date")
    if day != draft.day.date and any(d.date == day for d in draft.days[:-1]):
        raise input_error("date", "recall.errors.same_day", value=day.isoformat())
    out = draft.model_copy(deep=True)
    out.day.date = day
    return out
