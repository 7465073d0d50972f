"""harness: chart descriptions -> chart records, measured against a hand-curated gold set.

Data flows one way: description -> record -> run -> score -> compare / report.

The notebook API (``harness.api``), in memory from end to end::

    import harness
    gold = harness.load_gold("gold")
    run = harness.extract(gold.texts(), extractor="rules")   # save with run.save(dir)
    scores = harness.score(run, gold)                        # .cells_f1, .table()
    diff = harness.compare(base_run, run, gold)              # .deltas, .flipped, .intervals
    harness.report(run, gold, "report.html")
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_VERBS = ("extract", "score", "compare", "report")  # callable packages (harness.verbs)


def __getattr__(name: str) -> Any:
    # Loaded on first use, so that ``import harness.record`` stays light.
    if name in _VERBS:
        return importlib.import_module(f"harness.{name}")
    if name == "load_gold":
        return importlib.import_module("harness.score").load_gold
    if name == "Run":
        return importlib.import_module("harness.runs").Run
    if name == "api":
        return importlib.import_module("harness.api")
    raise AttributeError(f"module 'harness' has no attribute {name!r}")
