"""The assessment form: its fields, turning a posted form into `AssessmentInput`, and back.

The form's field names are the dotted paths of the contract (``profile.age_years``,
``labs.serum_magnesium.value`` …) so that a `FieldProblem` from validation lands next to the field
it is about. Food-log rows are the exception: row ``food.3`` may become ``intake.days.1.0``, so the
conversion keeps a map from entry paths back to rows. The form state lives in the page only (hidden
fields between steps and on the results page), never in a server session.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData

from magcheck.core.errors import FieldProblem, InputError
from magcheck.core.models import AssessmentInput
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import CUISINES, DIETS, GOALS, SIGN_IDS
from magcheck.web.errors import CsrfError, page_error
from magcheck.web.security import CSRF_COOKIE, CSRF_FIELD, csrf_valid

MAX_FOOD_ROWS = 200
DEFAULT_FOOD_ROWS = 6
MAX_DAYS = 7
_SPLIT = re.compile(r"[\n,;，；、]+")


async def require_csrf(request: Request) -> FormData:
    """The posted form, after checking its CSRF token against the cookie (403 otherwise)."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not csrf_valid(request.cookies.get(CSRF_COOKIE), token if isinstance(token, str) else None):
        raise CsrfError(
            page_error(request, 403, "web.errors.csrf_title", [FieldProblem("csrf_token", "web.errors.csrf")])
        )
    return form


@dataclass
class FoodRow:
    day: int = 1
    text: str = ""
    amount: str = ""
    unit: str = ""
    ndb: str = ""

    def entry(self) -> str:
        """The food-log entry in words, as the food parser reads it ("30 g almonds")."""
        what = self.text
        if self.amount:
            return " ".join(part for part in (self.amount, self.unit, what) if part)
        return what


@dataclass
class FormState:
    """Everything the form shows: the raw values (strings) as the person typed them."""

    values: dict[str, str] = field(default_factory=dict)
    multi: dict[str, list[str]] = field(default_factory=dict)
    rows: list[FoodRow] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    # an amount looked implausible (or was confirmed before): the form shows the confirm box
    ask_confirm: bool = False

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def checked(self, name: str, option: str) -> bool:
        return option in self.multi.get(name, [])

    def section_open(self, prefix: str) -> bool:
        """Whether a folded section (``<details>``) starts open: it holds an answer or a field error.

        A message inside a closed section is invisible without JavaScript, and the error summary's
        link to it would lead nowhere.
        """

        def under(name: str) -> bool:
            return name.startswith(prefix + ".")

        return (
            any(under(name) and value not in ("", _DEFAULTS.get(name)) for name, value in self.values.items())
            or any(under(name) and chosen for name, chosen in self.multi.items())
            or any(under(name) for name in self.errors)
        )


_SCALARS = (
    "profile.age_years",
    "profile.sex",
    "profile.state",
    "profile.name",
    "standard",
    "intake.mode",
    "intake.usual_mg",
    "supplement.compound",
    "supplement.compound_mg",
    "supplement.elemental_mg",
    "supplement.per_day",
    "medications",
    "alcohol_drinks_per_day",
    "egfr",
    "labs.serum_magnesium.value",
    "labs.serum_magnesium.unit",
    "preferences.diet",
    "preferences.cuisine",
    "preferences.goal",
    "preferences.max_foods",
    "preferences.max_extra_kcal",
    "confirmed",
)
_MULTIS = ("warning_signs", "conditions", "preferences.exclude")
# what a select shows before anyone chooses: posted back unchanged, it is not an answer
_DEFAULTS = {"preferences.diet": DIETS[0], "preferences.cuisine": CUISINES[0], "preferences.goal": GOALS[0]}


def state_from_form(form: FormData) -> FormState:
    def text(name: str) -> str:
        raw = form.get(name)
        return raw.strip()[:2000] if isinstance(raw, str) else ""

    state = FormState()
    for name in _SCALARS:
        state.values[name] = text(name)
    state.ask_confirm = state.values["confirmed"] == "yes"
    for sign in SIGN_IDS:
        state.values[f"signs.{sign}"] = text(f"signs.{sign}")
    for name in _MULTIS:
        state.multi[name] = [v for v in form.getlist(name) if isinstance(v, str)][:60]
    count = min(_int(text("food_rows"), DEFAULT_FOOD_ROWS), MAX_FOOD_ROWS)
    for i in range(count):
        day = _int(text(f"food.{i}.day"), 1)
        state.rows.append(
            FoodRow(
                day=min(max(day, 1), MAX_DAYS),
                text=text(f"food.{i}.text")[:200],
                amount=text(f"food.{i}.amount")[:20],
                unit=text(f"food.{i}.unit")[:20],
                ndb=text(f"food.{i}.ndb")[:80],  # a namespaced food id (usda:…, tfda:…, dish:…)
            )
        )
    return state


