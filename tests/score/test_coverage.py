"""What only one side has: gold documents a run lacks, records without gold, --shared-only."""

from __future__ import annotations

import harness
from harness.record import ChartRecord
from harness.runs import Run
from harness.runs.model import RunLine
from harness.score import GoldSet, report_text


def _record(doc_id: str, value: float = 1.0) -> ChartRecord:
    return ChartRecord.model_validate(
        {"id": doc_id, "chart_type": "bar", "panels": [{"cells": [{"row": "r", "col": "c", "value": value}]}]}
    )


def _run(*ids: str) -> Run:
    run = Run()
    for doc_id in ids:
        run.add(RunLine(id=doc_id, record=_record(doc_id)))
    return run


GOLD = GoldSet.from_records([_record("a"), _record("b"), _record("c")])


def test_a_partial_run_is_said_and_can_be_scored_on_the_shared_documents_only():
    partial = _run("a", "z")
    report = harness.score(partial, GOLD)
    lines = report.coverage()
    assert any("2 of 3 gold documents are not in the run (b, c)" in line for line in lines)
    assert any("1 records have no gold (z)" in line for line in lines)
    assert report.cells_f1 == 1 / 2  # a right; b and c all missed (F1 of 1 right, 2 missed)
    assert report.shares_nothing() == []

    shared = harness.score(partial, GOLD, shared_only=True)
    assert shared.cells_f1 == 1.0 and len(shared.gold) == 1
    assert shared.baseline.documents[0].id == "a"  # the empty record on the same documents
    assert "1 documents shared by gold and every run (--shared-only)" in report_text(shared, literature=False)


def test_a_run_sharing_nothing_with_gold_is_named():
    report = harness.score(_run("x", "y"), GOLD)
    assert report.shares_nothing() == [report.runs[0].name]
    assert harness.score(_run("x"), GOLD, shared_only=True).shares_nothing() == [report.runs[0].name]


def test_a_complete_run_says_nothing():
    assert harness.score(_run("a", "b", "c"), GOLD).coverage() == []
