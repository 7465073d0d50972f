"""``harness extract`` from settings: the extractor they describe, then the run.

It puts the pieces together in the order they must live: the model session (and with
it the embedded server, started on first use), the response cache, the cassette, then
the run. Leaving the ``with`` blocks, also on Ctrl-C or an error, closes them in
reverse: the cassette is saved, the server stopped.
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import harness.extract as extractors
from harness.extract import Extractor
from harness.extract.model import call_phase
from harness.inputs import Document
from harness.llm.batch import DEFAULT_POLL_S, BatchSettings
from harness.llm.cache import ResponseCache
from harness.llm.cassettes import DEFAULT_CASSETTE_DIR, cassette_path, resolved_mode, use_cassette
from harness.llm.client import Decoding
from harness.llm.endpoint import endpoints_from_options
from harness.llm.limits import RateLimit
from harness.llm.server import EMBEDDED_MODEL_NAME, ServerSettings
from harness.llm.session import LLMSession
from harness.prompts import DEFAULT_PROMPT
from harness.runs.batch_engine import BATCH_FOLDER, BatchEngine
from harness.runs.execute import (
    ErrorReporter,
    RunSummary,
    print_error,
    print_status,
    run_extraction,
)

MODEL_EXTRACTORS = ("llm", "hybrid")


@dataclass
class ExtractSettings:
    """Everything ``harness extract`` can be told; the defaults are the CLI's."""

    extractor: str = "rules"
    out_dir: Path | str = "runs/latest"
    model: str | None = None  # with base_url: a remote endpoint; neither: the embedded model
    base_url: str | None = None  # None: OPENAI_BASE_URL, else the embedded model
    more_base_urls: tuple[str, ...] = ()  # --base-url given again: more endpoints of the same model
    rps: float | None = None  # --rps: requests per second, shared by every call of the run
    tpm: float | None = None  # --tpm: tokens (prompt estimate + max_tokens) per minute
    prompt: str = DEFAULT_PROMPT
    hybrid_policy: str = "check"
    concurrency: int = 1  # model calls in flight at once; the run keeps as many documents in flight
    record_mode: str = "off"  # record, replay, once, new_episodes, off (harness.llm.cassettes)
    cassette: Path | str | None = None  # None: cassettes/EXTRACTOR-PROMPT-MODEL.json
    cassette_dir: Path | str = DEFAULT_CASSETTE_DIR
    cache: bool = True
    cache_dir: Path | str | None = None  # None: HARNESS_CACHE_DIR or ~/.cache/harness
    force: bool = False
    progress: bool | None = None
    decoding: Decoding = field(default_factory=Decoding)
    repeat: int = 1  # --repeat N: N runs of this setting, OUT/rep-1 ... OUT/rep-N
    prompt_cache: bool = True  # the embedded server reuses a cached prompt prefix (--no-prompt-cache: not)
    env: dict[str, str] | None = None  # None: os.environ (tests pass their own)
    engine: str = "local"  # local: this process; ray: workers of a Ray cluster (harness.runs.ray_engine)
    address: str | None = None  # --address for ray: auto, ray://HOST:PORT; None: a local Ray
    batch: bool = False  # --batch: the calls go out as batch jobs (harness.runs.batch_engine)
    batch_poll_s: float = DEFAULT_POLL_S  # seconds between looks at a job in flight

    @property
    def uses_model(self) -> bool:
        return self.extractor in MODEL_EXTRACTORS


def rerecord_command(settings: ExtractSettings, inputs: Sequence[str], cassette: Path) -> str:
    """The one command that records ``cassette`` again from the real model."""
    parts = ["harness", "extract", *inputs, "--extractor", settings.extractor, "--prompt", settings.prompt]
    if settings.extractor == "hybrid" and settings.hybrid_policy != "check":
        parts += ["--hybrid-policy", settings.hybrid_policy]
    if settings.model:
        parts += ["--model", settings.model]
    for url in (settings.base_url, *settings.more_base_urls) if settings.base_url else ():
        parts += ["--base-url", url]
    parts += ["--cassette", str(cassette), "--record-mode", "record", "--force", "--out", str(settings.out_dir)]
    return shlex.join(parts)


