"""The real client against a misbehaving server over real HTTP (harness.llm.stub_server).

Offline: the stub listens on 127.0.0.1. Each test scripts what the server does and
checks what the client (openai SDK + instructor + tenacity, JSON_SCHEMA mode) makes of
it: timeouts, 429 with Retry-After, 5xx, dropped connections, invalid answers and cut
answers are retried or re-asked a bounded number of times and end as an
``LLMCallError`` with a one-line reason; a run goes on past a document whose calls fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import BaseModel

from harness.extract.model.llm import LLMExtractor
from harness.inputs import Document
from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.failures import LLMCallError
from harness.llm.session import LLMSession
from harness.llm.stub_server import (
    StubServer,
    answer,
    answer_from_schema,
    drop,
    hang,
    invalid_json,
    minimal_instance,
    rate_limited,
    server_error,
    truncated,
)
from harness.llm.usage import Usage
from harness.runs import read_run
from harness.runs.execute import run_extraction

SECRET = "sk-test-secret-never-logged"
MESSAGES = [{"role": "user", "content": "What is the value?"}]
FAST = Decoding(max_reasks=1, max_transport_retries=2, backoff_initial_s=0.01, backoff_max_s=2.0, timeout_s=5.0)


class Answer(BaseModel):
    value: float


def client_for(stub: StubServer, decoding: Decoding = FAST) -> LLMClient:
    return LLMClient(Endpoint.remote(model="stub-model", base_url=stub.base_url, api_key=SECRET), decoding)


def one_line(error: LLMCallError) -> str:
    text = str(error)
    assert "\n" not in text and SECRET not in text
    return text


# --- the stub itself -----------------------------------------------------------------------


def test_stub_answers_like_an_openai_server_and_keeps_what_it_received():
    with StubServer([answer('{"value": 61.9}')]) as stub:
        usage = Usage()
        result = client_for(stub).complete(Answer, MESSAGES, step="t", max_tokens=40, usage=usage)
        sent = stub.completions[0]
    assert result.value == 61.9
    assert sent.body["response_format"]["type"] == "json_schema"  # JSON_SCHEMA mode for local endpoints
    assert sent.body["max_tokens"] == 40 and sent.body["temperature"] == 0.0
    # The key was sent, but the stub keeps it masked so nothing it logs can leak it.
    assert sent.headers["authorization"] == "***"
    # usage comes from the server's usage block (about 4 characters a token)
    assert usage.input_tokens == len(json.dumps(sent.body["messages"])) // 4
    assert usage.output_tokens == len('{"value": 61.9}') // 4
    assert usage.calls == 1 and usage.failed_calls == 0


def test_minimal_instance_follows_the_schema():
    from typing import Literal

    class Inner(BaseModel):
        label: Literal["b", "a"]

    class Outer(BaseModel):
        value: float
        kind: Literal["heatmap", "bar"]
        inner: Inner
        items: list[int]
        note: str | None = None

    instance = minimal_instance(Outer.model_json_schema())
    assert Outer.model_validate(instance).model_dump() == {
        "value": 0.0,
        "kind": "heatmap",
        "inner": {"label": "b"},
        "items": [],
        "note": None,
    }
    request = {"response_format": {"type": "json_schema", "json_schema": {"schema": Answer.model_json_schema()}}}
    assert json.loads(answer_from_schema(request)) == {"value": 0}


# --- transport failures --------------------------------------------------------------------


def test_a_hanging_server_times_out_is_retried_a_bounded_number_of_times_then_fails():
    decoding = Decoding(max_transport_retries=2, backoff_initial_s=0.01, backoff_max_s=0.05, timeout_s=0.3)
    # the hang is 100x the timeout: a client that waited it out would take >= 30 s, a client
    # that times out takes ~1 s, so the bound below cannot trip on a busy machine
    with StubServer(default=hang(30.0)) as stub:
        usage = Usage()
        started = time.perf_counter()
        with pytest.raises(LLMCallError) as info:
            client_for(stub, decoding).complete(Answer, MESSAGES, step="cells", usage=usage)
        elapsed = time.perf_counter() - started
        calls = stub.calls
    reason = one_line(info.value)
    assert reason.startswith("cells: transport failed after 3 attempt(s): APITimeoutError")
    assert info.value.transport and info.value.step == "cells"
    assert calls == 3  # 1 + max_transport_retries, not more
    assert 0.9 <= elapsed < 30.0  # three 0.3 s timeouts; the hang was never waited out
    assert usage.failed_calls == 1 and usage.retries == 2 and usage.records[0].error == info.value.reason


def test_429_waits_at_least_the_retry_after_the_server_asks():
    with StubServer([rate_limited(0.3), answer('{"value": 1}')]) as stub:
        usage = Usage()
        result = client_for(stub).complete(Answer, MESSAGES, step="t", usage=usage)
        first, second = stub.completions
    assert result.value == 1.0
    assert second.at - first.at >= 0.3  # backoff alone would have waited ~0.01 s
    assert usage.retries == 1 and usage.failed_calls == 0


def test_retry_after_is_capped_by_backoff_max():
    decoding = Decoding(max_transport_retries=1, backoff_initial_s=0.01, backoff_max_s=0.2)
    with StubServer([rate_limited(60), answer('{"value": 2}')]) as stub:
        started = time.perf_counter()
        result = client_for(stub, decoding).complete(Answer, MESSAGES, step="t")
        elapsed = time.perf_counter() - started
        first, second = stub.completions
    assert result.value == 2.0
    # a hostile Retry-After cannot stall a run: capped at 0.2 s, far below the 60 s asked
    assert 0.2 <= second.at - first.at and elapsed < 30.0


def test_500_is_retried_with_short_backoff_then_succeeds():
    with StubServer([server_error(500), server_error(503), answer('{"value": 3.5}')]) as stub:
        usage = Usage()
        result = client_for(stub).complete(Answer, MESSAGES, step="t", usage=usage)
        arrivals = [r.at for r in stub.completions]
    assert result.value == 3.5
    assert len(arrivals) == 3 and arrivals[-1] - arrivals[0] < 0.3  # no Retry-After: exponential backoff from 0.01 s
    assert usage.retries == 2 and usage.failed_calls == 0 and usage.output_tokens > 0


def test_500_every_time_fails_after_bounded_retries():
    with StubServer(default=server_error(500)) as stub:
        with pytest.raises(LLMCallError) as info:
            client_for(stub).complete(Answer, MESSAGES, step="t")
        calls = stub.calls
    assert calls == 3 and info.value.transport
    assert "transport failed after 3 attempt(s): InternalServerError" in one_line(info.value)


def test_a_dropped_connection_is_retried():
    with StubServer([drop(), answer('{"value": 4}')]) as stub:
        usage = Usage()
        result = client_for(stub).complete(Answer, MESSAGES, step="t", usage=usage)
        calls = stub.calls
    assert result.value == 4.0 and calls == 2 and usage.retries == 1


def test_dropped_every_time_is_a_transport_failure():
    with StubServer(default=drop()) as stub:
        with pytest.raises(LLMCallError) as info:
            client_for(stub).complete(Answer, MESSAGES, step="t")
    assert info.value.transport and "APIConnectionError" in one_line(info.value)


# --- bad answers ---------------------------------------------------------------------------


def test_invalid_json_is_reasked_then_accepted():
    with StubServer([invalid_json(), answer('{"value": 2.5}')]) as stub:
        usage = Usage()
        result = client_for(stub).complete(Answer, MESSAGES, step="t", usage=usage)
        first, second = stub.completions
    assert result.value == 2.5
    assert usage.reasks == 1 and usage.retries == 0 and usage.calls == 1
    assert len(second.body["messages"]) > len(first.body["messages"])  # the re-ask carries the error back


def test_invalid_json_every_time_is_reasked_a_bounded_number_of_times_then_fails():
    with StubServer(default=invalid_json()) as stub:
        usage = Usage()
        with pytest.raises(LLMCallError) as info:
            client_for(stub).complete(Answer, MESSAGES, step="t", usage=usage)
        calls = stub.calls
    reason = one_line(info.value)
    assert calls == 2 and not info.value.transport  # 1 + max_reasks
    assert "no valid answer after 2 attempt(s)" in reason and "Invalid JSON" in reason
    assert usage.failed_calls == 1 and usage.reasks == 1 and usage.input_tokens > 0  # failed calls still cost


def test_json_of_the_wrong_shape_names_the_field():
    with StubServer(default=answer('{"value": "sixty"}')) as stub:
        with pytest.raises(LLMCallError) as info:
            client_for(stub).complete(Answer, MESSAGES, step="t")
        calls = stub.calls
    assert calls == 2 and "value" in one_line(info.value) and "<" not in info.value.reason


def test_truncated_answer_fails_with_finish_reason_length_and_is_not_retried():
    with StubServer(default=truncated('{"value": 12.5}')) as stub:
        usage = Usage()
        with pytest.raises(LLMCallError) as info:
            client_for(stub).complete(Answer, MESSAGES, step="cells", max_tokens=20, usage=usage)
        calls = stub.calls
    reason = one_line(info.value)
    assert reason == "cells: answer cut at max_tokens=20 (finish_reason=length)"
    assert calls == 1 and not info.value.transport
    assert usage.failed_calls == 1 and usage.output_tokens > 0


QUIET_SCRIPT = """
import sys
from pydantic import BaseModel
from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.failures import LLMCallError
from harness.llm.stub_server import StubServer, answer, invalid_json, server_error

