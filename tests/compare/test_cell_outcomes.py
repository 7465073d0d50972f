from collections import Counter
from pathlib import Path

import pytest

from harness.extract.rules import RuleExtractor
from harness.inputs import discover_documents
from harness.record import Axis, Cell, ChartRecord, Panel
from harness.score import load_gold, score_document
from harness.score.outcomes import document_outcomes
from support import heatmap

GOLD_DIR = Path(__file__).resolve().parents[2] / "gold"


def cell_outcomes(predicted, gold, prepared=None):
    """The engine's per-gold-cell view, then the spurious statements (what compare reads)."""
    outcomes = document_outcomes(predicted, gold, prepared)
    return outcomes.gold_cells + [s for s in outcomes.statements if s.outcome == "spurious"]


def labels(o):
    cell = o.cell
    return cell.row, cell.col


def counts_of(outcomes):
    return Counter(o.outcome for o in outcomes)


def scorer_counts(predicted, gold):
    counts = score_document(predicted, gold).fields["cells"].as_dict()
    return {name: n for name, n in counts.items() if n}


def test_each_gold_cell_is_named_with_its_outcome_and_values():
    gold = heatmap("d", {("a", "x"): 1.0, ("a", "y"): 2.0, ("b", "x"): 3.0}, series="S")
    predicted = ChartRecord(id="d", chart_type="heatmap", panels=[Panel(cells=[
        Cell(row="A", col="x", series="s", value=1.001),  # right (case, tolerance)
        Cell(row="a", col="y", series="S", value=2.5),  # wrong
        Cell(row="z", col="x", series="S", value=9.0),  # spurious
    ])])
    outcomes = cell_outcomes(predicted, gold)
    by_key = {labels(o): o for o in outcomes}
    assert by_key[("a", "x")].outcome == "right" and by_key[("a", "x")].predicted == 1.001
    assert by_key[("a", "y")].outcome == "wrong"
    assert (by_key[("a", "y")].cell.value, by_key[("a", "y")].predicted) == (2.0, 2.5)
    assert by_key[("b", "x")].outcome == "missing" and by_key[("b", "x")].predicted is None
    assert by_key[("z", "x")].outcome == "spurious" and by_key[("z", "x")].gold_value is None
    assert by_key[("a", "x")].cell.series == "S"  # gold's spelling, not the prediction's
    assert dict(counts_of(outcomes)) == scorer_counts(predicted, gold)


def test_no_record_marks_every_gold_cell():
    gold = heatmap("d", {("a", "x"): 1.0, ("b", "x"): 2.0})
    outcomes = cell_outcomes(None, gold)
    assert [o.outcome for o in outcomes] == ["no_record", "no_record"]
    assert dict(counts_of(outcomes)) == scorer_counts(None, gold)


def test_swapped_axes_are_scored_as_the_scorer_does():
    gold = heatmap("d", {("r1", "c1"): 1.0, ("r1", "c2"): 2.0, ("r2", "c1"): 3.0})
    predicted = heatmap("d", {("c1", "r1"): 1.0, ("c2", "r1"): 2.0, ("c1", "r2"): 3.0})
    outcomes = cell_outcomes(predicted, gold)
    assert all(o.outcome == "right" and o.swapped for o in outcomes)
    assert [labels(o) for o in outcomes] == [("r1", "c1"), ("r1", "c2"), ("r2", "c1")]
    assert score_document(predicted, gold).swapped_panels == [0]


def test_a_repeated_cell_is_right_if_any_statement_agrees():
    gold = heatmap("d", {("a", "x"): 1.0})
    predicted = ChartRecord(id="d", panels=[Panel(cells=[
        Cell(row="a", col="x", value=5.0), Cell(row="a", col="x", value=1.0)])])
    outcomes = cell_outcomes(predicted, gold)
    assert [(o.outcome, getattr(o, "predicted", None) or o.cell.value) for o in outcomes] == [
        ("right", 1.0), ("spurious", 5.0)]
    assert dict(counts_of(outcomes)) == scorer_counts(predicted, gold)


def test_panels_are_aligned_as_the_scorer_aligns_them():
    left = Panel(title="Left", cells=[Cell(row="a", col="x", value=1.0)])
    right = Panel(title="Right", cells=[Cell(row="a", col="x", value=2.0)])
    gold = ChartRecord(id="d", panels=[left, right])
    extra = Panel(title="Extra", cells=[Cell(row="q", col="q", value=7.0)])
    predicted = ChartRecord(id="d", panels=[right, extra, left])
    outcomes = cell_outcomes(predicted, gold)
    assert [(o.pair, o.outcome, getattr(o, "predicted", None) or o.cell.value) for o in outcomes] == [
        (0, "right", 1.0), (1, "right", 2.0), (2, "spurious", 7.0)]
    assert [(p.gold, p.predicted) for p in document_outcomes(predicted, gold).pairs] == [(0, 2), (1, 0), (None, 1)]


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="no gold set in the repository")
def test_counts_equal_the_scorer_on_every_gold_document():
    gold = load_gold(GOLD_DIR)
    documents = {d.id: d for d in discover_documents([str(GOLD_DIR)])}
    extractor = RuleExtractor()
    checked = 0
    for doc_id in gold.ids:
        predicted = extractor.extract(doc_id, documents[doc_id].text)
        # Also a damaged copy, so wrong, missing and spurious cells occur on real layouts.
        damaged = predicted.model_copy(deep=True)
        for panel in damaged.panels:
            panel.cells = [
                Cell(row=c.row, col=c.col, series=c.series, value=c.value + 1 if i % 3 == 0 else c.value)
                for i, c in enumerate(panel.cells) if i % 5 != 1
            ] + [Cell(row="invented", col="nowhere", value=1.0)]
        for record in (predicted, damaged):
            outcomes = cell_outcomes(record, gold.records[doc_id], gold.prepared[doc_id])
            assert dict(counts_of(outcomes)) == scorer_counts(record, gold.prepared[doc_id]), doc_id
            checked += 1
    assert checked == 2 * len(gold) > 0


def test_labels_of_a_gold_cell_keep_gold_spelling():
    gold = ChartRecord(id="d", panels=[Panel(x_axis=Axis(categories=["LoRA + Prompt"]), cells=[
        Cell(row="abstract\\_algebra", col="LoRA + Prompt", value=3.0)])])
    predicted = ChartRecord(id="d", panels=[Panel(cells=[Cell(row="abstract_algebra", col="LoRA+Prompt", value=4.0)])])
    (outcome,) = cell_outcomes(predicted, gold)
    assert (*labels(outcome), outcome.outcome) == ("abstract\\_algebra", "LoRA + Prompt", "wrong")
