"""The knowledge base: every reviewed data file in `magcheck/knowledge`, validated and typed.

Facts live in TOML/CSV so that a reviewer can check them against their sources without reading code.
Loading validates each file with pydantic and cross-checks every `sources` id against the merged
bibliography (`references/*.toml`); any problem is a `DataFileError` naming the file and the entry, so a
bad edit fails loudly at start-up instead of producing a wrong number later. `load()` is cached.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from magcheck.core.models import (
    CONDITION_IDS,
    GATE_REASON_IDS,
    SIGN_IDS,
    WARNING_SIGN_IDS,
    GateReasonId,
    Sex,
    SignId,
    WarningSignId,
)
from magcheck.errors import DataFileError, FieldProblem
from magcheck.paths import KNOWLEDGE_DIR

Grade = Literal["strong", "moderate", "weak", "insufficient", "against"]
Level = Literal["insufficient_information", "low_concern", "some_concern", "high_concern", "seek_care"]
M = TypeVar("M", bound=BaseModel)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Data):
    """A user-facing text in both languages."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Reference(_Data):
    citation: str = Field(min_length=1)
    url: str | None = None
    year: int | None = None
    note: str | None = None


# ---------------------------------------------------------------- requirements


class UsRequirementRow(_Data):
    life_stage: str
    sex: Literal["any", "female", "male"]
    age_min: float
    age_max: float
    pregnant: bool
    lactating: bool
    ear_mg: float | None
    rda_mg: float | None
    ai_mg: float | None
    ul_supplement_mg: float | None
    label: Text
    sources: tuple[str, ...]


class CnRequirementRow(_Data):
    life_stage: str
    kind: Literal["base", "pregnancy_add", "lactation_add"]
    age_min: float
    age_max: float
    ear_mg: float | None
    rni_mg: float | None
    ai_mg: float | None
    label: Text
    sources: tuple[str, ...]


class SdWithinRow(_Data):
    group: str
    sex: Literal["any", "female", "male"]
    age_min: float
    age_max: float
    sd_within_mg: float = Field(gt=0)
    verified: bool
    scale_mg: float = Field(gt=0)
    method: str
    sources: tuple[str, ...]


# ---------------------------------------------------------------- labs, MDS


class LabCutoffs(_Data):
    hypomagnesaemia_below: float
    latent_deficiency_below: float
    upper_reference: float
    toxicity_from: float


class Labs(_Data):
    molar_mass_g_per_mol: float
    valence: int
    conversion_sources: tuple[str, ...]
    default_unit: dict[Literal["us", "cn"], Literal["mmol/L", "mg/dL", "mEq/L"]]
    default_unit_sources: tuple[str, ...]
    plausible_min_mmol: float
    plausible_max_mmol: float
    plausible_sources: tuple[str, ...]
    cutoffs: LabCutoffs
    cutoff_sources: dict[str, tuple[str, ...]]
    cutoff_verified: dict[str, bool]


class MdsPoints(_Data):
    diuretic: int
    ppi: int
    heavy_drinking: int
    egfr_60_90: int
    egfr_below_60: int


class MdsDrinking(_Data):
    female_above: float
    male_above: float

    def limit(self, sex: Sex) -> float:
        return self.female_above if sex == "female" else self.male_above


class MdsEgfr(_Data):
    below_60: float
    upper_90: float


class MdsLevels(_Data):
    low_max: int
    moderate_max: int


class MdsConfig(_Data):
    sources: tuple[str, ...]
    validation_note: Text
    potassium_sparing_note: Text
    potassium_sparing_sources: tuple[str, ...]
    points: MdsPoints
    heavy_drinking: MdsDrinking
    egfr: MdsEgfr
    levels: MdsLevels


# ---------------------------------------------------------------- supplements, medicines, conditions


class Compound(_Data):
    id: str
    name: Text
    formula: str
    molar_mass: float = Field(gt=0)
    mg_atoms: int = Field(ge=1)
    published_pct: float = Field(gt=0, lt=100)
    aliases: tuple[str, ...]
    laxative: Literal["high", "moderate", "low"]
    note: Text
    sources: tuple[str, ...]


class LaxativeLevel(_Data):
    label: Text


class Supplements(_Data):
    mg_molar_mass: float
    laxative_sources: tuple[str, ...]
    blend_words: tuple[str, ...] = Field(min_length=1)
    blend_sources: tuple[str, ...]
    laxative: dict[Literal["high", "moderate", "low"], LaxativeLevel]
    compound: tuple[Compound, ...]


class Drug(_Data):
    en: str
    zh: str
    aliases: tuple[str, ...] = ()


