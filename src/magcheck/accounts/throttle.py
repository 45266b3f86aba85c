"""Brute-force throttling for sign-in: after a few failures a key must wait before trying again.

A key is what is being guessed at (an account name) or where the guesses come from (a client
address); the caller checks both so that neither spreading guesses over many accounts nor over many
addresses gets around it. The failures live in the database (table ``login_failure``), not in one
process: every worker of `magcheck serve --workers N` and every server on the same database counts
the same failures, so N workers do not allow N times the attempts.

The table stays small: keys are stored as SHA-256 digests (no addresses or names), failures older
than the window are deleted whenever a new one is written, and at most `MAX_ROWS` are ever kept.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from magcheck.storage.account_tables import LoginFailure
from magcheck.storage.engine import Store, open_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
MAX_ROWS = 100_000
"""A flood from very many addresses cannot grow the table past this: the oldest rows go first."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class Throttle:
    """At most `limit` failures per `window` seconds per key; successes clear the key.

    `clock` is wall-clock seconds (shared by every process on the machine); `store` gives the
    database (by default the one `MAGCHECK_DATABASE_URL` names, looked up on each call).
    """

    def __init__(
        self,
        limit: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
        store: Callable[[], Store] = open_store,
        max_rows: int = MAX_ROWS,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.store = store
        self.max_rows = max_rows

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait before the next try for any of `keys` (0 when a try is allowed now)."""
        return self.check(*keys)[0]

    def check(self, *keys: str) -> tuple[int, bool]:
        """(`retry_after`, whether any of `keys` has a failure in the window): a sign-in that
        succeeds needs no write at all when nothing failed before it."""
        now = self.clock()
        digests = {_digest(k) for k in keys}

        def work(session: Session) -> list[tuple[str, float]]:
            rows = session.execute(
                select(LoginFailure.key, LoginFailure.at)
                .where(LoginFailure.key.in_(digests), LoginFailure.at > now - self.window)
                .order_by(LoginFailure.at)
            ).all()
            return [(key, at) for key, at in rows]

        times: dict[str, list[float]] = {}
        for key, at in self.store().read(work):
            times.setdefault(key, []).append(at)
        wait = 0.0
        for recent in times.values():
            if len(recent) >= self.limit:
                # blocked until so many have left the window that fewer than `limit` remain (several
                # workers may have written more than `limit` at the same moment)
                wait = max(wait, recent[len(recent) - self.limit] + self.window - now)
        return (int(wait) + 1 if wait > 0 else 0), bool(times)

    def failed(self, *keys: str) -> None:
        now = self.clock()

        def work(session: Session) -> None:
            session.add_all(LoginFailure(key=_digest(k), at=now) for k in dict.fromkeys(keys))
            session.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.window))
            session.flush()
            extra = (session.scalar(select(func.count()).select_from(LoginFailure)) or 0) - self.max_rows
            if extra > 0:
                oldest = select(LoginFailure.id).order_by(LoginFailure.at, LoginFailure.id).limit(extra)
                session.execute(delete(LoginFailure).where(LoginFailure.id.in_(oldest)))

        self.store().write(work)

    def succeeded(self, *keys: str) -> None:
        digests = [_digest(k) for k in keys]
        self.store().write(lambda s: s.execute(delete(LoginFailure).where(LoginFailure.key.in_(digests))))

    def clear(self) -> None:
        """Forget every failure (tests; an operator can also empty the table)."""
        self.store().write(lambda s: s.execute(delete(LoginFailure)))


login_throttle = Throttle()
"""The throttle used by the sign-in page and the token endpoint (state in the database)."""
