"""The instructor client: one pydantic-typed model call, with its failures made explicit.

``LLMClient.complete(ResponseModel, messages, step=...)`` is the only way the
harness talks to a model. Each call:
- is an instructor call in the endpoint's mode, temperature 0 and a fixed seed;
- is bounded: ``max_tokens`` per call, a per-request timeout;
- waits for one of the client's ``max_calls_in_flight`` slots, the one bound on concurrent
  model calls: callers are threads (a run's documents), all calling this sync method;
- re-asks on validation errors (instructor, bounded by ``Decoding.max_reasks``);
- retries transport errors, 429 and 5xx with tenacity backoff, honouring Retry-After;
- fails with :class:`~harness.llm.failures.LLMCallError` and a one-line reason, e.g. when
  the answer was cut at ``max_tokens`` (``finish_reason == "length"``);
- adds one :class:`~harness.llm.usage.CallRecord` (tokens, latency, retries) to the
  ``Usage`` it is given.

Several endpoints of one model (``more_endpoints=``) make an
:class:`~harness.llm.pool.EndpointPool` (least in flight, unwell ones set aside, an attempt
that failed on one moves to another); a :class:`~harness.llm.limits.RateLimit`
(``rate_limit=``, or anything with its methods) books every HTTP request, and the client
sleeps what it says (``sleep=``, ``clock=`` injectable for tests).

The HTTP client can be injected (``http_client=``) so that a recording transport
(vcrpy patches ``httpx2`` transports) or a test transport sees every request.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception, retry_if_exception_type, stop_after_attempt

from harness.llm.cache import ResponseCache, call_key
from harness.llm.cassettes import rerecord_hint
from harness.llm.endpoint import Endpoint
from harness.llm.failures import (
    REASK_ERRORS,
    LLMCallError,
    WaitRetryAfter,
    is_transport,
    last_failure,
    transport_error,
    unrecorded_request,
)
from harness.llm.limits import budget_hooks
from harness.llm.pool import EndpointPool, NoEndpointAvailable
from harness.llm.usage import CallRecord, Usage

T = TypeVar("T", bound=BaseModel)

# instructor logs every failed attempt at ERROR, with multi-line pydantic dumps; with no
# logging configured Python prints them on stderr, through the progress bar, even for
# attempts that a retry then fixes. The outcome is reported once, as LLMCallError and in
# the usage records. A NullHandler only stops that fallback: configured logging still sees them.
logging.getLogger("instructor").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Decoding:
    """Decoding and failure-handling parameters; recorded in the manifest."""

    temperature: float = 0.0
    seed: int = 1234
    max_tokens: int = 512  # ceiling; each call asks for less where it can
    timeout_s: float = 120.0
    max_reasks: int = 1
    max_transport_retries: int = 4
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 30.0
    # Which repetition of a repeated run this is (``harness extract --repeat N``). The
    # requests are the same; from the second on, the cache keys differ, so that caching
    # never folds N draws of the model into one.
    repetition: int = 1

    def describe(self) -> dict[str, Any]:
        return asdict(self)


# --- the client ---------------------------------------------------------------------------


def _usage_of(obj: Any) -> tuple[int, int]:
    usage = getattr(obj, "usage", None) or obj
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(getattr(usage, "completion_tokens", 0) or 0)


class LLMClient:
    """Typed model calls against one endpoint, from any number of threads, at most
    ``max_calls_in_flight`` of them at once."""

    def __init__(
        self,
        endpoint: Endpoint,
        decoding: Decoding | None = None,
        http_client: Any = None,
        max_calls_in_flight: int = 1,
        cache: ResponseCache | None = None,
        cache_reads: bool = True,
        connect: Any = None,
        more_endpoints: Sequence[Endpoint] = (),
        rate_limit: Any = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        # connect() -> base URL, called once before the first request that must reach the
        # model: the embedded server starts only when the cache and cassette cannot answer.
        self._connect = connect
        self._connect_lock = threading.Lock()
        self.decoding = decoding or Decoding()
        # The one bound on model calls in flight. Every call goes through complete(), from
        # whichever document's thread, so the slots are shared by all of a run's documents
        # (and by every run that shares this client, hence this endpoint and its rate limit).
        # A cache hit takes no slot; a call holds its slot through its retries and re-asks,
        # so a rate-limited endpoint is not sent more while it is waited out.
        self.max_calls_in_flight = max(1, max_calls_in_flight)
        self._call_slots = threading.BoundedSemaphore(self.max_calls_in_flight)
        self.cache = cache
        # While recording cassettes every call must reach the model, so reads are off;
        # answers are still written, so the next plain run is served from the cache.
        self.cache_reads = cache_reads
        self.rate_limit = rate_limit
        self._sleep = sleep
        if rate_limit is not None:
            # One HTTP client for every endpoint, so that every request passes the budget.
            hooks = budget_hooks(rate_limit, sleep)
            if http_client is None:
                http_client = openai.DefaultHttpxClient(event_hooks=hooks)
            else:
                for name, hook in hooks.items():
                    http_client.event_hooks[name] = [*http_client.event_hooks[name], *hook]

        def make_client(member: Endpoint) -> tuple[openai.OpenAI, Any]:
            raw = openai.OpenAI(
                base_url=member.base_url, api_key=member.api_key, timeout=self.decoding.timeout_s,
                max_retries=0,  # tenacity does the retrying, so it can be counted
                http_client=http_client,
            )
            return raw, instructor.from_openai(raw, mode=member.mode)

        self.pool = EndpointPool([endpoint, *more_endpoints], make_client, clock=clock)
        self._openai, self._instructor = self.pool.members[0].client

    @property
    def mode(self) -> instructor.Mode:
        return self.endpoint.mode

    def describe(self) -> dict[str, Any]:
        data = {**self.endpoint.describe(), "decoding": self.decoding.describe()}
        if len(self.pool) > 1:
            data["base_urls"] = self.pool.describe()
        if self.rate_limit is not None:
            data["rate_limit"] = self.rate_limit.describe()
        return data

    def _request(self, response_model: type[T], messages: list[dict], max_tokens: int | None) -> dict:
        return {
            "model": self.endpoint.model,
            "response_model": response_model,
            "messages": messages,
            "temperature": self.decoding.temperature,
            "seed": self.decoding.seed,
            "max_tokens": min(max_tokens or self.decoding.max_tokens, self.decoding.max_tokens),
        }

    # --- the response cache -----------------------------------------------------------------

    def cache_key(self, response_model: type[BaseModel], messages: list[dict], max_tokens: int) -> str:
        described = self.endpoint.describe()
        repetition = {"repetition": self.decoding.repetition} if self.decoding.repetition != 1 else {}
        return call_key({
            **repetition,
            "model": self.endpoint.model,
            "endpoint_kind": self.endpoint.kind,
            "base_url": described["base_url"],
            "mode": self.endpoint.mode.value,
            "messages": messages,
            "schema": response_model.model_json_schema(),
            "temperature": self.decoding.temperature,
            "seed": self.decoding.seed,
            "max_tokens": max_tokens,
        })

    def _cached(self, key: str | None, response_model: type[T], step: str, usage: Usage | None) -> T | None:
        if key is None or self.cache is None or not self.cache_reads:
            return None
        hit = self.cache.get(key)
        if hit is None:
            return None
        try:
            answer = response_model.model_validate(hit[0])
        except ValidationError:
            return None  # the response model changed in a way its schema did not show
        if usage is not None:
            usage.add(CallRecord(step=step, input_tokens=hit[1], output_tokens=hit[2], cached=True))
        return answer

    def _store(self, key: str | None, result: BaseModel, record: CallRecord) -> None:
        if key is not None and self.cache is not None:
            self.cache.put(key, result.model_dump(mode="json"), record.input_tokens, record.output_tokens)

    def _connect_once(self) -> None:
        with self._connect_lock:
            if self._connect is None:
                return
            base_url = self._connect()
            self._connect = None
            self.endpoint = dataclasses.replace(self.endpoint, base_url=base_url)
            self._openai.base_url = base_url
            self.pool.members[0].endpoint = self.endpoint

    def _transport_retrying(self) -> Retrying:
        return Retrying(
            stop=stop_after_attempt(self.decoding.max_transport_retries + 1),
            retry=retry_if_exception(lambda exc: is_transport(exc) or isinstance(exc, NoEndpointAvailable)),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )

    def _wait(self, state: Any) -> float:
        # Every endpoint set aside: wait for the first one's probe (within the backoff's cap).
        if state.outcome is not None and isinstance(state.outcome.exception(), NoEndpointAvailable):
            return min(self.pool.next_probe_in() or 0.0, self.decoding.backoff_max_s)
        return WaitRetryAfter(self.decoding.backoff_initial_s, self.decoding.backoff_max_s)(state)

    def _reask_retrying(self) -> Retrying:
        return Retrying(
            stop=stop_after_attempt(self.decoding.max_reasks + 1),
            retry=retry_if_exception_type(REASK_ERRORS),
            reraise=True,
        )

    def _finish(
        self, record: CallRecord, result: Any, error: BaseException | None, max_tokens: int
    ) -> Any:
        if error is None:
            usage = getattr(result, "_total_usage", None) or getattr(result, "_raw_response", None)
            record.input_tokens, record.output_tokens = _usage_of(usage)
            return result
        if (missing := unrecorded_request(error)) is not None:
            hint = rerecord_hint()
            record.error = (
                f"no recorded answer for this request in the cassette (replay-only): "
                f"{str(missing).splitlines()[0][:200]}" + (f"; re-record with: {hint}" if hint else "")
            )
            # transport=True: no answer came at all, so the document fails rather than
            # going on with a gap that a re-recorded cassette would fill.
            raise LLMCallError(record.step, record.error, transport=True) from error
        if isinstance(error, IncompleteOutputException):
            record.input_tokens, record.output_tokens = _usage_of(error.last_completion)
            record.error = f"answer cut at max_tokens={max_tokens} (finish_reason=length)"
        elif isinstance(error, InstructorRetryException) and transport_error(error) is None:
            record.input_tokens, record.output_tokens = _usage_of(error.total_usage)
            record.reasks = max(0, (error.n_attempts or 1) - 1)
            record.error = f"no valid answer after {error.n_attempts} attempt(s): {last_failure(error)[:200]}"
        elif isinstance(error, NoEndpointAvailable):
            record.error = str(error)
            raise LLMCallError(record.step, record.error, transport=True) from error
        elif (cause := transport_error(error)) is not None:
            record.error = f"transport failed after {record.retries + 1} attempt(s): {type(cause).__name__}: {str(cause)[:200]}"
        else:
            record.error = f"{type(error).__name__}: {str(error)[:200]}"
        raise LLMCallError(record.step, record.error, transport=transport_error(error) is not None) from error

    def complete(
        self,
        response_model: type[T],
        messages: list[dict],
        *,
        step: str,
        max_tokens: int | None = None,
        usage: Usage | None = None,
    ) -> T:
        """One typed call; raises :class:`LLMCallError` when no valid answer came back."""
        request = self._request(response_model, messages, max_tokens)
        key = self.cache_key(response_model, messages, request["max_tokens"]) if self.cache is not None else None
        if (hit := self._cached(key, response_model, step, usage)) is not None:
            return hit
        self._connect_once()
        record = CallRecord(step=step)
        transport = self._transport_retrying()
        reasks = self._reask_retrying()
        result: Any = None
        error: BaseException | None = None
        counts: dict[str, int] = {}

        def attempt() -> Any:  # on one endpoint of the pool, or on another if that one is unwell
            return self.pool.call(lambda c: c[1].chat.completions.create(max_retries=reasks, **request), counts)

        with self._call_slots:
            started = time.perf_counter()  # the call's own time, not the wait for its slot
            try:
                result = transport(attempt)
            except Exception as exc:  # classified in _finish
                error = exc
            record.latency_s = time.perf_counter() - started
        record.retries = max(0, transport.statistics.get("attempt_number", 1) - 1) + counts.get("failovers", 0)
        if error is None:
            record.reasks = max(0, reasks.statistics.get("attempt_number", 1) - 1)
        try:
            answer = self._finish(record, result, error, request["max_tokens"])
            self._store(key, answer, record)
            return answer
        finally:
            # Failed calls are counted too: they cost tokens and time.
            if usage is not None:
                usage.add(record)
