"""The client against a scripted OpenAI-compatible server (an httpx2 mock transport).

No model: each test scripts the HTTP answers and checks what the client makes of them
(usage, re-asks, retries with Retry-After, the `length` failure, transport failure), and
that calls from many threads keep to the client's bound on calls in flight.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from pydantic import BaseModel

from harness.extract import BaseExtractor, Extraction
from harness.inputs import Document
from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.failures import LLMCallError, retry_after_s, transport_error
from harness.llm.usage import Usage
from harness.record import ChartRecord
from harness.runs.execute import run_extraction


class Answer(BaseModel):
    value: float


def completion(content: str, finish: str = "stop", prompt_tokens: int = 11, completion_tokens: int = 5) -> dict:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "finish_reason": finish, "message": {"role": "assistant", "content": content}}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class Script:
    """Answers requests in order; records what was asked."""

    def __init__(self, *responses: httpx2.Response) -> None:
        self.responses = list(responses)
        self.requests: list[dict] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content))
        return self.responses.pop(0)


def ok(content: str, **kw) -> httpx2.Response:
    return httpx2.Response(200, json=completion(content, **kw))


FAST = Decoding(max_reasks=1, max_transport_retries=2, backoff_initial_s=0.01, backoff_max_s=0.05)


def client_for(script: Script, decoding: Decoding = FAST) -> LLMClient:
    endpoint = Endpoint.embedded("http://127.0.0.1:9/v1", "test-model")
    return LLMClient(endpoint, decoding, http_client=httpx2.Client(transport=httpx2.MockTransport(script)))


def test_a_good_answer_with_usage_and_fixed_decoding():
    script = Script(ok('{"value": 61.9}', prompt_tokens=100, completion_tokens=7))
    usage = Usage()
    answer = client_for(script).complete(Answer, [{"role": "user", "content": "x"}], step="t", max_tokens=50, usage=usage)
    assert answer.value == 61.9
    sent = script.requests[0]
    assert sent["temperature"] == 0.0 and sent["seed"] == FAST.seed and sent["max_tokens"] == 50
    assert sent["response_format"]["type"] == "json_schema"  # JSON_SCHEMA mode for local endpoints
    assert (usage.calls, usage.input_tokens, usage.output_tokens, usage.retries, usage.reasks) == (1, 100, 7, 0, 0)
    assert usage.records[0].latency_s > 0


def test_length_finish_is_a_failure_with_a_clear_reason_and_is_counted():
    script = Script(ok('{"value": 6', finish="length"))
    usage = Usage()
    with pytest.raises(LLMCallError, match=r"cut at max_tokens=20 \(finish_reason=length\)") as info:
        client_for(script).complete(Answer, [{"role": "user", "content": "x"}], step="cells", max_tokens=20, usage=usage)
    assert info.value.step == "cells" and not info.value.transport
    assert usage.failed_calls == 1 and usage.output_tokens == 5


def test_invalid_answer_is_reasked_once_then_accepted():
    script = Script(ok('{"value": "not a number"}'), ok('{"value": 2.5}'))
    usage = Usage()
    answer = client_for(script).complete(Answer, [{"role": "user", "content": "x"}], step="t", usage=usage)
    assert answer.value == 2.5
    assert usage.reasks == 1 and usage.calls == 1 and usage.input_tokens == 22
    assert len(script.requests[1]["messages"]) > len(script.requests[0]["messages"])  # the re-ask


def test_reasks_are_bounded():
    script = Script(ok('{"value": "a"}'), ok('{"value": "b"}'))
    with pytest.raises(LLMCallError, match="no valid answer after 2 attempt"):
        client_for(script).complete(Answer, [{"role": "user", "content": "x"}], step="t")


def test_429_is_retried_after_the_time_the_server_asks():
    limited = httpx2.Response(429, headers={"retry-after": "0"}, json={"error": {"message": "slow down"}})
    script = Script(limited, httpx2.Response(503, json={"error": {"message": "busy"}}), ok('{"value": 1}'))
    usage = Usage()
    answer = client_for(script).complete(Answer, [{"role": "user", "content": "x"}], step="t", usage=usage)
    assert answer.value == 1.0
    assert usage.retries == 2 and usage.failed_calls == 0


def test_transport_failure_after_bounded_retries_is_marked_as_such():
    script = Script(*[httpx2.Response(500, json={"error": {"message": "down"}}) for _ in range(3)])
    usage = Usage()
    with pytest.raises(LLMCallError, match="transport failed after 3 attempt") as info:
        client_for(script).complete(Answer, [{"role": "user", "content": "x"}], step="t", usage=usage)
    assert info.value.transport
    assert usage.retries == 2 and len(script.requests) == 3


def test_client_errors_are_not_retried():
    script = Script(httpx2.Response(400, json={"error": {"message": "bad request"}}))
    with pytest.raises(LLMCallError) as info:
        client_for(script).complete(Answer, [{"role": "user", "content": "x"}], step="t")
    assert len(script.requests) == 1 and not info.value.transport


def test_retry_after_forms():
    class Resp:
        def __init__(self, headers):
            self.headers = headers

    class Err(Exception):
        def __init__(self, headers):
            self.response = Resp(headers)

    assert retry_after_s(Err({"retry-after": "3"})) == 3.0
    assert retry_after_s(Err({"retry-after-ms": "250"})) == 0.25
    assert retry_after_s(Err({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0  # in the past
    assert retry_after_s(Err({"retry-after": "soon"})) is None
    assert retry_after_s(Err({})) is None
    assert transport_error(ValueError("x")) is None


# --- the bound on calls in flight: one semaphore in the client, shared by every caller ----


class HeldEndpoint:
    """A fake slow endpoint that counts calls in flight instead of timing them.

    Each caller says ``caller_started()`` just before it calls; there must be one thread
    per call. A call is held until every caller has started and its group of ``group``
    calls (in arrival order) has arrived: by then a client without a bound has let the
    other callers through too, and one with the bound has them waiting for a slot. The
    most calls seen at once is counted. Only a client that lets fewer than ``group`` calls
    through at once leaves a call waiting, until the guard gives up and ``most`` is wrong.
    """

    def __init__(self, group: int, calls: int) -> None:
        self.group, self.calls = group, calls
        self.started = self.arrived = self.in_flight = self.most = 0
        self.changed = threading.Condition()

    def caller_started(self) -> None:
        with self.changed:
            self.started += 1
            self.changed.notify_all()

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        with self.changed:
            self.arrived += 1
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            group_end = min(self.calls, -(-self.arrived // self.group) * self.group)
            self.changed.notify_all()
            self.changed.wait_for(  # the timeout is a hang guard, not a measure
                lambda: self.arrived >= group_end and self.started == self.calls, timeout=60
            )
            self.in_flight -= 1
        return ok('{"value": 3}')


def held_client(endpoint: HeldEndpoint, max_calls_in_flight: int) -> LLMClient:
    transport = httpx2.MockTransport(endpoint)
    return LLMClient(Endpoint.embedded("http://127.0.0.1:9/v1", "test-model"), FAST,
                     http_client=httpx2.Client(transport=transport), max_calls_in_flight=max_calls_in_flight)


def test_calls_from_many_threads_never_exceed_the_clients_bound():
    endpoint = HeldEndpoint(group=2, calls=6)
    client = held_client(endpoint, max_calls_in_flight=2)
    usage = Usage()

    def call(_: int) -> Answer:
        endpoint.caller_started()
        return client.complete(Answer, [{"role": "user", "content": "x"}], step="t", usage=usage)

    with ThreadPoolExecutor(max_workers=6) as threads:
        answers = list(threads.map(call, range(6)))
    assert [a.value for a in answers] == [3.0] * 6
    assert usage.calls == 6 and endpoint.arrived == 6
    assert endpoint.most == 2  # the bound is reached, and never exceeded


class OneCallExtractor(BaseExtractor):
    """One model call per document, through the client it is given; it tells the endpoint first."""

    name = "one-call"

    def __init__(self, client: LLMClient, endpoint: HeldEndpoint) -> None:
        self.client, self.endpoint = client, endpoint

    def extract_with_usage(self, doc_id: str, text: str) -> Extraction:
        usage = Usage()
        self.endpoint.caller_started()
        self.client.complete(Answer, [{"role": "user", "content": text}], step="t", usage=usage)
        return Extraction(ChartRecord(id=doc_id), usage)


def test_a_run_with_more_documents_than_call_slots_keeps_to_the_slots(tmp_path):
    # Documents in flight are threads; calls in flight are the client's slots, shared by all of them.
    endpoint = HeldEndpoint(group=2, calls=8)
    extractor = OneCallExtractor(held_client(endpoint, max_calls_in_flight=2), endpoint)
    documents = [Document(id=f"d{n}", path=Path(f"d{n}.md"), text=f"text {n}") for n in range(8)]
    summary = run_extraction(documents, extractor, tmp_path / "run", documents_in_flight=8, progress=False)
    assert summary.ok == 8 and endpoint.arrived == 8
    assert endpoint.most == 2
