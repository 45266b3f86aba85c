"""The food plan as the rest of magcheck sees it: `build_plan(assessment, inp, lang) -> Plan`.

This adapter owns everything around the pure optimiser (`core.planner`) and supplement option
(`core.supplement_plan`): the gap (target − usual intake), honest candidate pre-filtering from the curated
table or the whole food store (diet, exclusions, cuisine, a plan portion, magnesium present), the
preferences' own validation (field-level errors), and the bilingual wording of the result.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from magcheck.core.errors import DataFileError, FieldProblem, InputError
from magcheck.core.models import Assessment, AssessmentInput, Plan, PlanFood, Preferences
from magcheck.core.planner import Candidate, PlanProblem, PlanSolution, solve_plan
from magcheck.core.supplement_plan import (
    CompoundInfo,
    GoalRule,
    Interaction,
    Situation,
    SupplementOption,
    SupplementRules,
    interactions_for,
    supplement_option,
)
from magcheck.core.vocabulary import (
    ALLERGEN_FAMILIES,
    DIET_EXCLUDES,
    EXCLUDE_FAMILIES,
    FOOD_FAMILIES,
    GOALS,
    PERS,
    SUPPORT_GRADES,
    Per,
)
from magcheck.foods.ids import usda_id
from magcheck.foods.sources import tables as tables_of
from magcheck.i18n import LANGS, Lang, Say, t
from magcheck.i18n.languages import Quantity
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.cache import cached

if TYPE_CHECKING:
    from magcheck.foods.model import Food

FoodSource = Literal["curated", "store"]

# Imported (non-curated) foods carry no family tags: their group says what they may contain, and groups
# of mixed or unsuitable foods (dishes, fast food, baby food, condiments, fats, sweets) are not offered.
STORE_GROUP_FAMILIES: dict[str, frozenset[str]] = {
    "vegetables": frozenset(),
    "legumes": frozenset(),
    "nuts_seeds": frozenset(),
    "cereal_grains": frozenset(),
    "breakfast_cereals": frozenset({"dairy"}),
    "baked_goods": frozenset({"dairy", "egg"}),
    "fruit": frozenset(),
    "fish_seafood": frozenset({"fish", "shellfish"}),
    "meat_poultry": frozenset({"meat"}),
    "dairy": frozenset({"dairy", "egg"}),  # USDA "Dairy and Egg Products"
    "drinks": frozenset({"dairy"}),
}
STORE_PLAN_MAX = 2
# groups of mixed or unsuitable foods a plan never offers (curated Taiwan FDA foods carry their own families)
NOT_PLANNED_GROUPS = frozenset({"dishes_other", "soups_sauces", "fast_restaurant", "sweets", "herbs_spices",
                                "fats_oils", "baby_foods"})  # fmt: skip
STORE_PORTION_GRAMS = (10.0, 500.0)  # an imported food's first USDA measure is used when in this range
# Measures that are not sensibly halved (an egg, a slice): whole steps; everything else in half portions.
WHOLE_UNITS = frozenset(
    {"piece", "slice", "个", "片", "medium", "large", "small", "egg", "unit", "biscuit", "packet", "bar",
     "serving", "wedge", "spear", "head", "clove", "stalk", "strip", "floweret", "leaf", "can", "bottle",
     "tbsp", "tsp", "勺", "小勺"}
)  # fmt: skip
TIE_KCAL = 1.0  # plans within 1 kcal (the display precision) count as equally light


@dataclass(frozen=True)
class FoodOption:
    """A food the plan may offer, with its plan portion resolved.

    `food_id` is the namespaced id every part of the plan keys on; `ndb` is the USDA number (None for a
    Taiwan FDA food)."""

    food_id: str
    ndb: str | None
    name_en: str
    name_zh: str
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    group: str | None
    families: frozenset[str]
    cuisine: str | None
    mg_per_100g: float
    kcal_per_100g: float
    unit: str
    portion_grams: float
    label_en: str  # the measure without its amount: "cup, chopped", "碗（约 150 克）"
    label_zh: str
    plan_max: int
    curated: bool
    portion_amount: float = 1.0  # USDA measures come as "0.5 cup" = 90 g

    @property
    def source(self) -> str:
        return self.food_id.partition(":")[0]

    @property
    def steps_per_portion(self) -> int:
        return 1 if self.unit in WHOLE_UNITS or not self.curated else 2

    @property
    def mg_per_portion(self) -> float:
        return self.mg_per_100g * self.portion_grams / 100

    @property
    def kcal_per_portion(self) -> float:
        return self.kcal_per_100g * self.portion_grams / 100


# ---------------------------------------------------------------- food options


@cache
def curated_options() -> tuple[FoodOption, ...]:
    """Curated foods that have a plan portion and some magnesium: the USDA rows with a reviewed plan
    portion, and the Taiwan FDA foods the curated table prefers over a USDA row for Chinese eating (dried
    laver, black sesame, dried tofu, mantou…), in their reviewed typical portion. Kept in the persisted
    cache while the curated tables are unchanged: every assessment with an intake needs them, and
    unpickling all ≈ 2,000 portions to pick ≈ 120 of them cost ≈ 10 ms of `magcheck assess`."""
    from magcheck.foods.curated import FOODS_CSV, GROUPS_TOML, PORTIONS_CSV
    from magcheck.foods.curated_tfda import KINDS_CSV, TFDA_CSV

    files = [FOODS_CSV, PORTIONS_CSV, GROUPS_TOML, TFDA_CSV, KINDS_CSV]
    return cached("plan-curated-options", files, _curated_options)


def _curated_options() -> tuple[FoodOption, ...]:
    from magcheck.foods.curated import load_curated, load_portions

    portions = load_portions()
    out: list[FoodOption] = []
    for food in load_curated():
        if food.plan_portion is None or food.plan_max is None or food.mg_per_100g <= 0:
            continue
        portion = next(p for p in portions[food.ndb] if p.unit == food.plan_portion)
        out.append(
            FoodOption(
                usda_id(food.ndb), food.ndb, food.name_en, food.name_zh, food.aliases_en, food.aliases_zh,
                food.group,
                frozenset(food.families), food.cuisine, food.mg_per_100g, food.kcal_per_100g, portion.unit,
                portion.grams, _measure(portion.label_en, 1), _measure(portion.label_zh, 1), food.plan_max,
                True,
            )
        )  # fmt: skip
    return (*out, *_tfda_options(preferred_only=True))


@cache
def _tfda_options(preferred_only: bool) -> tuple[FoodOption, ...]:
    """Curated Taiwan FDA foods for plans: common ones with a magnesium value outside the groups a plan
    never offers, in their reviewed typical portion (portion_kinds.csv), at most two portions like store
    foods; `preferred_only` keeps those that replace a USDA row (the curated plan's share of them)."""
    from magcheck.foods.curated_tfda import load_curated_tfda, load_portion_kinds

    kinds = load_portion_kinds()
    out: list[FoodOption] = []
    for food in load_curated_tfda():
        if not food.common or food.mg_per_100g <= 0 or food.group in NOT_PLANNED_GROUPS:
            continue
        if preferred_only and food.replaces is None:
            continue
        portion = next(p for p in kinds[food.portion_kind] if p.typical)
        if not STORE_PORTION_GRAMS[0] <= portion.grams <= STORE_PORTION_GRAMS[1]:
            continue
        out.append(
            FoodOption(
                food.id, None, food.name_en, food.name_zh, food.aliases_en, food.aliases_zh, food.group,
                frozenset(food.families), food.cuisine, food.mg_per_100g, food.kcal_per_100g, portion.unit,
                portion.grams, _measure(portion.label_en, 1), _measure(portion.label_zh, 1), STORE_PLAN_MAX,
                True,
            )
        )  # fmt: skip
    return tuple(out)


def store_options() -> tuple[FoodOption, ...]:
    """Every food of the user's store usable in a plan: curated ones as above, imported ones with a
    magnesium and energy value, a first USDA measure of a realistic size and a plan-worthy group."""
    from magcheck.foods.store import FoodStore

    curated = {o.food_id: o for o in curated_options()}
    low, high = STORE_PORTION_GRAMS
    out: list[FoodOption] = []
    for food in FoodStore.open_default().iter_foods():
        if food.id in curated:
            out.append(curated[food.id])
            continue
        if food.ndb is None:  # other foods: the curated TFDA ones above (reviewed portions and families)
            continue
        if food.curated or not food.mg or food.kcal is None or food.group not in STORE_GROUP_FAMILIES:
            continue
        usda = [p for p in food.portions if p.source == "usda"]
        first = usda[0] if usda else None
        if first is None or not low <= first.grams <= high:
            continue
        out.append(
            FoodOption(
                food.id, food.ndb, food.name_en, food.name_zh or food.name_en, food.aliases_en,
                food.aliases_zh, food.group, STORE_GROUP_FAMILIES[food.group], food.cuisine, food.mg,
                food.kcal, first.unit, first.grams, _measure(first.label_en, first.amount),
                _measure(first.label_zh or first.label_en, first.amount), STORE_PLAN_MAX, False, first.amount,
            )
        )  # fmt: skip
    offered = {o.food_id for o in out}
    return (*out, *(o for o in _tfda_options(preferred_only=False) if o.food_id not in offered))


def _measure(label: str, amount: float) -> str:
    """A portion label without its leading amount ("1 cup" → "cup", "0.5 cup" → "cup")."""
    prefix = f"{amount:g} "
    return label[len(prefix) :] if label.startswith(prefix) else label


# ---------------------------------------------------------------- preferences

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> frozenset[str]:
    """Lower-case words with a plural 's'/'es' dropped, so "almonds" finds "Almond butter"."""
    out: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("ch", "sh", "o", "x")):
            word = word[:-2]
        elif len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def matches_food(text: str, option: FoodOption) -> bool:
    """Free text names this food: all its words in an English name/alias, or it appears in a Chinese one."""
    query = text.strip()
    if not query:
        return False
    if re.search(r"[\u4e00-\u9fff]", query):
        return any(query in name for name in (option.name_zh, *option.aliases_zh))
    words = _words(query)
    return bool(words) and any(words <= _words(name) for name in (option.name_en, *option.aliases_en))


