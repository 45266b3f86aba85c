"""The assessment core on its own: loading the knowledge base, and `assess_core` without the food plan.

Baselines in the same run: reading the same knowledge files with tomllib/csv and no validation (what the
validation and cross-checks cost on top), and validating the input alone (the floor of any assessment).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import tomllib
from pathlib import Path

from benchmarks.common import Figure, measure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assess-example.json"


_TOML = (
    "labs",
    "mds",
    "supplements",
    "status_rules",
    "medications",
    "conditions",
    "signs",
    "warning_signs",
    "claims",
)


def _raw_read(directory: Path) -> int:
    """The files `load_knowledge_from` reads, parsed without validation."""
    count = 0
    paths = [directory / f"{stem}.toml" for stem in _TOML] + sorted((directory / "references").glob("*.toml"))
    for path in paths:
        with path.open("rb") as fh:
            count += len(tomllib.load(fh))
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            count += sum(1 for _ in csv.DictReader(fh))
    return count


def figures() -> list[Figure]:
    from magcheck.core.models import AssessmentInput
    from magcheck.knowledge import KNOWLEDGE_DIR
    from magcheck.knowledge.cache import cached, data_files
    from magcheck.knowledge.loader import load_knowledge, load_knowledge_from
    from magcheck.service.assessment import assess_unplanned

    cold = measure(lambda: load_knowledge_from(KNOWLEDGE_DIR), repeat=30, warmup=2)
    raw = measure(lambda: _raw_read(KNOWLEDGE_DIR), repeat=30, warmup=2)
    with tempfile.TemporaryDirectory(prefix="magcheck-bench-cache-") as folder:
        old = os.environ.get("MAGCHECK_CACHE_DIR")
        os.environ["MAGCHECK_CACHE_DIR"] = folder
        try:  # what each run pays while the files are unchanged: hash them, unpickle the entry
            from_cache = measure(
                lambda: cached(
                    "knowledge", data_files(KNOWLEDGE_DIR), lambda: load_knowledge_from(KNOWLEDGE_DIR)
                ),
                repeat=30,
                warmup=2,
            )
        finally:
            if old is None:
                os.environ.pop("MAGCHECK_CACHE_DIR")
            else:
                os.environ["MAGCHECK_CACHE_DIR"] = old

    kb = load_knowledge()
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["intake"] = {"daily_mg": [250, 310, 280, 295, 330, 270, 305]}
    inp = AssessmentInput.model_validate(data)
    core = measure(lambda: assess_unplanned(inp, kb, "en"), repeat=300)
    validate = measure(lambda: AssessmentInput.model_validate(data), repeat=300)
    return [
        Figure(
            "core.kb_load",
            cold,
            baseline_name="tomllib/csv read, no validation",
            baseline=raw,
            target="≤ 100 ms",
            met=cold.median_ms <= 100,
        ),
        Figure(
            "core.kb_load_from_cache",
            from_cache,
            baseline_name="parse and validate the files (core.kb_load)",
            baseline=cold,
            notes={"meaning": "knowledge/cache.py: content hash of the files + unpickling the stored value"},
        ),
        Figure(
            "core.assess_core_7_days",
            core,
            baseline_name="input validation",
            baseline=validate,
            target="≤ 5 ms",
            met=core.median_ms <= 5,
        ),
    ]