def build_extractor(settings: ExtractSettings, session: LLMSession | None) -> Extractor:
    if not settings.uses_model:
        return extractors.get_extractor(settings.extractor)
    options: dict[str, Any] = {"session": session, "prompt": settings.prompt}
    if settings.extractor == "hybrid":
        options["policy"] = settings.hybrid_policy
    return extractors.get_extractor(settings.extractor, **options)


class BatchRefused(ValueError):
    """``--batch`` cannot run with these settings; one line."""


@dataclass
class Configured:
    """An extractor ready to run, and what it was configured with."""

    extractor: Extractor
    run_settings: dict[str, Any] | None = None  # record mode, cassette, cache: into the manifest
    cassette: Any = None  # vcrpy's cassette in use (it counts the answers it played), or None
    session: LLMSession | None = None  # the model session (None for the rules)


def refuse_batch(settings: ExtractSettings, endpoints: Sequence[Any], mode: str) -> None:
    """The settings ``--batch`` cannot honour, as one line, before anything runs."""
    if not endpoints:
        raise BatchRefused("--batch needs an endpoint with the Batch API (--base-url or $OPENAI_BASE_URL, --model); "
                           "the embedded model answers live calls only")
    if len(endpoints) > 1:
        raise BatchRefused("--batch sends jobs to one endpoint: give --base-url once")
    if settings.engine != "local":
        raise BatchRefused("--batch runs its rounds in this process: leave out --engine")
    if mode != "off":
        raise BatchRefused(f"--batch does not record or replay cassettes (record mode {mode!r}); "
                           "a batch run's answers are kept in its run directory (batch/)")


@contextlib.contextmanager
def configured_extractor(settings: ExtractSettings, inputs: Sequence[str]) -> Iterator[Configured]:
    """The extractor the settings describe, with its model session, cache and cassette open.

    Leaving the block, also on Ctrl-C or an error, closes the pieces in reverse: the cassette
    is saved, the server stopped. Raises ``EndpointError``, ``RecordModeError``,
    ``PromptError``, ``BatchRefused``, ``ValueError`` (unknown extractor) and
    ``FileNotFoundError`` (replay-only without its cassette) before any call.
    """
    if not settings.uses_model:
        yield Configured(build_extractor(settings, None))
        return
    endpoints = endpoints_from_options(settings.model, [u for u in (settings.base_url, *settings.more_base_urls) if u],
                                       settings.env)
    endpoint = endpoints[0] if endpoints else None
    model = endpoint.model if endpoint is not None else EMBEDDED_MODEL_NAME
    # hybrid's default policy keeps the plain name; another policy asks other questions.
    label = settings.extractor
    if settings.extractor == "hybrid" and settings.hybrid_policy != "check":
        label = f"hybrid-{settings.hybrid_policy}"
    cassette = Path(settings.cassette) if settings.cassette else cassette_path(
        settings.cassette_dir, label, Path(str(settings.prompt)).stem, model
    )
    if settings.decoding.repetition != 1:
        # Each repetition has its own cassette, so that a replay gives back each draw exactly.
        cassette = cassette.with_name(f"{cassette.stem}-rep{settings.decoding.repetition}{cassette.suffix}")
    mode = resolved_mode(settings.record_mode, cassette)
    if settings.engine == "ray":
        from harness.runs.ray_engine import refuse_writing_cassette

        refuse_writing_cassette(mode)
    if settings.batch:
        refuse_batch(settings, endpoints, mode)
    cache = ResponseCache(settings.cache_dir) if settings.cache else None
    session = LLMSession(
        endpoint=endpoint,
        decoding=settings.decoding,
        server_settings=ServerSettings(seed=settings.decoding.seed, cache_prompt=settings.prompt_cache),
        max_calls_in_flight=settings.concurrency,
        cache=cache,
        # Only a run without a cassette reads the response cache: a recording must reach the
        # model for every call (or the cassette would miss them), and a replay must answer from
        # the cassette alone (or it would not prove the cassette).
        cache_reads=mode == "off",
        offline=mode == "replay",
        more_endpoints=tuple(endpoints[1:]),
        rate_limit=RateLimit(settings.rps, settings.tpm) if settings.rps or settings.tpm else None,
        batch=BatchSettings(Path(settings.out_dir) / BATCH_FOLDER, settings.batch_poll_s, call_phase,
                            on_status=print_status) if settings.batch else None,
    )
    how_to_record = rerecord_command(settings, inputs, cassette)
    run_settings = {
        "record_mode": mode,
        "cassette": str(cassette) if mode != "off" else None,
        "cache": str(cache.path) if cache is not None else None,
        "cache_reads": session.cache_reads if cache is not None else False,
    }
    with contextlib.ExitStack() as stack:
        stack.callback(lambda: cache.close() if cache is not None else None)
        extractor = build_extractor(settings, session)
        stack.callback(session.close)
        in_use = stack.enter_context(use_cassette(cassette, mode, how_to_record))
        yield Configured(extractor, run_settings, in_use, session)


