"""`make bench`: run every benchmarks/bench_*.py, print one table, write results.json and docs/benchmarks.md.

Each module's ``figures()`` returns `Figure`s whose baselines were measured in the same run, so the
ratios compare like with like on whatever machine runs this. Select modules with arguments
(`make bench ARGS="foods plan"`); a module that fails is reported and the others still run.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import Figure  # noqa: E402


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{mem}"
    return f"{system}, {cpu}, Python {platform.python_version()}"


def fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.3f}" if value < 1 else f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def row(fig: Figure) -> list[str]:
    p95 = p99 = "—"
    from benchmarks.common import Stats

    if isinstance(fig.value, Stats):
        p95, p99 = fmt(fig.value.p95_ms), fmt(fig.value.p99_ms)
    base_value = fmt(fig.baseline_median, fig.unit) if fig.baseline is not None else ""
    baseline = f"{fig.baseline_name or ''} {base_value}"
    ratio = f"{fig.ratio:.3g}×" if fig.ratio is not None else "—"
    met = {True: "yes", False: "NO", None: ""}[fig.met]
    return [
        fig.name,
        f"{fmt(fig.median, fig.unit)} {fig.unit}",
        p95,
        p99,
        baseline.strip(),
        ratio,
        fig.target or "",
        met,
    ]


HEAD = ["figure", "median", "p95", "p99", "baseline (same run)", "ratio", "target", "met"]


HEADER = """# Benchmarks

Written by `make bench` (benchmarks/run.py); newest run first. Every ratio is against a baseline
measured in the same run. Process timings (`cli.*`) are taken as a user gets them: the installed
script, byte-code written (PYTHONDONTWRITEBYTECODE removed) and a warm-up run first.

What keeps a command's start-up short (issue 13):
- `magcheck <command>` imports and builds only that command's module (`cli/__init__.py`); help, errors
  and `magcheck.cli.app` still see the whole tree. `assess` has a module of its own (one Typer command
  to build, not five), and what only a person at a terminal needs (Rich, the wizard) or only
  `--from-log` needs (the history's SQLAlchemy stack) is imported when it is used (`# lazy:` reasons).
- `main()` switches off pydantic's plugin search (an entry-point scan of every installed package;
  magcheck uses no plugin) and the cyclic garbage collector for the command's short life (`serve`
  turns it back on): ≈ 15 ms.
- `cli.typer_pydantic_import` is what no change inside magcheck can remove: importing Typer and
  pydantic's model machinery, which every command needs.
- Reviewed tables (knowledge base, curated foods and portions, the plan's curated options, message
  catalogues and language profiles) are parsed and checked once, then read from a cache folder
  (`knowledge/cache.py`: `$MAGCHECK_CACHE_DIR`, else the user cache folder; empty = off) while their
  content and magcheck's code are unchanged. The first run after an install or upgrade rebuilds it
  (`cli.assess_first_run_after_upgrade`).
- Models of those tables build their validators only when a file is actually read (`defer_build`).
"""


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    if wanted:
        modules = [m for m in modules if m.removeprefix("bench_") in wanted or m in wanted]
    results: dict[str, dict[str, Any]] = {}
    rows: list[list[str]] = []
    failures: list[str] = []
    started = time.perf_counter()
    for name in modules:
        t0 = time.perf_counter()
        print(f"running {name} …", flush=True)
        try:
            figures = importlib.import_module(f"benchmarks.{name}").figures()
        except Exception:  # one broken benchmark must not hide the others
            failures.append(name)
            traceback.print_exc()
            continue
        for fig in figures:
            results[fig.name] = fig.as_dict()
            rows.append(row(fig))
        print(f"  {name}: {len(figures)} figures in {time.perf_counter() - t0:.1f} s", flush=True)
    widths = [max(len(r[i]) for r in [HEAD, *rows]) for i in range(len(HEAD))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [HEAD, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    print("\n" + "\n".join(lines))
    total = time.perf_counter() - started
    print(
        f"\n{len(rows)} figures in {total:.0f} s"
        + (f"; FAILED modules: {', '.join(failures)}" if failures else "")
    )

    when = dt.datetime.now(dt.UTC)
    payload = {
        "date": when.isoformat(timespec="seconds"),
        "machine": machine(),
        "figures": results,
        "failed_modules": failures,
    }
    (ROOT / "benchmarks" / "results.json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    )
    doc = ROOT / "docs" / "benchmarks.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else ""
    start = old.find("\n## ")
    body = old[start:] if start >= 0 else ""  # the earlier runs, below whatever header they had
    md_rows = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)] + [
        "| " + " | ".join(r) + " |" for r in rows
    ]
    section = f"\n## {when:%Y-%m-%d %H:%M} UTC — {machine()}\n\n" + "\n".join(md_rows) + "\n"
    if failures:
        section += f"\nModules that failed in this run: {', '.join(failures)}.\n"
    doc.write_text(HEADER + section + body, encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
