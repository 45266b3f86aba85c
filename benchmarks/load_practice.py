"""Load test of a practice server: PostgreSQL, 4 workers, 50 users logging and assessing for 60 s.

Not part of `make bench` or `make test` (it takes over a minute and needs PostgreSQL): run it by hand,

    .venv/bin/python benchmarks/load_practice.py [--users 50] [--seconds 60] [--workers 4]

It uses `MAGCHECK_DATABASE_URL` when that points at PostgreSQL, else starts a throwaway cluster with
scripts/pg-start.sh (and removes it afterwards). Everything listens on 127.0.0.1 only. Each simulated
user signs in for an API token (POST /api/v1/auth/token), creates a person, then until time is up logs
food entries and now and then assesses the logged days, with a short random pause between requests.
At the end every user's entries are counted through the API and in the database: an entry the server
acknowledged (201) but that is missing is a lost entry. The result (requests, errors, lost entries,
median/p95/p99 latency per kind) is printed and added to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test password 0123"
# Entries spread over four weeks, as a person logs them: ≈ 100 entries a user in 60 s crammed into one week
# made some days total over 2,000 mg of food magnesium, which the assessment rightly refuses (422).
DAYS = 28
ENTRIES = ("30 g almonds", "1 banana", "1 cup cooked spinach", "2 slices whole wheat bread", "1 cup milk")


@dataclass
class UserResult:
    name: str
    acknowledged: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)

    def timed(self, kind: str, response_ms: float) -> None:
        self.latencies.setdefault(kind, []).append(response_ms)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def wait_healthy(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not become healthy")


def simulate(base: str, name: str, until: float, result: UserResult) -> None:
    rng = random.Random(name)
    with httpx.Client(base_url=base, timeout=60) as http:
        start = time.perf_counter()
        try:  # a failed sign-in is an error of this user, not a crash of the thread that counts them
            got = http.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD})
        except httpx.HTTPError as exc:
            result.errors.append(f"token {type(exc).__name__}")
            return
        result.timed("sign in", (time.perf_counter() - start) * 1000)
        if got.status_code != 200:
            result.errors.append(f"token {got.status_code}")
            return
        http.headers["Authorization"] = f"Bearer {got.json()['token']}"
        made = http.post(
            "/api/v1/persons", json={"name": "me", "age_years": 30 + rng.random() * 40, "sex": "female"}
        )
        if made.status_code != 201:
            result.errors.append(f"person {made.status_code}")
            return
        today = dt.date.today()
        n = 0
        while time.monotonic() < until:
            n += 1
            if n % 10 == 0:
                kind, path, body = "assess", f"/api/v1/history/assess?days={DAYS}", None
            else:
                day = (today - dt.timedelta(days=rng.randrange(DAYS))).isoformat()
                kind, path, body = "log", "/api/v1/log", {"text": rng.choice(ENTRIES), "date": day}
            start = time.perf_counter()
            try:
                response = http.post(path, json=body) if body else http.post(path)
            except httpx.HTTPError as exc:
                result.errors.append(f"{kind} {type(exc).__name__}")
                continue
            result.timed(kind, (time.perf_counter() - start) * 1000)
            if response.status_code >= 400:
                result.errors.append(f"{kind} {response.status_code}")
            elif kind == "log":
                result.acknowledged += 1
            time.sleep(rng.uniform(0.05, 0.25))


def count_entries(base: str, name: str) -> int:
    token = httpx.post(f"{base}/api/v1/auth/token", json={"username": name, "password": PASSWORD}).json()[
        "token"
    ]
    rows = httpx.get(f"{base}/api/v1/log", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    return len(rows.json())


def database_counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.name, count(f.id) FROM account a JOIN person p ON p.owner_id = a.id "
                "LEFT JOIN food_entry f ON f.person_id = p.id GROUP BY a.name"
            )
        ).all()
    engine.dispose()
    return {name: int(count) for name, count in rows}


def run(url: str, users: int, seconds: float, workers: int) -> str:
    env = {**os.environ, "MAGCHECK_DATABASE_URL": url, "MAGCHECK_AUTH": "accounts"}
    env.pop("MAGCHECK_TOKEN", None)
    data_dir = tempfile.mkdtemp(prefix="magcheck-load-")
    env["MAGCHECK_DATA_DIR"] = data_dir
    os.environ.update({k: env[k] for k in ("MAGCHECK_DATABASE_URL", "MAGCHECK_AUTH", "MAGCHECK_DATA_DIR")})
    from magcheck.accounts import users as accounts

    names = [f"client{i:02d}" for i in range(users)]
    for name in names:
        accounts.add_user(name, "client", PASSWORD)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    magcheck = str(Path(sys.executable).with_name("magcheck"))
    server = subprocess.Popen(
        [magcheck, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_healthy(base)
        until = time.monotonic() + seconds
        results = [UserResult(name) for name in names]
        threads = [threading.Thread(target=simulate, args=(base, r.name, until, r)) for r in results]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        via_api = {name: count_entries(base, name) for name in names}
    finally:
        server.terminate()
        server.wait(timeout=30)
    in_db = database_counts(url)
    lost = sum(max(0, r.acknowledged - via_api[r.name]) for r in results)
    lost_db = sum(max(0, r.acknowledged - in_db.get(r.name, 0)) for r in results)
    extra = sum(max(0, via_api[r.name] - r.acknowledged) for r in results)
    errors = [e for r in results for e in r.errors]
    kinds: dict[str, list[float]] = {}
    for r in results:
        for kind, values in r.latencies.items():
            kinds.setdefault(kind, []).extend(values)
    total = sum(len(v) for k, v in kinds.items() if k != "sign in")
    lines = [
        f"\n## Practice server load test, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"`benchmarks/load_practice.py`: PostgreSQL, `magcheck serve --workers {workers}` on 127.0.0.1, "
        f"{users} users each signing in, then logging food entries and assessing every 10th request "
        f"(50–250 ms pauses) for {seconds:.0f} s, entries dated over the last {DAYS} days; "
        f"{os.cpu_count()} cores shared with the load generator.",
        "",
        f"- requests: {total:,} in {elapsed:.1f} s ({total / elapsed:,.0f} req/s); errors: {len(errors)}"
        + (f" ({', '.join(sorted(set(errors))[:5])})" if errors else ""),
        f"- entries acknowledged: {sum(r.acknowledged for r in results):,}; lost (API): {lost}; "
        f"lost (database): {lost_db}; unexpected extra: {extra}",
        "",
        "| request | n | median | p95 | p99 |",
        "|---|---|---|---|---|",
    ]
    for kind in ("log", "assess", "sign in"):
        values = kinds.get(kind, [])
        if values:
            lines.append(
                f"| {kind} | {len(values):,} | {statistics.median(values):.1f} ms | "
                f"{percentile(values, 0.95):.1f} ms | {percentile(values, 0.99):.1f} ms |"
            )
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n## ")
    doc.write_text(head + section + (sep + rest if sep else ""), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    url = os.environ.get("MAGCHECK_DATABASE_URL", "")
    started_pg = False
    if not url.startswith("postgres"):
        url = subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg-start.sh")], check=True, capture_output=True, text=True
        ).stdout.strip()
        started_pg = True
    try:
        section = run(url, args.users, args.seconds, args.workers)
    finally:
        if started_pg:
            subprocess.run(["bash", str(ROOT / "scripts" / "pg-stop.sh")], check=False)
    print(section)
    if not args.no_doc:
        write_section(section)
    return 0 if "errors: 0" in section and "lost (API): 0; lost (database): 0" in section else 1


if __name__ == "__main__":
    sys.exit(main())
