"""Runs side by side (floor 5): ``diff`` (what changed between runs, per field, document and
gold cell, with paired bootstrap intervals), ``text`` (the tables ``harness compare`` prints),
``leaderboard`` (every run under a folder, one row each).

``harness.compare(base, new, gold)`` is the notebook call (see ``harness.verbs``).
"""

from harness.compare.diff import CellChange, Comparison, RunComparison, ScoredRun, compare_runs
from harness.verbs import make_callable

__all__ = ["CellChange", "Comparison", "RunComparison", "ScoredRun", "compare_runs"]

make_callable(__name__, "compare")
