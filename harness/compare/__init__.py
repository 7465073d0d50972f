"""Runs side by side (floor 5): ``diff`` (one run against another, per field and document,
with paired bootstrap intervals), ``changes`` (documents and gold cells that flipped), ``text``
(the tables ``harness compare`` prints),
``leaderboard`` (every run under a folder, one row each).

``harness.compare(base, new, gold)`` is the notebook call (see ``harness.verbs``).
"""

from harness.compare.diff import CellChange, Comparison, RunComparison, ScoredRun, compare_runs
from harness.verbs import make_callable

__all__ = ["CellChange", "Comparison", "RunComparison", "ScoredRun", "compare_runs"]

make_callable(__name__, "compare")