class MedicationClass(_Data):
    id: str
    kind: Literal["chelation", "absorption", "depletion", "retention"]
    mds: Literal["", "diuretic", "ppi"]
    name: Text
    effect: Text
    spacing: Text | None = None
    sources: tuple[str, ...]
    drugs: tuple[Drug, ...] = Field(min_length=1)


class Condition(_Data):
    id: str
    role: Literal["risk", "kidney", "info"]
    counts_for_status: bool
    grade: Grade
    age_from: float | None = None
    name: Text
    text: Text
    sources: tuple[str, ...]


class StatusThresholds(_Data):
    intake_clearly_low_z: float
    mds_elevated_from: int
    mds_high_from: int
    egfr_severe_below: float


class SignsBurden(_Data):
    low_from: float
    moderate_from: float
    high_from: float
    sources: tuple[str, ...]


class StatusRule(_Data):
    id: str
    level: Level
    sources: tuple[str, ...]
    text: Text


class StatusRules(_Data):
    thresholds: StatusThresholds
    signs: SignsBurden
    rule: tuple[StatusRule, ...]


class PlausibilityLimit(_Data):
    basis: Text
    sources: tuple[str, ...]


class EntryLimit(PlausibilityLimit):
    max_grams: float = Field(gt=0)


class FoodTotalLimit(PlausibilityLimit):
    max_mg_per_day: float = Field(gt=0)


class DrinksLimit(PlausibilityLimit):
    max_per_day: float = Field(gt=0)


class SupplementLimit(PlausibilityLimit):
    max_ul_multiple: float = Field(gt=1)


class Plausibility(_Data):
    """`plausibility.toml`: amounts refused unless confirmed, each with its basis."""

    entry: EntryLimit
    food_total: FoodTotalLimit
    drinks: DrinksLimit
    supplement: SupplementLimit


class GateThresholds(_Data):
    egfr_below: float = Field(gt=0)
    adult_from_years: float = Field(gt=0)
    pregnancy_adult_from_years: float = Field(gt=0)


class GateReasonInfo(_Data):
    id: GateReasonId
    sources: tuple[str, ...] = Field(min_length=1)


class SafetyGate(_Data):
    """`safety_gate.toml`: the supplement safety gate's limits and its reasons, most serious first."""

    thresholds: GateThresholds
    reason: tuple[GateReasonInfo, ...]

    def sources(self, reason_id: str) -> tuple[str, ...]:
        for item in self.reason:
            if item.id == reason_id:
                return item.sources
        raise KeyError(reason_id)


# ---------------------------------------------------------------- signs, warning signs, claims


class GradeInfo(_Data):
    weight: float = Field(ge=0, le=1)
    label: Text
    description: Text


class Evidence(_Data):
    grade: Grade
    text: Text
    sources: tuple[str, ...] = Field(min_length=1)


class Sign(_Data):
    id: SignId
    order: int
    name: Text
    one_line: Text
    explanation: Text
    mechanism: Text
    evidence_cause: Evidence
    evidence_supplement: Evidence
    other_causes: tuple[Text, ...]
    ask_warning_signs: tuple[WarningSignId, ...] = ()


class SignsFile(_Data):
    grades: dict[Grade, GradeInfo]
    frequencies: dict[Literal["never", "sometimes", "often", "daily"], int]
    sign: tuple[Sign, ...]


class WarningSign(_Data):
    id: WarningSignId
    question: Text
    text: Text
    action: Text
    urgency: Literal["emergency", "urgent", "soon"]
    related_signs: tuple[SignId, ...] = ()
    sources: tuple[str, ...]


class Claim(_Data):
    id: str
    article: Text
    verdict: Literal["supported", "partly_supported", "misleading", "unsupported"]
    what_sources_say: Text
    sources: tuple[str, ...] = Field(min_length=1)


# ---------------------------------------------------------------- the whole base


class KnowledgeBase(_Data):
    """Everything the core needs, already validated and cross-checked."""

    version: str
    references: dict[str, Reference]
    requirements_us: tuple[UsRequirementRow, ...]
    requirements_cn: tuple[CnRequirementRow, ...]
    sd_within: tuple[SdWithinRow, ...]
    labs: Labs
    mds: MdsConfig
    supplements: Supplements
    medications: tuple[MedicationClass, ...]
    conditions: tuple[Condition, ...]
    status: StatusRules
    gate: SafetyGate
    plausibility: Plausibility
    grades: dict[Grade, GradeInfo]
    frequencies: dict[str, int]
    signs: tuple[Sign, ...]
    warning_signs: tuple[WarningSign, ...]
    claims: tuple[Claim, ...]

    def sign(self, sign_id: str) -> Sign:
        for item in self.signs:
            if item.id == sign_id:
                return item
        raise KeyError(sign_id)

    def warning_sign(self, warning_id: str) -> WarningSign:
        for item in self.warning_signs:
            if item.id == warning_id:
                return item
        raise KeyError(warning_id)

    def condition(self, condition_id: str) -> Condition:
        for item in self.conditions:
            if item.id == condition_id:
                return item
        raise KeyError(condition_id)

    def rule(self, rule_id: str) -> StatusRule:
        for item in self.status.rule:
            if item.id == rule_id:
                return item
        raise KeyError(rule_id)

    def compound(self, compound_id: str) -> Compound:
        for item in self.supplements.compound:
            if item.id == compound_id:
                return item
        raise KeyError(compound_id)


