"""Sign-in throttling: a key is blocked after the limit of failures, for the rest of the window.

The failures live in the database, so every worker and every server on the same database shares
them: the tests count failures made through two separate engines (as two worker processes have) and
through two app instances, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from magcheck.accounts import users
from magcheck.accounts.mode import forget_cached_mode
from magcheck.accounts.throttle import Throttle, login_throttle
from magcheck.storage.account_tables import LoginFailure
from magcheck.storage.engine import Store
from magcheck.web.app import create_app

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _engine(url: str) -> Store:
    """A store of its own (its own engine and pool), as a second worker process would have."""
    store = Store(url)
    store.ensure_schema()
    return store


def _rows(store: Store) -> int:
    return int(store.read(lambda s: s.scalar(select(func.count()).select_from(LoginFailure))) or 0)


def test_blocks_after_the_limit_until_the_window_passes(db_url: str) -> None:
    clock, store = Clock(), _engine(db_url)
    throttle = Throttle(limit=3, window=60, clock=clock, store=lambda: store)
    for _ in range(3):
        assert throttle.retry_after("ip:1") == 0
        throttle.failed("ip:1")
    assert throttle.retry_after("ip:1") == 61  # rounded up: never tell someone to retry too early
    clock.now += 30
    assert 0 < throttle.retry_after("ip:1") <= 31
    clock.now += 31
    assert throttle.retry_after("ip:1") == 0
    store.dispose()


def test_any_blocked_key_blocks_and_success_clears(db_url: str) -> None:
    store = _engine(db_url)
    throttle = Throttle(limit=2, window=60, clock=Clock(), store=lambda: store)
    throttle.failed("user:ann", "ip:1")
    throttle.failed("user:ann", "ip:2")
    # the account is blocked whichever address the next guess comes from
    assert throttle.retry_after("user:ann", "ip:3") > 0
    assert throttle.retry_after("user:bob", "ip:3") == 0
    throttle.succeeded("user:ann")
    assert throttle.retry_after("user:ann", "ip:3") == 0
    store.dispose()


def test_two_engines_share_one_count(db_url: str) -> None:
    """Failures written by one worker block the next try at another: N workers are not N× the budget."""
    clock = Clock()
    first, second = _engine(db_url), _engine(db_url)
    worker_a = Throttle(limit=4, window=60, clock=clock, store=lambda: first)
    worker_b = Throttle(limit=4, window=60, clock=clock, store=lambda: second)
    for throttle in (worker_a, worker_b, worker_a, worker_b):
        assert throttle.retry_after("user:ann") == 0
        throttle.failed("user:ann")
        clock.now += 1
    # four failures at t+0…t+3, seen from t+4: both workers wait until t+0 leaves the window
    assert worker_a.retry_after("user:ann") == worker_b.retry_after("user:ann") == 57
    # two workers that checked at the same moment may both have let one more guess through: then
    # the wait lasts until fewer than the limit remain (t+2 leaves the window), not until t+0 does
    worker_a.failed("user:ann")
    worker_b.failed("user:ann")
    assert worker_a.retry_after("user:ann") == 59
    worker_b.succeeded("user:ann")
    assert worker_a.retry_after("user:ann") == 0
    first.dispose()
    second.dispose()


def test_the_table_stays_bounded(db_url: str) -> None:
    clock, store = Clock(), _engine(db_url)
    throttle = Throttle(limit=3, window=60, clock=clock, store=lambda: store, max_rows=10)
    for i in range(8):
        throttle.failed(f"ip:{i}", f"user:{i}")  # 16 rows wanted, at most 10 kept
    assert _rows(store) == 10
    clock.now += 61  # everything written before is out of the window: the next failure clears it
    throttle.failed("ip:new")
    assert _rows(store) == 1
    # the keys are digests: no address or account name is stored
    keys = store.read(lambda s: list(s.scalars(select(LoginFailure.key)).all()))
    assert all(len(k) == 64 and "ip:" not in k for k in keys)
    store.dispose()


@pytest.fixture
def two_servers(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("MAGCHECK_AUTH", "accounts")
    forget_cached_mode()
    users.add_user("ann", "client", PASSWORD)
    login_throttle.clear()
    yield [TestClient(create_app(), raise_server_exceptions=False) for _ in range(2)]
    login_throttle.clear()
    forget_cached_mode()


def test_two_app_instances_share_the_throttle(two_servers: list[TestClient]) -> None:
    """Five wrong passwords spread over two servers: the sixth try, at either, is refused (429)."""
    wrong = {"username": "ann", "password": "not the password"}
    for i in range(5):
        assert two_servers[i % 2].post("/api/v1/auth/token", json=wrong).status_code == 401
    for server in two_servers:
        refused = server.post("/api/v1/auth/token", json={"username": "ann", "password": PASSWORD})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    login_throttle.clear()
    ok = two_servers[1].post("/api/v1/auth/token", json={"username": "ann", "password": PASSWORD})
    assert ok.status_code == 200
