"""Several endpoints serving the same model: calls spread over the healthy ones.

``harness extract ... --base-url URL1 --base-url URL2 --model M`` makes one
:class:`EndpointPool`; :class:`~harness.llm.client.LLMClient` asks it for a member per
attempt (:meth:`EndpointPool.acquire`) and reports how the attempt went.

- **Least in flight**, ties broken round robin: an endpoint that answers slowly (a busier
  GPU, a longer queue) holds its calls longer and so gets fewer new ones, without any
  latency bookkeeping; with equal endpoints it is plain round robin.
- **Set aside**: ``FAILURES_IN_A_ROW`` connection errors or 5xx in a row (429 is the
  budget's business, :mod:`harness.llm.limits`, not a sign of ill health) put a member
  in cool-down for ``cooldown_s``, doubled at each further failure up to ``max_cooldown_s``.
  When the cool-down is over the member is probed (``GET /v1/models``, else ``/health``)
  before it gets traffic again; a failed probe doubles the cool-down.
- A pool of one endpoint never sets it aside: there is nowhere else to go, and the
  client's retries with backoff are the whole story, as before pools existed.
- The response cache and cassettes do not see the pool: the cache key names the first
  endpoint only (``LLMClient.cache_key``), and cassettes match on path, not host, so a run
  over four endpoints replays exactly like a run over the first of them.
- Nothing is probed before its first call: a replay from cassettes must send nothing but
  the recorded requests, and the first call is as good a health check as any.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx

from harness.llm.endpoint import Endpoint, _public_url
from harness.llm.failures import transport_error

FAILURES_IN_A_ROW = 3
COOLDOWN_S = 5.0
MAX_COOLDOWN_S = 300.0
PROBE_TIMEOUT_S = 2.0


class NoEndpointAvailable(RuntimeError):
    """Every endpoint of the pool is set aside; the message names them, on one line."""


def probe(endpoint: Endpoint, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether an OpenAI-compatible server answers ``GET /v1/models`` (or ``/health``) with 200."""
    base = (endpoint.base_url or "https://api.openai.com/v1").rstrip("/")
    root = base[: -len("/v1")] if base.endswith("/v1") else base
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    for url in (base + "/models", root + "/health"):
        try:
            if httpx.get(url, headers=headers, timeout=timeout).status_code == 200:
                return True
        except httpx.HTTPError:
            continue
    return False


def is_unhealthy(exc: BaseException) -> bool:
    """A connection error, a timeout or a 5xx: the endpoint's health, unlike a 429 (the budget)."""
    cause = transport_error(exc)
    return cause is not None and getattr(cause, "status_code", 500) not in (408, 409, 429)


@dataclass
class Member:
    """One endpoint of the pool, its client (whatever ``make_client`` built) and its health."""

    endpoint: Endpoint
    client: Any
    in_flight: int = 0
    failures_in_a_row: int = 0
    set_aside: int = 0  # how many times; the cool-down doubles with each
    down_until: float | None = None  # None: healthy
    probing: bool = False
    last_error: str = ""
    calls: int = 0

    @property
    def url(self) -> str:
        return _public_url(self.endpoint.base_url) or "https://api.openai.com/v1"


