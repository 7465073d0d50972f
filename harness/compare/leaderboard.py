"""A leaderboard of every run under a directory: how each was made, how right it is, what it cost.

A run is any directory (at any depth) holding ``records.jsonl`` or ``manifest.json``;
hidden directories and ``__pycache__`` are not searched. Each run is one row: its path,
extractor, model, prompt, date and status (from the manifest), documents with a record
and without one (from ``records.jsonl``), overall and cells F1 (micro) against the gold
set, cost (``usage.cost_usd``) and time (``totals.elapsed_s``).

Runs are as untrusted as anything else on disk: a rules run without usage, an old run
without a manifest, a manifest that is not JSON, a directory with a manifest and no
records. Each still gets its row, with what could not be read said in ``note`` and once
more in ``problems`` (one line per run); nothing in one run can stop the others.

The empty record gets a row too, so every overall score is read beside its floor.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from harness.compare.text import printable
from harness.runs import MANIFEST_FILE, RECORDS_FILE, Manifest, read_run
from harness.runs.cost import run_cost
from harness.runs.files import one_line, read_manifest
from harness.runs.provenance import provenance
from harness.score import GoldSet, RunRecords, load_gold, score_empty_record, score_run
from harness.score.bulk import collection_paused
from harness.score.run import EMPTY_RECORD

COLUMNS = ["run", "extractor", "model", "prompt", "date", "status", "ok", "failed",
           "overall", "cells_f1", "cost_usd", "time_s", "note"]
# Best first: higher is better for these, so they sort descending (and dates newest
# first); everything else ascending (cheapest, fastest, fewest failures, A to Z).
DESCENDING = frozenset({"overall", "cells_f1", "ok", "date"})
DEFAULT_SORT = "cells_f1"
EMPTY_RECORD_ROW = f"({EMPTY_RECORD})"
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules"})


@dataclass
class Leaderboard:
    root: Path
    gold: GoldSet | None
    table: pd.DataFrame
    problems: list[str] = field(default_factory=list)  # one line per run not read in whole

    @property
    def runs(self) -> int:
        return int((self.table["run"] != EMPTY_RECORD_ROW).sum())


def find_run_dirs(root: Path | str) -> list[Path]:
    """Every directory under ``root`` (itself included) with ``records.jsonl`` or ``manifest.json``."""
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a directory")
    found = []
    for current, dirs, files in os.walk(root, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        if RECORDS_FILE in files or MANIFEST_FILE in files:
            found.append(Path(current))
    return sorted(found)


def build_leaderboard(
    root: Path | str,
    gold: GoldSet | Path | str | None,
    *,
    sort: str = DEFAULT_SORT,
    reverse: bool = False,
) -> Leaderboard:
    """One row per run under ``root``, scored against ``gold`` (None: listed without scores).

    Raises NotADirectoryError when ``root`` or the gold directory is not a directory and
    ValueError for an unknown sort column.
    """
    if sort not in COLUMNS:
        raise ValueError(f"unknown column {sort!r} to sort by (choose from {', '.join(COLUMNS)})")
    root = Path(root)
    gold_set = gold if isinstance(gold, GoldSet) or gold is None else load_gold(gold)
    rows, problems = [], []
    for path in find_run_dirs(root):
        row, trouble = _run_row(path, root, gold_set)
        rows.append(row)
        problems.extend(f"{path}: {line}" for line in trouble)
    if gold_set is not None and len(gold_set):
        rows.append(_empty_record_row(gold_set))
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("ok", "failed"):
        table[column] = table[column].astype("Int64")
    for column in ("overall", "cells_f1", "cost_usd", "time_s"):
        table[column] = table[column].astype("float64")
    return Leaderboard(root=root, gold=gold_set, table=sort_table(table, sort, reverse=reverse), problems=problems)


def sort_table(table: pd.DataFrame, column: str, *, reverse: bool = False) -> pd.DataFrame:
    """Best first by ``column`` (see DESCENDING), unknown values last; ``reverse`` flips the order."""
    ascending = column not in DESCENDING
    if reverse:
        ascending = not ascending
    return table.sort_values(column, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)


def _run_row(path: Path, root: Path, gold: GoldSet | None) -> tuple[dict[str, Any], list[str]]:
    """The row of one run, and what could not be read in it (each a short phrase)."""
    relative = path.relative_to(root).as_posix() if path != root else "."
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row["run"] = relative
    trouble: list[str] = []  # what could not be read: also a problem line
    remarks: list[str] = []  # what a reader should know, though nothing is broken
    try:
        _fill_row(row, path, gold, trouble, remarks)
    except Exception as exc:  # noqa: BLE001 - one unreadable run must not hide the others
        trouble.append(f"could not be read ({type(exc).__name__}: {one_line(str(exc), 160)})")
    row["note"] = "; ".join([*trouble, *remarks]) or None
    return row, trouble


def _fill_row(
    row: dict[str, Any], path: Path, gold: GoldSet | None, trouble: list[str], remarks: list[str]
) -> None:
    manifest_path = path / MANIFEST_FILE
    if not (path / RECORDS_FILE).is_file():
        try:
            manifest = read_manifest(manifest_path, strict=True)
        except ValueError as exc:
            trouble.append(str(exc))  # "unreadable manifest (...)", "manifest is not a JSON object"
            manifest = None
        _fill_provenance(row, Manifest.read(manifest) if manifest is not None else None)
        trouble.append(f"no {RECORDS_FILE}")
        return
    with collection_paused():
        run = read_run(path)
    manifest_problems = [p for p in run.problems if p.startswith(str(manifest_path))]
    line_problems = len(run.problems) - len(manifest_problems)
    for problem in manifest_problems:
        cause = problem[len(str(manifest_path)) + 2:]  # after "PATH: "
        trouble.append(cause if "manifest" in cause else f"manifest {cause}")
    if line_problems:
        trouble.append(f"{line_problems} unreadable line{'s' if line_problems != 1 else ''} in {RECORDS_FILE}")
    _fill_provenance(row, run.manifest)
    row["ok"] = sum(record is not None for record in run.records.values())
    row["failed"] = len(run.records) - row["ok"]
    cost = run_cost(run.manifest, run.lines.values())
    row["cost_usd"] = cost.cost_usd
    row["time_s"] = None if cost.elapsed_s is None else float(cost.elapsed_s)
    if gold is not None and len(gold):
        records = RunRecords(name=row["run"], records=run.records, errors=run.errors, path=path)
        score = score_run(records, gold)
        row["overall"] = score.overall
        row["cells_f1"] = score.cells.f1
        extra = len(score.records_without_gold)
        if extra:
            remarks.append(f"{extra} record{'s' if extra != 1 else ''} not in gold (not scored)")


def _fill_provenance(row: dict[str, Any], manifest: Manifest | None) -> None:
    p = provenance(manifest)
    row.update(extractor=p.extractor, model=p.model, prompt=p.prompt, date=p.started_at, status=p.status)


def _empty_record_row(gold: GoldSet) -> dict[str, Any]:
    empty = score_empty_record(gold)
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(run=EMPTY_RECORD_ROW, overall=empty.overall, cells_f1=empty.cells.f1,
               note="the floor: what a record stating nothing earns")
    return row


def leaderboard_text(board: Leaderboard) -> str:
    """The leaderboard as the CLI prints it."""

    def show(column: str, value: Any) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return "-"
        if column in ("overall", "cells_f1"):
            return f"{value:.3f}"
        if column == "cost_usd":
            return f"{value:.4f}"
        if column == "time_s":
            return f"{value:.1f}"
        if column in ("ok", "failed"):
            return str(int(value))
        if column == "date":
            # ISO 8601 to the minute is enough to tell runs apart; the CSV keeps it whole.
            return printable(str(value)[:16].replace("T", " "), 16)
        limit = {"run": 50, "note": 60}.get(column, 30)
        return printable(value, limit)

    table = board.table
    shown = pd.DataFrame({column: [show(column, v) for v in table[column]] for column in COLUMNS})
    gold = board.gold
    if gold is None:
        head = f"{board.runs} runs under {board.root} (no gold set: not scored)"
    else:
        where = gold.dir if gold.dir is not None else "(in memory)"
        head = f"{board.runs} runs under {board.root}, scored against {where} ({len(gold)} documents)"
    return head + "\n" + shown.to_string(index=False)


def to_csv(board: Leaderboard, path: Path | str) -> None:
    board.table.to_csv(path, index=False)


__all__ = [
    "COLUMNS",
    "DEFAULT_SORT",
    "EMPTY_RECORD_ROW",
    "Leaderboard",
    "build_leaderboard",
    "find_run_dirs",
    "leaderboard_text",
    "sort_table",
    "to_csv",
]
