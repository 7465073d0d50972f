"""A run directory under the accidents of real use, each made for real with real processes:
a second writer, two writers started at once, a writer killed at any moment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from harness.runs import read_run

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"


def _inputs(folder: Path, copies: int) -> Path:
    """``copies`` differently named copies of every gold description: a run long enough to interrupt."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(p for p in GOLD.rglob("*") if p.suffix in (".txt", ".md") and p.stem.upper() != p.stem)
    for k in range(copies):
        for path in texts:
            (folder / f"c{k}_{path.stem}.txt").write_bytes(path.read_bytes())
    return folder


def _extract(inputs: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", "from harness.cli import main; main()", "extract", str(inputs),
                             "--extractor", "rules", "--out", str(out), "--no-progress"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ids_in_file(run: Path) -> list[str]:
    lines = (run / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines if line.strip()]


def test_a_second_writer_is_refused_in_one_line_and_changes_nothing(tmp_path):
    inputs = _inputs(tmp_path / "in", 1)
    run = tmp_path / "run"
    first = _extract(inputs, run)
    assert first.wait(timeout=300) == 0
    before = (run / "records.jsonl").read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from harness.runs.lock import writing
            with writing({str(run)!r}):
                print("holding", flush=True)
                sys.stdin.readline()
        """)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        second = _extract(inputs, run)
        out, err = second.communicate(timeout=300)
        assert second.returncode == 2
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in err
        assert "is being written by another harness process" in lines[0] and f"pid {holder.pid}" in lines[0]
        assert (run / "records.jsonl").read_bytes() == before
    finally:
        holder.communicate("\n", timeout=30)


def test_two_extracts_started_at_once_write_every_id_once(tmp_path):
    inputs = _inputs(tmp_path / "in", 4)
    run = tmp_path / "run"
    both = [_extract(inputs, run), _extract(inputs, run)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in both]
    codes = sorted(code for code, _ in results)
    # One writes; the other is refused (or, started after the first finished, finds all done).
    assert codes in ([0, 0], [0, 2]), results
    for code, err in results:
        if code == 2:
            assert "being written by another harness process" in err and "Traceback" not in err
    ids = _ids_in_file(run)
    assert len(ids) == len(set(ids)) == len(list(inputs.iterdir()))
    assert read_run(run).problems == []


def test_a_run_killed_at_any_moment_resumes_to_the_same_records(tmp_path):
    inputs = _inputs(tmp_path / "in", 3)
    clean = tmp_path / "clean"
    assert _extract(inputs, clean).wait(timeout=600) == 0
    expected = read_run(clean).records
    for delay in (0.3, 0.8, 1.5, 2.5):
        run = tmp_path / f"killed-{delay}"
        victim = _extract(inputs, run)
        time.sleep(delay)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=60)
        resumed = _extract(inputs, run)
        assert resumed.wait(timeout=600) == 0, resumed.stderr.read()
        ids = _ids_in_file(run)
        assert len(ids) == len(set(ids)), f"killed after {delay} s: an id written twice"
        back = read_run(run)
        assert back.records == expected, f"killed after {delay} s: records differ after the resume"
        assert back.manifest.status == "complete"
