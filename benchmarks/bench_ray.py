"""Rule extraction on Ray vs in one process: descriptions per second and the overhead per document.

The gold descriptions, repeated under new ids until there are --docs of them, go through
``run_extraction`` (the same run writer for all three) with the local engine, then with
``--engine ray`` on 1 and on 2 workers of a local Ray (num_cpus=2). Ray's start is not timed
(a cluster is already up in real use); starting the workers' actors is, as every run pays it.
Overhead per document = (Ray 1 worker time - local time) / documents.

    python benchmarks/bench_ray.py [--docs 3000] [--batch-size 8]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from functools import partial
from pathlib import Path

from harness.extract import get_extractor
from harness.inputs import discover_documents
from harness.runs.execute import run_extraction
from harness.runs.ray_engine import RayEngine, _build_configured, _connect, _import_ray
from harness.runs.settings import ExtractSettings

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"


def repeated_gold(count: int) -> list:
    gold = discover_documents([GOLD_DIR])
    return [dataclasses.replace(gold[n % len(gold)], id=f"{gold[n % len(gold)].id}-{n // len(gold)}")
            for n in range(count)]


def timed_run(documents: list, out: Path, engine: RayEngine | None) -> float:
    started = time.perf_counter()
    summary = run_extraction(documents, get_extractor("rules"), out, engine=engine, progress=False,
                             on_error=lambda where, cause: None)
    elapsed = time.perf_counter() - started
    assert summary.ok == len(documents), summary.line()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()
    documents = repeated_gold(args.docs)
    ray = _import_ray()
    _connect(ray, None)
    build = partial(_build_configured, ExtractSettings(), [])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        local = timed_run(documents, Path(tmp) / "local", None)
        rows.append(("local (1 process)", local))
        for workers in (1, 2):
            engine = RayEngine(build=build, workers=workers, batch_size=args.batch_size)
            rows.append((f"ray, {workers} worker{'s' if workers > 1 else ''}",
                         timed_run(documents, Path(tmp) / f"ray-{workers}", engine)))
    ray.shutdown()
    print(f"rule extraction of {len(documents)} descriptions (gold/ repeated), batch size {args.batch_size}")
    print(f"{'engine':<20} {'seconds':>8} {'docs/s':>8} {'vs local':>9}")
    for name, seconds in rows:
        print(f"{name:<20} {seconds:>8.2f} {len(documents) / seconds:>8.0f} {local / seconds:>8.2f}x")
    overhead_ms = (rows[1][1] - local) / len(documents) * 1000
    print(f"overhead per document (ray 1 worker - local): {overhead_ms:.2f} ms")


if __name__ == "__main__":
    main()
