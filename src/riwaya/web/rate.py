"""How often one client may ask for the costly things: a check, an extraction, an upload. A
check holds a worker thread for up to seconds and an upload an ingest; a script sending them in
a loop held the server for everyone (issue 16). Counted by the client's address, over the last
minute (a sliding window); past the limit, a 429 that says when to try again."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import HTTPException, Request

from riwaya.i18n import _

RATE_LIMIT_PER_MINUTE = 30
# The most addresses remembered: past it, those with nothing in the last minute are forgotten, so
# that a flood from many addresses cannot grow the table without end.
MAX_CLIENTS = 10_000
WINDOW_S = 60.0


class RateLimit:
    """At most ``per_minute`` requests of one client in any minute."""

    def __init__(self, per_minute: int = RATE_LIMIT_PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute, self._clock = per_minute, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """0 when ``client`` may go on (and the request is counted); else the seconds until it may."""
        now = self._clock()
        with self._lock:
            times = self._seen.setdefault(client, deque())
            while times and now - times[0] >= WINDOW_S:
                times.popleft()
            if len(times) >= self.per_minute:
                return WINDOW_S - (now - times[0])
            times.append(now)
            if len(self._seen) > MAX_CLIENTS:
                for other in [c for c, t in self._seen.items() if not t or now - t[-1] >= WINDOW_S]:
                    del self._seen[other]
            return 0.0


def limit_rate(request: Request) -> None:
    """The route's dependency: a 429 with Retry-After past the site's rate limit."""
    rate: RateLimit | None = request.app.state.site.rate
    if rate is None:
        return
    wait = rate.wait(request.client.host if request.client else "")
    if wait:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(429, _("too many checks and uploads from this address in a minute (riwaya serve "
                                   "--rate-limit): try again in %(seconds)s s") % {"seconds": seconds},
                            headers={"Retry-After": str(seconds)})
