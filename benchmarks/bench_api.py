"""The REST API under load: `POST /api/v1/assess` with a 3-day, 30-entry food log against a real
`magcheck serve`, driven from a separate process (a small keep-alive HTTP/1.1 client on asyncio).

Targets (issue 5): ≥ 1,000 requests/s and p95 ≤ 30 ms at concurrency 32; first page load ≤ 200 kB.
Issue 13: assessment throughput ≥ 50 % of a plain FastAPI endpoint taking the same body.
Baselines measured in the same run: a trivial JSON endpoint of the same server (`GET /api/v1/version`,
our stack's ceiling) and a plain FastAPI app that accepts the same POST body (the framework's ceiling),
served with the same uvicorn settings and loaded in turn with ours over several rounds (`_rounds`).
Each load run is bounded by a request count and a time limit.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import uvicorn

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Figure, Stats  # noqa: E402

DAYS = [
    ["2 cups cooked spinach", "30 g almonds", "1 banana", "1 cup cooked black beans", "一碗米饭",
     "1 cup milk", "2 slices whole wheat bread", "1 cup oatmeal", "100 g tofu", "1 avocado"],
    ["3 oz salmon", "1 cup cooked brown rice", "1 oz pumpkin seeds", "2 tbsp peanut butter", "1 cup yogurt",
     "1 apple", "1 cup broccoli", "1 egg", "100 g chicken breast", "20 g dark chocolate"],
    ["1 cup edamame", "1 orange", "1 cup cooked quinoa", "半碗豆腐", "一把杏仁",
     "1 cup soy milk", "1 tomato", "1 carrot", "1 cup cooked lentils", "30 g cashews"],
]  # fmt: skip
BODY: dict[str, Any] = {
    "profile": {"age_years": 35, "sex": "female"},
    "intake": {"days": DAYS},
    "signs": {"muscle_cramps": "often", "fatigue": "sometimes", "sleep_problems": "often"},
    "medications": ["omeprazole"],
    "alcohol_drinks_per_day": 1,
    "egfr": 85,
}
# The framework's ceiling: FastAPI taking the same JSON body, served by uvicorn with exactly the settings
# `magcheck serve` passes (cli/serve.py); the handler does nothing with the body. `/api/v1/assess` is
# the baseline of the target (a plain `def` handler, run in FastAPI's thread pool, as when the target
# was set); `/api/v1/assess_async` (an `async def` handler, no thread hop) is reported beside it.
PLAIN_APP = """
import sys
import uvicorn
from fastapi import Body, FastAPI
app = FastAPI()
@app.post("/api/v1/assess")
def assess(body: dict = Body(...)) -> dict:
    return {"ok": True, "keys": len(body)}
@app.post("/api/v1/assess_async")
async def assess_async(body: dict = Body(...)) -> dict:
    return {"ok": True, "keys": len(body)}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=False, log_config=None,
            server_header=False, proxy_headers=False)
