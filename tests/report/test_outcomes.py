"""The outcome engine, per statement: each predicted cell right / wrong / spurious, each missing gold cell.

The attribution must add up to the scorer's own cell counts, on hand-made cases and on
every gold document under many perturbations of its gold record.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from harness.record import Axis, ChartRecord, Panel
from harness.score import load_gold, score_document
from harness.score.outcomes import (
    MISSING,
    NO_RECORD,
    NOT_IN_GOLD,
    PANEL_NOT_IN_GOLD,
    RIGHT,
    SPURIOUS,
    STATED_AGAIN,
    WRONG,
    document_outcomes,
)
from support import cell

from .fixtures import tiny_gold, tiny_heatmap, tiny_prediction

GOLD_DIR = Path(__file__).resolve().parents[2] / "gold"


def assert_matches_scorer(predicted: ChartRecord | None, gold: ChartRecord) -> None:
    tally = document_outcomes(predicted, gold).tally()
    counts = score_document(predicted, gold).fields["cells"]
    assert tally[RIGHT] == counts.right
    assert tally[WRONG] == counts.wrong
    assert tally[SPURIOUS] == counts.spurious
    assert tally[MISSING] == counts.missing and tally[NO_RECORD] == counts.no_record


def test_each_kind_of_outcome() -> None:
    outcomes = document_outcomes(tiny_prediction(), tiny_gold())
    by_label = {(c.cell.row, c.cell.col): c for c in outcomes.statements}
    assert by_label["X", "A"].outcome == RIGHT
    assert by_label["X", "B"].outcome == WRONG and by_label["X", "B"].gold_value == 0.75
    assert by_label["Z", "A"].outcome == SPURIOUS and by_label["Z", "A"].why == NOT_IN_GOLD
    assert by_label["Y", "B"].outcome == RIGHT
    assert [(m.cell.row, m.cell.col, m.cell.value) for m in outcomes.missing] == [("Y", "A", 0.25)]
    # Reading order of the prediction is kept.
    assert [c.cell.row + c.cell.col for c in outcomes.statements] == ["XA", "XB", "ZA", "ZB", "YB"]
    assert_matches_scorer(tiny_prediction(), tiny_gold())


def test_a_cell_stated_twice_counts_once_and_the_agreeing_statement_is_the_right_one() -> None:
    gold = tiny_heatmap("d", [cell("X", "A", 1.0)])
    predicted = tiny_heatmap("d", [cell("X", "A", 5.0), cell("X", "A", 1.0), cell("X", "A", 7.0)])
    outcomes = document_outcomes(predicted, gold)
    assert [(c.cell.value, c.outcome) for c in outcomes.statements] == [
        (5.0, SPURIOUS), (1.0, RIGHT), (7.0, SPURIOUS)]
    assert outcomes.statements[0].why == STATED_AGAIN
    assert_matches_scorer(predicted, gold)


def test_no_record_misses_everything() -> None:
    outcomes = document_outcomes(None, tiny_gold())
    assert outcomes.statements == [] and len(outcomes.missing) == 4
    assert_matches_scorer(None, tiny_gold())


def test_swapped_panel_cells_are_placed_in_gold_terms() -> None:
    gold = tiny_heatmap("d", [cell("X", "A", 1.0), cell("X", "B", 2.0), cell("Y", "A", 3.0)])
    predicted = tiny_heatmap("d", [cell("A", "X", 1.0), cell("B", "X", 2.0), cell("A", "Y", 3.0)],
                             rows=["A", "B"], cols=["X", "Y"])
    outcomes = document_outcomes(predicted, gold)
    assert outcomes.pairs[0].swapped
    assert {c.outcome for c in outcomes.statements} == {RIGHT}
    assert {c.key[:2] for c in outcomes.statements} == {("x", "a"), ("x", "b"), ("y", "a")}
    assert_matches_scorer(predicted, gold)


def test_a_panel_without_gold_partner_is_all_spurious() -> None:
    gold = tiny_heatmap("d", [cell("X", "A", 1.0)])
    predicted = gold.model_copy(deep=True)
    predicted.panels.append(Panel(title="extra", cells=[cell("P", "Q", 4.0)]))
    outcomes = document_outcomes(predicted, gold)
    extra = [c for c in outcomes.statements if c.panel == 1]
    assert [(c.outcome, c.why) for c in extra] == [(SPURIOUS, PANEL_NOT_IN_GOLD)]
    assert_matches_scorer(predicted, gold)


def perturbed(gold: ChartRecord, rng: random.Random) -> ChartRecord:
    """A prediction made from a gold record by hand-written edits (never from an extractor)."""
    record = gold.model_copy(deep=True)
    for panel in record.panels:
        cells = []
        for c in panel.cells:
            roll = rng.random()
            if roll < 0.15:
                continue  # missed
            if roll < 0.3:
                c = c.model_copy(update={"value": c.value * 1.5 + 1})  # wrong
            cells.append(c)
            if rng.random() < 0.05:
                cells.append(c.model_copy(update={"value": c.value + rng.choice([0, 3])}))  # stated again
        if cells and rng.random() < 0.5:
            cells.append(cells[0].model_copy(update={"row": "Nowhere"}))  # spurious
        if rng.random() < 0.15:
            cells = [c.model_copy(update={"row": c.col, "col": c.row}) for c in cells]  # swapped
            panel.x_axis, panel.y_axis = Axis(categories=panel.y_axis.categories), Axis(
                categories=panel.x_axis.categories)
        panel.cells = cells
    if record.panels and rng.random() < 0.15:
        record.panels.pop(rng.randrange(len(record.panels)))
    if rng.random() < 0.1:
        record.panels.append(Panel(title="Invented", cells=[cell("a", "b", 1.0)]))
    return record


@pytest.mark.parametrize("seed", range(8))
def test_tallies_equal_the_scorer_on_every_gold_document(seed: int) -> None:
    gold = load_gold(GOLD_DIR)
    assert len(gold) >= 29
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    for doc_id in gold.ids:
        predicted = perturbed(gold.records[doc_id], rng)
        assert_matches_scorer(predicted, gold.records[doc_id])
        outcomes = document_outcomes(predicted, gold.records[doc_id])
        seen.update(outcomes.tally())
        seen["swapped"] += sum(pair.swapped for pair in outcomes.pairs)
    # The edits did exercise every outcome (and the swap), so the equality above means something.
    assert all(seen[kind] > 0 for kind in (RIGHT, WRONG, SPURIOUS, MISSING, "swapped")), seen
