"""Batch jobs on the OpenAI Batch API, and the run's record of them on disk.

:class:`BatchAPI` is the Batch API as the harness uses it, through the openai SDK: a JSONL
file of requests, each with a ``custom_id``, uploaded with ``files.create(purpose="batch")``;
``batches.create`` on it; ``batches.retrieve`` until the job ends; its output and error files
read back as one :class:`Outcome` per request.

:class:`JobLog` keeps, in a run's ``batch/`` folder, what was asked and what came back, so
that nothing paid for is paid for twice:
- ``jobs.jsonl``: a job as it is being created (a token, also sent as the batch's metadata,
  so a job whose id was never written down is found again by :meth:`BatchAPI.find`), once
  created (its batch id and requests), and once its outcomes are merged;
- ``answers.jsonl``: each outcome by request key: the chat completion body, or a failure.
Both are append-only JSON lines, written and flushed line by line. A damaged line (a write
cut by a kill) is skipped with one warning; the run's lock (``harness.runs.lock``) keeps a
second writer out.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai

__all__ = ["BatchAPI", "JobLog", "Outcome", "Request", "TERMINAL_STATUSES", "chunks"]

CHAT_PATH = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
# The Batch API takes at most 50,000 requests or 200 MB per input file (OpenAI's API
# reference, batches.create); a round with more goes out as several jobs.
MAX_REQUESTS_PER_JOB = 50_000
MAX_BYTES_PER_JOB = 190 * 1024 * 1024
TERMINAL_STATUSES = frozenset({"completed", "failed", "expired", "cancelled"})
JOBS_FILE, ANSWERS_FILE = "jobs.jsonl", "answers.jsonl"


@dataclass(frozen=True)
class Request:
    """One chat completion request of a batch: ``key`` is its ``custom_id``."""

    key: str
    body: dict[str, Any]

    def line(self) -> str:
        return json.dumps({"custom_id": self.key, "method": "POST", "url": CHAT_PATH, "body": self.body},
                          ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Outcome:
    """What a batch gave for one request: a chat completion body, or why there is none.

    ``status`` is the request's HTTP status (None: the batch never ran it, e.g. it expired).
    """

    key: str
    body: dict[str, Any] | None = None
    error: str | None = None
    status: int | None = None

    @property
    def answered(self) -> bool:
        return self.body is not None

    @property
    def worth_retrying(self) -> bool:
        """A failure that asking again may mend: not run, rate limited, a server error."""
        return self.body is None and (self.status is None or self.status in (408, 409, 429) or self.status >= 500)


def chunks(requests: list[Request]) -> Iterator[list[Request]]:
    """The requests cut into jobs within the Batch API's limits."""
    job: list[Request] = []
    size = 0
    for request in requests:
        length = len(request.line().encode("utf-8")) + 1
        if job and (len(job) >= MAX_REQUESTS_PER_JOB or size + length > MAX_BYTES_PER_JOB):
            yield job
            job, size = [], 0
        job.append(request)
        size += length
    if job:
        yield job


class BatchAPI:
    """The Batch API at ``base_url`` (the same OpenAI-compatible endpoint as the chat calls)."""

    def __init__(self, base_url: str, api_key: str, timeout_s: float = 120.0) -> None:
        # The SDK's own retries suit these few, idempotent-enough calls (uploads are
        # harmless to repeat; a job created twice is found by its token, see JobLog).
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=4)

    def upload(self, requests: list[Request]) -> str:
        data = ("\n".join(request.line() for request in requests) + "\n").encode("utf-8")
        return self.client.files.create(file=("harness-batch.jsonl", data, "application/jsonl"), purpose="batch").id

    def create(self, input_file_id: str, token: str) -> str:
        batch = self.client.batches.create(input_file_id=input_file_id, endpoint=CHAT_PATH,
                                           completion_window=COMPLETION_WINDOW, metadata={"harness_job": token})
        return batch.id

    def find(self, token: str) -> str | None:
        """The batch created with this token, if one was (the newest 100 are looked at)."""
        for batch in self.client.batches.list(limit=100).data:
            if (batch.metadata or {}).get("harness_job") == token:
                return batch.id
        return None

    def retrieve(self, batch_id: str) -> Any:
        return self.client.batches.retrieve(batch_id)

    def outcomes(self, batch: Any) -> list[Outcome]:
        """Every outcome in the job's output and error files."""
        found: list[Outcome] = []
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id:
                found += outcomes_from_jsonl(self.client.files.content(file_id).text)
        return found


