"""Sign-in throttling: a key is blocked after the limit of failures, for the rest of the window."""

from __future__ import annotations

from magcheck.accounts.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_blocks_after_the_limit_until_the_window_passes() -> None:
    clock = Clock()
    throttle = Throttle(limit=3, window=60, clock=clock)
    for _ in range(3):
        assert throttle.retry_after("ip:1") == 0
        throttle.failed("ip:1")
    assert throttle.retry_after("ip:1") == 61  # rounded up: never tell someone to retry too early
    clock.now += 30
    assert 0 < throttle.retry_after("ip:1") <= 31
    clock.now += 31
    assert throttle.retry_after("ip:1") == 0


def test_any_blocked_key_blocks_and_success_clears() -> None:
    throttle = Throttle(limit=2, window=60, clock=Clock())
    throttle.failed("user:ann", "ip:1")
    throttle.failed("user:ann", "ip:2")
    # the account is blocked whichever address the next guess comes from
    assert throttle.retry_after("user:ann", "ip:3") > 0
    assert throttle.retry_after("user:bob", "ip:3") == 0
    throttle.succeeded("user:ann")
    assert throttle.retry_after("user:ann", "ip:3") == 0


def test_keys_without_recent_failures_are_forgotten() -> None:
    clock = Clock()
    throttle = Throttle(limit=2, window=10, clock=clock)
    throttle.failed("ip:1")
    clock.now += 11
    assert throttle.retry_after("ip:1") == 0
    assert throttle._failures == {}
