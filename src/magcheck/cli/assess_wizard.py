"""The interactive `magcheck assess` wizard: one question at a time, with defaults, and re-asking (never
exiting) when an answer is invalid. Each answer is checked with the same models as the JSON input."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.prompt import Prompt

from magcheck.cli.common import format_problem
from magcheck.core.errors import FieldProblem, InputError, MagcheckError
from magcheck.core.labs import check_plausible, default_unit
from magcheck.core.models import LabValue, Profile, SupplementInput
from magcheck.core.requirements import pregnancy_possible
from magcheck.core.supplements import compound_or_error
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import CONDITION_IDS, FREQUENCIES, SEXES, STANDARDS, Standard
from magcheck.foods.log import summarise_days
from magcheck.foods.store import FoodStore
from magcheck.i18n import Lang, Say, t

if TYPE_CHECKING:
    from rich.console import Console

    from magcheck.core.knowledge_base import KnowledgeBase

T = TypeVar("T")


def ask(console: Console, lang: Lang, question: str, parse: Callable[[str], T], default: str = "") -> T:
    """Ask until `parse` accepts the answer; its InputError/ValueError is shown in the user's language."""
    while True:
        raw = Prompt.ask(question, console=console, default=default, show_default=bool(default))
        try:
            return parse((raw or "").strip())
        except MagcheckError as exc:
            for problem in exc.problems:
                console.print(t("assess.wizard.bad_answer", lang, message=format_problem(problem, lang)))
        except ValueError as exc:
            console.print(t("assess.wizard.bad_answer", lang, message=str(exc)))


def _number(field: str, low: float, high: float, optional: bool = False) -> Callable[[str], float | None]:
    def parse(raw: str) -> float | None:
        if raw == "" and optional:
            return None
        try:
            value = float(raw.replace("，", ",").replace(",", "."))
        except ValueError:
            raise InputError([FieldProblem(field, "errors.not_a_number", {"value": raw})]) from None
        if not low <= value <= high:
            code = "errors.too_small" if value < low else "errors.too_large"
            limit = low if value < low else high
            raise InputError([FieldProblem(field, code, {"value": raw, "limit": limit})])
        return value

    return parse


def _yes_no(lang: Lang) -> Callable[[str], bool]:
    def parse(raw: str) -> bool:
        low = raw.casefold()
        if low in ("y", "yes", "是", "1", "true"):
            return True
        if low in ("n", "no", "否", "0", "false", ""):
            return False
        raise ValueError(t("assess.wizard.yes_no", lang))

    return parse


def _frequency(lang: Lang) -> Callable[[str], str]:
    labels = {t(f"assess.freq.{f}", lang): f for f in FREQUENCIES}

    def parse(raw: str) -> str:
        low = raw.casefold()
        if low.isdigit() and int(low) < len(FREQUENCIES):
            return FREQUENCIES[int(low)]
        if low in FREQUENCIES:
            return low
        if raw in labels:
            return labels[raw]
        raise ValueError(t("assess.wizard.frequency_choice", lang))

    return parse


def _profile(console: Console, lang: Lang, kb: KnowledgeBase) -> dict[str, Any]:
    while True:
        age = ask(console, lang, t("assess.wizard.age", lang), _number("profile.age_years", 0, 120))
        sex = ask(console, lang, t("assess.wizard.sex", lang), _sex)
        data: dict[str, Any] = {"age_years": age, "sex": sex}
        if sex == "female" and age is not None and pregnancy_possible(kb, age):
            data["pregnant"] = ask(console, lang, t("assess.wizard.pregnant", lang), _yes_no(lang), "n")
            if not data["pregnant"]:
                data["lactating"] = ask(console, lang, t("assess.wizard.lactating", lang), _yes_no(lang), "n")
        try:
            parse_model(Profile, data, prefix="profile")
        except InputError as exc:
            for problem in exc.problems:
                console.print(t("assess.wizard.bad_answer", lang, message=format_problem(problem, lang)))
            continue
        return data


_SEX_WORDS = {"f": "female", "女": "female", "女性": "female", "m": "male", "男": "male", "男性": "male"}