def blank_state() -> FormState:
    state = FormState(values={"standard": "us", "intake.mode": "food_log", "profile.state": "none"})
    state.rows = [FoodRow() for _ in range(DEFAULT_FOOD_ROWS)]
    return state


def _int(raw: str, default: int) -> int:
    # ASCII only: str.isdigit() is also true for "²" or "¹", which int() refuses
    return int(raw) if raw.isascii() and raw.isdigit() else default


def _opt(state: FormState, name: str) -> str | None:
    value = state.value(name)
    return value or None


def input_from_state(state: FormState) -> tuple[AssessmentInput, dict[str, str]]:
    """Validate the form. Returns the input and the map from entry paths (``intake.days.d.i``) to rows.

    Raises `InputError` whose field names are the form's own field names.
    """
    data: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    profile: dict[str, Any] = {
        "age_years": _opt(state, "profile.age_years"),
        "sex": _opt(state, "profile.sex"),
    }
    status = state.value("profile.state", "none")
    profile["pregnant"] = status == "pregnant"
    profile["lactating"] = status == "lactating"
    data["profile"] = {k: v for k, v in profile.items() if v is not None}
    if _opt(state, "profile.name"):
        data["profile"]["name"] = state.value("profile.name")
    data["standard"] = state.value("standard", "us") or "us"

    row_of: dict[str, str] = {}
    mode = state.value("intake.mode", "food_log")
    if mode == "usual" and _opt(state, "intake.usual_mg"):
        data["intake"] = {"usual_mg": state.value("intake.usual_mg")}
    elif mode == "food_log":
        days: dict[int, list[tuple[int, str]]] = {}
        for index, row in enumerate(state.rows):
            if row.entry():
                days.setdefault(row.day, []).append((index, row.entry()))
        if days:
            ordered = [days[d] for d in sorted(days)]
            data["intake"] = {"days": [[entry for _, entry in day] for day in ordered]}
            for d, day in enumerate(ordered):
                for i, (index, _) in enumerate(day):
                    row_of[f"intake.days.{d}.{i}"] = f"food.{index}.text"
    elif mode == "usual":
        problems.append(FieldProblem("intake.usual_mg", "errors.missing", {}))

    supplement: dict[str, Any] = {
        "compound": _opt(state, "supplement.compound"),
        "compound_mg": _opt(state, "supplement.compound_mg"),
        "elemental_mg": _opt(state, "supplement.elemental_mg"),
    }
    if any(supplement.values()):
        if supplement["elemental_mg"] is not None:
            supplement["compound"] = supplement["compound_mg"] = None
        item = {k: v for k, v in supplement.items() if v is not None}
        item["per_day"] = _opt(state, "supplement.per_day") or "1"
        data["supplements"] = [item]

    data["signs"] = {s: state.value(f"signs.{s}") for s in SIGN_IDS if state.value(f"signs.{s}")}
    data["warning_signs"] = [w for w in state.multi.get("warning_signs", [])]
    data["conditions"] = [c for c in state.multi.get("conditions", [])]
    meds = [m.strip() for m in _SPLIT.split(state.value("medications")) if m.strip()]
    data["medications"] = meds
    for name in ("alcohol_drinks_per_day", "egfr"):
        if _opt(state, name):
            data[name] = state.value(name)
    if _opt(state, "labs.serum_magnesium.value"):
        data["labs"] = {
            "serum_magnesium": {
                "value": state.value("labs.serum_magnesium.value"),
                # no unit chosen: the core reads the value in the usual unit of the chosen standard
                "unit": state.value("labs.serum_magnesium.unit") or None,
            }
        }
    prefs: dict[str, Any] = {
        "diet": _opt(state, "preferences.diet"),
        "cuisine": _opt(state, "preferences.cuisine"),
        "goal": _opt(state, "preferences.goal"),
        "max_foods": _opt(state, "preferences.max_foods"),
        "max_extra_kcal": _opt(state, "preferences.max_extra_kcal"),
    }
    prefs_given = {k: v for k, v in prefs.items() if v is not None}
    if state.multi.get("preferences.exclude"):
        prefs_given["exclude"] = state.multi["preferences.exclude"]
    if prefs_given:
        data["preferences"] = prefs_given
    if state.value("confirmed") == "yes":  # the person checked the amounts the form asked about
        if "intake" in data:
            data["intake"]["confirmed"] = True
        for item in data.get("supplements", []):
            item["confirmed"] = True
        if "alcohol_drinks_per_day" in data:
            data["alcohol_drinks_confirmed"] = True
    try:
        inp = parse_model(AssessmentInput, data)
    except InputError as exc:
        problems.extend(exc.problems)
    if problems:
        raise InputError([form_problem(p, row_of) for p in problems])
    return inp, row_of


