"""How fast the scorer is: a synthetic gold set of N documents x 100 cells, and a noisy
prediction for each, scored in memory (and, with --disk, end to end from files).

Targets: 10,000 documents scored in <= 10 s in memory; end to end from disk (``--disk``:
reading 10,000 gold files and a 10,000-line run, scoring, the empty record) in <= 3 s.
Records are validated once, when built (as reading a run or gold file validates them once).

    python benchmarks/bench_score.py [--docs 10000] [--disk]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from harness.record import ChartRecord
from harness.score import GoldSet, score_empty_record, score_run, score_runs

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
    parser.add_argument("--disk", action="store_true", help="also time score_runs from files")
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
            gold_dir.mkdir()
            run_dir.mkdir()
            for g in gold_dicts:
                (gold_dir / f"{g['id']}.json").write_text(json.dumps(g), encoding="utf-8")
                (gold_dir / f"{g['id']}.txt").write_text("synthetic", encoding="utf-8")
            with (run_dir / "records.jsonl").open("w", encoding="utf-8") as out:
                for p in pred_dicts:
                    out.write(json.dumps({"id": p["id"], "record": p, "error": None}) + "\n")
            (run_dir / "manifest.json").write_text('{"extractor": "synthetic"}', encoding="utf-8")
            t7 = time.perf_counter()
            report = score_runs([run_dir], gold_dir)
            t8 = time.perf_counter()
            print(f"end to end from disk (load gold + run, score, empty record): {t8 - t7:.2f} s = "
                  f"{args.docs / (t8 - t7):,.0f} docs/s; headline {report.runs[0].cells.f1:.3f} "
                  f"(target: 10,000 docs <= 3 s)")
            t9 = time.perf_counter()
            literature = report.runs[0].literature()
            t10 = time.perf_counter()
            print(f"literature metrics (RMS, RNSS, SCRM) on top, as harness score prints them: {t10 - t9:.2f} s; "
                  f"RMS F1 {literature.means['RMS F1']:.3f} (harness score --no-literature skips them)")


if __name__ == "__main__":
    main()
