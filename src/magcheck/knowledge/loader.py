"""The knowledge-base loader: every reviewed clinical data file in this package, validated and typed.

Facts live in TOML/CSV so that a reviewer can check them against their sources without reading code.
Loading validates each file with pydantic (the shapes are `magcheck.core.facts` and friends) and
cross-checks every `sources` id against the merged bibliography (`references/*.toml`); any problem is a
`DataFileError` naming the file and the entry. `load_knowledge()` is cached: one read per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, cast, get_args

from pydantic import BaseModel

from magcheck.core.evidence import SignsFile
from magcheck.core.facts import Reference
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.mds_facts import KidneyComponent
from magcheck.core.vocabulary import (
    CONDITION_IDS,
    EVIDENCE_GRADES,
    FREQUENCIES,
    GATE_REASON_IDS,
    GOALS,
    SIGN_IDS,
    WARNING_SIGN_IDS,
)
from magcheck.knowledge import KNOWLEDGE_DIR
from magcheck.knowledge.cache import cached, data_files
from magcheck.knowledge.files import (
    check_sources,
    data_problem,
    load_csv,
    read_text,
    read_toml,
    require_all,
    require_unique,
    validate,
    validate_tables,
)

# file stem -> the KnowledgeBase field it fills, for the files that are one validated value each
_WHOLE_FILES: dict[str, str] = {
    "adequacy": "adequacy",
    "labs": "labs",
    "kidney": "kidney",
    "mds": "mds",
    "supplements": "supplements",
    "status_rules": "status",
    "safety_gate": "gate",
    "plausibility": "plausibility",
    "food_plan": "food_plan",
    "supplement_choice": "supplement_choice",
    "fhir": "fhir",
    "life_stages": "life_stages",
}
# file stem (= its KnowledgeBase field) -> array-of-tables name, for the files that are a list of entries
_TABLE_FILES: dict[str, str] = {
    "medications": "class",
    "conditions": "condition",
    "warning_signs": "warning_sign",
    "claims": "claim",
}
# file stems (= their KnowledgeBase fields) of the tables kept as CSV
_CSV_FILES = ("requirements_us", "requirements_cn", "sd_within")


def _model_of(field: str) -> type[BaseModel]:
    """The model a file is validated with: the type of the KnowledgeBase field it fills (of one entry,
    for a tuple of entries) — `KnowledgeBase` is the one place that says what each part is."""
    annotation = KnowledgeBase.model_fields[field].annotation
    entries = get_args(annotation)
    return cast(type[BaseModel], entries[0] if entries else annotation)


def load_references(directory: Path) -> dict[str, Reference]:
    """The merged bibliography of `directory/references/*.toml`; an id defined twice is refused."""
    refs: dict[str, Reference] = {}
    where: dict[str, str] = {}
    for path in sorted((directory / "references").glob("*.toml")):
        data = read_toml(path).get("ref", {})
        if not isinstance(data, dict):
            raise data_problem(path, "ref", "must be tables [ref.<id>]")
        for ref_id, body in data.items():
            if ref_id in refs:
                raise data_problem(path, f"ref.{ref_id}", f"id already defined in {where[ref_id]}")
            refs[ref_id] = validate(Reference, body, path, f"ref.{ref_id}")
            where[ref_id] = path.name
    return refs


def load_knowledge_from(directory: Path) -> KnowledgeBase:
    """Load and validate every knowledge file in `directory` (tests point this at fixtures)."""
    references = load_references(directory)
    parts: dict[str, Any] = {"version": read_text(directory / "VERSION"), "references": references}
    files: dict[str, Path] = {}
    for stem in _CSV_FILES:
        files[stem] = directory / f"{stem}.csv"
        parts[stem] = load_csv(_model_of(stem), files[stem])
    for stem, field in _WHOLE_FILES.items():
        files[stem] = directory / f"{stem}.toml"
        parts[field] = validate(_model_of(field), read_toml(files[stem]), files[stem], stem)
    for stem, table in _TABLE_FILES.items():
        files[stem] = directory / f"{stem}.toml"
        parts[stem] = validate_tables(_model_of(stem), files[stem], table)

    files["signs"] = directory / "signs.toml"
    signs_file = validate(SignsFile, read_toml(files["signs"]), files["signs"], "signs")
    parts["grades"] = signs_file.grades
    parts["frequencies"] = signs_file.frequencies
    parts["signs"] = tuple(sorted(signs_file.sign, key=lambda s: s.order))

    kb = KnowledgeBase.model_validate(parts)
    _cross_check(kb, files)
    return kb


def _cross_check(kb: KnowledgeBase, files: dict[str, Path]) -> None:
    """What a single file's schema cannot see: known sources, unique ids, complete sets, sums."""
    checks: list[tuple[str, Any]] = [
        ("requirements_us", kb.requirements_us),
        ("requirements_cn", kb.requirements_cn),
        ("sd_within", kb.sd_within),
        ("adequacy", kb.adequacy),
        ("labs", kb.labs),
        ("kidney", kb.kidney),
        ("mds", kb.mds),
        ("supplements", kb.supplements),
        ("medications", kb.medications),
        ("conditions", kb.conditions),
        ("status_rules", kb.status),
        ("safety_gate", kb.gate),
        ("plausibility", kb.plausibility),
        ("fhir", kb.fhir),
        ("life_stages", kb.life_stages),
        ("food_plan", kb.food_plan),
        ("supplement_choice", kb.supplement_choice),
        ("signs", kb.signs),
        ("warning_signs", kb.warning_signs),
        ("claims", kb.claims),
    ]
    for key, part in checks:
        check_sources(part, kb.references, files[key], key)

    _check_kidney_and_mds(kb, files)
    require_unique(kb.supplements.compound, files["supplements"], "compound")
    require_unique(kb.medications, files["medications"], "class")
    require_unique(kb.conditions, files["conditions"], "condition")
    require_unique(kb.status.rule, files["status_rules"], "rule")
    require_unique(kb.gate.reason, files["safety_gate"], "reason")
    require_all((r.id for r in kb.gate.reason), GATE_REASON_IDS, files["safety_gate"], "reason")
    require_unique(kb.signs, files["signs"], "sign")
    require_unique(kb.warning_signs, files["warning_signs"], "warning_sign")
    require_unique(kb.claims, files["claims"], "claim")
    require_all((s.id for s in kb.signs), SIGN_IDS, files["signs"], "sign")
    require_all((w.id for w in kb.warning_signs), WARNING_SIGN_IDS, files["warning_signs"], "warning_sign")
    require_all((c.id for c in kb.conditions), CONDITION_IDS, files["conditions"], "condition")
    require_all(kb.grades, EVIDENCE_GRADES, files["signs"], "grades")
    require_all(kb.frequencies, FREQUENCIES, files["signs"], "frequencies")
    _check_supplement_choice(kb, files["supplement_choice"])
    for compound in kb.supplements.compound:
        pct = 100 * compound.mg_atoms * kb.supplements.mg_molar_mass / compound.molar_mass
        if abs(pct - compound.published_pct) > 0.15:
            raise data_problem(
                files["supplements"],
                f"compound.{compound.id}",
                f"computed {pct:.2f} % magnesium disagrees with published_pct {compound.published_pct}",
            )


