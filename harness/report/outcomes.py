"""Which predicted cell was right, wrong or spurious, and which gold cell was missed.

The scorer (``harness.score``) counts outcomes per field; the report needs them per cell,
to colour each value where the description states it. The decisions are the scorer's own:
the same panel alignment (``align_panels``), the same choice of swapped rows and columns
(``match_cells``), the same label aliasing and tolerance. Only the attribution of a count
to one cell is added here, following ``harness.score.cells``: for a (row, col, series)
stated several times, the first agreeing statement is the right one (or, when none
agrees, the first is the wrong one) and every other statement is spurious. The tallies
therefore equal the scorer's cell counts, which the tests check on every gold document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from harness.record import Cell, ChartRecord
from harness.score.align import align_panels
from harness.score.cells import match_cells
from harness.score.normalize import normalize_label
from harness.score.panels import (
    CellKey,
    ComparablePanel,
    GoldPanel,
    GoldRecord,
    comparable_record,
    gold_record,
)
from harness.score.tolerance import values_agree

RIGHT = "right"
WRONG = "wrong"
SPURIOUS = "spurious"
MISSED = "missed"

# Why a predicted cell is spurious (shown beside it).
NOT_IN_GOLD = "gold states no such cell"
STATED_AGAIN = "stated again (one statement per cell is scored)"
PANEL_NOT_IN_GOLD = "its panel has no gold partner"


@dataclass(slots=True)
class PanelPair:
    """One panel slot as the scorer aligned it: gold and predicted panel indices."""

    gold: int | None
    predicted: int | None
    swapped: bool = False  # cells scored with rows and columns swapped


@dataclass(slots=True)
class PredictedCell:
    pair: int  # index into DocumentOutcomes.pairs
    panel: int  # predicted panel index
    index: int  # the cell's position in that panel
    cell: Cell
    key: CellKey  # normalised (row, col, series), in gold's terms where aliasing found one
    outcome: str  # RIGHT, WRONG or SPURIOUS
    gold_value: float | None = None
    why: str = ""


@dataclass(slots=True)
class MissedCell:
    pair: int
    panel: int  # gold panel index
    cell: Cell  # the gold cell, labels as gold writes them
    key: CellKey


@dataclass(slots=True)
class DocumentOutcomes:
    pairs: list[PanelPair] = field(default_factory=list)
    predicted: list[PredictedCell] = field(default_factory=list)
    missed: list[MissedCell] = field(default_factory=list)

    def tally(self) -> Counter[str]:
        counts = Counter(cell.outcome for cell in self.predicted)
        counts[MISSED] = len(self.missed)
        return counts


def cell_outcomes(
    predicted: ChartRecord | None, gold: ChartRecord, prepared: GoldRecord | None = None
) -> DocumentOutcomes:
    """Every predicted cell's outcome and every missed gold cell of one document.

    ``prepared`` is the gold record in the scorer's form (``GoldSet.prepared[id]``);
    it is built from ``gold`` when not given.
    """
    gold_side = prepared if prepared is not None else gold_record(gold)
    out = DocumentOutcomes()
    if predicted is None:
        for index in range(len(gold_side.panels)):
            out.pairs.append(PanelPair(index, None))
            _all_missed(out, len(out.pairs) - 1, gold, index)
        return out

    pred = comparable_record(predicted)
    for gold_index, pred_index in align_panels(gold_side.panels, pred.panels):
        pair_index = len(out.pairs)
        if gold_index is None:
            assert pred_index is not None
            out.pairs.append(PanelPair(None, pred_index))
            cells = zip(predicted.panels[pred_index].cells, pred.panels[pred_index].cells)
            for index, (cell, key) in enumerate(cells):
                out.predicted.append(PredictedCell(
                    pair_index, pred_index, index, cell, key[:3], SPURIOUS, why=PANEL_NOT_IN_GOLD
                ))
            continue
        if pred_index is None:
            out.pairs.append(PanelPair(gold_index, None))
            _all_missed(out, pair_index, gold, gold_index)
            continue
        g, p = gold_side.panels[gold_index], pred.panels[pred_index]
        swapped = match_cells(g, p).swapped
        out.pairs.append(PanelPair(gold_index, pred_index, swapped))
        _compare_pair(out, pair_index, gold, predicted, gold_index, pred_index, g, p, swapped)
    return out


def _compare_pair(
    out: DocumentOutcomes,
    pair_index: int,
    gold: ChartRecord,
    predicted: ChartRecord,
    gold_index: int,
    pred_index: int,
    g: GoldPanel,
    p: ComparablePanel,
    swapped: bool,
) -> None:
    cells = predicted.panels[pred_index].cells
    found: list[PredictedCell] = []
    by_key: dict[CellKey, list[int]] = {}
    for index, (row, col, series, _value) in enumerate(p.cells):
        if swapped:
            row, col = col, row
        key = (g.rows.resolve(row), g.cols.resolve(col), g.series_labels.resolve(series))
        if key in g.values:
            by_key.setdefault(key, []).append(index)
        else:
            found.append(
                PredictedCell(pair_index, pred_index, index, cells[index], key, SPURIOUS, why=NOT_IN_GOLD)
            )
    for key, indices in by_key.items():
        gold_value = g.values[key]
        agreeing = [i for i in indices if values_agree(cells[i].value, gold_value)]
        chosen = agreeing[0] if agreeing else indices[0]
        for i in indices:
            if i == chosen:
                outcome, why = (RIGHT if agreeing else WRONG), ""
            else:
                outcome, why = SPURIOUS, STATED_AGAIN
            found.append(
                PredictedCell(pair_index, pred_index, i, cells[i], key, outcome, gold_value, why)
            )
    for cell, key in _gold_cells(gold, gold_index):
        if key not in by_key:
            out.missed.append(MissedCell(pair_index, gold_index, cell, key))
    # Back in the predicted panel's reading order, whatever the grouping above did.
    found.sort(key=lambda c: c.index)
    out.predicted.extend(found)


def _all_missed(out: DocumentOutcomes, pair_index: int, gold: ChartRecord, gold_index: int) -> None:
    for cell, key in _gold_cells(gold, gold_index):
        out.missed.append(MissedCell(pair_index, gold_index, cell, key))


def _gold_cells(gold: ChartRecord, gold_index: int) -> list[tuple[Cell, CellKey]]:
    """Each gold cell once per key (the first statement is the gold one, as in the scorer)."""
    seen: set[CellKey] = set()
    out = []
    for cell in gold.panels[gold_index].cells:
        key = (normalize_label(cell.row), normalize_label(cell.col), normalize_label(cell.series))
        if key not in seen:
            seen.add(key)
            out.append((cell, key))
    return out
