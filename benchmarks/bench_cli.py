"""Cold start and in-process assessment: what a CLI user waits for.

Target (issue 13): `magcheck assess --input example.json --json` as a whole process ≤ 150 ms median and
≤ 15× `python -c pass` measured in the same run (the interpreter's own start-up is the floor).

Measured as a user gets it: the installed `magcheck` script, byte-code (``.pyc``) written by a warm-up
run (the environment variable PYTHONDONTWRITEBYTECODE is removed, or every run would recompile the
sources), and the parsed reference tables in a cache folder of this run (knowledge/cache.py), filled by
that warm-up. The first run after an install or an upgrade — no cache entries, which it then writes —
is reported as its own figure.

`cli.typer_pydantic_import` is the part of that time no change inside magcheck can remove: importing
the command-line framework (Typer) and pydantic's model machinery, which every command needs, measured
in the same runs. Set against it, the target leaves magcheck's own modules, models and work the rest.

`cli.help_cold` is `magcheck --help`, the one command that builds the whole command tree (every command
module is imported to list the commands): it shows when a command module imports its services at the top
again (issue 13: it went from 0.41 s to 0.85 s that way).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, Stats, measure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assess-example.json"
SCRIPT = Path(sys.executable).with_name("magcheck")
MAGCHECK = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "magcheck"]
ASSESS = [*MAGCHECK, "assess", "--input", str(EXAMPLE), "--json", "--lang", "en"]
HELP = [*MAGCHECK, "--help"]
LIBRARIES = [sys.executable, "-c", "import typer; from pydantic import BaseModel, Field, TypeAdapter"]
TARGET_MS = 150.0
TARGET_RATIO = 15.0


def user_env(cache: str) -> dict[str, str]:
    """The environment of a user's shell: byte-code is written, parsed tables are cached in `cache`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MAGCHECK_CACHE_DIR"] = cache
    return env


def process_ms(cmd: list[str], env: dict[str, str], repeat: int, warmup: int = 2) -> list[float]:
    """Wall times (ms) of `cmd` as a whole process, after `warmup` untimed runs (which write .pyc files)."""
    samples = []
    for i in range(warmup + repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= warmup:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def _first_runs(env: dict[str, str], repeat: int) -> Stats:
    """`magcheck assess` with an empty cache folder each time: what the first run after an upgrade costs."""
    samples = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="magcheck-bench-cache-") as cache:
            start = time.perf_counter()
            subprocess.run(
                ASSESS, check=True, env={**env, "MAGCHECK_CACHE_DIR": cache}, stdout=subprocess.DEVNULL
            )
            samples.append((time.perf_counter() - start) * 1000)
    return Stats.of(samples)


def figures() -> list[Figure]:
    repeat = 21
    with tempfile.TemporaryDirectory(prefix="magcheck-bench-cache-") as cache:
        env = user_env(cache)
        # interleaved, so a burst of load on the machine hits the floor and the command alike
        floor_ms: list[float] = []
        libraries_ms: list[float] = []
        cold_ms: list[float] = []
        help_ms: list[float] = []
        for _ in range(3):
            floor_ms += process_ms([sys.executable, "-c", "pass"], env, repeat // 3)
            libraries_ms += process_ms(LIBRARIES, env, repeat // 3)
            cold_ms += process_ms(ASSESS, env, repeat // 3)
            help_ms += process_ms(HELP, env, 3, warmup=1)
        floor, libraries, cold = Stats.of(floor_ms), Stats.of(libraries_ms), Stats.of(cold_ms)
        first = _first_runs(env, 5)

    from magcheck.core.models import AssessmentInput
    from magcheck.service.assessment import assess

    inp = AssessmentInput.model_validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assess(inp, "en")
    warm = measure(lambda: assess(inp, "en"), repeat=100)
    validate = measure(
        lambda: AssessmentInput.model_validate_json(EXAMPLE.read_text(encoding="utf-8")), repeat=100
    )
    ratio = cold.median_ms / floor.median_ms
    return [
        Figure(
            "cli.assess_cold_start",
            cold,
            baseline_name="python -c pass",
            baseline=floor,
            target=f"≤ {TARGET_MS:.0f} ms and ≤ {TARGET_RATIO:.0f}× python -c pass",
            met=cold.median_ms <= TARGET_MS and ratio <= TARGET_RATIO,
            notes={"command": "magcheck assess --input examples/assess-example.json --json --lang en"},
        ),
        Figure(
            "cli.typer_pydantic_import",
            libraries,
            baseline_name="python -c pass",
            baseline=floor,
            notes={"command": " ".join(LIBRARIES[1:])},
        ),
        Figure(
            "cli.help_cold",
            Stats.of(help_ms),
            baseline_name="python -c pass",
            baseline=floor,
            notes={"command": "magcheck --help (imports every command module to list the commands)"},
        ),
        Figure(
            "cli.assess_first_run_after_upgrade",
            first,
            baseline_name="the same command, tables cached",
            baseline=cold,
            notes={"meaning": "empty cache folder: the run parses the tables and writes the cache"},
        ),
        Figure("assess.in_process", warm, baseline_name="input validation", baseline=validate),
    ]