@dataclass(frozen=True)
class ResolvedPreferences:
    prefs: Preferences
    families: frozenset[str]  # excluded families (from exclude ids and the diet)
    foods: tuple[str, ...]  # free-text foods to exclude
    preferred: frozenset[str]  # namespaced ids of foods the person already eats


def resolve_preferences(prefs: Preferences, options: Sequence[FoodOption]) -> ResolvedPreferences:
    """Split `exclude` into family ids and free-text foods; both lists must name something real.

    An entry that is neither a family id nor any food's name/alias is a field-level error (a typo such
    as "treenuts" must not silently leave tree nuts in an allergic person's plan).
    """
    problems: list[FieldProblem] = []
    families: set[str] = set(DIET_EXCLUDES[prefs.diet])
    foods: list[str] = []
    allowed = ", ".join(EXCLUDE_FAMILIES)
    for i, entry in enumerate(prefs.exclude):
        key = entry.strip()
        normal = key.casefold().replace(" ", "_").replace("-", "_")
        if normal in EXCLUDE_FAMILIES:
            families.add(normal)
        elif key and any(matches_food(key, o) for o in options):
            foods.append(key)
        else:
            problems.append(FieldProblem(f"preferences.exclude.{i}", "plan.errors.unknown_exclusion",
                                         {"value": entry, "allowed": allowed}))  # fmt: skip
    preferred: set[str] = set()
    for i, entry in enumerate(prefs.already_eat):
        hits = {o.food_id for o in options if matches_food(entry, o)}
        if not hits:
            problems.append(FieldProblem(f"preferences.already_eat.{i}", "plan.errors.unknown_food",
                                         {"value": entry}))  # fmt: skip
        preferred |= hits
    if problems:
        raise InputError(problems)
    return ResolvedPreferences(prefs, frozenset(families), tuple(foods), frozenset(preferred))


