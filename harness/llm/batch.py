"""Hosted batch jobs: a run's model calls answered by the OpenAI Batch API, at batch prices.

How a run goes (``harness extract ... --batch``; the rounds are ``harness.runs.batch_engine``):
every document is extracted with a :class:`BatchClient` in place of the live
:class:`~harness.llm.client.LLMClient`. A call whose answer is at hand (an earlier job's
answer, kept in the run's ``batch/`` folder, or the response cache) is answered at once. Any
other call becomes a request for the next job and fails with :class:`AnswerPending`, which
an extractor handles like any failed call, so the document goes on to its other calls of
the same step. Once every document has gone as far as its answers allow, :meth:`BatchClient.send`
sends the requests as one job (a JSONL file, ``files.create``, ``batches.create``), polls
it until it ends, and keeps its outcomes; then the documents run again. A design of several
dependent steps thus takes one job per step.

The requests are the live client's, byte for byte: instructor's ``handle_response_model``
builds each body as ``chat.completions.create`` would, and ``process_response`` validates
the answer with the same response model; the response cache is keyed and filled the same
way, so a batch run and a live run answer each other's calls. An answer that fails
validation is re-asked in the next job with instructor's re-ask messages (up to
``Decoding.max_reasks``); a request a job could not serve (a 5xx, an expired job) goes
again (a request it ran and that failed with a 5xx or 429, up to ``Decoding.max_transport_retries``
times); a request refused for good (a 4xx) fails.

Steps: while a document waits for a call of one step, its calls of another step are not
sent: their requests would be built on the missing answer (the keys step reads the layout
step's labels). ``phase_of`` maps a call's step name to the design step it belongs to
(``harness.extract.model.call_phase``: the layout's header, axis ... calls are one step,
as none reads another's answer). Without it every step name is its own step.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from instructor.core.exceptions import IncompleteOutputException
from instructor.processing import handle_reask_kwargs, handle_response_model, process_response
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from harness.llm.batch_jobs import (
    TERMINAL_STATUSES,
    BatchAPI,
    Job,
    JobLog,
    Outcome,
    Request,
    chunks,
)
from harness.llm.client import LLMClient
from harness.llm.failures import REASK_ERRORS, LLMCallError
from harness.llm.usage import CallRecord, Usage

__all__ = ["AnswerPending", "BatchClient", "BatchSettings", "RoundReport"]

T = TypeVar("T", bound=BaseModel)
DEFAULT_POLL_S = 30.0
# A request jobs keep leaving unrun (expired jobs) is sent again this many times, then fails.
MAX_UNRUN_RESENDS = 10


class AnswerPending(LLMCallError):
    """The call's answer comes with the next batch job (or after an earlier step's)."""

    def __init__(self, step: str, reason: str = "answer pending in the next batch job") -> None:
        super().__init__(step, reason, transport=False)


@dataclass
class BatchSettings:
    """How a session sends batch jobs: where the run keeps them, and how often to look."""

    folder: Path  # RUN/batch
    poll_s: float = DEFAULT_POLL_S
    phase_of: Callable[[str], str] = field(default=lambda step: step)
    on_status: Callable[[str], None] | None = None  # one line per job state change


@dataclass
class RoundReport:
    """What one :meth:`BatchClient.send` did."""

    jobs: list[str] = field(default_factory=list)  # batch ids
    requests: int = 0
    answered: int = 0
    failed: int = 0


class BatchClient(LLMClient):
    """An :class:`LLMClient` whose calls are answered by batch jobs (see the module's docstring).

    One document at a time: :meth:`begin_document`, the extractor's calls, then
    :meth:`end_document` says whether the document still waits for answers.
    """

    def __init__(self, *args: Any, batch: BatchSettings, api: BatchAPI | None = None,
                 sleep: Callable[[float], None] = time.sleep, **kwargs: Any) -> None:
        super().__init__(*args, sleep=sleep, **kwargs)
        self.batch = batch
        self.api = api or BatchAPI(self.endpoint.base_url, self.endpoint.api_key, self.decoding.timeout_s)
        self.log = JobLog(Path(batch.folder))
        self._wanted: dict[str, Request] = {}  # requests for the next job, by key
        self._waiting_on: str | None = None  # the step the current document waits on
        self._pending = False
        self._taken: set[str] = set()  # request keys the current document's pass took
        self.used: set[str] = set()  # request keys whose answers a document's final pass took
        self.received: set[str] = set()  # request keys answered by the jobs this process waited for
        self.rounds: list[RoundReport] = []

    # --- one document ----------------------------------------------------------------
    def begin_document(self) -> None:
        self._waiting_on, self._pending, self._taken = None, False, set()

    def end_document(self) -> bool:
        """True when the document waits for answers: its record so far is not its record."""
        if not self._pending:
            self.used |= self._taken
        return self._pending

    def has_requests(self) -> bool:
        return bool(self._wanted)

    # --- a call -----------------------------------------------------------------------
    def complete(self, response_model: type[T], messages: list[dict], *, step: str,
                 max_tokens: int | None = None, usage: Usage | None = None) -> T:
        request = self._request(response_model, messages, max_tokens)
        key = self.cache_key(response_model, messages, request["max_tokens"])
        # The run's own answers first: a call a job answered is a batched call, also when the
        # response cache (which every answer is copied to) could answer it too.
        if key not in self.log.answers and (hit := self._cached(key, response_model, step, usage)) is not None:
            return hit
        prepared, body = handle_response_model(request.pop("response_model"), mode=self.mode, **request)
        record = CallRecord(step=step, batched=True)
        attempt_keys: list[str] = []
        for attempt in range(self.decoding.max_reasks + 1):
            attempt_key = key if attempt == 0 else f"{key}~reask{attempt}"
            attempt_keys.append(attempt_key)
            answer = self.log.answers.get(attempt_key)
            if answer is None:
                self._want(step, attempt_key, body, record, usage)  # raises
            completion = ChatCompletion.model_validate(answer)
            if completion.usage is not None:
                record.input_tokens += completion.usage.prompt_tokens
                record.output_tokens += completion.usage.completion_tokens
            try:
                result = process_response(completion, response_model=prepared, stream=False, mode=self.mode)
            except IncompleteOutputException:
                self._fail(record, usage, attempt_keys,
                           f"answer cut at max_tokens={request['max_tokens']} (finish_reason=length)")
            except REASK_ERRORS as exc:
                if attempt == self.decoding.max_reasks:
                    self._fail(record, usage, attempt_keys,
                               f"no valid answer after {attempt + 1} attempt(s): {_first_line(exc)}")
                record.reasks = attempt + 1
                body = handle_reask_kwargs(kwargs=body, mode=self.mode, response=completion, exception=exc)
                continue
            self._taken.update(attempt_keys)
            if usage is not None:
                usage.add(record)
            self._store(key, result, record)
            return result
        raise AssertionError("unreachable: the last attempt returns or fails")

    def _want(self, step: str, key: str, body: dict[str, Any], record: CallRecord, usage: Usage | None) -> None:
        """Ask for ``key`` in the next job, or fail the call when asking again cannot help."""
        # A request a job never ran (it expired) costs nothing and goes again; one that ran and
        # failed goes again while it is worth it (5xx, 429), up to the transport retries.
        failures = self.log.failures.get(key, [])
        ran = [failure for failure in failures if failure.status is not None]
        if (ran and (not ran[-1].worth_retrying or len(ran) > self.decoding.max_transport_retries)) or \
                len(failures) - len(ran) > MAX_UNRUN_RESENDS:
            record.retries = len(failures) - 1
            self._fail(record, usage, [key], f"batch request failed after {len(failures)} attempt(s): "
                                             f"{failures[-1].error}", transport=True)
        phase = self.batch.phase_of(step)
        self._pending = True
        if self._waiting_on is not None and phase != self._waiting_on:
            raise AnswerPending(step, f"waits for the {self._waiting_on} step's batch job")
        self._waiting_on = phase
        self._wanted.setdefault(key, Request(key, body))
        raise AnswerPending(step)

    def _fail(self, record: CallRecord, usage: Usage | None, keys: list[str], reason: str,
              transport: bool = False) -> None:
        self._taken.update(keys)
        record.error = reason
        if usage is not None:
            usage.add(record)
        raise LLMCallError(record.step, reason, transport=transport)

    # --- jobs -------------------------------------------------------------------------
    def send(self) -> RoundReport:
        """Send the requests collected as one job (several past the API's limits), wait for
        them to end, and keep their outcomes."""
        report = RoundReport(requests=len(self._wanted))
        requests, self._wanted = list(self._wanted.values()), {}
        for part in chunks(requests):
            job = Job(token=uuid.uuid4().hex, keys=[r.key for r in part])
            self.log.begin(job)
            self.log.note(job, input_file_id=self.api.upload(part))
            self.log.note(job, batch_id=self.api.create(job.input_file_id or "", job.token))
            self._say(f"batch job {job.batch_id}: {len(part)} request(s) sent")
        report.jobs, report.answered, report.failed = self.wait()
        self.rounds.append(report)
        return report

    def wait(self) -> tuple[list[str], int, int]:
        """Wait for every job the log holds unmerged (a killed run's too) and merge it."""
        batch_ids, answered, failed = [], 0, 0
        for job in self.log.unmerged():
            if job.batch_id is None:
                # The process died between creating the job and writing its id down.
                found = self.api.find(job.token)
                if found is None:  # never created: its requests are asked again when wanted
                    self.log.merge(job, [], "never created")
                    continue
                self.log.note(job, batch_id=found)
            batch = self._poll(job)
            outcomes: list[Outcome] = self.api.outcomes(batch) if batch.status != "failed" else []
            if batch.status == "failed":
                reason = "; ".join(e.message or "" for e in (getattr(batch.errors, "data", None) or []))
                outcomes = [Outcome(k, error=f"batch failed: {reason or 'no reason given'}", status=400)
                            for k in job.keys]
            self.log.merge(job, outcomes, batch.status)
            batch_ids.append(job.batch_id or "")
            got = {o.key for o in outcomes if o.answered} & set(job.keys)
            self.received |= got
            answered += len(got)
            failed += len(job.keys) - len(got)
        return batch_ids, answered, failed

    def _poll(self, job: Job) -> Any:
        last = None
        while True:
            batch = self.api.retrieve(job.batch_id or "")
            counts = batch.request_counts
            state = f"{batch.status}" + (f", {counts.completed + counts.failed}/{counts.total} done" if counts else "")
            if state != last:
                self._say(f"batch job {job.batch_id}: {state}")
                last = state
            if batch.status in TERMINAL_STATUSES:
                return batch
            self._sleep(self.batch.poll_s)

    def _say(self, message: str) -> None:
        if self.batch.on_status is not None:
            self.batch.on_status(message)

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "batch": {"poll_s": self.batch.poll_s}}

    @property
    def unused_answers(self) -> int:
        """Answers received that no document's final pass took (requests built on a guess)."""
        return len(self.received - self.used)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]
