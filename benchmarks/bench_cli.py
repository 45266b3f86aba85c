"""Cold start and in-process assessment: what a CLI user waits for.

Target: `magcheck assess --input example.json --json` as a whole process ≤ 0.6 s median, against
`python -c pass` in the same run (the interpreter's own start-up is the floor).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Figure, Stats, measure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assess-example.json"
MAGCHECK = [sys.executable, "-m", "magcheck"]


def _process_ms(cmd: list[str], repeat: int) -> Stats:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return Stats.of(samples)


def figures() -> list[Figure]:
    repeat = 15
    floor = _process_ms([sys.executable, "-c", "pass"], repeat)
    cold = _process_ms([*MAGCHECK, "assess", "--input", str(EXAMPLE), "--json", "--lang", "en"], repeat)

    from magcheck.core.models import AssessmentInput
    from magcheck.service.assessment import assess

    inp = AssessmentInput.model_validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assess(inp, "en")
    warm = measure(lambda: assess(inp, "en"), repeat=100)
    validate = measure(
        lambda: AssessmentInput.model_validate_json(EXAMPLE.read_text(encoding="utf-8")), repeat=100
    )
    return [
        Figure(
            "cli.assess_cold_start",
            cold,
            baseline_name="python -c pass",
            baseline=floor,
            target="≤ 600 ms",
            met=cold.median_ms <= 600,
        ),
        Figure("assess.in_process", warm, baseline_name="input validation", baseline=validate),
    ]
