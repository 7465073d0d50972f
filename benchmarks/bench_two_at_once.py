"""Two extractions on the embedded model at once, as a ratio to one alone (issue 12, item 4).

Each run is ``harness extract SEED --extractor hybrid`` with its own empty response cache,
so every call reaches the model. The machine's shared server is started (and kept warm by a
lease held here) before timing, so both figures leave out loading the model once. Target:
two at once take <= 2.2x one alone (two private servers on 2 cores took 27x).

    python benchmarks/bench_two_at_once.py [--seed-file PATH] [--private]

``--private`` also times two runs with a private server each (HARNESS_SHARED_SERVER=0), the
old behaviour; on 2 cores that takes minutes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness.llm.shared_server import SharedServer, state_dir

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "001_3c87be6f4f54a292.txt"


def _start(seed: Path, work: Path, name: str, shared: bool) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HARNESS_CACHE_DIR": str(work / f"cache-{name}"),
           "HARNESS_SHARED_SERVER": "1" if shared else "0"}
    command = [sys.executable, "-m", "harness.cli", "extract", str(seed), "--extractor", "hybrid",
               "--out", str(work / name), "--no-progress"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _timed(seed: Path, work: Path, names: list[str], shared: bool = True) -> float:
    began = time.perf_counter()
    processes = [_start(seed, work, name, shared) for name in names]
    for process in processes:
        _, err = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"harness extract failed: {err.strip().splitlines()[-1:]}")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-file", type=Path, default=SEED)
    parser.add_argument("--private", action="store_true", help="also time two private servers at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SharedServer(directory=state_dir()) as lease:
        work = Path(tmp)
        print(f"shared server {lease.base_url} ({'started here' if lease.started_here else 'already running'})")
        alone = _timed(args.seed_file, work, ["alone"])
        together = _timed(args.seed_file, work, ["first", "second"])
        print(f"one extraction alone:       {alone:6.1f} s")
        print(f"two at once, shared server: {together:6.1f} s = {together / alone:.2f}x one alone (target <= 2.2x)")
        if args.private:
            private = _timed(args.seed_file, work, ["private-1", "private-2"], shared=False)
            print(f"two at once, private servers: {private:6.1f} s = {private / alone:.2f}x one alone")


if __name__ == "__main__":
    main()