"""
REQUESTS = {1: 400, 32: 4000}
TIME_LIMIT_S = 20.0
# The comparison with plain FastAPI: both servers run side by side and are loaded in turn, ROUNDS times
# (the order flips every round), each time after its own warm-up; the figure is the median of the
# rounds. On a shared machine a load spike then hits both sides of a round instead of one whole run.
ROUNDS = 5
ROUND_REQUESTS = 2000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start")


def _start(cmd: list[str], env: dict[str, str], ready_url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait(ready_url, proc)
    return proc


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


# ---------------------------------------------------------------- the load generator (separate process)


def _request_bytes(method: str, path: str, port: int, body: bytes) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


async def _worker(port: int, request: bytes, budget: list[int], deadline: float, out: list[float]) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    errors = 0
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            match = re.search(rb"(?i)content-length:\s*(\d+)", head)
            if match:
                await reader.readexactly(int(match.group(1)))
            out.append((time.perf_counter() - start) * 1000)
            if status != 200:
                errors += 1
    finally:
        writer.close()
    return errors


async def _load(
    port: int, method: str, path: str, body: bytes, concurrency: int, total: int
) -> dict[str, Any]:
    request = _request_bytes(method, path, port, body)
    samples: list[float] = []
    budget = [total]
    started = time.perf_counter()
    deadline = started + TIME_LIMIT_S
    errors = await asyncio.gather(
        *(_worker(port, request, budget, deadline, samples) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    return {"samples": samples, "elapsed_s": elapsed, "errors": sum(errors)}


def run_load(port: int, method: str, path: str, body: bytes, concurrency: int, total: int) -> dict[str, Any]:
    """Run the load in a separate Python process so that client and server do not share an interpreter."""
    code = (
        "import asyncio, json, sys; sys.path.insert(0, sys.argv[1]); from benchmarks import bench_api as b; "
        "a = json.loads(sys.stdin.read()); "
        "print(json.dumps(asyncio.run(b._load(a['port'], a['method'], a['path'], a['body'].encode(), "
        "a['concurrency'], a['total']))))"
    )
    args = {"port": port, "method": method, "path": path, "body": body.decode(), "concurrency": concurrency,
            "total": total}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)],
        input=json.dumps(args),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _measure(port: int, method: str, path: str, body: bytes, concurrency: int) -> tuple[Stats, float, int]:
    run_load(port, method, path, body, concurrency, max(50, concurrency * 4))  # warm-up
    result = run_load(port, method, path, body, concurrency, REQUESTS[concurrency])
    samples = result["samples"]
    return Stats.of(samples), len(samples) / result["elapsed_s"], int(result["errors"])


def _rounds(targets: dict[str, tuple[int, str]], body: bytes) -> dict[str, list[dict[str, Any]]]:
    """`POST body` at concurrency 32 against each (port, path), in turn, ROUNDS times."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
    for r in range(ROUNDS):
        order = list(targets) if r % 2 == 0 else list(reversed(targets))
        for name in order:
            port, path = targets[name]
            run_load(port, "POST", path, body, 32, 128)  # warm-up: connections, caches, the other side's
            out[name].append(run_load(port, "POST", path, body, 32, ROUND_REQUESTS))
    return out


def _rps(result: dict[str, Any]) -> float:
    return len(result["samples"]) / float(result["elapsed_s"])


def _in_process() -> Stats:
    from benchmarks.common import measure
    from magcheck.core.models import AssessmentInput
    from magcheck.service.assessment import assess

    inp = AssessmentInput.model_validate(BODY)
    return measure(lambda: assess(inp, "en"), repeat=300, warmup=20)


def first_page_bytes(base: str) -> int:
    """HTML of the assessment page plus every asset it references."""
    with urllib.request.urlopen(base + "/assess") as response:
        html = response.read()
    total = len(html)
    for asset in set(re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)):
        with urllib.request.urlopen(base + asset.decode()) as response:
            total += len(response.read())
    return total


