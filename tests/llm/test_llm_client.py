"""The client against a scripted OpenAI-compatible server (an httpx2 mock transport).

No model: each test scripts the HTTP answers and checks what the client makes of them
(usage, re-asks, retries with Retry-After, the `length` failure, transport failure).
"""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest
from pydantic import BaseModel

from harness.llm.client import Decoding, LLMCallError, LLMClient, retry_after_s, transport_error
from harness.llm.endpoint import Endpoint
from harness.llm.usage import Usage


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


def test_async_calls_share_the_rules_and_respect_the_concurrency_bound():
    in_flight = {"now": 0, "max": 0}

    async def handler(request: httpx2.Request) -> httpx2.Response:
        in_flight["now"] += 1
        in_flight["max"] = max(in_flight["max"], in_flight["now"])
        await asyncio.sleep(0.01)
        in_flight["now"] -= 1
        return httpx2.Response(200, json=completion('{"value": 3}'))

    endpoint = Endpoint.embedded("http://127.0.0.1:9/v1", "test-model")
    client = LLMClient(
        endpoint, FAST, async_http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)), concurrency=2
    )
    usage = Usage()

    async def run() -> list[Answer]:
        calls = [client.acomplete(Answer, [{"role": "user", "content": "x"}], step="t", usage=usage) for _ in range(6)]
        return await asyncio.gather(*calls)

    answers = asyncio.run(run())
    assert [a.value for a in answers] == [3.0] * 6
    assert usage.calls == 6 and in_flight["max"] <= 2