def _cuisine_ok(option: FoodOption, cuisine: str) -> bool:
    return cuisine == "any" or option.cuisine in (cuisine, "both")


def filter_options(
    options: Sequence[FoodOption], resolved: ResolvedPreferences
) -> tuple[list[FoodOption], list[str]]:
    """The candidates left by the preferences, and which preferences removed foods (for an empty list)."""
    prefs = resolved.prefs
    diet_families = DIET_EXCLUDES[prefs.diet]
    allergen_excluded = bool(resolved.families & ALLERGEN_FAMILIES)
    removed_by: dict[str, int] = {"diet": 0, "exclude": 0, "cuisine": 0}
    kept: list[FoodOption] = []
    for option in options:
        reasons = []
        if option.families & diet_families:
            reasons.append("diet")
        if option.families & (resolved.families - diet_families) or any(
            matches_food(text, option) for text in resolved.foods
        ):
            reasons.append("exclude")
        if not option.curated and allergen_excluded:  # no allergen tags on imported foods: not offered
            reasons.append("exclude")
        if not _cuisine_ok(option, prefs.cuisine):
            reasons.append("cuisine")
        for reason in reasons:
            removed_by[reason] += 1
        if not reasons:
            kept.append(option)
    return kept, [name for name, count in removed_by.items() if count]


