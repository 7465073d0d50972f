"""How fast the scorer is: a synthetic gold set of N documents x 100 cells, and a noisy
prediction for each, scored in memory (and, with --disk, end to end from files).

Targets: 10,000 documents scored in <= 10 s in memory; ``harness score RUN --gold DIR`` end to
end from disk (``--disk``: reading 10,000 gold files and a 10,000-line run, scoring, the empty
record, the printed report) in <= 3 s of CPU on one core. Records are validated once, when built
(as reading a run or gold file validates them once).

``--disk`` times fresh processes, so nothing is warm (label caches, imports, no file of
prepared gold is kept between runs: every figure is a cold one): the command itself, as CPU
time (user + system) of the child process, best of ``--repeat``, with the load average the
machine had while it ran (the figure is CPU time of one core, but a machine shared with other
work makes it slower); once with the literature metrics (RMS, RNSS, SCRM: on by default in
``harness score``, they came after the target was set) and without them (``--no-literature``,
what the target measured); and, in one more fresh process, where the time goes step by step
(each step as ``harness score`` runs it, garbage collection paused where the command pauses it).

    python benchmarks/bench_score.py [--docs 10000] [--disk] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness
from harness.record import ChartRecord
from harness.score import GoldSet, score_empty_record, score_run

ROWS, COLS = 10, 10
# A pool far larger than one document's labels, so label caches are exercised the way
# a varied gold set would exercise them, not warmed by one repeated vocabulary.
LABEL_POOL = [f"{word} {n}" for word in ("model", "dataset", "layer", "task", "method") for n in range(2000)]


def _gold_dict(doc_id: str, rng: random.Random) -> dict:
    rows = rng.sample(LABEL_POOL, ROWS)
    cols = rng.sample(LABEL_POOL, COLS)
    cells = [
        {"row": r, "col": c, "series": None, "value": round(rng.uniform(-1, 100), 2)}
        for r in rows
        for c in cols
    ]
    return {
        "id": doc_id,
        "chart_type": "heatmap",
        "title": f"Synthetic chart {doc_id}",
        "panels": [
            {
                "title": None,
                "x_axis": {"label": "Test set", "categories": cols},
                "y_axis": {"label": "Train set", "categories": rows},
                "color_scale": {"label": "Score (%)", "min": 0.0, "max": 100.0},
                "series": [],
                "cells": cells,
            }
        ],
    }


def _noisy(gold: dict, rng: random.Random) -> dict:
    """Drop, perturb, duplicate, restyle labels, and now and then swap rows and columns."""
    pred = json.loads(json.dumps(gold))
    panel = pred["panels"][0]
    swap = rng.random() < 0.05
    cells = []
    for cell in panel["cells"]:
        roll = rng.random()
        if roll < 0.05:
            continue
        if roll < 0.15:
            cell["value"] = cell["value"] * 1.05 + 0.5
        if roll > 0.97:
            cells.append(dict(cell))
        cell["row"] = _restyle(cell["row"], rng)
        cell["col"] = _restyle(cell["col"], rng)
        if swap:
            cell["row"], cell["col"] = cell["col"], cell["row"]
        cells.append(cell)
    cells.append({"row": "Extra row", "col": "Extra col", "series": None, "value": 1.0})
    panel["cells"] = cells
    panel["x_axis"]["categories"] = [_restyle(c, rng) for c in panel["x_axis"]["categories"]]
    if rng.random() < 0.3:
        panel["color_scale"] = None
    return pred


def _restyle(label: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return label.upper()
    if roll < 0.2:
        return f"**{label}**"
    if roll < 0.25:
        return label.replace(" ", "")
    if roll < 0.3:
        return label.replace(" ", "\\_")
    return label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--disk", action="store_true", help="also time harness score from files")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes timed for --disk (best kept)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    gold_dicts = [_gold_dict(f"doc_{i:05d}", rng) for i in range(args.docs)]
    pred_dicts = [_noisy(g, rng) for g in gold_dicts]
    t1 = time.perf_counter()
    gold_records = [ChartRecord.model_validate(g) for g in gold_dicts]
    predictions = {p["id"]: ChartRecord.model_validate(p) for p in pred_dicts}
    t2 = time.perf_counter()
    print(f"built {args.docs} docs x {ROWS * COLS} cells: dicts {t1 - t0:.2f} s, validation {t2 - t1:.2f} s")

    gold = GoldSet.from_records(gold_records)
    t3 = time.perf_counter()
    _ = gold.prepared
    t4 = time.perf_counter()
    run = score_run(predictions, gold, name="noisy")
    t5 = time.perf_counter()
    baseline = score_empty_record(gold)
    t6 = time.perf_counter()

    scoring = (t4 - t3) + (t5 - t4)
    cells = run.cells
    print(f"gold prepared once: {t4 - t3:.2f} s")
    print(f"run scored: {t5 - t4:.2f} s")
    print(f"score (gold prep + run): {scoring:.2f} s = {args.docs / scoring:,.0f} docs/s "
          f"(target: 10,000 docs <= 10 s)")
    print(f"empty-record baseline: {t6 - t5:.2f} s")
    print(f"cells P/R/F1 micro {cells.precision:.3f}/{cells.recall:.3f}/{cells.f1:.3f}, "
          f"panels swapped {len(run.swapped_panels)}, overall {run.overall:.3f} "
          f"(empty record {baseline.overall:.3f})")

    if args.disk:
        with tempfile.TemporaryDirectory() as tmp:
            gold_dir, run_dir = Path(tmp, "gold"), Path(tmp, "run")
            _write_disk(gold_dir, run_dir, gold_dicts, pred_dicts)
            _time_from_disk(gold_dir, run_dir, args.docs, args.repeat)


def _write_disk(gold_dir: Path, run_dir: Path, gold_dicts: list[dict], pred_dicts: list[dict]) -> None:
    gold_dir.mkdir()
    run_dir.mkdir()
    for g in gold_dicts:
        (gold_dir / f"{g['id']}.json").write_text(json.dumps(g), encoding="utf-8")
        (gold_dir / f"{g['id']}.txt").write_text("synthetic", encoding="utf-8")
    with (run_dir / "records.jsonl").open("w", encoding="utf-8") as out:
        for p in pred_dicts:
            out.write(json.dumps({"id": p["id"], "record": p, "error": None}) + "\n")
    (run_dir / "manifest.json").write_text('{"extractor": "synthetic"}', encoding="utf-8")


# One fresh process, timing each step of what ``harness score`` does (CPU time of the process).
_STEPS = """
import sys, time
clock = time.process_time
t0 = clock()
import harness.cli
from harness.score import load_gold, load_run_records, report_text
from harness.score.bulk import collection_paused
from harness.score.run import Report, score_empty_record, score_run
t1 = clock()
gold = load_gold([sys.argv[1]])
t2 = clock()
with collection_paused():  # as score_runs reads a run
    run = load_run_records(sys.argv[2])