def _uvicorn_stack() -> str:
    """The event loop and HTTP parser uvicorn picks for both servers ("auto": uvloop/httptools if present)."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"uvicorn {uvicorn.__version__}, loop {loop}, http {http}"


def figures() -> list[Figure]:
    body = json.dumps(BODY, ensure_ascii=False).encode()
    port, plain_port = _free_port(), _free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "MAGCHECK_DATA_DIR": data}
        server = _start(
            [sys.executable, "-m", "magcheck", "serve", "--port", str(port), "--lang", "en"],
            env,
            f"http://127.0.0.1:{port}/api/v1/version",
        )
        try:
            plain = _start(
                [sys.executable, "-c", PLAIN_APP, str(plain_port)], env, f"http://127.0.0.1:{plain_port}/docs"
            )
            try:
                check = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/assess",
                    data=body,
                    headers={"Content-Type": "application/json"},
                )
                with urllib.request.urlopen(check) as response:
                    assessed = json.loads(response.read())
                assert len(assessed["intake"]["foods"]) == 30, "the benchmark log must parse to 30 entries"
                page_bytes = first_page_bytes(f"http://127.0.0.1:{port}")
                results = {
                    (path, c): _measure(port, method, path, body if method == "POST" else b"", c)
                    for path, method in (("/api/v1/assess", "POST"), ("/api/v1/version", "GET"))
                    for c in (1,)
                }
                rounds = _rounds(
                    {
                        "ours": (port, "/api/v1/assess"),
                        "plain": (plain_port, "/api/v1/assess"),
                        "plain_async": (plain_port, "/api/v1/assess_async"),
                    },
                    body,
                )
                results[("/api/v1/version", 32)] = _measure(port, "GET", "/api/v1/version", b"", 32)
            finally:
                _stop(plain)
        finally:
            _stop(server)

    ours_rps = [_rps(r) for r in rounds["ours"]]
    plain_rps = [_rps(r) for r in rounds["plain"]]
    async_rps = [_rps(r) for r in rounds["plain_async"]]
    results[("/api/v1/assess", 32)] = (
        Stats.of([s for r in rounds["ours"] for s in r["samples"]]),
        statistics.median(ours_rps),
        sum(int(r["errors"]) for r in rounds["ours"]),
    )
    plain_stats = Stats.of([s for r in rounds["plain"] for s in r["samples"]])

    out: list[Figure] = []
    for c in (1, 32):
        stats, rps, errors = results[("/api/v1/assess", c)]
        trivial, trivial_rps, _ = results[("/api/v1/version", c)]
        target = c == 32
        out.append(
            Figure(
                f"api.assess_30_entries_c{c}.latency",
                stats,
                baseline_name="GET /api/v1/version (same server)",
                baseline=trivial,
                target="p95 ≤ 30 ms" if target else None,
                met=stats.p95_ms <= 30 if target else None,
                notes={"errors": errors, "requests": stats.n},
            )
        )
        out.append(
            Figure(
                f"api.assess_30_entries_c{c}.throughput",
                rps,
                unit="req/s",
                baseline_name="GET /api/v1/version (same server)",
                baseline=trivial_rps,
                target="≥ 1,000 req/s" if target else None,
                met=rps >= 1000 if target else None,
                notes={
                    "errors": errors,
                    **({"rounds_req_s": [round(x) for x in ours_rps]} if target else {}),
                },
            )
        )
    out.append(
        Figure(
            "api.assess_30_entries_c1.http_vs_in_process",
            results[("/api/v1/assess", 1)][0],
            baseline_name="service.assess in process (the domain call alone)",
            baseline=_in_process(),
            notes={
                "meaning": "the ratio is what HTTP, validation, middleware and JSON add to the domain call"
            },
        )
    )
    rps32 = statistics.median(ours_rps)
    plain_median = statistics.median(plain_rps)
    out.append(
        Figure(
            "api.assess_vs_plain_fastapi_c32.throughput",
            rps32,
            unit="req/s",
            baseline_name="plain FastAPI POST, same body",
            baseline=plain_median,
            target="≥ 50 % of the framework ceiling",
            met=rps32 >= 0.5 * plain_median,
            notes={
                "compared": (
                    "`magcheck serve` answering POST /api/v1/assess (the whole assessment, its middleware "
                    "and JSON) against a plain FastAPI app whose `def` handler takes the same body as "
                    "`dict` and returns a 2-key dict; both on one uvicorn worker with the same settings "
                    f"({_uvicorn_stack()}; no access log, no server header, no proxy headers), loaded in "
                    f"turn by one client process at concurrency 32, {ROUNDS} rounds of {ROUND_REQUESTS} "
                    "requests after a warm-up each, order flipped every round; medians of the rounds"
                ),
                "ratio_per_round": [round(o / p, 3) for o, p in zip(ours_rps, plain_rps, strict=True)],
                "ours_req_s_per_round": [round(x) for x in ours_rps],
                "plain_req_s_per_round": [round(x) for x in plain_rps],
                "plain_async_def_req_s": round(statistics.median(async_rps)),
                "ratio_to_plain_async_def": round(rps32 / statistics.median(async_rps), 3),
                "plain_p95_ms": plain_stats.p95_ms,
            },
        )
    )
    out.append(
        Figure(
            "web.first_page_load",
            float(page_bytes),
            unit="bytes",
            target="≤ 200 kB",
            met=page_bytes <= 200_000,
        )
    )
    return out


if __name__ == "__main__":
    for figure in figures():
        print(json.dumps(figure.as_dict(), ensure_ascii=False))