# ---------------------------------------------------------------- wording


_FRACTIONS = {0.25: "¼", 0.5: "½", 0.75: "¾"}


def _qty(amount: float, quantity: Quantity) -> str:
    """1.5 → "1½" (en) / "1.5" (zh); 0.5 → "½" / "半"; other amounts as plain numbers (the language's
    `Quantity` rules)."""
    whole = int(amount)
    frac = round(amount - whole, 2)
    if frac == 0:
        return str(whole)
    if quantity.half and amount == 0.5:
        return quantity.half
    if quantity.fractions and frac in _FRACTIONS:
        return (str(whole) if whole else "") + _FRACTIONS[frac]
    return f"{amount:g}"


_PLURAL = {
    "cup": "cups", "bowl": "bowls", "plate": "plates", "piece": "pieces", "slice": "slices",
    "serving": "servings", "leaf": "leaves", "handful": "handfuls", "bunch": "bunches", "spear": "spears",
    "stalk": "stalks", "wedge": "wedges", "strip": "strips", "packet": "packets",
}  # fmt: skip


_NOTE = re.compile(r"\s*[(（][^)）]*[)）]")  # "(about 150 g)", "（美制量杯）": the grams are shown anyway
_FIRST_WORD = re.compile(r"^[a-z]+")


def portion_text(option: FoodOption, steps: int, lang: Lang) -> str:
    """ "1½ cups (270 g)" / "1.5 杯（270 克）" from the food's one-portion measure."""
    count = steps / option.steps_per_portion
    grams = round(option.portion_grams * count)
    say = Say(lang)
    quantity = say.profile.quantity
    rest = _NOTE.sub("", say.name(option, "label")).strip()
    amount = count * option.portion_amount
    qty = _qty(amount, quantity)
    if quantity.plural and amount > 1:
        rest = _FIRST_WORD.sub(lambda m: _PLURAL.get(m.group(0), m.group(0)), rest, count=1)
    written = quantity.portion_half if quantity.half and qty == quantity.half else quantity.portion
    return written.format(qty=qty, measure=rest, grams=grams)


