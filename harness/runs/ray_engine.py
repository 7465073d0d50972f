"""``harness extract --engine ray``: the documents extracted on a Ray cluster, the run written here.

Choice: Ray **actors**, not tasks nor Ray Data. An extractor is expensive to build (a model
session, its HTTP client, a response cache and a cassette opened read-only) and cheap to use,
so each worker builds it once, in the actor's constructor, from the picklable settings, and is
then fed small batches of documents. Tasks would rebuild it per call; Ray Data would add a
dataset layer and its own writer, where this harness needs exactly one writer.

One committer: the actors only return :class:`~harness.runs.model.RunLine` objects; the driver
hands each one to the same ``take`` the local engine uses (``harness.runs.execute._run_into``),
so resume, the run lock, the manifest totals and error lines are the local run writer's, and
``records.jsonl`` keeps one line per id.

A killed worker: an actor is restarted (``max_restarts``) and the batch it held is retried once
(``max_task_retries=1``); only the documents of that batch are redone, and a batch that kills
its worker twice becomes error lines ("worker died") instead of a third try. Nothing of a
batch is written before the batch returns, so a redone document is never written twice.

Cassettes: each worker replays the same cassette read-only (``--record-mode replay``). Modes
that write a cassette (record, new_episodes, once without the cassette) are refused: several
workers writing one cassette file would lose each other's episodes.

``import ray`` happens only here, and only when the engine is used: the package works without it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from harness.extract import Extractor
from harness.inputs import Document
from harness.runs.execute import extract_concurrently, extract_one
from harness.runs.model import RunLine

__all__ = ["EngineError", "RayEngine", "ray_engine", "refuse_writing_cassette"]

INSTALL_HINT = "pip install -e '.[ray]'"
# Documents per call to a worker: small, so a killed worker redoes little, and large enough
# that Ray's per-call overhead is spread over several documents.
DEFAULT_BATCH_SIZE = 8
WRITING_MODES = ("record", "new_episodes", "once")

Built = tuple[Extractor, Any]  # an extractor and its cassette in use (None without one)


class EngineError(ValueError):
    """The engine cannot run as asked (ray missing, a cassette that would be written); one line."""


def refuse_writing_cassette(mode: str) -> None:
    if mode in WRITING_MODES:
        raise EngineError(f"--engine ray replays cassettes but does not record them (record mode {mode!r}): "
                          "record with --engine local, then replay on Ray with --record-mode replay")


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise EngineError(f"--engine ray needs ray, which is not installed: {INSTALL_HINT}") from None
    return ray


def _connect(ray: Any, address: str | None) -> None:
    """A running cluster at ``address`` (auto, ray://HOST:PORT), or a local one on this machine."""
    if ray.is_initialized():
        return
    # Workers import harness from where the driver does (a checkout on PYTHONPATH, or the install).
    import harness

    root = os.path.dirname(os.path.dirname(os.path.abspath(harness.__file__)))
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    runtime_env = {"env_vars": {"PYTHONPATH": path}}
    if address:
        ray.init(address=address, runtime_env=runtime_env, log_to_driver=False)
    else:
        ray.init(num_cpus=2, include_dashboard=False, runtime_env=runtime_env, log_to_driver=False)


class ExtractionWorker:
    """One per Ray worker process: the extractor built once, then batches of documents."""

    def __init__(self, build: Callable[[contextlib.ExitStack], Built], model: str | None,
                 documents_in_flight: int) -> None:
        self._stack = contextlib.ExitStack()
        self.extractor, self.cassette = build(self._stack)
        self.model = model
        self.documents_in_flight = documents_in_flight

    def extract(self, batch: list[Document]) -> list[RunLine]:
        if self.documents_in_flight > 1:
            lines: list[RunLine] = []
            extract_concurrently(batch, self.extractor, self.documents_in_flight, lines.append, self.model)
            return lines
        return [extract_one(document, self.extractor, self.model) for document in batch]

    def replayed(self) -> int:
        """Answers this worker's cassette played (0 without one)."""
        return self.cassette.play_count if self.cassette is not None else 0


@dataclass
class RayEngine:
    """A producer of run lines for ``run_extraction(engine=...)``: ``engine(to_do, take, model)``.

    ``build(stack)`` makes ``(extractor, cassette or None)`` inside a worker (it may enter
    context managers on ``stack``); it must be picklable. ``replayed`` is, after a run, the
    answers the workers' cassettes played.
    """

    build: Callable[[contextlib.ExitStack], Built]
    address: str | None = None
    workers: int | None = None  # None: one per CPU of the cluster
    batch_size: int = DEFAULT_BATCH_SIZE
    documents_in_flight: int = 1  # per worker
    replayed: int = 0

    def __call__(self, documents: Sequence[Document], take: Callable[[RunLine], None], model: str | None) -> None:
        if not documents:
            return
        ray = _import_ray()
        _connect(ray, self.address)
        count = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_class = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=1)(ExtractionWorker)
        actors = [actor_class.remote(self.build, model, self.documents_in_flight) for _ in range(count)]
        batches = [list(documents[i:i + self.batch_size]) for i in range(0, len(documents), self.batch_size)]
        pending: dict[Any, tuple[Any, list[Document]]] = {}
        try:
            queue = iter(batches)
            # One batch per worker in flight: a worker that dies takes only the batch it was
            # running with it (a batch queued behind would fail with it and use up its retry).
            for actor in actors:
                if (batch := next(queue, None)) is not None:
                    pending[actor.extract.remote(batch)] = (actor, batch)
            while pending:
                [done], _ = ray.wait(list(pending), num_returns=1)
                actor, batch = pending.pop(done)
                for line in self._lines(ray, done, batch):
                    take(line)
                if (batch := next(queue, None)) is not None:
                    pending[actor.extract.remote(batch)] = (actor, batch)
            self.replayed = sum(ray.get([actor.replayed.remote() for actor in actors]))
        finally:
            for ref in pending:
                ray.cancel(ref, force=False)
            for actor in actors:
                ray.kill(actor, no_restart=True)

    @staticmethod
    def _lines(ray: Any, ref: Any, batch: list[Document]) -> list[RunLine]:
        try:
            return ray.get(ref)
        except ray.exceptions.RayActorError as exc:
            cause = f"worker died twice on this batch ({type(exc).__name__})"
            return [RunLine(id=d.id, record=None, error=cause, path=str(d.path)) for d in batch]


def _build_configured(settings: Any, inputs: Sequence[str], stack: contextlib.ExitStack) -> Built:
    """In a worker: the extractor ``configured_extractor`` makes, its session and cassette held open."""
    from harness.runs.settings import configured_extractor

    configured = stack.enter_context(configured_extractor(replace(settings, engine="local"), inputs))
    return configured.extractor, configured.cassette


def ray_engine(settings: Any, inputs: Sequence[str]) -> RayEngine:
    """The engine for ``ExtractSettings`` with ``engine="ray"``; refuses early when ray is missing."""
    _import_ray()
    from functools import partial

    return RayEngine(build=partial(_build_configured, settings, list(inputs)), address=settings.address,
                     documents_in_flight=settings.concurrency)