def form_problem(problem: FieldProblem, row_of: dict[str, str]) -> FieldProblem:
    """The same problem, named by the form field that shows it."""
    name = problem.field
    if name in row_of:
        return FieldProblem(row_of[name], problem.code, problem.params)
    for path, row in row_of.items():  # e.g. intake.days.0.1.grams → the row
        if name.startswith(path + "."):
            return FieldProblem(row, problem.code, problem.params)
    if f"{name}.0" in row_of:  # a whole day (intake.days.0: its total) → that day's first row
        return FieldProblem(row_of[f"{name}.0"], problem.code, problem.params)
    aliases = {
        "profile": "profile.state",
        "profile.pregnant": "profile.state",
        "profile.lactating": "profile.state",
        "intake": "intake.mode",
        "labs.serum_magnesium": "labs.serum_magnesium.value",
        "labs": "labs.serum_magnesium.value",
        "supplements.0": "supplement.compound",
        "supplements": "supplement.compound",
    }
    if name in aliases:
        return FieldProblem(aliases[name], problem.code, problem.params)
    if name.startswith("supplements.0."):
        return FieldProblem("supplement." + name.removeprefix("supplements.0."), problem.code, problem.params)
    if name.startswith(("warning_signs.", "conditions.", "medications.", "preferences.exclude.")):
        return FieldProblem(name.rsplit(".", 1)[0], problem.code, problem.params)
    return problem


def state_from_input(inp: AssessmentInput, entries: list[str] | None = None) -> FormState:
    """Fill the form from an input (the "change my answers" button on the results page)."""
    state = blank_state()
    v = state.values
    v["profile.age_years"] = _num(inp.profile.age_years)
    v["profile.sex"] = inp.profile.sex
    v["profile.state"] = (
        "pregnant" if inp.profile.pregnant else "lactating" if inp.profile.lactating else "none"
    )
    v["profile.name"] = inp.profile.name or ""
    v["standard"] = inp.standard
    state.rows = []
    if inp.intake and inp.intake.usual_mg is not None:
        v["intake.mode"], v["intake.usual_mg"] = "usual", _num(inp.intake.usual_mg)
    elif inp.intake and inp.intake.days:
        for d, day in enumerate(inp.intake.days[:MAX_DAYS]):
            state.rows.extend(FoodRow(day=d + 1, text=entry) for entry in day)
    elif inp.intake and inp.intake.daily_mg:
        v["intake.mode"] = "usual"
        v["intake.usual_mg"] = _num(sum(inp.intake.daily_mg) / len(inp.intake.daily_mg))
    else:
        v["intake.mode"] = "skip"
    state.rows.extend(FoodRow() for _ in range(max(2, DEFAULT_FOOD_ROWS - len(state.rows))))
    if inp.supplements:
        s = inp.supplements[0]
        v["supplement.compound"] = s.compound or ""
        v["supplement.compound_mg"] = _num(s.compound_mg)
        v["supplement.elemental_mg"] = _num(s.elemental_mg)
        v["supplement.per_day"] = _num(s.per_day)
    for sign, freq in inp.signs.items():
        v[f"signs.{sign}"] = freq
    state.multi["warning_signs"] = list(inp.warning_signs)
    state.multi["conditions"] = list(inp.conditions)
    v["medications"] = "\n".join(inp.medications)
    v["alcohol_drinks_per_day"] = _num(inp.alcohol_drinks_per_day)
    confirmed = inp.alcohol_drinks_confirmed or any(s.confirmed for s in inp.supplements)
    if confirmed or (inp.intake is not None and inp.intake.confirmed):
        v["confirmed"], state.ask_confirm = "yes", True
    v["egfr"] = _num(inp.egfr)
    if inp.labs and inp.labs.serum_magnesium:
        v["labs.serum_magnesium.value"] = _num(inp.labs.serum_magnesium.value)
        v["labs.serum_magnesium.unit"] = inp.labs.serum_magnesium.unit or ""
    if inp.preferences:
        p = inp.preferences
        v["preferences.diet"], v["preferences.cuisine"], v["preferences.goal"] = p.diet, p.cuisine, p.goal
        v["preferences.max_foods"] = str(p.max_foods)
        v["preferences.max_extra_kcal"] = _num(p.max_extra_kcal)
        state.multi["preferences.exclude"] = list(p.exclude)
    return state


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def input_to_hidden(inp: AssessmentInput) -> str:
    """The input as compact JSON for a hidden field (edit, report and save buttons post it back)."""
    return json.dumps(
        # exclude_unset, not exclude_defaults: an answered "no medicines" ([]) must survive the round trip,
        # or the report (re-reading this JSON) would call the depletion score's medicine parts unknown
        inp.model_dump(mode="json", exclude_unset=True),
        ensure_ascii=False,
        separators=(",", ":"),
    )
