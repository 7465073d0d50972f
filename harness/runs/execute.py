"""Executing a run: one extractor over many descriptions, into ``RUN/records.jsonl`` + ``RUN/manifest.json``.

What the files hold is typed in ``harness.runs.model``; reading them back is
``harness.runs.files``, which imports no extractor: the scorer reads runs from there.

The per-document step (:func:`extract_one`) is a plain function and the loops around it
are separate: :func:`extract_sequentially`, and :func:`extract_concurrently`, which keeps
at most N documents in flight, each in a worker thread (extractors are synchronous;
lines are written from the calling thread, one at a time). Lines are appended and
flushed one by one: a killed run keeps everything already done, and running again into
the same directory resumes (documents that already have a record for the same text are
skipped).

Documents in flight are not model calls in flight. A document makes its calls one after
another, with rule work between them, and a cached answer calls nothing; the bound on
concurrent model calls is the model client's (``LLMClient.max_calls_in_flight``), one
semaphore shared by every document's calls, which is what an endpoint's capacity and
rate limit see. The documents in flight only say how many threads may be using it.

Every extractor's ``extract_with_usage`` returns the record with the model usage it took
(None for the rules); calls, tokens, latency, retries and cost go into each line's ``usage``
and, summed by ``UsageTotals.sum``, the manifest's.
"""

from __future__ import annotations

import contextvars
import json
import platform
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from harness import __version__
from harness.extract import ExtractionFailed, Extractor
from harness.inputs import Document
from harness.record import ChartRecord
from harness.runs.files import (
    MANIFEST_FILE,
    RECORDS_FILE,
    RecordsFile,
    one_line,
    read_manifest,
    write_atomically,
)
from harness.runs.lock import RunBusy, writing
from harness.runs.model import Manifest, RunLine, Totals, UsageTotals, line_usage

__all__ = [
    "RunConflict",
    "RunSummary",
    "extract_concurrently",
    "extract_one",
    "extract_sequentially",
    "print_error",
    "print_status",
    "run_extraction",
]

# Fields of ``extractor.describe()`` lifted to the manifest's top level, as record-format.md asks.
MANIFEST_EXTRACTOR_FIELDS = ("model", "prompt_name", "prompt_hash")

ErrorReporter = Callable[[str, str], None]
# Another producer of lines (e.g. harness.runs.ray_engine.RayEngine): ``engine(to_do, take, model)``
# extracts the documents wherever it likes and hands every line to ``take`` on this thread.
Engine = Callable[[Sequence[Document], Callable[[RunLine], None], str | None], None]


def print_error(where: str, cause: str) -> None:
    """The default reporter: one line on stderr that does not tear a progress bar."""
    tqdm.write(f"harness: {where}: {one_line(cause, 500)}", file=sys.stderr)


def print_status(message: str) -> None:
    """Where a run stands (a batch job's state), one line on stderr."""
    tqdm.write(f"harness: {one_line(message, 500)}", file=sys.stderr)


class RunConflict(ValueError):
    """The output directory holds a run made another way (another extractor, model or prompt),
    or another process is writing it (:class:`~harness.runs.lock.RunBusy`)."""


@dataclass(slots=True)
class RunSummary:
    out_dir: Path
    status: str  # "running", then "complete", "interrupted" (Ctrl-C) or "failed" (an error in the harness itself)
    documents: int
    ok: int
    failed: int
    skipped: int
    elapsed_s: float
    # This run's model calls (resumed documents' calls are not counted again): answered by the
    # model or a cassette, answered by the response cache, and of the first how many the
    # cassette played (None: no cassette). Said at the end, so a fast run says why it was fast.
    model_calls: int = 0
    cached_calls: int = 0
    replayed_calls: int | None = None
    notes: list[str] = field(default_factory=list)  # more lines for the end of the run (batch jobs)

    @property
    def pending(self) -> int:
        return self.documents - self.ok - self.failed - self.skipped

    def calls_line(self) -> str | None:
        """``model calls: 12 to the model, 30 from the response cache, 0 from the cassette``; None for no calls."""
        if self.model_calls == 0 and self.cached_calls == 0:
            return None
        replayed = self.replayed_calls or 0
        # A call re-asked after a bad answer is one call and two replayed answers: hence max.
        parts = [f"{max(0, self.model_calls - replayed)} to the model", f"{self.cached_calls} from the response cache"]
        if self.replayed_calls is not None:
            parts.append(f"{replayed} from the cassette")
        return "model calls: " + ", ".join(parts)

    def line(self) -> str:
        """``27 documents: 26 ok, 1 failed -> RUN``."""
        parts = [f"{self.ok} ok", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} already done")
        if self.status != "complete":
            parts.append(f"{self.pending} not reached ({self.status})")
        noun = "document" if self.documents == 1 else "documents"
        return f"{self.documents} {noun}: {', '.join(parts)} -> {self.out_dir}"


