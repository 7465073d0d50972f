"""Several endpoints of one model (harness.llm.pool): spreading calls, setting an endpoint
aside when it goes down mid-run, re-probing it after its cool-down, all endpoints down,
and a pool that caches and replays exactly like one endpoint."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import BaseModel

from harness.inputs import discover_documents
from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.failures import LLMCallError
from harness.llm.pool import COOLDOWN_S, FAILURES_IN_A_ROW, EndpointPool
from harness.llm.stub_server import StubServer
from harness.runs import read_run
from harness.runs.settings import ExtractSettings, run_configured
from support import write_files

FAST = Decoding(max_reasks=0, max_transport_retries=2, backoff_initial_s=0.01, backoff_max_s=60.0, timeout_s=5.0)
SECRET = "sk-test-secret-1234567890abcdef"


class Value(BaseModel):
    value: int


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def pooled(stubs: list[StubServer], clock: FakeClock, **kw) -> LLMClient:
    first, *more = [Endpoint.remote("stub-model", s.base_url, api_key=SECRET) for s in stubs]
    return LLMClient(first, FAST, more_endpoints=more, clock=clock, sleep=clock.sleep, **kw)


def ask(client: LLMClient, n: int) -> Value:
    return client.complete(Value, [{"role": "user", "content": f"doc {n}"}], step="value", max_tokens=20)


def health_checks(stub: StubServer) -> int:
    return sum(1 for r in stub.requests if r.method == "GET")


def test_calls_are_spread_over_the_endpoints():
    with StubServer() as a, StubServer() as b, StubServer() as c:
        client = pooled([a, b, c], FakeClock(), max_calls_in_flight=6)
        with ThreadPoolExecutor(6) as threads:
            list(threads.map(lambda n: ask(client, n), range(30)))
        assert a.calls + b.calls + c.calls == 30
        assert min(a.calls, b.calls, c.calls) >= 5  # least in flight: nobody starved
        before = [s.calls for s in (a, b, c)]
        for n in range(6):  # one at a time: plain round robin
            ask(client, 100 + n)
        assert [s.calls - n for s, n in zip((a, b, c), before, strict=True)] == [2, 2, 2]


def test_an_endpoint_going_down_mid_run_is_set_aside_then_reprobed():
    clock = FakeClock()
    with StubServer() as a, StubServer() as b, StubServer() as c:
        client = pooled([a, b, c], clock)
        for n in range(6):
            ask(client, n)
        assert (a.calls, b.calls, c.calls) == (2, 2, 2)
        a.go_down()
        answers = [ask(client, n) for n in range(6, 30)]  # every document still answered
        assert len(answers) == 24
        failed_on_a = a.calls - 2
        assert failed_on_a == FAILURES_IN_A_ROW  # then set aside: no more traffic in its cool-down
        assert b.calls + c.calls == 4 + 24
        assert health_checks(a) == 0  # not probed before its cool-down is over
        assert client.pool.health()[0]["down"] is True

        a.come_back()
        clock.now += COOLDOWN_S + 0.1
        for n in range(30, 36):
            ask(client, n)
        assert health_checks(a) == 1  # re-probed once, then given traffic again
        assert a.calls > 2 + FAILURES_IN_A_ROW
        assert client.pool.health()[0]["down"] is False


def test_a_failed_probe_doubles_the_cool_down():
    clock = FakeClock()
    alive = {"ok": False}
    endpoints = [Endpoint.remote("m", f"http://127.0.0.1:{p}/v1") for p in (1, 2)]
    pool = EndpointPool(endpoints, lambda e: e, clock=clock, probe=lambda e: alive["ok"])
    first = pool.members[0]
    for _ in range(FAILURES_IN_A_ROW):
        pool.release(pool.acquire(avoid=[pool.members[1]]), "APIConnectionError", unhealthy=True)
    assert first.down_until == COOLDOWN_S
    clock.now = COOLDOWN_S
    assert pool.acquire() is pool.members[1]  # probed, failed: the other one
    assert first.down_until == COOLDOWN_S + 2 * COOLDOWN_S
    alive["ok"] = True
    clock.now = 3 * COOLDOWN_S
    pool.release(pool.members[1])
    assert pool.acquire() is first  # probed, healthy, least in flight


def test_all_endpoints_down_is_one_line_naming_them():
    clock = FakeClock()
    with StubServer() as a, StubServer() as b:
        a.go_down()
        b.go_down()
        client = pooled([a, b], clock)
        with pytest.raises(LLMCallError) as failed:
            ask(client, 0)
        urls = (a.base_url, b.base_url)
        calls = a.calls + b.calls
        with pytest.raises(LLMCallError):
            ask(client, 1)
        probes = health_checks(a) + health_checks(b)
        assert a.calls + b.calls == calls  # set aside: the next call sends nothing but probes
    assert probes >= 2
    message = str(failed.value)
    assert "\n" not in message and failed.value.transport
    assert message.startswith("value: all 2 endpoints are set aside: ")
    assert all(url in message for url in urls) and SECRET not in message


def test_a_pool_of_one_keeps_retrying_as_before():
    clock = FakeClock()
    with StubServer() as a:
        a.go_down()
        client = pooled([a], clock)
        for _ in range(2):
            with pytest.raises(LLMCallError, match="transport failed after 3 attempt"):
                ask(client, 0)
        assert a.calls == 6  # never set aside: every retry reached it


DOCS = {
    "a.md": "## Bar chart: Alpha\n- North: 12\n- South: 15\n",
    "b.md": "## Bar chart: Beta\n- X-axis: store (East, West)\n- Values: East: 3, West: 4\n",
    "c.md": "## Line chart: Gamma\n- 2020: 1\n- 2021: 2\n",
}


def settings(tmp_path: Path, out: str, urls: list[str], **kw) -> ExtractSettings:
    values = dict(extractor="llm", out_dir=tmp_path / out, model="stub-model", base_url=urls[0],
                  more_base_urls=tuple(urls[1:]), cache_dir=tmp_path / "cache", decoding=FAST,
                  progress=False, env={"OPENAI_API_KEY": SECRET}, cassette_dir=tmp_path / "cassettes",
                  concurrency=4)
    values.update(kw)
    return ExtractSettings(**values)


def quiet(where: str, cause: str) -> None:
    pass


def test_a_run_over_four_endpoints_caches_and_replays_like_a_run_over_one(tmp_path):
    docs = discover_documents([write_files(tmp_path / "docs", DOCS)])
    with StubServer() as a, StubServer() as b, StubServer() as c, StubServer() as d:
        urls = [s.base_url for s in (a, b, c, d)]
        four = run_configured(docs, settings(tmp_path, "four", urls, record_mode="record"), on_error=quiet)
        asked = sum(s.calls for s in (a, b, c, d))
        assert four.ok == 3 and asked > 0 and sum(1 for s in (a, b, c, d) if s.calls) > 1
        manifest = json.loads((tmp_path / "four" / "manifest.json").read_text())
        assert manifest["extractor"]["base_urls"] == urls
        assert SECRET not in (tmp_path / "four" / "manifest.json").read_text()

        one = run_configured(docs, settings(tmp_path, "one", urls[:1]), on_error=quiet)  # from the cache
        assert one.ok == 3 and sum(s.calls for s in (a, b, c, d)) == asked
    # The cassette recorded over four endpoints replays over one (nothing listens now).
    replay = run_configured(docs, settings(tmp_path, "replay", urls[:1], record_mode="replay",
                                           cassette=four_cassette(tmp_path)), on_error=quiet)
    assert replay.ok == 3
    assert read_run(tmp_path / "four").records == read_run(tmp_path / "one").records == read_run(tmp_path / "replay").records


def four_cassette(tmp_path: Path) -> Path:
    (found,) = list((tmp_path / "cassettes").glob("*.json"))
    return found