def _num(value: float) -> str:
    return str(round(value))


def _food_line(option: FoodOption, steps: int, preferred: bool, lang: Lang) -> PlanFood:
    count = steps / option.steps_per_portion
    mg = option.mg_per_portion * count
    kcal = option.kcal_per_portion * count
    per_100kcal = option.mg_per_100g / option.kcal_per_100g * 100 if option.kcal_per_100g > 0 else None
    portion_one = portion_text(option, option.steps_per_portion, lang)
    why = (
        t("plan.why", lang, mg=_num(option.mg_per_portion), portion=portion_one, per100=_num(per_100kcal))
        if per_100kcal is not None
        else t("plan.why_no_kcal", lang, mg=_num(option.mg_per_portion), portion=portion_one)
    )
    if preferred:
        why += t("plan.why_already_eat", lang)
    return PlanFood(
        ndb=option.ndb,
        food_id=option.food_id,
        source=option.source,
        name_en=option.name_en,
        name_zh=option.name_zh,
        grams=round(option.portion_grams * count, 1),
        portion=portion_text(option, steps, lang),
        mg=round(mg, 1),
        kcal=round(kcal, 1),
        why=why,
    )


# ---------------------------------------------------------------- knowledge: supplement rules & compounds


def _data_error(path: str, reason: str) -> DataFileError:
    return DataFileError([FieldProblem(path, "plan.errors.bad_rules", {"reason": reason})])


@cache
def supplement_rules() -> SupplementRules:
    """`knowledge/supplement_choice.toml`, validated: every goal has a rule and a known compound."""

    path = KNOWLEDGE_DIR / "supplement_choice.toml"
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        dose = data["dose"]
        goals = {
            g["id"]: GoalRule(g["id"], g["compound"], tuple(g["alternatives"]), g["grade"],
                              {lang: g["why"][lang] for lang in LANGS}, tuple(g["sources"]))
            for g in data["goal"]
        }  # fmt: skip
        rules = SupplementRules(
            float(dose["max_per_dose_mg"]), int(dose["max_doses_per_day"]), float(dose["round_down_to_mg"]),
            float(dose["min_daily_mg"]), tuple(dose["sources"]), goals,
        )  # fmt: skip
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise _data_error(path.name, f"{type(exc).__name__}: {exc}") from None
    wanted = set(GOALS)
    if set(goals) != wanted:
        raise _data_error(path.name, f"goals {sorted(goals)} differ from {sorted(wanted)}")
    known = compounds("en")
    for goal in goals.values():
        if goal.grade not in SUPPORT_GRADES:
            raise _data_error(path.name, f"goal {goal.id}: grade {goal.grade!r}")
        for cid in (goal.compound, *goal.alternatives):
            if cid not in known:
                raise _data_error(path.name, f"goal {goal.id}: unknown compound {cid!r}")
    return rules


def compounds(lang: Lang) -> dict[str, CompoundInfo]:
    """The supplement compounds of the knowledge base, with elemental fractions computed from molar masses."""
    from magcheck.knowledge.loader import load_knowledge

    supplements = load_knowledge().supplements
    return {
        c.id: CompoundInfo(
            c.id,
            c.name.get(lang),
            c.mg_atoms * supplements.mg_molar_mass / c.molar_mass,
            c.laxative,
            c.sources,
        )
        for c in supplements.compound
    }


def medicine_interactions(medications: list[str], lang: Lang) -> tuple[Interaction, ...]:
    from magcheck.core.medications import match_medications
    from magcheck.knowledge.loader import load_knowledge

    found, _ = match_medications(load_knowledge(), medications)
    classes = {m.klass.id: m.klass for m in found}
    rows = [(k.id, k.kind, k.spacing.get(lang) if k.spacing else None, k.sources) for k in classes.values()]
    return interactions_for(rows, lang)


