"""Measure the model extractors on a gold set: cells P/R/F1, calls, tokens, wall time per doc.

    python benchmarks/bench_llm_designs.py --extractor llm [--gold gold] [--ids 003 004]
        [--prompt single-call] [--max-tokens 1536]
        [--base-url http://127.0.0.1:PORT/v1 --model NAME]   # else the embedded model

Prints one row per document and a total; figures feed benchmarks/llm_designs.md.
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

from harness.extract import BaseExtractor
from harness.llm.client import Decoding
from harness.llm.endpoint import Endpoint
from harness.llm.session import LLMSession
from harness.score import load_gold, score_document
from harness.score.counts import Counts


class DroppingRules(BaseExtractor):
    """The rule extractor with a fixed share of its cells removed (seeded): stands in for
    descriptions the rules read only in part, to measure what ``hybrid`` recovers."""

    def __init__(self, fraction: float, seed: int = 7) -> None:
        from harness.extract.rules import RuleExtractor

        self.rules = RuleExtractor()
        self.fraction = fraction
        self.seed = seed

    def extract(self, doc_id: str, text: str):
        import random

        record = self.rules.extract(doc_id, text)
        rng = random.Random(f"{self.seed}:{doc_id}")
        for panel in record.panels:
            panel.cells = [c for c in panel.cells if rng.random() >= self.fraction]
        return record

    def describe(self) -> dict:
        return {"extractor": "rules-with-dropped-cells", "fraction": self.fraction}


def build(name: str, session: LLMSession, prompt: str, drop: float = 0.0):
    if name.startswith("llm"):
        from harness.extract.model.llm import LLMExtractor

        options = name.split(":")[1:]  # llm:both, llm:list:nokeys ...
        axis_mode = next((o for o in options if o in ("ends", "list", "both")), "both")
        return LLMExtractor(session, prompt=prompt, axis_mode=axis_mode, discover="nokeys" not in options)
    if name.startswith("hybrid"):
        from harness.extract.model.hybrid import HybridExtractor

        policy = name.partition(":")[2] or "check"
        rules = DroppingRules(drop) if drop > 0 else None
        return HybridExtractor(session, prompt=prompt, policy=policy, rules=rules)
    raise SystemExit(f"unknown extractor {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extractor", default="llm")
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--ids", nargs="*", default=[])
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--model", default="SmolLM2-135M-Instruct")
    parser.add_argument("--prompt", default="default")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--max-tokens", type=int, default=None, help="the answer ceiling per call (Decoding.max_tokens)")
    parser.add_argument(
        "--drop-rule-cells", type=float, default=0.0, help="hybrid only: remove this share of the rules' cells first"
    )
    args = parser.parse_args(argv)

    gold = load_gold(args.gold)
    ids = [i for i in gold.ids if not args.ids or any(i.startswith(p) for p in args.ids)]
    endpoint = Endpoint.embedded(args.base_url, args.model) if args.base_url else None
    rows = []
    total = {name: Counts("set") for name in ("cells", "x_axis.categories", "y_axis.categories")}
    started = time.perf_counter()
    decoding = Decoding(max_tokens=args.max_tokens) if args.max_tokens else Decoding()
    with LLMSession(endpoint=endpoint, decoding=decoding) as session:
        extractor = build(args.extractor, session, args.prompt, args.drop_rule_cells)
        for doc_id in ids:
            t0 = time.perf_counter()
            error = None
            try:
                record, usage = extractor.extract_with_usage(doc_id, gold.descriptions[doc_id].read_text())
            except Exception as exc:  # a benchmark reports, it does not stop
                record, usage, error = None, None, f"{type(exc).__name__}: {exc}"
            wall = time.perf_counter() - t0
            score = score_document(record, gold.records[doc_id])
            for name, counts in total.items():
                counts.add(score.fields[name])
            c = score.fields["cells"]
            rows.append(
                {
                    "doc": doc_id[:24],
                    "cells_P": round(c.precision, 2),
                    "cells_R": round(c.recall, 2),
                    "cells_F1": round(c.score, 2),
                    "gold_cells": c.expected,
                    "title": score.fields["title"].score,
                    "type": score.fields["chart_type"].score,
                    "x_cats_F1": round(score.fields["x_axis.categories"].score, 2),
                    "y_cats_F1": round(score.fields["y_axis.categories"].score, 2),
                    "overall": round(score.overall, 2),
                    "calls": usage.calls if usage else 0,
                    "tok_in": usage.input_tokens if usage else 0,
                    "tok_out": usage.output_tokens if usage else 0,
                    "wall_s": round(wall, 1),
                    "error": error,
                }
            )
            if args.verbose and record is not None:
                print(doc_id, record.model_dump_json()[:1500], file=sys.stderr)
                if record.notes:
                    print("  notes:", record.notes[:300], file=sys.stderr)
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    print(table.drop(columns=["error"] if table["error"].isna().all() else []).to_string(index=False))
    cells = total["cells"]
    print(
        f"\nTOTAL {args.extractor}: cells P={cells.precision:.3f} R={cells.recall:.3f} F1={cells.score:.3f}"
        f" | x_cats F1={total['x_axis.categories'].score:.2f} y_cats F1={total['y_axis.categories'].score:.2f}"
        f" | mean overall={table['overall'].mean():.3f} | calls={table['calls'].sum()}"
        f" tok_in={table['tok_in'].sum()} tok_out={table['tok_out'].sum()}"
        f" | wall {time.perf_counter() - started:.0f}s for {len(ids)} docs"
        f" ({table['wall_s'].mean():.1f}s/doc)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
