"""Runs: the typed run (manifest, run line, usage totals), a run in memory, its files, its cost.

Floor 3. ``model`` (what the files hold) -> ``files`` (reading and writing them safely) ->
``run`` (a :class:`Run` in memory: load, save) -> ``cost`` / ``provenance`` (what a run cost,
how it was made). Executing an extractor over documents is ``harness.runs.execute`` (and,
from settings, ``harness.runs.settings``); they are not imported here, so that a reader of
runs (the scorer) never loads an extractor.
"""

from harness.runs.cost import RunCost, run_cost
from harness.runs.files import MANIFEST_FILE, RECORDS_FILE
from harness.runs.model import Manifest, RunLine, Totals, UsageTotals
from harness.runs.provenance import Provenance, provenance
from harness.runs.run import Run, RunData, read_run, read_run_data

__all__ = [
    "MANIFEST_FILE",
    "RECORDS_FILE",
    "Manifest",
    "Provenance",
    "Run",
    "RunData",
    "RunCost",
    "RunLine",
    "Totals",
    "UsageTotals",
    "provenance",
    "read_run",
    "read_run_data",
    "run_cost",
]