t3 = clock()
scored = score_run(run, gold)
t4 = clock()
report = Report(gold=gold, runs=[scored], baseline=score_empty_record(gold))
t5 = clock()
text = report_text(report, literature=False)
t6 = clock()
print(" ".join(f"{t:.2f}" for t in (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)))
"""


def _child_cpu(command: list[str]) -> float:
    """CPU time (user + system) of ``command`` run as a fresh child process."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(harness.__file__).parent.parent),
                                                       os.environ.get("PYTHONPATH", "")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _time_from_disk(gold_dir: Path, run_dir: Path, docs: int, repeat: int) -> None:
    score = [sys.executable, "-m", "harness.cli", "score", str(run_dir), "--gold", str(gold_dir)]
    load_before = os.getloadavg()[0]
    times = [_child_cpu([*score, "--no-literature"]) for _ in range(repeat)]
    plain = min(times)
    print(f"harness score RUN --gold DIR --no-literature, fresh process (cold: nothing kept between runs): "
          f"{plain:.2f} s CPU (best of {repeat}: {', '.join(f'{t:.2f}' for t in times)}) = "
          f"{docs / plain:,.0f} docs/s (target: 10,000 docs <= 3 s; what the target measured: cells and "
          f"fields, before the literature metrics existed); load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    env = dict(os.environ, PYTHONPATH=str(Path(harness.__file__).parent.parent))
    steps = subprocess.run([sys.executable, "-c", _STEPS, str(gold_dir), str(run_dir)], check=True, env=env,
                           capture_output=True, text=True).stdout.split()
    imports, gold, run, scored, empty, report = (float(x) for x in steps)
    print(f"  where it goes (one more fresh process, CPU): imports {imports:.2f} s, gold files {gold:.2f} s, "
          f"run file {run:.2f} s, scoring {scored:.2f} s, empty record {empty:.2f} s, report text {report:.2f} s "
          f"(sum {imports + gold + run + scored + empty + report:.2f} s; the rest is the interpreter starting)")
    with_literature = _child_cpu(score)
    print(f"harness score RUN --gold DIR (the default: with RMS, RNSS and SCRM), fresh process: "
          f"{with_literature:.2f} s CPU (once); the literature metrics are {with_literature - plain:.2f} s of it")


if __name__ == "__main__":
    main()
