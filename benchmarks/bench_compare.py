"""How fast `harness compare` is: two runs against a gold set, read from disk, end to end
(reading, scoring, per-cell outcomes, bootstrap with 2,000 resamples, text and JSON).

Target: two runs over the 29 real gold documents well under 2 s. With --docs N, a
synthetic gold set of N documents x 100 cells instead (noisy predictions), to see how it
scales.

    python benchmarks/bench_compare.py [--docs 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from harness.compare.diff import compare_runs
from harness.compare.text import comparison_json, comparison_text

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"


def _synthetic_gold(gold_dir: Path, docs: int, rng: random.Random) -> list[dict]:
    gold_dir.mkdir(parents=True)
    records = []
    for n in range(docs):
        rows, cols = [f"row {n % 97} {i}" for i in range(10)], [f"col {i}" for i in range(10)]
        record = {
            "id": f"doc{n:05d}",
            "chart_type": "heatmap",
            "title": f"Chart {n}",
            "panels": [{
                "title": None,
                "x_axis": {"label": None, "categories": cols},
                "y_axis": {"label": None, "categories": rows},
                "color_scale": {"label": "score", "min": 0, "max": 100},
                "series": [],
                "cells": [{"row": r, "col": c, "series": None, "value": round(rng.uniform(0, 100), 1)}
                          for r in rows for c in cols],
            }],
        }
        (gold_dir / f"{record['id']}.json").write_text(json.dumps(record))
        (gold_dir / f"{record['id']}.txt").write_text("## Heatmap")
        records.append(record)
    return records


def _noisy_run(run_dir: Path, records: list[dict], rng: random.Random, wrong: float) -> None:
    run_dir.mkdir(parents=True)
    lines = []
    for record in records:
        copy = json.loads(json.dumps(record))
        for cell in copy["panels"][0]["cells"]:
            if rng.random() < wrong:
                cell["value"] += 10
        lines.append(json.dumps({"id": copy["id"], "record": copy, "error": None, "elapsed_s": 0.01,
                                 "usage": {"calls": 1, "input_tokens": 900, "output_tokens": 300, "cost_usd": 0.0003}}))
    (run_dir / "records.jsonl").write_text("\n".join(lines) + "\n")
    (run_dir / "manifest.json").write_text(json.dumps({"extractor": {"name": "synthetic"}, "totals": {"elapsed_s": 1.0}}))


def _rules_run(run_dir: Path) -> None:
    from harness.extract.rules import RuleExtractor
    from harness.inputs import discover_documents
    from harness.runs.execute import run_extraction

    run_extraction(discover_documents([str(GOLD_DIR)]), RuleExtractor(), run_dir, progress=False,
                   on_error=lambda where, cause: None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="synthetic gold documents (0: the real gold/)")
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.docs:
            gold_dir = tmp_path / "gold"
            records = _synthetic_gold(gold_dir, args.docs, rng)
            _noisy_run(tmp_path / "base", records, rng, 0.10)
            _noisy_run(tmp_path / "new", records, rng, 0.08)
        else:
            gold_dir = GOLD_DIR
            _rules_run(tmp_path / "base")
            records = [json.loads(line) for line in (tmp_path / "base" / "records.jsonl").read_text().splitlines()]
            lines = []
            for item in records:
                if item["record"]:
                    for panel in item["record"]["panels"]:
                        for cell in panel["cells"]:
                            if rng.random() < 0.1:
                                cell["value"] += 10
                lines.append(json.dumps(item))
            (tmp_path / "new").mkdir()
            (tmp_path / "new" / "records.jsonl").write_text("\n".join(lines) + "\n")
        started = time.perf_counter()
        comparison = compare_runs(tmp_path / "base", [tmp_path / "new"], gold_dir)
        compared = time.perf_counter()
        comparison_text(comparison)
        comparison_json(comparison, tmp_path / "out.json")
        done = time.perf_counter()
        pair = comparison.pairs[0]
        print(f"gold documents: {len(comparison.gold)}; changed cells: {len(pair.cell_changes)}")
        print(f"compare_runs (read, score, cell outcomes, bootstrap): {compared - started:.3f} s")
        print(f"text + JSON: {done - compared:.3f} s; total: {done - started:.3f} s")


if __name__ == "__main__":
    main()
