"""The terminal session of `magcheck recall` (`cli/recall.py`): the four passes, the result, another day
and --save.

Apart from the command's declaration because it needs the recall's services, the food store and the
saved history (SQLAlchemy: ≈ 250 ms of imports), which `magcheck --help` — importing every command
module to list the commands — must not pay for.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from magcheck.cli.assess_wizard import _number, _sex, _yes_no, ask
from magcheck.cli.common import print_json
from magcheck.foods.store import FoodStore
from magcheck.i18n import Lang, Say, t
from magcheck.recall import drafts, flow
from magcheck.recall.model import MEALS, PROBES, About
from magcheck.service import recall as recall_service
from magcheck.service.history.people import list_persons
from magcheck.service.recall import narrowing_of
from magcheck.storage.record_rules import parse_day

if TYPE_CHECKING:
    from magcheck.recall.model import Draft, Item


def run(
    console: Console,
    lang: Lang,
    date: str | None,
    resume: str | None,
    save: bool,
    person: str | None,
    as_json: bool,
) -> None:
    store = FoodStore.open_default()
    if resume:
        stored = drafts.get(resume)
    else:
        stored = drafts.create(lang, parse_day(date, "date") if date else None, person)
    draft_id, draft = stored.id, stored.draft
    console.print(t("recall.cli.draft", lang, id=draft_id))
    while True:
        draft = _one_day(console, lang, store, draft, draft_id)
        draft = _about(console, lang, draft)
        drafts.save(draft_id, draft, status="finished")
        _, assessment = recall_service.assess_draft(draft, lang)
        _show_result(console, lang, draft, assessment)
        if as_json or not ask(console, lang, t("recall.cli.another", lang), _yes_no(lang), "n"):
            break
        suggested = flow.suggest_next_day(draft, dt.date.today() - dt.timedelta(days=1))
        day = ask(console, lang, t("recall.cli.another_date", lang), _date, suggested.isoformat())
        draft = flow.add_day(draft, day)
        drafts.save(draft_id, draft, status="open")
    if save:
        draft, name, person_id, saved_id = recall_service.save_to_history(draft, person, lang)
        drafts.save(draft_id, draft, person_id=person_id)
        console.print(t("recall.cli.saved", lang, person=name, id=saved_id))
    if as_json:
        days = [d.model_dump(mode="json") for d in draft.days]
        print_json({"draft": draft_id, "days": days, "assessment": assessment.model_dump(mode="json")})


def _date(raw: str) -> dt.date:
    return parse_day(raw, "date")


def _one_day(console: Console, lang: Lang, store: FoodStore, draft: Draft, draft_id: str) -> Draft:
    day = draft.day
    console.print("\n" + t("recall.heading", lang, n=len(draft.days), date=day.date.isoformat()))
    console.print(f"1. {t('recall.step.quick', lang)} — {t('recall.quick.lead', lang)}")
    texts: dict[str, str] = {
        m: ask(console, lang, t(f"recall.meal.{m}", lang), str, day.quick.get(m, "")) for m in MEALS
    }
    draft = flow.set_quick(draft, texts, store, lang)
    drafts.save(draft_id, draft)
    console.print(f"\n2. {t('recall.step.forgotten', lang)} — {t('recall.forgotten.lead', lang)}")
    answers = {
        p: ask(console, lang, t(f"recall.probe.{p}", lang), str, draft.day.probes.get(p, "")) for p in PROBES
    }
    draft = flow.set_probes(draft, answers, store, lang)
    drafts.save(draft_id, draft)
    console.print(f"\n3. {t('recall.step.details', lang)} — {t('recall.details.lead', lang)}")
    for item in list(draft.day.items):
        draft = _detail(console, lang, store, draft, item)
    drafts.save(draft_id, draft)
    while True:
        console.print(f"\n4. {t('recall.step.review', lang)}")
        _review_table(console, lang, draft)
        extra = ask(console, lang, t("recall.review.final", lang), str, "")
        if not extra:
            break
        draft = flow.add_items(draft, extra, "snacks", store, lang, "final")
        for item in draft.day.items:
            if item.origin == "final" and item.status != "ok":
                draft = _detail(console, lang, store, draft, item)
    drafts.save(draft_id, draft)
    return draft


def _label(item: Item, lang: Lang) -> str:
    if item.status != "ok":
        return item.text
    amount = f"{item.amount:g} × {item.unit}" if item.amount is not None and item.unit else ""
    grams = f" ≈ {item.grams:.0f} g" if item.grams is not None else ""
    mg = "–" if item.mg is None else f"{item.mg:.0f} mg"
    return f"{item.name(lang)} ({amount}{grams}) → {mg}"


def _detail(console: Console, lang: Lang, store: FoodStore, draft: Draft, item: Item) -> Draft:
    """One item: keep or change its portion; an open item is resolved by a number, a new text, or Enter."""
    if item.status == "ok":
        if not item.portion_assumed or item.source == "supplement":
            console.print("  " + _label(item, lang))
            return draft
        console.print("  " + _label(item, lang) + " — " + t("recall.details.assumed", lang))

        def amount(raw: str) -> float | None:
            return _number(f"item.{item.id}.amount", 0.01, 10000, optional=True)(raw)

        value = ask(console, lang, t("recall.cli.how_many", lang, unit=item.unit or "g"), amount, "")
        if value is None:
            return draft
        return flow.set_portion(draft, item.id, value, item.unit, None, store, lang)
    reason = recall_service.item_reason(item, lang)
    if reason is None:
        reason = t("recall.details.which", lang)
    console.print(f"  ? {item.text}: {reason}")
    for n, c in enumerate(item.candidates, 1):
        console.print(f"    {n}. {Say(lang).name(c)}")
    answer = ask(console, lang, t("recall.cli.resolve", lang), str, "")
    if not answer:
        return flow.remove(draft, item.id)
    if answer.isdigit() and 1 <= int(answer) <= len(item.candidates):
        draft = flow.pick(draft, item.id, item.candidates[int(answer) - 1].food_id, store, lang)
    else:
        draft = flow.retype(draft, item.id, answer, store, lang)
    fresh = next(i for i in draft.day.items if i.id == item.id)
    if fresh.status != "ok":
        return _detail(console, lang, store, draft, fresh)
    console.print("  " + _label(fresh, lang))
    return draft


def _review_table(console: Console, lang: Lang, draft: Draft) -> None:
    table = Table(show_header=True)
    table.add_column(t("recall.review.col_food", lang))
    table.add_column(t("recall.review.col_mg", lang), justify="right")
    for meal in MEALS:
        items = [i for i in draft.day.items if i.meal == meal]
        if items:
            table.add_row(t(f"recall.meal.{meal}", lang), "")
            for item in items:
                mg = "–" if item.status != "ok" or item.mg is None else f"{item.mg:.0f}"
                table.add_row("  " + _label(item, lang), mg)
    table.add_row(t("recall.review.total", lang), f"{draft.day.total_mg():.0f}")
    console.print(table)


def _about(console: Console, lang: Lang, draft: Draft) -> Draft:
    if draft.about.age_years is not None and draft.about.sex is not None:
        return draft
    if draft.person:
        for p in list_persons():
            if p.name == draft.person:
                out = draft.model_copy(deep=True)
                state = "pregnant" if p.pregnant else "lactating" if p.lactating else "none"
                out.about = About(age_years=p.age_years, sex=p.sex, state=state, standard=p.standard)
                return out
    console.print("\n" + t("recall.about.why", lang))
    age = ask(console, lang, t("recall.about.age", lang), _number("about.age_years", 0, 120))
    sex = ask(console, lang, t("recall.about.sex", lang), _sex)
    out = draft.model_copy(deep=True)
    out.about = About(age_years=age, sex=sex, standard=draft.about.standard)
    return out


def _show_result(console: Console, lang: Lang, draft: Draft, assessment: Any) -> None:
    a = assessment
    console.print("\n" + t("recall.cli.result", lang, status=a.status.label))
    console.print(a.intake.text)
    console.print(a.adequacy.text)
    rows, verified = narrowing_of(draft, a)
    if rows:
        console.print(t("recall.result.another_lead", lang))
        for row in rows:
            mark = f" ← {t('recall.result.now', lang)}" if row.current else ""
            console.print(
                f"  {t('recall.result.n_days', lang, n=row.n_days)}: SD_D ± {row.sd_difference_mg:.0f} mg, "
                f"P = {100 * row.probability:.0f}%{mark}"
            )
        if not verified:
            console.print(t("recall.result.sd_estimated", lang))
    console.print(a.disclaimer)