def _usage_totals(usage: Any, model: str | None) -> UsageTotals | None:
    """An extractor's ``Usage`` (harness.llm.usage) as the run's usage figures."""
    if usage is None:
        return None
    return UsageTotals.model_validate(usage.to_dict(model=model))


def extract_one(document: Document, extractor: Extractor, model: str | None = None) -> RunLine:
    """Run ``extractor`` on one document; any exception becomes the line's error.

    ``model`` names the price entry for the usage's cost estimate.
    """
    line = RunLine(id=document.id, record=None, error=document.error, path=str(document.path))
    if document.error is not None or document.text is None:
        line.error = line.error or "no text"
        return line
    line.sha256 = document.sha256
    started = time.perf_counter()
    try:
        extraction = extractor.extract_with_usage(document.id, document.text)
        line.usage = _usage_totals(extraction.usage, model)
        record = extraction.record
        if not isinstance(record, ChartRecord):
            raise TypeError(f"extractor returned {type(record).__name__}, not a ChartRecord")
        if record.id != document.id:
            raise ValueError(f"extractor returned a record with id {record.id!r}, expected {document.id!r}")
        line.record = record
    except ExtractionFailed as failed:
        # A failed document's calls still cost tokens and time: keep what was spent.
        cause = failed.cause
        line.error = one_line(f"{type(cause).__name__}: {cause}", 2000)
        line.usage = _usage_totals(failed.usage, model)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        line.error = one_line(f"{type(exc).__name__}: {exc}", 2000)
    line.elapsed_s = time.perf_counter() - started
    return line


def extract_sequentially(
    documents: Iterable[Document], extractor: Extractor, model: str | None = None
) -> Iterator[RunLine]:
    """The plain loop, one document after the other."""
    for document in documents:
        yield extract_one(document, extractor, model)


