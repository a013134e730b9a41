"""How often one client may ask for the costly things: a check, an extraction, an upload. A
check holds a worker thread for up to seconds and an upload an ingest; a script sending them in
a loop held the server for everyone (issue 16). Counted by the client's address, over the last
minute (a sliding window); past the limit, a 429 that says when to try again."""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from fastapi import HTTPException, Request

from riwaya.i18n import _

RATE_LIMIT_PER_MINUTE = 30
# The most clients remembered: past it, the one heard from longest ago is forgotten (a table in
# the order clients were last heard from, so this is one step, not a scan of the table), so that
# a flood from many addresses can neither grow the table without end nor slow each request.
MAX_CLIENTS = 10_000
WINDOW_S = 60.0
# An IPv6 client is counted by its /64: one machine is given a whole /64 and may send each
# request from another of its addresses (RFC 4941).
IPV6_PREFIX = 64


def client_key(address: str) -> str:
    """Who a request is counted against: an IPv4 address, an IPv6 address's /64 network."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an address (a test client's name): itself
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    if ip.ipv4_mapped is not None:  # «::ffff:192.0.2.7», a dual-stack server's IPv4 client
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, IPV6_PREFIX), strict=False))


class RateLimit:
    """At most ``per_minute`` requests of one client in any minute."""

    def __init__(self, per_minute: int = RATE_LIMIT_PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic, max_clients: int = MAX_CLIENTS) -> None:
        self.per_minute, self._clock, self._max_clients = per_minute, clock, max_clients
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()  # the last heard from last
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """0 when ``client`` may go on (and the request is counted); else the seconds until it may."""
        now = self._clock()
        key = client_key(client)
        with self._lock:
            times = self._seen.setdefault(key, deque())
            self._seen.move_to_end(key)
            while times and now - times[0] >= WINDOW_S:
                times.popleft()
            if len(times) >= self.per_minute:
                return WINDOW_S - (now - times[0])
            times.append(now)
            while len(self._seen) > self._max_clients:
                self._seen.popitem(last=False)
            return 0.0

    def __len__(self) -> int:
        return len(self._seen)


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