class EndpointPool:
    def __init__(
        self,
        endpoints: Sequence[Endpoint],
        make_client: Callable[[Endpoint], Any],
        *,
        clock: Callable[[], float] = time.monotonic,
        probe: Callable[[Endpoint], bool] = probe,
        cooldown_s: float = COOLDOWN_S,
        max_cooldown_s: float = MAX_COOLDOWN_S,
        failures_in_a_row: int = FAILURES_IN_A_ROW,
    ) -> None:
        if not endpoints:
            raise ValueError("an endpoint pool needs at least one endpoint")
        self.members = [Member(endpoint, make_client(endpoint)) for endpoint in endpoints]
        self._clock, self._probe = clock, probe
        self.cooldown_s, self.max_cooldown_s = cooldown_s, max_cooldown_s
        self.failures_in_a_row = failures_in_a_row
        self._turn = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.members)

    @property
    def urls(self) -> list[str]:
        return [member.url for member in self.members]

    def acquire(self, avoid: Sequence[Member] = ()) -> Member:
        """The member the next attempt goes to (counted in flight until :meth:`release`).

        ``avoid``: the members this attempt already failed on, taken only if no other is healthy.
        Raises :class:`NoEndpointAvailable` when every member is set aside.
        """
        while True:
            with self._lock:
                now = self._clock()
                healthy = [m for m in self.members if m.down_until is None]
                due = [m for m in self.members if m.down_until is not None and not m.probing and now >= m.down_until]
                to_probe = due[0] if due else None
                if to_probe is not None:
                    to_probe.probing = True
                elif healthy:
                    fresh = [m for m in healthy if all(m is not a for a in avoid)]
                    chosen = self._least_in_flight(fresh or healthy)
                    chosen.in_flight += 1
                    chosen.calls += 1
                    return chosen
                else:
                    raise NoEndpointAvailable(self._all_down())
            self._readmit(to_probe)  # outside the lock: a probe takes a network round trip

    def _least_in_flight(self, candidates: list[Member]) -> Member:
        order = {id(m): (i - self._turn) % len(self.members) for i, m in enumerate(self.members)}
        chosen = min(candidates, key=lambda m: (m.in_flight, order[id(m)]))
        self._turn = (self.members.index(chosen) + 1) % len(self.members)
        return chosen

    def _readmit(self, member: Member) -> None:
        ok = self._probe(member.endpoint)
        with self._lock:
            member.probing = False
            if ok:
                member.down_until, member.failures_in_a_row = None, 0
            else:
                member.last_error = "health check failed"
                self._set_aside(member)

    def _set_aside(self, member: Member) -> None:
        member.set_aside += 1
        cooldown = min(self.max_cooldown_s, self.cooldown_s * 2 ** (member.set_aside - 1))
        member.down_until = self._clock() + cooldown

    def release(self, member: Member, failure: str | None = None, unhealthy: bool = False) -> None:
        """The attempt on ``member`` is over; ``unhealthy``: it failed with a 5xx or no connection."""
        with self._lock:
            member.in_flight -= 1
            if not unhealthy:
                member.failures_in_a_row = 0
                if failure is None and member.down_until is None:
                    member.set_aside = 0  # healthy again: the next cool-down starts short
                return
            member.failures_in_a_row += 1
            member.last_error = failure or "failed"
            if len(self.members) > 1 and member.down_until is None and member.failures_in_a_row >= self.failures_in_a_row:
                self._set_aside(member)

    def call(self, send: Callable[[Any], Any], counts: dict[str, int] | None = None) -> Any:
        """``send(client)`` on a member; a failure that says the endpoint is unwell moves the
        attempt at once to another member (each tried at most once), counted in ``counts["failovers"]``.

        Anything else (an answer, a bad answer, a 429) is the caller's: its retries and re-asks.
        """
        tried: list[Member] = []
        while True:
            member = self.acquire(avoid=tried)
            try:
                result = send(member.client)
            except Exception as exc:
                unhealthy = is_unhealthy(exc)
                self.release(member, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", unhealthy)
                tried.append(member)
                others = {id(m) for m in self.members} - {id(m) for m in tried}
                if unhealthy and len(self.members) > 1 and all(m.down_until is not None for m in self.members):
                    raise NoEndpointAvailable(self._all_down()) from exc
                if not unhealthy or not others:
                    raise
                if counts is not None:
                    counts["failovers"] = counts.get("failovers", 0) + 1
                continue
            self.release(member)
            return result

    def next_probe_in(self) -> float | None:
        """Seconds until the first set-aside member may be probed again (None: none is set aside)."""
        with self._lock:
            waits = [m.down_until - self._clock() for m in self.members if m.down_until is not None]
        return max(0.0, min(waits)) if waits else None

    def _all_down(self) -> str:
        parts = [f"{m.url} ({m.last_error[:80]})" for m in self.members]
        return f"all {len(self.members)} endpoints are set aside: " + ", ".join(parts)

    def describe(self) -> list[str]:
        """The endpoints' public URLs (no key, no user:password), for the manifest."""
        return self.urls

    def health(self) -> list[dict[str, Any]]:
        with self._lock:
            return [{"base_url": m.url, "calls": m.calls, "set_aside": m.set_aside,
                     "down": m.down_until is not None} for m in self.members]