# ---------------------------------------------------------------- the plan


def target_mg(assessment: Assessment, prefs: Preferences) -> float | None:
    req = assessment.requirement
    if prefs.target_mg is not None:
        return prefs.target_mg
    return req.rda_mg if req.rda_mg is not None else req.ai_mg


def build_plan(
    assessment: Assessment, inp: AssessmentInput, lang: Lang, foods: FoodSource = "curated"
) -> Plan | None:
    """The food plan and supplement option for this assessment; None without a usual intake to start from."""
    prefs = inp.preferences or Preferences()
    options = curated_options() if foods == "curated" else store_options()
    resolved = resolve_preferences(prefs, options)  # input errors come first, even with no intake
    intake = assessment.intake.mean_mg
    target = target_mg(assessment, prefs)
    if intake is None or target is None:
        return None
    plan = food_plan(target, intake, resolved, options, lang)
    option = _supplement(assessment, inp, prefs, plan.gap_mg, lang)
    return plan.model_copy(
        update={
            "supplement": option.supplement,
            "supplement_reason": option.reason,
            "supplement_reason_id": option.reason_id,
        }
    )


def plan_problem(
    gap: float, resolved: ResolvedPreferences, options: Sequence[FoodOption]
) -> tuple[PlanProblem, list[FoodOption], list[str]]:
    """The optimiser's problem: (problem, foods kept, the preferences that removed foods)."""
    kept, emptied_by = filter_options(options, resolved)
    candidates = tuple(
        Candidate(
            o.food_id,
            o.mg_per_portion / o.steps_per_portion,
            o.kcal_per_portion / o.steps_per_portion,
            o.plan_max * o.steps_per_portion,
            o.food_id in resolved.preferred,
        )
        for o in kept
    )
    prefs = resolved.prefs
    return PlanProblem(candidates, gap, prefs.max_foods, prefs.max_extra_kcal, TIE_KCAL), kept, emptied_by


def food_plan(
    target: float, intake: float, resolved: ResolvedPreferences, options: Sequence[FoodOption], lang: Lang
) -> Plan:
    """The food part of the plan (no supplement yet) for a target and a usual intake."""
    gap = round(max(0.0, target - intake), 1)
    if gap <= 0:  # nothing to close: skip building the candidate list (the API's most common case)
        return _plan(PlanSolution("not_needed", ()), [], target, gap, t("plan.status.not_needed", lang,
                     intake=_num(intake), target=_num(target)))  # fmt: skip
    problem, kept, emptied_by = plan_problem(gap, resolved, options)
    by_id = {o.food_id: o for o in kept}
    prefs = resolved.prefs
    solution = solve_plan(problem)
    lines = [_food_line(by_id[p.candidate.key], p.steps, p.candidate.preferred, lang) for p in solution.picks]
    return _plan(
        solution, lines, target, gap, _summary(solution, gap, target, intake, emptied_by, prefs, lang)
    )


def _plan(solution: PlanSolution, lines: list[PlanFood], target: float, gap: float, text: str) -> Plan:
    return Plan(
        status=solution.status,
        target_mg=round(target, 1),
        gap_mg=gap,
        total_mg=round(solution.total_mg, 1),
        total_kcal=round(solution.total_kcal, 1),
        foods=lines,
        binding=list(solution.binding),
        text=text,
        supplement=None,
        supplement_reason=None,
    )


