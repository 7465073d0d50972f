"""Cell matching for one aligned pair of panels, with rows and columns swapped if better.

A predicted cell matches the gold cell with the same normalised, aliased
(row, col, series) key when its value is within tolerance. Several predicted cells for
one key count once: right if any of them agrees, wrong otherwise, and every extra one is
spurious. One pass over the predicted cells, dict lookups only.

record-format.md lets a panel's cells be scored with rows and columns swapped when that
matches better. Only the cells are swapped (axis labels and categories are scored as
stated), and the swap is never silent: the result carries ``swapped`` and the report
counts and lists such panels.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.score.counts import Counts
from harness.score.panels import ComparablePanel, GoldPanel
from harness.score.tolerance import values_agree


@dataclass(slots=True)
class CellMatch:
    counts: Counts
    swapped: bool = False


def match_cells(gold: GoldPanel, predicted: ComparablePanel) -> CellMatch:
    straight = _count(gold, predicted, swap=False)
    # A swap can only help when some gold cell and some predicted cell are still unmatched.
    if straight.right >= min(len(gold.values), len(predicted.cells)):
        return CellMatch(straight)
    if not _swap_can_match(gold, predicted):
        return CellMatch(straight)
    swapped = _count(gold, predicted, swap=True)
    if swapped.right > straight.right:
        return CellMatch(swapped, swapped=True)
    return CellMatch(straight)


def _swap_can_match(gold: GoldPanel, predicted: ComparablePanel) -> bool:
    """Whether any predicted column label is a gold row and any predicted row a gold column.

    Distinct labels are few, so this is far cheaper than counting the swapped cells, and
    it rules the swap out for most panels (rows and columns named differently).
    """
    pred_rows = {cell[0] for cell in predicted.cells}
    pred_cols = {cell[1] for cell in predicted.cells}
    rows_as_cols = any(gold.cols.resolve(label) in gold.col_keys for label in pred_rows)
    return rows_as_cols and any(gold.rows.resolve(label) in gold.row_keys for label in pred_cols)


def _count(gold: GoldPanel, predicted: ComparablePanel, *, swap: bool) -> Counts:
    values = gold.values
    resolve_row = gold.rows.resolve
    resolve_col = gold.cols.resolve
    resolve_series = gold.series_labels.resolve
    agreed: dict[tuple[str, str, str], bool] = {}
    spurious = 0
    for row, col, series, value in predicted.cells:
        if swap:
            row, col = col, row
        key = (resolve_row(row), resolve_col(col), resolve_series(series))
        gold_value = values.get(key)
        if gold_value is None:
            spurious += 1
            continue
        ok = values_agree(value, gold_value)
        seen = agreed.get(key)
        if seen is None:
            agreed[key] = ok
        else:
            spurious += 1
            if ok and not seen:
                agreed[key] = True
    right = sum(agreed.values())
    return Counts(
        "set",
        right=right,
        wrong=len(agreed) - right,
        missing=len(values) - len(agreed),
        spurious=spurious,
    )
