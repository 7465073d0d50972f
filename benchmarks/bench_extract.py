"""How fast the rule extractor reads descriptions, alone and inside a whole run.

    python benchmarks/bench_extract.py [--inputs DIR] [--seconds 2]

Pinned to one core. Reads every .txt/.md description in gold/ (or the seed descriptions
when gold/ has none), then prints:
- rule extractor alone: descriptions/s over the set, repeated for at least --seconds
  (target: >= 1,000/s), with the rules' label caches cleared before every pass over the
  set so that repeating the same descriptions measures reading them, not remembering;
- end to end, ``run_extraction`` (read files, extract, write records.jsonl + manifest):
  documents/s, with the rule extractor and with an extractor that does nothing, which is
  the harness's own overhead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness.extract import BaseExtractor
from harness.inputs import Document, discover_documents
from harness.record import ChartRecord, empty_record
from harness.runs.execute import run_extraction

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path("/work/shared/seeds")
TARGET_PER_S = 1000
RUN_COPIES = 200  # documents per end-to-end run, so that file and manifest costs show


class NullExtractor(BaseExtractor):
    """Returns an empty record at once: what is left is the harness's own cost."""

    name = "null"

    def describe(self) -> dict[str, Any]:
        return {}

    def extract(self, doc_id: str, text: str) -> ChartRecord:
        return empty_record(doc_id)


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def load_descriptions(inputs: Path | None) -> tuple[list[Document], str]:
    candidates = [inputs] if inputs else [ROOT / "gold", SEEDS]
    for folder in candidates:
        if folder.is_dir():
            docs = [d for d in discover_documents([folder]) if d.ok]
            if docs:
                return docs, str(folder)
    raise SystemExit(f"no readable descriptions in {', '.join(map(str, candidates))}")


def rule_extractor() -> Any | None:
    try:
        from harness.extract.rules import RuleExtractor
    except ImportError as exc:
        print(f"rule extractor not available yet ({exc}); timing the harness overhead only")
        return None
    return RuleExtractor()


def time_extractor(extractor: Any, docs: list[Document], seconds: float) -> tuple[float, int, int]:
    """(descriptions/s, descriptions done, failures) over at least ``seconds``."""
    from harness.extract.rules.text import clear_caches

    done = failures = 0
    started = time.perf_counter()
    while True:
        clear_caches()
        for doc in docs:
            try:
                extractor.extract(doc.id, doc.text)
            except Exception:  # noqa: BLE001 - a benchmark counts failures, a test finds them
                failures += 1
            done += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed, done, failures


def time_runs(extractor: Any, docs: list[Document], seconds: float) -> tuple[float, int]:
    """(documents/s, documents done) for whole runs over RUN_COPIES files, at least ``seconds`` long."""
    work = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    try:
        inputs = work / "in"
        inputs.mkdir()
        for i in range(RUN_COPIES):
            doc = docs[i % len(docs)]
            (inputs / f"{i:04d}_{doc.id}.txt").write_text(doc.text or "", encoding="utf-8")
        done = 0
        started = time.perf_counter()
        while True:
            batch = discover_documents([inputs])
            run_extraction(batch, extractor, work / "run", force=True, progress=False, on_error=lambda *_: None)
            done += len(batch)
            elapsed = time.perf_counter() - started
            if elapsed >= seconds:
                return done / elapsed, done
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=Path, help="a directory of descriptions (default: gold/, else the seeds)")
    parser.add_argument("--seconds", type=float, default=2.0, help="minimum time per measurement")
    args = parser.parse_args()

    print(pin_to_one_core())
    docs, source = load_descriptions(args.inputs)
    size = sum(len(d.text or "") for d in docs)
    print(f"{len(docs)} descriptions from {source} ({size / len(docs):,.0f} characters on average)")

    extractor = rule_extractor()
    if extractor is not None:
        rate, done, failures = time_extractor(extractor, docs, args.seconds)
        verdict = "met" if rate >= TARGET_PER_S else "NOT met"
        print(f"rule extractor alone:   {rate:9,.0f} descriptions/s  ({done:,} done, {failures:,} raised; "
              f"target >= {TARGET_PER_S}/s {verdict})")
        rate, done = time_runs(extractor, docs, args.seconds)
        print(f"run_extraction (rules): {rate:9,.0f} documents/s     ({done:,} done in runs of {RUN_COPIES})")
    rate, done = time_runs(NullExtractor(), docs, args.seconds)
    print(f"run_extraction (null):  {rate:9,.0f} documents/s     (the harness's own read + write cost)")
    return 0 if extractor is not None else 1


if __name__ == "__main__":
    sys.exit(main())
