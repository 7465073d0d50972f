"""The notebook API: the whole flow in memory, in five calls (floor 6).

    import harness
    gold = harness.load_gold("gold")                         # the gold set
    run = harness.extract(gold.texts(), extractor="rules")   # a Run in memory; run.save(dir)
    scores = harness.score(run, gold)                        # .cells_f1, .table() -> DataFrame
    diff = harness.compare(base_run, run, gold)              # .deltas, .flipped, .intervals
    harness.report(run, gold, "report.html")

Each call takes objects or paths: a run directory wherever a run goes, a gold folder (or
several) wherever gold goes. The CLI commands are thin adapters over these functions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.inputs import Document, discover_documents
from harness.runs import Run, read_run
from harness.score import GoldSet, Report, load_gold, score_runs

if TYPE_CHECKING:
    from harness.compare.diff import Comparison
    from harness.runs.execute import ErrorReporter

# Extraction, compare and the report are imported by the verbs that use them: ``harness score``
# (the CLI goes through this module) then loads no extractor, model client or HTML page.

__all__ = ["compare", "extract", "load_gold", "report", "score"]

RunLike = Run | Path | str
GoldLike = GoldSet | Path | str | Sequence[Path | str]
Inputs = Mapping[str, str] | Sequence[Document] | Sequence[Path | str] | Path | str


def documents_of(inputs: Inputs) -> list[Document]:
    """Descriptions from a dict of id -> text, Documents, or paths (files or folders)."""
    if isinstance(inputs, Mapping):
        return [
            Document(id=str(doc_id), path=Path(f"{doc_id}.txt"), text=text)
            if isinstance(text, str)
            else Document(id=str(doc_id), path=Path(f"{doc_id}.txt"), error="text is not a string")
            for doc_id, text in inputs.items()
        ]
    if isinstance(inputs, (str, Path)):
        return discover_documents([inputs])
    items = list(inputs)
    if all(isinstance(item, Document) for item in items):
        return items  # type: ignore[return-value]
    return discover_documents(items)  # type: ignore[arg-type]


def extract(
    inputs: Inputs,
    extractor: str = "rules",
    *,
    out: Path | str | None = None,
    on_error: ErrorReporter | None = None,
    **settings: Any,
) -> Run:
    """Extract a record from each description; the run, in memory.

    ``settings``: any field of :class:`~harness.runs.settings.ExtractSettings` (``model``,
    ``base_url``, ``prompt``, ``hybrid_policy``, ``record_mode``, ``concurrency``, ...).
    With ``out``, the run is written there as ``harness extract --out`` writes it (and
    resumes what is done); without, it goes through the same writer into a temporary
    directory, so the Run holds exactly what the files would. ``on_error``: called with each
    document's error (default: printed on stderr, as the CLI does).
    """
    from harness.runs.execute import print_error
    from harness.runs.settings import ExtractSettings, run_configured

    known = {f.name for f in fields(ExtractSettings)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise TypeError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    on_error = on_error if on_error is not None else print_error
    documents = documents_of(inputs)
    base = ExtractSettings(extractor=extractor, progress=False, **settings)
    if out is not None:
        run_configured(documents, replace(base, out_dir=out), on_error=on_error)
        return read_run(out)
    with tempfile.TemporaryDirectory(prefix="harness-run-") as tmp:
        run_configured(documents, replace(base, out_dir=tmp), inputs=["(in memory)"], on_error=on_error)
        run = read_run(tmp)
    run.dir = None
    run.problems = [p.replace(tmp, "(in memory)") for p in run.problems]
    return run


def score(runs: RunLike | Sequence[RunLike], gold: GoldLike, *, progress: bool | None = False,
          shared_only: bool = False) -> Report:
    """Score one run or several against ``gold``; ``.cells_f1``, ``.table()``, ``.runs``.

    ``progress``: None shows a bar on a terminal (the CLI), False is silent.
    ``shared_only``: only the documents gold and every run share (``.coverage()`` says what
    only one side has).
    """
    given = [runs] if isinstance(runs, (Run, Path, str)) else list(runs)
    return score_runs(given, gold, progress=progress, shared_only=shared_only)


def compare(base: RunLike, new: RunLike | Sequence[RunLike], gold: GoldLike, **options: Any) -> Comparison:
    """NEW against BASE on ``gold``: ``.deltas``, ``.flipped`` cells, ``.intervals`` (paired bootstrap).

    ``options``: ``resamples``, ``seed``, ``level`` of the bootstrap.
    """
    from harness.compare.diff import compare_runs

    others = [new] if isinstance(new, (Run, Path, str)) else list(new)
    gold_set = gold if isinstance(gold, GoldSet) else load_gold(gold)
    return compare_runs(base, others, gold_set, **options)


def report(run: RunLike, gold: GoldLike, out: Path | str, *, expanded: bool = False) -> Path:
    """Write the HTML report of ``run`` on ``gold`` to ``out``; returns the path."""
    from harness.report.page import write_report

    return write_report(run, gold, out, expanded=expanded)