def extract_concurrently(
    documents: Sequence[Document],
    extractor: Extractor,
    documents_in_flight: int,
    on_line: Callable[[RunLine], None],
    model: str | None = None,
) -> None:
    """Extract with at most ``documents_in_flight`` documents at once, each in a worker thread;
    ``on_line`` gets each line as it completes.

    ``on_line`` runs on the calling thread, so it never runs twice at once.
    Ctrl-C cancels what has not started; documents in flight finish in their threads
    but are not written.
    """
    workers = max(1, int(documents_in_flight))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="extract") as pool:
        # copy_context: the cassette's re-record hint (a contextvar) follows the document into its thread.
        futures = [
            pool.submit(contextvars.copy_context().run, extract_one, document, extractor, model)
            for document in documents
        ]
        try:
            for future in as_completed(futures):
                on_line(future.result())
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def run_extraction(
    documents: Sequence[Document],
    extractor: Extractor,
    out_dir: Path | str,
    *,
    force: bool = False,
    progress: bool | None = None,
    on_error: ErrorReporter = print_error,
    inputs: Sequence[str] | None = None,
    documents_in_flight: int = 1,
    settings: dict[str, Any] | None = None,
    engine: Engine | None = None,
) -> RunSummary:
    """Extract every document into ``out_dir`` and return the totals.

    ``force`` redoes documents that already have a record. ``progress``: True or False
    forces the bar on or off; None shows it when stderr is a terminal and there are at
    least two documents to do. ``inputs`` (the paths as the user gave them) go into the
    manifest (and ``documents_in_flight``, as its ``concurrency``). ``documents_in_flight`` > 1
    runs that many documents at once, each in a thread; model calls in flight are bounded by
    the extractor's model client, not here (see the module's docstring).
    ``settings`` (e.g. record mode, cassette, cache) are written into the manifest as they are.
    ``engine`` (None: this process) produces the lines elsewhere; they are written here all the same.
    Raises :class:`RunConflict` when ``out_dir`` holds a run made another way
    and ``force`` is not set; Ctrl-C stops cleanly with status ``interrupted``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with writing(out_dir):
            return _run_into(documents, extractor, out_dir, force=force, progress=progress, on_error=on_error,
                             inputs=inputs, documents_in_flight=documents_in_flight, settings=settings,
                             engine=engine)
    except RunBusy as exc:
        raise RunConflict(str(exc)) from None


def _run_into(
    documents: Sequence[Document],
    extractor: Extractor,
    out_dir: Path,
    *,
    force: bool,
    progress: bool | None,
    on_error: ErrorReporter,
    inputs: Sequence[str] | None,
    documents_in_flight: int,
    settings: dict[str, Any] | None,
    engine: Engine | None = None,
) -> RunSummary:
    """``run_extraction``'s work, with the directory held by this process."""
    description = describe_extractor(extractor)
    previous = read_manifest(out_dir / MANIFEST_FILE)
    conflict = _conflict(previous, description)
    if conflict and not force:
        raise RunConflict(f"{out_dir} holds a run made with {conflict}; use --force to replace it, or another --out")

    records = RecordsFile(out_dir / RECORDS_FILE, on_error)
    if conflict:
        records.drop_all()

    to_do: list[Document] = []
    rejected: list[Document] = []
    skipped = 0
    ids_this_run: set[str] = set()
    for doc in documents:
        if doc.id in ids_this_run:
            # The id's line belongs to the first document with it; writing this one would overwrite it.
            error = doc.error or f"duplicate id {doc.id!r}"
            rejected.append(Document(id=doc.id, path=doc.path, error=error))
            continue
        ids_this_run.add(doc.id)
        if doc.ok and not force and records.has_record(doc.id, doc.sha256):
            skipped += 1
        else:
            to_do.append(doc)

    summary = RunSummary(out_dir, "running", len(documents), 0, 0, skipped, 0.0)
    manifest = Manifest(
        status="running",
        harness_version=__version__,
        python=platform.python_version(),
        extractor=description,
        **{key: description.get(key) for key in MANIFEST_EXTRACTOR_FIELDS},
        inputs=list(inputs) if inputs is not None else sorted({str(d.path.parent) for d in documents}),
        force=force,
        concurrency=documents_in_flight,
        settings=settings or None,
        started_at=_utc_now(),
        ended_at=None,
        totals=_totals(summary),
        rejected=[{"id": d.id, "path": str(d.path), "error": d.error} for d in rejected],
    )
    _write_manifest(out_dir, manifest)

    for doc in rejected:
        summary.failed += 1
        on_error(str(doc.path), doc.error or "rejected")

    show = progress if progress is not None else (sys.stderr.isatty() and len(to_do) >= 2)
    started = time.perf_counter()
    bar = tqdm(total=len(to_do), unit="doc", desc="extract", file=sys.stderr, disable=not show, leave=False)
    tokens = {"in": 0, "out": 0}
    model = description.get("model")

    def take(line: RunLine) -> None:
        records.append(line.to_json_dict())
        if line.record is not None:
            summary.ok += 1
        else:
            summary.failed += 1
            on_error(line.path or line.id, line.error or "no record")
        if line.usage is not None:
            summary.model_calls += line.usage.calls or 0
            summary.cached_calls += line.usage.cached_calls or 0
            tokens["in"] += line.usage.input_tokens or 0
            tokens["out"] += line.usage.output_tokens or 0
            bar.set_postfix_str(f"tokens in {tokens['in']:,} out {tokens['out']:,}", refresh=False)
        bar.update(1)

    records.open_for_append()
    try:
        if engine is not None:
            engine(to_do, take, model)
        elif documents_in_flight > 1:
            extract_concurrently(to_do, extractor, documents_in_flight, take, model)
        else:
            for line in extract_sequentially(to_do, extractor, model):
                take(line)
        summary.status = "complete"
    except KeyboardInterrupt:
        summary.status = "interrupted"
    finally:
        bar.close()
        records.close()
        summary.elapsed_s = time.perf_counter() - started
        if summary.status == "running":  # an unexpected exception is on its way out
            summary.status = "failed"
        manifest.status, manifest.ended_at = summary.status, _utc_now()
        manifest.totals = _totals(summary)
        manifest.totals.ids_in_file = len(records)
        manifest.usage = UsageTotals.sum(line_usage(line) for line in records.lines())
        _write_manifest(out_dir, manifest)
    return summary


def _write_manifest(out_dir: Path, manifest: Manifest) -> None:
    text = json.dumps(manifest.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
    write_atomically(out_dir / MANIFEST_FILE, text)


def describe_extractor(extractor: Extractor) -> dict[str, Any]:
    describe = getattr(extractor, "describe", None)
    details = dict(describe()) if callable(describe) else {}
    # Prompts describe themselves as prompt / prompt_sha256; the manifest's names are these.
    details.setdefault("prompt_name", details.get("prompt"))
    details.setdefault("prompt_hash", details.get("prompt_sha256"))
    return {**details, "name": getattr(extractor, "name", type(extractor).__name__)}


def _conflict(previous: dict[str, Any] | None, description: dict[str, Any]) -> str | None:
    """Why the run in the directory cannot be continued with this extractor, or None."""
    if not previous:
        return None
    before = Manifest.read(previous).extractor_details
    for key in ("name", *MANIFEST_EXTRACTOR_FIELDS):
        if before.get(key) != description.get(key):
            return f"another {key}: {before.get(key)!r} (this run: {description.get(key)!r})"
    return None


def _totals(summary: RunSummary) -> Totals:
    return Totals(
        documents=summary.documents,
        ok=summary.ok,
        failed=summary.failed,
        skipped=summary.skipped,
        pending=summary.pending,
        elapsed_s=round(summary.elapsed_s, 3),
    )


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