class Answer(BaseModel):
    value: float

decoding = Decoding(max_reasks=1, max_transport_retries=1, backoff_initial_s=0.01, backoff_max_s=0.05)
with StubServer([server_error(500), invalid_json(), invalid_json()], default=answer('{"value": 1}')) as stub:
    client = LLMClient(Endpoint.remote(model="m", base_url=stub.base_url), decoding)
    try:
        client.complete(Answer, [{"role": "user", "content": "x"}], step="t")
    except LLMCallError as exc:
        print("failed:", exc.reason)
"""


def test_failed_attempts_print_nothing_on_stderr_with_logging_unconfigured():
    # A fresh interpreter: pytest's own log capture would hide Python's stderr fallback.
    done = subprocess.run([sys.executable, "-c", QUIET_SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("failed: no valid answer after 2 attempt(s)")
    assert done.stderr == ""  # instructor's per-attempt ERROR logs would tear the progress bar


# --- calls from several threads: the same rules, within the client's bound ----------------


def test_calls_from_several_threads_retry_too_and_stay_within_the_bound():
    with StubServer([server_error(500)], default=answer('{"value": 7}', delay_s=0.1)) as stub:
        client = LLMClient(
            Endpoint.remote(model="stub-model", base_url=stub.base_url, api_key=SECRET), FAST, max_calls_in_flight=3
        )
        usage = Usage()
        with ThreadPoolExecutor(max_workers=6) as threads:
            answers = list(threads.map(lambda _: client.complete(Answer, MESSAGES, step="t", usage=usage), range(6)))
        calls, in_flight = stub.calls, stub.max_in_flight
    assert [a.value for a in answers] == [7.0] * 6
    assert calls == 7 and usage.retries == 1 and usage.calls == 6
    assert in_flight <= 3


# --- a run goes on past a document whose calls fail ---------------------------------------

TEXT = """## Heatmap: {title}
### Components/Axes
* **X-axis:** Target: A, B
* **Y-axis:** Source: A, B
### Detailed Analysis
* A to A: 10.5%
* A to B: 20.5%
* B to A: 30.5%
* B to B: 40.5%
"""


def broken_matrix_fails(request_json: dict):
    """Valid minimal answers, except for any request about the "Broken Matrix" document."""
    if "Broken Matrix" in json.dumps(request_json.get("messages", [])):
        return server_error(500)
    return answer_from_schema(request_json)


def test_run_extraction_records_the_failing_document_as_an_error_and_goes_on(tmp_path):
    documents = [
        Document(id=doc_id, path=tmp_path / f"{doc_id}.md", text=TEXT.format(title=title))
        for doc_id, title in (("a", "Transfer Matrix"), ("b", "Broken Matrix"), ("c", "Another Matrix"))
    ]
    decoding = Decoding(max_reasks=0, max_transport_retries=1, backoff_initial_s=0.01, backoff_max_s=0.05)
    errors: list[tuple[str, str]] = []
    with StubServer(default=broken_matrix_fails) as stub:
        endpoint = Endpoint.remote(model="stub-model", base_url=stub.base_url, api_key=SECRET)
        with LLMExtractor(LLMSession(endpoint=endpoint, decoding=decoding)) as extractor:
            summary = run_extraction(
                documents, extractor, tmp_path / "run", progress=False, on_error=lambda w, c: errors.append((w, c))
            )
        calls = stub.calls
    run = read_run(tmp_path / "run")

    assert summary.status == "complete" and (summary.ok, summary.failed) == (2, 1)
    assert run.records["a"] is not None and run.records["c"] is not None
    assert run.records["a"].title == "Transfer Matrix"  # the stub's first choice is the whole heading
    assert run.records["b"] is None
    error = run.errors["b"]
    assert "\n" not in error and "transport failed after 2 attempt(s)" in error and "InternalServerError" in error
    assert [where for where, _ in errors] == [str(tmp_path / "b.md")]
    assert extractor.usage_by_doc["b"].failed_calls == 1 and extractor.usage_by_doc["a"].failed_calls == 0
    assert calls > 2 * extractor.usage_by_doc["a"].calls  # a and c made all their calls
    # The API key is sent to the server but written nowhere in the run.
    for name in ("records.jsonl", "manifest.json"):
        assert SECRET not in (tmp_path / "run" / name).read_text()
