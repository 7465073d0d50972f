"""One request budget for a whole run: requests per second and tokens per minute, adaptive on 429.

``RateLimit`` books requests on two schedules (GCRA, "virtual scheduling"): each request
takes ``1/rps`` seconds of the request schedule and ``tokens / (tpm/60)`` seconds of the
token schedule, and may be sent when both schedules have reached it. So no burst is
allowed above the rate: N requests are sent no faster than R per second, and the tokens
sent in any minute stay within T (plus the one request that crosses the boundary).

Adaptive: a 429 halves the allowed rate (at most once per second, so one storm of
concurrent 429s counts once) and pauses everyone for the server's Retry-After; each
answer adds back ``recovery`` of the configured ceiling (additive increase, multiplicative
decrease, as TCP does), never above the ceiling and never below ``floor`` of it.

The class is plain and picklable and its methods never block: :meth:`reserve` books the
request and says how long the caller must wait, and the caller sleeps. That is what lets
the Ray engine put one ``RateLimit`` in an actor that every worker on the cluster asks,
while a local run shares one instance between its threads. ``clock`` is injectable so
tests run the schedule on a fake clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

# Below this share of the ceiling a 429 does not cut any more: the pause does the rest.
FLOOR = 1 / 64
RECOVERY = 0.05  # each answer adds back 5 % of the ceiling
CUT_EVERY_S = 1.0  # concurrent 429s within this long are one event


class RateLimitError(ValueError):
    """A limit that cannot be a limit (zero, negative)."""


class RateLimit:
    """A shared request budget; ``None`` for a limit means no limit of that kind."""

    def __init__(
        self,
        rps: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        recovery: float = RECOVERY,
        floor: float = FLOOR,
    ) -> None:
        for name, value in (("--rps", rps), ("--tpm", tpm)):
            if value is not None and not value > 0:
                raise RateLimitError(f"{name} must be a positive number, got {value!r}")
        self.rps, self.tpm = rps, tpm
        self._clock = clock
        self.recovery, self.floor = recovery, floor
        self.scale = 1.0  # the share of the configured rates allowed now
        self._next_request = float("-inf")  # earliest send time on the request schedule
        self._next_token = float("-inf")  # the same on the token schedule
        self._paused_until = float("-inf")  # Retry-After, for everyone
        self._last_cut = float("-inf")
        self.booked = self.throttles = self.cuts = 0
        self._lock = threading.Lock()

    # --- pickling: the lock stays behind (a Ray actor serialises its calls anyway) -----------
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    # --- the interface the client (or a Ray actor adapter) calls ----------------------------
    def reserve(self, tokens: int) -> float:
        """Book one request of ``tokens`` (prompt estimate + max_tokens); seconds to wait before sending."""
        with self._lock:
            now = self._clock()
            start = max(now, self._paused_until)
            if self.rps is not None:
                start = max(start, self._next_request)
                self._next_request = start + 1.0 / (self.rps * self.scale)
            if self.tpm is not None:
                start = max(start, self._next_token)
                self._next_token = start + max(0, tokens) * 60.0 / (self.tpm * self.scale)
            self.booked += 1
            return max(0.0, start - now)

    def throttled(self, retry_after: float | None) -> None:
        """A 429: cut the rate (once per storm) and pause everyone for Retry-After."""
        with self._lock:
            now = self._clock()
            self.throttles += 1
            if retry_after:
                self._paused_until = max(self._paused_until, now + retry_after)
            if now - self._last_cut >= CUT_EVERY_S and self.scale > self.floor:
                self.scale = max(self.floor, self.scale / 2)
                self._last_cut = now
                self.cuts += 1

    def succeeded(self) -> None:
        """An answer came: win back a little of the rate."""
        with self._lock:
            self.scale = min(1.0, self.scale + self.recovery)

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {
                "rps": self.rps,
                "tpm": self.tpm,
                "rps_now": None if self.rps is None else round(self.rps * self.scale, 4),
                "tpm_now": None if self.tpm is None else round(self.tpm * self.scale, 1),
                "throttles": self.throttles,
                "cuts": self.cuts,
            }


def request_tokens(body: bytes, max_tokens_default: int = 0) -> int:
    """A request's token cost for the budget: its prompt (about 4 bytes a token) plus max_tokens."""
    import json

    try:
        parsed = json.loads(body or b"{}")
    except ValueError:
        parsed = {}
    asked = parsed.get("max_tokens") or parsed.get("max_completion_tokens") or max_tokens_default
    prompt = json.dumps(parsed.get("messages", []))
    return max(1, len(prompt) // 4) + int(asked or 0)


def budget_hooks(limit: Any, sleep: Callable[[float], None] = time.sleep) -> dict[str, list[Callable[[Any], None]]]:
    """httpx event hooks that put every HTTP request through ``limit`` (a :class:`RateLimit`,
    or anything with its methods, e.g. an adapter over a Ray actor).

    At the HTTP level, so that every request is booked: instructor's re-asks and tenacity's
    retries are requests too. The request hook sleeps for what :meth:`RateLimit.reserve` says.
    """
    from types import SimpleNamespace

    from harness.llm.failures import retry_after_s

    def before(request: Any) -> None:
        wait = limit.reserve(request_tokens(request.content))
        if wait > 0:
            sleep(wait)

    def after(response: Any) -> None:
        if response.status_code == 429:
            limit.throttled(retry_after_s(SimpleNamespace(response=response)))
        elif response.status_code < 400:
            limit.succeeded()

    return {"request": [before], "response": [after]}
