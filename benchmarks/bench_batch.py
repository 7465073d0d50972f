"""How many batch jobs a design takes, and what they send, against the same run made live.

    python benchmarks/bench_batch.py [--inputs gold] [--extractors llm hybrid]

For each extractor: ``harness extract INPUTS`` live against the stub chat server
(harness.llm.stub_server, answering each request with a minimal valid answer), then
``harness extract INPUTS --batch`` against the Batch API stand-in
(harness.llm.batch_standin) in front of the same server. Prints the live calls, the
requests the jobs sent, the jobs (one per round), the answers no document used (requests
built on a guess), and whether the records are identical. docs/scaling.md quotes these.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.llm.batch_standin import BatchStandIn
from harness.llm.stub_server import StubServer


def extract(inputs: str, extractor: str, base_url: str, out: Path, *flags: str) -> str:
    command = [sys.executable, "-m", "harness.cli", "extract", inputs, "--extractor", extractor,
               "--model", "stub-model", "--base-url", base_url, "--out", str(out), "--no-cache",
               "--no-progress", *flags]
    done = subprocess.run(command, capture_output=True, text=True, env=None)
    if done.returncode not in (0, 1):
        raise SystemExit(f"harness extract failed: {done.stderr.strip().splitlines()[-1:]}")
    return done.stdout


def records(run: Path) -> dict[str, object]:
    lines = (run / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["id"]: json.loads(line)["record"] for line in lines}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", default="gold")
    parser.add_argument("--extractors", nargs="+", default=["llm", "hybrid"])
    args = parser.parse_args()
    print("| design | live calls | batch requests sent | jobs (rounds) | answers no document used | records |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for extractor in args.extractors:
            with StubServer() as chat:
                extract(args.inputs, extractor, chat.base_url, Path(tmp) / f"live-{extractor}")
                live_calls = chat.calls
                with BatchStandIn(chat.base_url) as standin:
                    said = extract(args.inputs, extractor, standin.base_url, Path(tmp) / f"batch-{extractor}",
                                   "--batch", "--batch-poll", "0.05")
                    jobs = len(standin.created)
                sent = chat.calls - live_calls
            unused = next((line.rsplit("; ", 1)[-1].split()[0] for line in said.splitlines()
                           if line.startswith("batch:")), "?")
            same = records(Path(tmp) / f"live-{extractor}") == records(Path(tmp) / f"batch-{extractor}")
            print(f"| `{extractor}` | {live_calls:,} | {sent:,} | {jobs} | {unused} | "
                  f"{'identical' if same else 'DIFFERENT'} |")


if __name__ == "__main__":
    main()
