"""Every fixed list of magcheck in one place: the words a value may take, and their order.

Why one module: the same list written in several places drifts (a form that offers a diet the model
refuses, a loader that accepts a grade the about page never explains). Each list is a `Literal` type —
what pydantic and mypy check — with its tuple derived from it (what forms, CLI options, loaders and
templates iterate), so adding a word is one edit here plus its texts in the catalogues.

Order matters where a tuple is shown or compared: status levels go from least to most serious,
frequencies from never to daily, the first diet/goal/cuisine is the default.
"""

from __future__ import annotations

from typing import Literal, get_args

# ---------------------------------------------------------------- the person

Sex = Literal["female", "male"]
Standard = Literal["us", "cn"]
Frequency = Literal["never", "sometimes", "often", "daily"]
SignId = Literal[
    "muscle_cramps",
    "fatigue",
    "brain_fog",
    "sleep_problems",
    "anxiety_mood",
    "headaches",
    "muscle_weakness",
    "irregular_heartbeat",
    "numbness_tingling",
    "constipation",
    "stress_sensitivity",
]
WarningSignId = Literal[
    "chest_pain",
    "fainting",
    "shortness_of_breath",
    "seizure",
    "one_sided_weakness_or_numbness",
    "severe_sudden_headache",
    "breathing_or_swallowing_weakness",
    "blood_in_stool",
    "severe_abdominal_pain",
    "suicidal_thoughts",
]
ConditionId = Literal[
    "gi_disease",
    "type2_diabetes",
    "alcohol_use_disorder",
    "kidney_disease",
    "dialysis",
    "endurance_athlete",
    "heavy_sweating",
    "chronic_stress",
]
LabUnit = Literal["mmol/L", "mg/dL", "mEq/L"]

SEXES: tuple[Sex, ...] = get_args(Sex)
STANDARDS: tuple[Standard, ...] = get_args(Standard)
FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)
# the id lists are plain strings: they are checked against words typed on a command line or a form
SIGN_IDS: tuple[str, ...] = get_args(SignId)
WARNING_SIGN_IDS: tuple[str, ...] = get_args(WarningSignId)
CONDITION_IDS: tuple[str, ...] = get_args(ConditionId)
LAB_UNITS: tuple[LabUnit, ...] = get_args(LabUnit)

# ---------------------------------------------------------------- evidence

# A grade that can support a choice; "against" means the evidence speaks against it.
SupportGrade = Literal["strong", "moderate", "weak", "insufficient"]
EvidenceGrade = Literal[SupportGrade, "against"]
ClaimVerdict = Literal["supported", "partly_supported", "misleading", "unsupported"]

SUPPORT_GRADES: tuple[SupportGrade, ...] = get_args(SupportGrade)
EVIDENCE_GRADES: tuple[EvidenceGrade, ...] = get_args(EvidenceGrade)
CLAIM_VERDICTS: tuple[ClaimVerdict, ...] = get_args(ClaimVerdict)

# ---------------------------------------------------------------- results and their levels

# least to most serious: `STATUS_LEVELS.index` compares two levels
StatusLevel = Literal["insufficient_information", "low_concern", "some_concern", "high_concern", "seek_care"]
GateReasonId = Literal[
    "serum_toxic",
    "warning_sign",
    "serum_high",
    "serum_low",
    "dialysis",
    "kidney_disease",
    "egfr_low",
    "pregnancy_under_19",
    "under_18",
]
BurdenLevel = Literal["none", "low", "moderate", "high"]
# the sign burden from which a status rule counts the signs ("none" would count every answer)
CountedBurden = Literal["low", "moderate", "high"]
MdsLevel = Literal["low", "moderate", "high"]
MdsComponentId = Literal["diuretic", "ppi", "heavy_drinking", "kidney"]
LabInterpretation = Literal["hypomagnesaemia", "possible_latent_deficiency", "normal", "high"]
Urgency = Literal["emergency", "urgent", "soon"]
LaxativeLevel = Literal["high", "moderate", "low"]
MedicationKind = Literal["chelation", "absorption", "depletion", "retention"]
ConditionRole = Literal["risk", "kidney", "info"]

STATUS_LEVELS: tuple[StatusLevel, ...] = get_args(StatusLevel)
GATE_REASON_IDS: tuple[str, ...] = get_args(GateReasonId)
BURDEN_LEVELS: tuple[BurdenLevel, ...] = get_args(BurdenLevel)
MDS_LEVELS: tuple[MdsLevel, ...] = get_args(MdsLevel)
MDS_COMPONENT_IDS: tuple[MdsComponentId, ...] = get_args(MdsComponentId)
URGENCIES: tuple[Urgency, ...] = get_args(Urgency)
LAXATIVE_LEVELS: tuple[LaxativeLevel, ...] = get_args(LaxativeLevel)

# ---------------------------------------------------------------- foods and plans

# The families a person may leave out of a plan (the allergens, and animal foods a diet may drop) …
ExcludeFamily = Literal[
    "tree_nuts", "peanuts", "sesame", "soy", "dairy", "egg", "gluten", "fish", "shellfish"
]
# … and every family a curated food is tagged with ("meat" is left out through the diet, not by name).
FoodFamily = Literal[ExcludeFamily, "meat"]
Diet = Literal["omnivore", "vegetarian", "vegan", "pescatarian"]
Goal = Literal["general", "constipation", "avoid_laxative", "sleep", "migraine"]
# the plan's cuisine choice, and the cuisine a food is tagged with
Cuisine = Literal["any", "chinese", "western"]
FoodCuisine = Literal["chinese", "western", "both"]
PlanStatus = Literal["closed", "partial", "not_needed"]
# what the food ranking is per
Per = Literal["portion", "100g", "100kcal"]

EXCLUDE_FAMILIES: tuple[ExcludeFamily, ...] = get_args(ExcludeFamily)
FOOD_FAMILIES: tuple[FoodFamily, ...] = get_args(FoodFamily)
# The allergen families: no food group tells whether an imported food is free of them (a diet's animal
# families are told by the group), so an excluded allergen keeps untagged foods out of a plan.
ALLERGEN_FAMILIES: frozenset[ExcludeFamily] = frozenset({"tree_nuts", "peanuts", "sesame", "soy", "gluten"})
DIETS: tuple[Diet, ...] = get_args(Diet)
# Diet rules are definitions, not sourced facts: which food families each diet leaves out.
DIET_EXCLUDES: dict[Diet, frozenset[FoodFamily]] = {
    "omnivore": frozenset(),
    "vegetarian": frozenset({"meat", "fish", "shellfish"}),
    "vegan": frozenset({"meat", "fish", "shellfish", "dairy", "egg"}),
    "pescatarian": frozenset({"meat"}),
}
GOALS: tuple[Goal, ...] = get_args(Goal)
CUISINES: tuple[Cuisine, ...] = get_args(Cuisine)
FOOD_CUISINES: tuple[FoodCuisine, ...] = get_args(FoodCuisine)
PERS: tuple[Per, ...] = get_args(Per)
# The unit choices next to a food-log row on the web form ("" = the amount is part of the words).
FORM_FOOD_UNITS: tuple[str, ...] = ("", "g", "oz", "cup", "tbsp", "tsp", "ml")

# ---------------------------------------------------------------- reports

Paper = Literal["A4", "Letter"]
PAPERS: tuple[Paper, ...] = get_args(Paper)