def _sex(raw: str) -> str:
    return _SEX_WORDS.get(raw.casefold()) or _choice("profile.sex", SEXES)(raw)


def _choice(field: str, allowed: tuple[str, ...]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw.casefold() in allowed:
            return raw.casefold()
        raise InputError(
            [FieldProblem(field, "errors.invalid_choice", {"value": raw, "allowed": ", ".join(allowed)})]
        )

    return parse


def _daily_list(raw: str) -> list[float]:
    parts = [p for p in raw.replace("，", ",").split(",") if p.strip()]
    if not parts:
        raise InputError([FieldProblem("intake.daily_mg", "errors.too_few", {"limit": 1})])
    parse = _number("intake.daily_mg", 0, 5000)
    return [v for v in (parse(p.strip()) for p in parts) if v is not None]


def intake_step(console: Console, lang: Lang) -> dict[str, Any] | None:
    mode = ask(
        console, lang, t("assess.wizard.intake_mode", lang), _choice("intake", ("0", "1", "2", "3")), "1"
    )
    if mode == "1":
        usual = ask(console, lang, t("assess.wizard.usual", lang), _number("intake.usual_mg", 0, 5000))
        return {"usual_mg": usual}
    if mode == "2":
        return {"daily_mg": ask(console, lang, t("assess.wizard.daily", lang), _daily_list)}
    if mode == "3":
        count = ask(console, lang, t("assess.wizard.food_days", lang), _number("intake.days", 1, 31), "3")
        days: list[list[str]] = []
        for n in range(1, int(count or 1) + 1):
            entries = ask(console, lang, t("assess.wizard.food_day", lang, n=n), _food_day(lang, n - 1))
            days.append(entries)
        return {"days": days}
    return None


def _food_day(lang: Lang, index: int) -> Callable[[str], list[str]]:
    """Split a day's entries and parse them now, so an unknown food is re-asked, not a failed run."""

    def parse(raw: str) -> list[str]:
        parts = [p.strip() for p in raw.replace("；", ";").split(";") if p.strip()]
        if not parts:
            raise InputError([FieldProblem(f"intake.days.{index}", "errors.too_few", {"limit": 1})])
        try:
            summarise_days([parts], FoodStore.open_default(), lang)
        except InputError as exc:
            day = f"intake.days.{index}."
            raise InputError(
                [
                    FieldProblem(p.field.replace("intake.days.0.", day, 1), p.code, p.params)
                    for p in exc.problems
                ]
            ) from None
        return parts

    return parse


def _supplements(console: Console, lang: Lang, kb: KnowledgeBase) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    question = "assess.wizard.add_supplement"
    while ask(console, lang, t(question, lang), _yes_no(lang), "n"):
        index = len(items)

        def compound(raw: str, index: int = index) -> str:
            if raw:
                compound_or_error(kb, raw, f"supplements.{index}.compound")
            return raw

        name = ask(console, lang, t("assess.wizard.compound", lang), compound)
        item: dict[str, Any] = {}
        if name:
            item["compound"] = name
            item["compound_mg"] = ask(
                console,
                lang,
                t("assess.wizard.compound_mg", lang),
                _number(f"supplements.{index}.compound_mg", 1, 20000),
            )
        else:
            item["elemental_mg"] = ask(
                console,
                lang,
                t("assess.wizard.elemental_mg", lang),
                _number(f"supplements.{index}.elemental_mg", 1, 5000),
            )
        item["per_day"] = ask(
            console,
            lang,
            t("assess.wizard.per_day", lang),
            _number(f"supplements.{index}.per_day", 0.5, 12),
            "1",
        )
        parse_model(SupplementInput, item, prefix=f"supplements.{index}")
        items.append(item)
        question = "assess.wizard.another_supplement"
    return items


def _signs(console: Console, lang: Lang, kb: KnowledgeBase) -> dict[str, str]:
    console.print(t("assess.wizard.signs_intro", lang))
    answers: dict[str, str] = {}
    for sign in kb.signs:
        prompt = t(
            "assess.wizard.sign_prompt", lang, name=sign.name.get(lang), one_line=sign.one_line.get(lang)
        )
        answers[sign.id] = ask(console, lang, prompt, _frequency(lang), "0")
    return answers


def _warnings(console: Console, lang: Lang, kb: KnowledgeBase, signs: dict[str, str]) -> list[str]:
    wanted = {w for s, f in signs.items() if f != "never" for w in kb.sign(s).ask_warning_signs}
    if not wanted:
        return []
    console.print(t("assess.wizard.warning_intro", lang))
    return [
        w.id
        for w in kb.warning_signs
        if w.id in wanted and ask(console, lang, w.question.get(lang), _yes_no(lang), "n")
    ]


def _conditions(console: Console, lang: Lang, kb: KnowledgeBase) -> list[str]:
    ids = list(CONDITION_IDS)
    console.print(t("assess.wizard.conditions_intro", lang))
    for number, cid in enumerate(ids, 1):
        console.print(f"  {number}. {kb.condition(cid).name.get(lang)}")

    def parse(raw: str) -> list[str]:
        picked = []
        for part in raw.replace("，", ",").split(","):
            if not part.strip():
                continue
            if not part.strip().isdigit() or not 1 <= int(part) <= len(ids):
                raise InputError(
                    [
                        FieldProblem(
                            "conditions",
                            "errors.invalid_choice",
                            {"value": part.strip(), "allowed": f"1–{len(ids)}"},
                        )
                    ]
                )
            picked.append(ids[int(part) - 1])
        return sorted(set(picked), key=ids.index)

    return ask(console, lang, "", parse)


def _lab(console: Console, lang: Lang, kb: KnowledgeBase, standard: Standard) -> dict[str, Any] | None:
    def parse(raw: str) -> dict[str, Any] | None:
        if not raw:
            return None
        value, _, unit = raw.partition(" ")
        # no unit typed: the usual unit of the chosen standard (labs.toml)
        data = {"value": value, "unit": unit.strip() or default_unit(kb, standard)}
        lab = parse_model(LabValue, data, prefix="labs.serum_magnesium")
        assert lab.unit is not None
        check_plausible(kb, lab.value, lab.unit, "labs.serum_magnesium.value")
        return {"serum_magnesium": {"value": lab.value, "unit": lab.unit}}

    units = {"us_unit": default_unit(kb, "us"), "cn_unit": default_unit(kb, "cn")}
    return ask(console, lang, t("assess.wizard.lab", lang, **units), parse)


def run_wizard(
    console: Console, lang: Lang, kb: KnowledgeBase, standard: str | None = None
) -> dict[str, Any]:
    """Collect an assessment input interactively; every answer is valid when this returns.

    `standard` (from --standard) skips that question."""
    console.print(t("assess.wizard.intro", lang))
    data: dict[str, Any] = {"profile": _profile(console, lang, kb)}
    data["standard"] = standard or ask(
        console,
        lang,
        t("assess.wizard.standard", lang),
        _choice("standard", STANDARDS),
        Say(lang).standard,
    )
    intake = intake_step(console, lang)
    if intake is not None:
        data["intake"] = intake
    data["supplements"] = _supplements(console, lang, kb)
    data["signs"] = _signs(console, lang, kb)
    data["warning_signs"] = _warnings(console, lang, kb, data["signs"])
    meds = ask(console, lang, t("assess.wizard.medications", lang), _entries_or_none)
    data["medications"] = meds
    drinks = ask(
        console, lang, t("assess.wizard.alcohol", lang), _number("alcohol_drinks_per_day", 0, 50, True)
    )
    if drinks is not None:
        data["alcohol_drinks_per_day"] = drinks
    egfr = ask(console, lang, t("assess.wizard.egfr", lang), _number("egfr", 1, 200, True))
    if egfr is not None:
        data["egfr"] = egfr
    data["conditions"] = _conditions(console, lang, kb)
    lab = _lab(console, lang, kb, data["standard"])
    if lab is not None:
        data["labs"] = lab
    return data


def _entries_or_none(raw: str) -> list[str]:
    return [p.strip() for p in raw.replace("，", ",").replace("、", ",").split(",") if p.strip()]