def run_configured(
    documents: Sequence[Document],
    settings: ExtractSettings,
    inputs: Sequence[str] | None = None,
    on_error: ErrorReporter = print_error,
) -> RunSummary:
    """Extract ``documents`` into ``settings.out_dir`` as the settings say; see :func:`run_extraction`.

    Raises what :func:`configured_extractor` raises, and ``RunConflict``, before anything is written.
    """
    inputs = list(inputs) if inputs is not None else sorted({str(d.path.parent) for d in documents})
    # ``concurrency`` bounds model calls in flight, in the session's client (the one place
    # every call waits for a slot). The documents in flight are derived from it: a document
    # makes its calls one after another, so fewer documents than slots would leave slots
    # idle, and more would only wait in their threads for a slot (the rules need no slot
    # and simply run that many documents at once).
    engine: Any = None
    if settings.engine == "ray":
        from harness.runs.ray_engine import ray_engine

        engine = ray_engine(settings, inputs)
    with configured_extractor(settings, inputs) as configured:
        if settings.batch and configured.session is not None:
            engine = BatchEngine(configured.extractor, configured.session.client)
        summary = run_extraction(documents, configured.extractor, settings.out_dir, force=settings.force,
                                 progress=settings.progress, on_error=on_error, inputs=inputs,
                                 documents_in_flight=settings.concurrency, settings=configured.run_settings,
                                 engine=engine)
        if configured.cassette is not None:
            summary.replayed_calls = configured.cassette.play_count + (engine.replayed if engine is not None else 0)
        if isinstance(engine, BatchEngine) and (said := engine.summary()) is not None:
            summary.notes.append(said)
        return summary


def run_repeated(
    documents: Sequence[Document],
    settings: ExtractSettings,
    *,
    inputs: Sequence[str] | None = None,
    on_error: ErrorReporter = print_error,
) -> list[RunSummary]:
    """``settings.repeat`` runs of one setting into ``OUT/rep-1`` ... ``OUT/rep-N`` (see harness.score.repeats).

    Repetition k > 1 keys the response cache and its cassette apart from the others, so N
    repetitions are N draws of the model, and each replays exactly.
    """
    summaries = []
    for k in range(1, settings.repeat + 1):
        repetition = replace(settings, out_dir=Path(settings.out_dir) / f"rep-{k}", repeat=1,
                             decoding=replace(settings.decoding, repetition=k))
        summaries.append(run_configured(documents, repetition, inputs=inputs, on_error=on_error))
        if summaries[-1].status == "interrupted":
            break
    return summaries