def _summary(
    solution: PlanSolution,
    gap: float,
    target: float,
    intake: float,
    emptied_by: list[str],
    prefs: Preferences,
    lang: Lang,
) -> str:
    total, kcal, n = solution.total_mg, solution.total_kcal, len(solution.picks)
    if solution.status == "not_needed":
        return t("plan.status.not_needed", lang, intake=_num(intake), target=_num(target))
    if solution.status == "closed":
        key = "plan.status.closed_one" if n == 1 else "plan.status.closed"
        return t(key, lang, gap=_num(gap), n=n, mg=_num(total), kcal=_num(kcal))
    reasons = []
    for b in solution.binding:
        if b == "no_candidates":
            names = [t(f"plan.preference.{p}", lang) for p in emptied_by] or [t("plan.preference.none", lang)]
            reasons.append(t("plan.binding.no_candidates", lang, prefs=_join(names, lang)))
        elif b == "max_foods":
            reasons.append(t("plan.binding.max_foods", lang, n=prefs.max_foods))
        elif b == "max_extra_kcal":
            reasons.append(t("plan.binding.max_extra_kcal", lang, kcal=_num(prefs.max_extra_kcal or 0)))
        else:
            reasons.append(t("plan.binding.portion_caps", lang))
    text = t("plan.status.partial", lang, mg=_num(total), gap=_num(gap), reasons=_join(reasons, lang))
    return text if solution.exact else text + " " + t("plan.not_exact", lang)


def _join(items: list[str], lang: Lang) -> str:
    return Say(lang).clauses(items)


def _supplement(
    assessment: Assessment, inp: AssessmentInput, prefs: Preferences, gap: float, lang: Lang
) -> SupplementOption:
    profile = inp.profile
    current = assessment.supplements.elemental_mg_per_day if assessment.supplements else 0.0
    situation = Situation(
        gap_mg=gap,
        ul_supplement_mg=assessment.requirement.ul_supplement_mg,
        current_supplement_mg=current,
        goal=prefs.goal,
        gate=assessment.supplement_gate,
        pregnant_or_lactating=profile.pregnant or profile.lactating,
        interactions=medicine_interactions(inp.medications, lang),
    )
    return supplement_option(situation, supplement_rules(), compounds(lang), lang)


# ---------------------------------------------------------------- foods top


@dataclass(frozen=True)
class TopFood:
    food_id: str
    ndb: str | None
    name_en: str
    name_zh: str | None
    group: str | None
    mg_per_100g: float
    kcal_per_100g: float | None
    portion: str | None  # one plan portion, in the output language
    portion_grams: float | None
    mg_per_portion: float | None
    mg_per_100kcal: float | None

    def value(self, per: Per) -> float | None:
        return {"portion": self.mg_per_portion, "100g": self.mg_per_100g, "100kcal": self.mg_per_100kcal}[per]

    def as_dict(self, per: Per, rank: int) -> dict[str, object]:
        return {"rank": rank, "id": self.food_id, "source": self.food_id.partition(":")[0], "ndb": self.ndb,
                "name_en": self.name_en, "name_zh": self.name_zh,
                "group": self.group, "mg_per_100g": self.mg_per_100g, "kcal_per_100g": self.kcal_per_100g,
                "portion": self.portion, "portion_grams": self.portion_grams,
                "mg_per_portion": self.mg_per_portion, "mg_per_100kcal": self.mg_per_100kcal,
                "per": per, "value": self.value(per)}  # fmt: skip


