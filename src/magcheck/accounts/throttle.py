"""Brute-force throttling for sign-in: after a few failures a key must wait before trying again.

A key is what is being guessed at (an account name) or where the guesses come from (a client
address); the caller checks both so that neither spreading guesses over many accounts nor over many
addresses gets around it. Counts live in memory per process: a server with several workers lets an
attacker multiply the budget by the worker count, which still leaves hours per guess batch against
argon2 hashes and random tokens.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0


class Throttle:
    """At most `limit` failures per `window` seconds per key; successes clear the key."""

    def __init__(
        self,
        limit: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait before the next try for any of `keys` (0 when a try is allowed now)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if not times:
                    del self._failures[key]  # keep memory bounded by the keys failing right now
                elif len(times) >= self.limit:
                    wait = max(wait, times[0] + self.window - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times


login_throttle = Throttle()
"""The process-wide throttle used by the sign-in page and the token endpoint."""