# ---------------------------------------------------------------- loading


def _problem(path: Path, entry: str, reason: str) -> DataFileError:
    return DataFileError([FieldProblem(f"{path.name}:{entry}", "core.data_file", {"reason": reason})])


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise _problem(path, "file", "file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise _problem(path, "file", f"not valid TOML: {exc}") from None


def _validate(model: type[M], data: Any, path: Path, entry: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise _problem(path, f"{entry}{'.' + where if where else ''}", first["msg"]) from None


def _csv_rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise _problem(path, f"line {reader.line_num}", "wrong number of columns")
                yield reader.line_num, row
    except FileNotFoundError:
        raise _problem(path, "file", "file is missing") from None


def _csv_value(raw: str) -> Any:
    """Empty cells are "not set" (None); the rest is left to pydantic to type and check."""
    raw = raw.strip()
    if raw == "":
        return None
    return raw


def _load_csv(model: type[M], path: Path, list_cols: tuple[str, ...] = ("sources",)) -> tuple[M, ...]:
    out: list[M] = []
    for line, row in _csv_rows(path):
        data: dict[str, Any] = {}
        for key, raw in row.items():
            if key in list_cols:
                data[key] = tuple(p.strip() for p in raw.split("|") if p.strip())
            elif key in ("label_en", "label_zh"):
                data.setdefault("label", {})[key[-2:]] = raw.strip()
            else:
                data[key] = _csv_value(raw)
        out.append(_validate(model, data, path, f"line {line}"))
    if not out:
        raise _problem(path, "file", "no rows")
    return tuple(out)


def _load_references(directory: Path) -> dict[str, Reference]:
    refs: dict[str, Reference] = {}
    where: dict[str, str] = {}
    for path in sorted((directory / "references").glob("*.toml")):
        data = _read_toml(path).get("ref", {})
        if not isinstance(data, dict):
            raise _problem(path, "ref", "must be tables [ref.<id>]")
        for ref_id, body in data.items():
            if ref_id in refs:
                raise _problem(path, f"ref.{ref_id}", f"id already defined in {where[ref_id]}")
            refs[ref_id] = _validate(Reference, body, path, f"ref.{ref_id}")
            where[ref_id] = path.name
    return refs


def _check_sources(obj: Any, refs: dict[str, Reference], path: Path, entry: str) -> None:
    """Walk a validated model: every `sources` tuple must name known references."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name.endswith("sources") and isinstance(value, tuple):
                unknown = [s for s in value if s not in refs]
                if unknown:
                    raise _problem(
                        path, entry, f"unknown source id(s) {unknown} (define them in references/)"
                    )
            elif name.endswith("sources") and isinstance(value, dict):
                for key, ids in value.items():
                    _check_sources_list(ids, refs, path, f"{entry}.{name}.{key}")
            else:
                _check_sources(value, refs, path, entry)
    elif isinstance(obj, tuple):
        for item in obj:
            sub = f"{entry}.{getattr(item, 'id', '')}" if getattr(item, "id", None) else entry
            _check_sources(item, refs, path, sub)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            _check_sources(value, refs, path, f"{entry}.{key}")


def _check_sources_list(ids: Iterable[str], refs: dict[str, Reference], path: Path, entry: str) -> None:
    unknown = [s for s in ids if s not in refs]
    if unknown:
        raise _problem(path, entry, f"unknown source id(s) {unknown} (define them in references/)")


def _unique(items: Iterable[Any], path: Path, what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise _problem(path, f"{what}.{item.id}", "duplicate id")
        seen.add(item.id)


def _require_all(found: Iterable[str], expected: Iterable[str], path: Path, what: str) -> None:
    missing = sorted(set(expected) - set(found))
    if missing:
        raise _problem(path, what, f"missing entries for {missing}")


def load_from(directory: Path) -> KnowledgeBase:
    """Load and validate every knowledge file in `directory` (tests point this at fixtures)."""
    refs = _load_references(directory)

    version_path = directory / "VERSION"
    try:
        version = version_path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise _problem(version_path, "file", "file is missing") from None

    parts: dict[str, Any] = {"version": version, "references": refs}
    files: dict[str, Path] = {}

    def csv_part(key: str, model: type[M]) -> None:
        path = directory / f"{key}.csv"
        files[key] = path
        parts[key] = _load_csv(model, path)

    csv_part("requirements_us", UsRequirementRow)
    csv_part("requirements_cn", CnRequirementRow)
    csv_part("sd_within", SdWithinRow)

    simple: dict[str, type[BaseModel]] = {
        "labs": Labs,
        "mds": MdsConfig,
        "supplements": Supplements,
        "status_rules": StatusRules,
        "safety_gate": SafetyGate,
        "plausibility": Plausibility,
    }
    renamed = {"status_rules": "status", "safety_gate": "gate"}
    for stem, model in simple.items():
        path = directory / f"{stem}.toml"
        files[stem] = path
        parts[renamed.get(stem, stem)] = _validate(model, _read_toml(path), path, stem)

    def table_part(key: str, table: str, model: type[M]) -> None:
        """`key`.toml holds an array of `[[table]]` entries, each validated as `model`."""
        path = directory / f"{key}.toml"
        files[key] = path
        parts[key] = tuple(
            _validate(model, body, path, f"{table}[{i}]")
            for i, body in enumerate(_read_toml(path).get(table, []))
        )

    table_part("medications", "class", MedicationClass)
    table_part("conditions", "condition", Condition)

    signs_path = directory / "signs.toml"
    files["signs"] = signs_path
    signs_file = _validate(SignsFile, _read_toml(signs_path), signs_path, "signs")
    parts["grades"] = signs_file.grades
    parts["frequencies"] = signs_file.frequencies
    parts["signs"] = tuple(sorted(signs_file.sign, key=lambda s: s.order))

    table_part("warning_signs", "warning_sign", WarningSign)
    table_part("claims", "claim", Claim)

    kb = KnowledgeBase.model_validate(parts)
    _cross_check(kb, files)
    return kb


def _cross_check(kb: KnowledgeBase, files: dict[str, Path]) -> None:
    checks: list[tuple[str, Any]] = [
        ("requirements_us", kb.requirements_us),
        ("requirements_cn", kb.requirements_cn),
        ("sd_within", kb.sd_within),
        ("labs", kb.labs),
        ("mds", kb.mds),
        ("supplements", kb.supplements),
        ("medications", kb.medications),
        ("conditions", kb.conditions),
        ("status_rules", kb.status),
        ("safety_gate", kb.gate),
        ("plausibility", kb.plausibility),
        ("signs", kb.signs),
        ("warning_signs", kb.warning_signs),
        ("claims", kb.claims),
    ]
    for key, part in checks:
        _check_sources(part, kb.references, files[key], key)

    _unique(kb.supplements.compound, files["supplements"], "compound")
    _unique(kb.medications, files["medications"], "class")
    _unique(kb.conditions, files["conditions"], "condition")
    _unique(kb.status.rule, files["status_rules"], "rule")
    _unique(kb.gate.reason, files["safety_gate"], "reason")
    _require_all((r.id for r in kb.gate.reason), GATE_REASON_IDS, files["safety_gate"], "reason")
    _unique(kb.signs, files["signs"], "sign")
    _unique(kb.warning_signs, files["warning_signs"], "warning_sign")
    _unique(kb.claims, files["claims"], "claim")
    _require_all((s.id for s in kb.signs), SIGN_IDS, files["signs"], "sign")
    _require_all((w.id for w in kb.warning_signs), WARNING_SIGN_IDS, files["warning_signs"], "warning_sign")
    _require_all((c.id for c in kb.conditions), CONDITION_IDS, files["conditions"], "condition")
    _require_all(
        kb.grades, ("strong", "moderate", "weak", "insufficient", "against"), files["signs"], "grades"
    )
    _require_all(kb.frequencies, ("never", "sometimes", "often", "daily"), files["signs"], "frequencies")
    for compound in kb.supplements.compound:
        pct = 100 * compound.mg_atoms * kb.supplements.mg_molar_mass / compound.molar_mass
        if abs(pct - compound.published_pct) > 0.15:
            raise _problem(
                files["supplements"],
                f"compound.{compound.id}",
                f"computed {pct:.2f} % magnesium disagrees with published_pct {compound.published_pct}",
            )


@cache
def load() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return load_from(KNOWLEDGE_DIR)