def top_foods(per: str, group: str | None, exclude: Sequence[str], limit: int, lang: Lang) -> list[TopFood]:
    """The foods richest in magnesium per portion, per 100 g or per 100 kcal, from the food store.

    `exclude` takes family ids and free-text foods like the plan's preferences (unknown → field error).
    Foods without a magnesium value are never listed; per 100 kcal skips foods without energy (water)
    and foods without a realistic eating portion: espresso or fish sauce top a per-kcal ranking on
    paper, yet nobody closes a magnesium gap with them.
    """
    from magcheck.foods.curated import load_groups
    from magcheck.foods.store import FoodStore

    problems: list[FieldProblem] = []
    if per not in PERS:
        problems.append(FieldProblem("per", "plan.errors.bad_per", {"value": per}))
    groups = load_groups()
    if group is not None and group not in groups:
        problems.append(FieldProblem("group", "plan.errors.unknown_group",
                                     {"value": group, "allowed": ", ".join(groups)}))  # fmt: skip
    if limit < 1:
        problems.append(FieldProblem("limit", "errors.too_small", {"limit": 1, "value": limit}))
    if problems:
        raise InputError(problems)
    plan_portions = {o.food_id: o for o in store_options()}
    # like plans: USDA foods, and the curated Taiwan FDA ones (reviewed groups, families and portions)
    foods = [
        f
        for f in FoodStore.open_default().iter_foods()
        if f.mg and (f.ndb is not None or f.id in plan_portions)
    ]
    options = [_top_option(f, plan_portions.get(f.id)) for f in foods]
    try:
        resolved = resolve_preferences(Preferences(exclude=list(exclude)), options)
    except InputError as exc:  # the CLI option is --exclude, not preferences.exclude
        raise InputError(
            [
                FieldProblem(p.field.replace("preferences.exclude", "exclude"), p.code, p.params)
                for p in exc.problems
            ]
        ) from None
    kept, _ = filter_options(options, resolved)
    out: list[TopFood] = []
    for option in kept:
        if group is not None and option.group != group:
            continue
        planned = option.food_id in plan_portions
        if per == "100kcal" and not planned:
            continue
        step = option.steps_per_portion
        item = TopFood(
            food_id=option.food_id,
            ndb=option.ndb,
            name_en=option.name_en,
            name_zh=option.name_zh if option.curated else None,
            group=option.group,
            mg_per_100g=option.mg_per_100g,
            kcal_per_100g=option.kcal_per_100g if option.kcal_per_100g >= 0 else None,
            portion=portion_text(option, step, lang) if planned else None,
            portion_grams=option.portion_grams if planned else None,
            mg_per_portion=round(option.mg_per_portion, 1) if planned else None,
            mg_per_100kcal=round(option.mg_per_100g / option.kcal_per_100g * 100, 1)
            if option.kcal_per_100g > 0
            else None,
        )
        if item.value(per) is not None:  # type: ignore[arg-type]
            out.append(item)
    out.sort(key=lambda f: (-(f.value(per) or 0), f.name_en))  # type: ignore[arg-type]
    return out[:limit]


def _top_option(food: Food, planned: FoodOption | None) -> FoodOption:
    """A store food as a `FoodOption` for filtering; foods without a plan portion get an empty one."""
    if planned is not None:
        return planned
    families = (
        frozenset(food.families) if food.curated else STORE_GROUP_FAMILIES.get(food.group or "", _UNKNOWN)
    )
    return FoodOption(
        food.id, food.ndb, food.name_en, food.name_zh or food.name_en, food.aliases_en, food.aliases_zh,
        food.group, families, food.cuisine, food.mg or 0.0, food.kcal if food.kcal is not None else -1.0, "",
        0.0, "", "", 0, food.curated,
    )  # fmt: skip


# Imported foods outside the groups with a known family profile: treated as possibly containing anything.
_UNKNOWN: frozenset[str] = frozenset(FOOD_FAMILIES)


# ---------------------------------------------------------------- the assessment hook


def attach_plan(assessment: Assessment, inp: AssessmentInput, lang: Lang) -> Assessment:
    """`assessment` with its `plan` and one plan line in `recommendations` (unchanged without an intake)."""
    from magcheck.core.models import Reason

    plan = build_plan(assessment, inp, lang)
    if plan is None:
        return assessment
    tables = [source for food in plan.foods for source in tables_of(food.food_id)]
    sources = list(dict.fromkeys(["usda_sr28", *tables, *assessment.requirement.sources]))
    line = Reason(id="plan", text=t("plan.recommendation", lang, text=plan.text), sources=sources)
    planned = assessment.model_copy(
        update={"plan": plan, "recommendations": [*assessment.recommendations, line]}
    )
    return planned.check_gate()
