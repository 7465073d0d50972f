"""The prompt-iteration loop: extract, compare with the round before, wait for the prompt to change.

``harness iterate gold --extractor llm --prompt my-prompt`` runs one round (an extraction
into ``runs/iterate/PROMPT-NNN``), compares it with the previous round (or ``--base``) and
prints what changed per field, per document and per cell, with the bootstrap interval that
says whether the change is more than noise. It then watches the prompt file and starts the
next round when its bytes change. The response cache makes each round cheap: only the calls
whose text changed reach the model.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.compare.diff import Comparison, compare_runs
from harness.compare.text import comparison_text
from harness.inputs import Document
from harness.prompts import prompt_path
from harness.runs.execute import ErrorReporter, RunSummary, print_error
from harness.runs.settings import ExtractSettings, run_configured
from harness.score import report_text, score_runs


@dataclass
class Round:
    number: int
    run_dir: Path
    summary: RunSummary
    previous: Path | None
    comparison: Comparison | None  # None on a first round without --base
    text: str  # what the CLI prints for the round


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # mid-save or removed: not a change yet


def wait_for_change(path: Path, digest: str | None, poll_s: float = 1.0,
                    should_stop: Callable[[], bool] = lambda: False) -> str | None:
    """Block until ``path``'s bytes differ from ``digest``; the new digest, or None when stopped."""
    while not should_stop():
        time.sleep(poll_s)
        now = file_digest(path)
        if now is not None and now != digest:
            return now
    return None


def next_run_dir(root: Path, stem: str) -> tuple[int, Path]:
    number = 1
    while (root / f"{stem}-{number:03d}").exists():
        number += 1
    return number, root / f"{stem}-{number:03d}"


def run_round(documents: Sequence[Document], settings: ExtractSettings, gold_dir: Path | str,
              root: Path | str, previous: Path | None, on_error: ErrorReporter = print_error) -> Round:
    """One round: extract into the next free ``root/PROMPT-NNN`` and compare with ``previous``."""
    stem = f"{settings.extractor}-{Path(str(settings.prompt)).stem}"
    number, out = next_run_dir(Path(root), stem)
    summary = run_configured(documents, dataclasses.replace(settings, out_dir=out), on_error=on_error)
    header = f"round {number}: {summary.line()}"
    if previous is None:
        report = score_runs([out], gold_dir, progress=False)
        return Round(number, out, summary, None, None, f"{header}\n\n{report_text(report)}")
    comparison = compare_runs(previous, [out], gold_dir)
    return Round(number, out, summary, previous, comparison, f"{header}\n\n{comparison_text(comparison)}")


def iterate(
    documents: Sequence[Document],
    settings: ExtractSettings,
    gold_dir: Path | str,
    root: Path | str = Path("runs") / "iterate",
    base: Path | None = None,
    rounds: int | None = None,
    poll_s: float = 1.0,
    on_round: Callable[[Round], None] = lambda r: print(r.text, flush=True),
    should_stop: Callable[[], bool] = lambda: False,
    on_error: ErrorReporter = print_error,
) -> list[Round]:
    """Run rounds until ``rounds`` are done or ``should_stop()``; each new round waits for the prompt to change."""
    prompt_file = prompt_path(settings.prompt)
    done: list[Round] = []
    previous = base
    while True:
        digest = file_digest(prompt_file)
        current = run_round(documents, settings, gold_dir, root, previous, on_error)
        done.append(current)
        on_round(current)
        previous = current.run_dir
        if rounds is not None and len(done) >= rounds:
            return done
        if wait_for_change(prompt_file, digest, poll_s, should_stop) is None:
            return done
