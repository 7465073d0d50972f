"""``harness extract --batch``: the run's model calls sent as batch jobs, one job per step.

The engine runs the documents in rounds over one :class:`~harness.llm.batch.BatchClient`.
In a round, each waiting document is extracted as far as the answers at hand allow; a
document that needed no new answer is done, and its line goes to the run writer (the same
``take`` as the local engine's, so resume, the manifest and error lines are unchanged). The
requests the round collected go out as one job, and the engine waits for it (polling; a
job takes up to 24 hours on the hosted API) before the next round. Re-running a document
costs only its rule work: every answer it already had comes from the run's job log.

Killed while a job is in flight, the next ``harness extract --batch`` into the same ``--out``
first waits for that job (its id is in ``RUN/batch/jobs.jsonl``) instead of paying again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from harness.extract import Extractor
from harness.inputs import Document
from harness.llm.batch import BatchClient, RoundReport
from harness.runs.execute import extract_one
from harness.runs.model import RunLine

__all__ = ["BatchEngine", "BATCH_FOLDER"]

BATCH_FOLDER = "batch"  # in the run directory: the job log and the answers (harness.llm.batch_jobs)
# A document takes one round per dependent step and re-ask; more rounds than this means a
# request that never settles, and its documents end as error lines.
MAX_ROUNDS = 50


@dataclass
class BatchEngine:
    """An engine for ``run_extraction``: ``engine(documents, take, model)``."""

    extractor: Extractor
    client: Callable[[], BatchClient]  # the session's client, made once the run directory is held
    rounds: list[RoundReport] = field(default_factory=list)
    unused_answers: int = 0

    def __call__(self, documents: Sequence[Document], take: Callable[[RunLine], None], model: str | None) -> None:
        client = self.client()
        client.wait()  # a job a killed run left in flight: its answers, not a second payment
        waiting = list(documents)
        for _ in range(MAX_ROUNDS):
            still = []
            for document in waiting:
                client.begin_document()
                line = extract_one(document, self.extractor, model)
                if client.end_document():
                    still.append(document)
                else:
                    take(line)
            waiting = still
            if not waiting or not client.has_requests():
                break
            self.rounds.append(client.send())
        for document in waiting:  # no request left to send, or rounds spent: say so, never loop
            take(RunLine(id=document.id, record=None, path=str(document.path), sha256=document.sha256,
                         error=f"batch: still waiting for answers after {len(self.rounds)} job round(s)"))
        self.unused_answers = client.unused_answers

    def summary(self) -> str | None:
        """``batch: 3 rounds, 3 jobs, 120 requests (118 answered, 2 failed); 4 answers unused``."""
        if not self.rounds:
            return None
        jobs = sum(len(r.jobs) for r in self.rounds)
        requests = sum(r.requests for r in self.rounds)
        answered = sum(r.answered for r in self.rounds)
        failed = sum(r.failed for r in self.rounds)
        return (f"batch: {len(self.rounds)} round(s), {jobs} job(s), {requests} request(s) "
                f"({answered} answered, {failed} failed); {self.unused_answers} answer(s) no document used")