def _check_kidney_and_mds(kb: KnowledgeBase, files: dict[str, Path]) -> None:
    """Every eGFR band a rule names exists in kidney.toml; every MDS component is counted by something."""
    require_unique(kb.kidney.band, files["kidney"], "band")
    bands = kb.kidney.ids()
    for path, entry, band in (
        (files["kidney"], "dialysis_band", kb.kidney.dialysis_band),
        (files["safety_gate"], "thresholds.egfr_band", kb.gate.thresholds.egfr_band),
        (files["status_rules"], "thresholds.kidney_severe_band", kb.status.thresholds.kidney_severe_band),
    ):
        if band not in bands:
            raise data_problem(path, entry, f"unknown kidney band {band!r} (kidney.toml has {list(bands)})")
    require_unique(kb.mds.component, files["mds"], "component")
    for component in kb.mds.component:
        if isinstance(component, KidneyComponent) and set(component.points_by_band) != set(bands):
            raise data_problem(
                files["mds"], f"component.{component.id}.points_by_band", f"must list exactly {list(bands)}"
            )
    tagged = {c.mds for c in kb.medications if c.mds}
    counted = set(kb.mds.medication_ids())
    if unknown := sorted(tagged - counted):
        raise data_problem(
            files["medications"], "class.mds", f"no medication component in mds.toml for {unknown}"
        )
    if untagged := sorted(counted - tagged):
        raise data_problem(files["mds"], "component", f"no medicine class counts for {untagged}")


def _check_supplement_choice(kb: KnowledgeBase, path: Path) -> None:
    """One rule per plan goal, naming only compounds of `supplements.toml`."""
    require_unique(kb.supplement_choice.goal, path, "goal")
    require_all((g.id for g in kb.supplement_choice.goal), GOALS, path, "goal")
    known = {c.id for c in kb.supplements.compound}
    for goal in kb.supplement_choice.goal:
        if unknown := [c for c in (goal.compound, *goal.alternatives) if c not in known]:
            raise data_problem(
                path, f"goal.{goal.id}", f"unknown compound(s) {unknown} (see supplements.toml)"
            )


@cache
def load_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process, and read from its files only when one of
    them changed (knowledge/cache.py: parsing and validating them took ≈ 35 ms of every command)."""
    return cached("knowledge", data_files(KNOWLEDGE_DIR), lambda: load_knowledge_from(KNOWLEDGE_DIR))
