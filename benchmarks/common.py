"""Shared measuring helpers for `make bench`.

Every benchmark module `benchmarks/bench_<area>.py` defines ``figures() -> list[Figure]``; `run.py`
collects them into one table, `benchmarks/results.json` and a dated section of docs/benchmarks.md.
A figure always has a baseline measured in the same run, so the ratio means something on any machine.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Stats:
    n: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float

    @classmethod
    def of(cls, samples_ms: list[float]) -> Stats:
        ordered = sorted(samples_ms)

        def pct(p: float) -> float:
            idx = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
            return ordered[idx]

        return cls(len(ordered), statistics.median(ordered), pct(95), pct(99), statistics.fmean(ordered))


def measure(fn: Callable[[], Any], repeat: int = 200, warmup: int = 5) -> Stats:
    """Time `fn` `repeat` times (after `warmup` untimed calls) and return the distribution in ms."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return Stats.of(samples)


@dataclass
class Figure:
    """One row of the benchmark table."""

    name: str
    value: Stats | float
    unit: str = "ms"
    baseline_name: str | None = None
    baseline: Stats | float | None = None
    target: str | None = None
    met: bool | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return self.value.median_ms if isinstance(self.value, Stats) else self.value

    @property
    def baseline_median(self) -> float | None:
        if self.baseline is None:
            return None
        return self.baseline.median_ms if isinstance(self.baseline, Stats) else self.baseline

    @property
    def ratio(self) -> float | None:
        base = self.baseline_median
        return None if not base else self.median / base

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["median"] = self.median
        out["baseline_median"] = self.baseline_median
        out["ratio"] = self.ratio
        return out


@contextmanager
def scratch_data_dir(prefix: str = "magcheck-bench-") -> Iterator[str]:
    """A throw-away MAGCHECK_DATA_DIR for one benchmark, so no run touches the user's own data."""
    old = os.environ.get("MAGCHECK_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix=prefix) as path:
        os.environ["MAGCHECK_DATA_DIR"] = path
        try:
            yield path
        finally:
            if old is None:
                os.environ.pop("MAGCHECK_DATA_DIR", None)
            else:
                os.environ["MAGCHECK_DATA_DIR"] = old
