"""The one domain call behind the CLI, the REST API, the web pages and the reports.

`assess(inp, lang)` loads the (cached) knowledge base, resolves food logs in words into daily totals,
runs the pure core, attaches the food plan and lists the sources the plan added. Keep it short: the foods
and planner layers each hook in here with a few lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magcheck import kb
from magcheck.core.assess import FOOD_SOURCE, TFDA_SOURCE, assess_core, with_sources
from magcheck.core.models import Assessment, AssessmentInput, FoodLogSummary, Plan, Profile, Standard
from magcheck.core.requirements import profile_requirement, requirement_rows
from magcheck.i18n import Lang, t
from magcheck.planning import attach_plan
from magcheck.validation import parse_json_text, parse_model

if TYPE_CHECKING:
    from magcheck.foods.search import SearchHit
    from magcheck.foods.store import Food, FoodStore


def assess(inp: AssessmentInput, lang: Lang, food_log: FoodLogSummary | None = None) -> Assessment:
    """Assess one person; raises `InputError` (field-level) for input the models alone cannot reject.

    `food_log` is for callers that already hold parsed entries (the history's stored snapshots).
    """
    knowledge = kb.load()
    if food_log is None and inp.intake is not None and inp.intake.days is not None:
        from magcheck.foods.log import summarise_days
        from magcheck.foods.store import FoodStore

        food_log = summarise_days(inp.intake.days, FoodStore.open_default(), lang)
    planned = attach_plan(assess_core(inp, knowledge, lang, food_log=food_log), inp, lang)
    return with_sources(planned, knowledge, parts=[planned.plan, planned.recommendations])


def plan_view(assessment: Assessment, plan: Plan, lang: Lang) -> dict[str, Any]:
    """What `magcheck plan --json` and `POST /api/v1/plan` return: the plan with the warnings and the
    supplement safety gate it was made under (so a plan without a dose always says why)."""
    return {
        "lang": lang,
        "plan": plan.model_dump(mode="json"),
        "red_flags": [f.model_dump(mode="json") for f in assessment.red_flags],
        "supplement_gate": assessment.supplement_gate.model_dump(mode="json"),
        "sources": [s.model_dump(mode="json") for s in assessment.sources],
        "disclaimer": assessment.disclaimer,
    }


def input_from_json_text(text: str) -> AssessmentInput:
    """Parse an assessment input file (JSON); errors name the field (or line/column for bad JSON)."""
    return parse_json_text(AssessmentInput, text)


def requirements_view(
    age: float | None, sex: str | None, pregnant: bool, lactating: bool, standard: Standard, lang: Lang
) -> dict[str, Any]:
    """What `magcheck requirements --json` and the API show: one person's row if any of them is given,
    else the whole table of the standard."""
    knowledge = kb.load()
    disclaimer = t("core.disclaimer", lang)
    if age is None and sex is None and not (pregnant or lactating):
        edition = t(f"core.requirement.edition_{standard}", lang)
        rows = requirement_rows(knowledge, standard, lang)
        return {"standard": standard, "edition": edition, "rows": rows, "disclaimer": disclaimer}
    profile = parse_model(
        Profile,
        {"age_years": age, "sex": sex, "pregnant": pregnant, "lactating": lactating},
        prefix="profile",
    )
    req = profile_requirement(knowledge, profile, standard, lang)
    return {**req.model_dump(mode="json"), "disclaimer": disclaimer}


def food_hit_view(store: FoodStore, hit: SearchHit, lang: Lang) -> dict[str, Any]:
    """One search result as `magcheck foods search --json` and the API list it."""
    return {**hit.food.summary(), "group_name": store.group_name(hit.food.group, lang), "score": hit.score}


def food_view(store: FoodStore, food: Food, lang: Lang) -> dict[str, Any]:
    """One food as `magcheck foods show --json` and the API show it, with its source (and, for Taiwan
    FDA values, the attribution their licence requires)."""
    from magcheck.foods.dishes import recipe_view

    view = {**food.as_dict(), "group_name": store.group_name(food.group, lang), "sources": [FOOD_SOURCE]}
    if food.source == "tfda":
        view |= {"sources": [TFDA_SOURCE], "attribution": t("tfda.attribution", lang)}
    return {**view, "recipe": recipe_view(food.id, store, lang)}


def sign_json(knowledge: kb.KnowledgeBase, sign_id: str, lang: Lang) -> dict[str, Any]:
    """One of the article's signs as `magcheck signs ID --json` and the API show it."""
    sign = knowledge.sign(sign_id)

    def evidence(ev: kb.Evidence) -> dict[str, Any]:
        return {
            "grade": ev.grade,
            "grade_label": knowledge.grades[ev.grade].label.get(lang),
            "text": ev.text.get(lang),
            "sources": list(ev.sources),
        }

    return {
        "id": sign.id,
        "name": sign.name.get(lang),
        "one_line": sign.one_line.get(lang),
        "explanation": sign.explanation.get(lang),
        "mechanism": sign.mechanism.get(lang),
        "evidence_cause": evidence(sign.evidence_cause),
        "evidence_supplement": evidence(sign.evidence_supplement),
        "other_causes": [c.get(lang) for c in sign.other_causes],
        "ask_warning_signs": [
            {"id": w, "question": knowledge.warning_sign(w).question.get(lang)}
            for w in sign.ask_warning_signs
        ],
    }