def outcomes_from_jsonl(text: str) -> list[Outcome]:
    """Output or error file lines: ``{"custom_id", "response": {"status_code", "body"}, "error"}``."""
    found = []
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
            key = str(line["custom_id"])
        except (ValueError, KeyError, TypeError):
            continue  # not a result line: nothing to attribute it to
        response = line.get("response") if isinstance(line.get("response"), dict) else {}
        status = response.get("status_code")
        body = response.get("body")
        if status == 200 and isinstance(body, dict) and body.get("choices"):
            found.append(Outcome(key, body=body, status=200))
            continue
        error = line.get("error") or (body.get("error") if isinstance(body, dict) else None) or {}
        message = error.get("message") if isinstance(error, dict) else str(error)
        found.append(Outcome(key, error=f"HTTP {status}: {message}" if status else str(message or "failed"),
                             status=status if isinstance(status, int) else None))
    return found


@dataclass
class Job:
    """A batch job as the log knows it."""

    token: str
    keys: list[str]
    batch_id: str | None = None
    input_file_id: str | None = None
    status: str | None = None  # the last status seen
    merged: bool = False


@dataclass
class JobLog:
    """``RUN/batch/``: the jobs sent and every outcome, read back on start."""

    folder: Path
    warn: Callable[[str], None] = field(default=lambda message: print(f"harness: {message}", file=sys.stderr))
    jobs: dict[str, Job] = field(default_factory=dict)  # by token
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> chat completion body
    failures: dict[str, list[Outcome]] = field(default_factory=dict)  # key -> its failures, in order

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        for entry in self._read(JOBS_FILE):
            self._apply_job(entry)
        for entry in self._read(ANSWERS_FILE):
            self._apply_outcome(Outcome(str(entry.get("key")), entry.get("body"), entry.get("error"),
                                        entry.get("status")))

    # --- reading -----------------------------------------------------------------------
    def _read(self, name: str) -> Iterable[dict[str, Any]]:
        path = self.folder / name
        if not path.exists():
            return []
        entries, damaged = [], 0
        with path.open(encoding="utf-8", errors="replace") as lines:
            for raw in lines:
                try:
                    entry = json.loads(raw)
                except ValueError:
                    damaged += 1
                    continue
                if isinstance(entry, dict):
                    entries.append(entry)
                else:
                    damaged += 1
        if damaged:
            self.warn(f"{path}: {damaged} damaged line(s) skipped (a write cut short?); what they held is asked again")
        return entries

    def _apply_job(self, entry: dict[str, Any]) -> None:
        token = entry.get("token")
        if not isinstance(token, str):
            return
        job = self.jobs.setdefault(token, Job(token, [str(k) for k in entry.get("keys") or []]))
        for name in ("batch_id", "input_file_id", "status"):
            if entry.get(name) is not None:
                setattr(job, name, entry[name])
        job.merged = job.merged or bool(entry.get("merged"))

    def _apply_outcome(self, outcome: Outcome) -> None:
        if outcome.answered and isinstance(outcome.body, dict):
            self.answers.setdefault(outcome.key, outcome.body)
        elif outcome.key not in self.answers:
            self.failures.setdefault(outcome.key, []).append(outcome)

    # --- writing -----------------------------------------------------------------------
    def _append(self, name: str, entries: list[dict[str, Any]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / name).open("a", encoding="utf-8", newline="\n") as out:
            for entry in entries:
                out.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
            out.flush()

    def begin(self, job: Job) -> None:
        """Write down a job before it is created: its token and the requests it asks."""
        self.jobs[job.token] = job
        self._append(JOBS_FILE, [{"token": job.token, "keys": job.keys}])

    def note(self, job: Job, **changes: Any) -> None:
        """Record a job's new state: its input file, batch id, a status, merged."""
        for name, value in changes.items():
            setattr(job, name, value)
        self._append(JOBS_FILE, [{"token": job.token, **changes}])

    def merge(self, job: Job, outcomes: list[Outcome], status: str) -> None:
        """Store a finished job's outcomes; a request it holds no outcome for failed as 'not run'."""
        wanted = set(job.keys)
        found = [o for o in outcomes if o.key in wanted]
        missing = wanted - {o.key for o in found}
        found += [Outcome(key, error=f"not run (batch {status})") for key in sorted(missing)]
        self._append(ANSWERS_FILE, [{"key": o.key, "body": o.body, "error": o.error, "status": o.status}
                                    for o in found])
        for outcome in found:
            self._apply_outcome(outcome)
        self.note(job, merged=True, status=status)

    def unmerged(self) -> list[Job]:
        return [job for job in self.jobs.values() if not job.merged]
