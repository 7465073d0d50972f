"""The shared request budget (harness.llm.limits): rps and tpm schedules on a fake clock,
backing off on a 429 storm against the stub server, and recovering."""

from __future__ import annotations

import pickle
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import BaseModel

from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.limits import RateLimit, RateLimitError, request_tokens
from harness.llm.stub_server import StubServer, rate_limited

FAST = Decoding(max_reasks=0, max_transport_retries=6, backoff_initial_s=0.01, backoff_max_s=5.0, timeout_s=5.0)


class Value(BaseModel):
    value: int


class FakeClock:
    """Time that moves only when someone sleeps; shared by threads."""

    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()
        self.slept: list[float] = []

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.slept.append(seconds)
            self.now += seconds


class Recording:
    """A RateLimit seen from outside: when each booked request may be sent (fake clock)."""

    def __init__(self, limit: RateLimit, clock: FakeClock) -> None:
        self.limit, self.clock = limit, clock
        self.sends: list[tuple[float, int]] = []  # (send time, tokens)
        self.lock = threading.Lock()

    def reserve(self, tokens: int) -> float:
        with self.lock:
            wait = self.limit.reserve(tokens)
            self.sends.append((self.clock() + wait, tokens))
            return wait

    def throttled(self, retry_after):
        self.limit.throttled(retry_after)

    def succeeded(self):
        self.limit.succeeded()

    def describe(self):
        return self.limit.describe()


def most_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + window - 1e-9) for start in times)


def ask(client: LLMClient, n: int) -> Value:
    return client.complete(Value, [{"role": "user", "content": f"doc {n}"}], step="value", max_tokens=20)


def test_rps_schedules_requests_no_faster_than_the_rate():
    clock = FakeClock()
    limit = RateLimit(rps=5, clock=clock)
    waits = [limit.reserve(10) for _ in range(10)]  # ten threads asking at the same instant
    assert waits == pytest.approx([i * 0.2 for i in range(10)])
    assert most_in_window(waits, 1.0) == 5


def test_tpm_schedules_tokens_no_faster_than_the_rate():
    clock = FakeClock()
    limit = RateLimit(tpm=600, clock=clock)  # 10 tokens a second
    sends = [(limit.reserve(100), 100) for _ in range(12)]
    assert [t for t, _ in sends] == pytest.approx([i * 10.0 for i in range(12)])
    for start, _ in sends:  # any minute: at most 600 tokens booked to start in it
        assert sum(tok for t, tok in sends if start <= t < start + 60 - 1e-9) <= 600


def test_a_429_halves_the_rate_pauses_everyone_and_successes_win_it_back():
    clock = FakeClock()
    limit = RateLimit(rps=10, clock=clock, recovery=0.1)
    limit.throttled(2.0)
    limit.throttled(2.0)  # the same storm: one cut
    assert limit.describe()["rps_now"] == 5 and limit.cuts == 1 and limit.throttles == 2
    assert limit.reserve(1) == pytest.approx(2.0)  # the pause, for the next caller too
    assert limit.reserve(1) == pytest.approx(2.2)  # then 5 per second
    for _ in range(4):
        limit.succeeded()
    assert limit.describe()["rps_now"] == 9
    for _ in range(10):
        limit.succeeded()
    assert limit.describe()["rps_now"] == 10  # never above the ceiling


def test_the_limit_pickles_with_its_state():
    limit = RateLimit(rps=4, tpm=1000)
    limit.throttled(None)
    copy = pickle.loads(pickle.dumps(limit))
    assert copy.describe() == limit.describe() and copy.reserve(1) >= 0


def test_bad_limits_are_refused():
    with pytest.raises(RateLimitError, match="--rps must be a positive number"):
        RateLimit(rps=0, tpm=None)
    with pytest.raises(RateLimitError, match="--tpm"):
        RateLimit(rps=None, tpm=-5)


def test_request_tokens_counts_the_prompt_and_max_tokens():
    body = b'{"messages": [{"role": "user", "content": "' + b"x" * 400 + b'"}], "max_tokens": 50}'
    assert 150 <= request_tokens(body) <= 165  # 400 characters / 4 + the JSON around them + 50


def test_the_client_sends_no_faster_than_rps_on_a_fake_clock():
    clock = FakeClock()
    limit = Recording(RateLimit(rps=4, clock=clock), clock)
    with StubServer() as stub:
        client = LLMClient(Endpoint.remote("stub-model", stub.base_url), FAST, rate_limit=limit,
                           clock=clock, sleep=clock.sleep)
        for n in range(8):
            ask(client, n)
        assert stub.calls == 8
    times = [t for t, _ in limit.sends]
    assert len(times) == 8 and most_in_window(times, 1.0) == 4
    assert all(b - a >= 0.25 - 1e-9 for a, b in zip(times, times[1:], strict=False))
    assert clock.now == pytest.approx(7 * 0.25)


def test_the_client_books_tokens_for_tpm_on_a_fake_clock():
    clock = FakeClock()
    limit = Recording(RateLimit(tpm=6000, clock=clock), clock)
    with StubServer() as stub:
        client = LLMClient(Endpoint.remote("stub-model", stub.base_url), FAST, rate_limit=limit,
                           clock=clock, sleep=clock.sleep)
        for n in range(5):
            ask(client, n)
    for (t, tokens), (later, _) in zip(limit.sends, limit.sends[1:], strict=False):
        assert tokens > 20  # the prompt estimate plus max_tokens=20
        assert later - t == pytest.approx(tokens * 60 / 6000)


def test_a_429_storm_backs_off_and_every_document_is_answered():
    clock = FakeClock()
    limit = Recording(RateLimit(rps=10, clock=clock, recovery=0.01), clock)
    storm = 6
    with StubServer([rate_limited(1.0) for _ in range(storm)]) as stub:
        client = LLMClient(Endpoint.remote("stub-model", stub.base_url), FAST, rate_limit=limit,
                           clock=clock, sleep=clock.sleep, max_calls_in_flight=4)
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda n: ask(client, n), range(12)))
        assert len(answers) == 12 and all(isinstance(a, Value) for a in answers)
        assert stub.calls == 12 + storm  # each 429 was asked once more, nothing more
    after = limit.describe()
    assert after["throttles"] == storm and after["cuts"] >= 1
    assert after["rps_now"] < 10  # slower than before the storm
    times = sorted(t for t, _ in limit.sends)
    assert len(times) == 12 + storm
    assert most_in_window(times, 1.0) <= 10  # never above the configured budget
