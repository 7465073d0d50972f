"""Panel alignment: which predicted panel is scored against which gold panel.

Pairs are chosen to maximise a total similarity (scipy's linear_sum_assignment):
- matching titles (ignoring spaces) weigh most, since a title names its panel;
- then agreeing cells (same key within tolerance; same key with another value half),
  as a fraction of the larger panel, trying rows and columns both ways;
- then closeness in reading order, a small tie-break that decides when the panels
  have neither titles nor cells to tell them apart.

Every gold panel left without a partner is missing (all its content missed); every
predicted panel left over is spurious.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from harness.score.cells import match_cells
from harness.score.normalize import without_spaces
from harness.score.panels import ComparablePanel, GoldPanel

TITLE_WEIGHT = 2.0
POSITION_WEIGHT = 0.1
# Beyond this many panel pairs, cells are no longer compared pairwise (a hostile record
# with thousands of panels would make that quadratic); titles and order still align.
MAX_PAIRS_COMPARED_BY_CELLS = 2_500

PanelPair = tuple[int | None, int | None]  # (gold index, predicted index)


def align_panels(gold: list[GoldPanel], predicted: list[ComparablePanel]) -> list[PanelPair]:
    """Pairs in gold order, then ``(None, j)`` for spurious and ``(i, None)`` for missing."""
    n_gold, n_pred = len(gold), len(predicted)
    if n_gold == 0 or n_pred == 0:
        return [(i, None) for i in range(n_gold)] + [(None, j) for j in range(n_pred)]
    if n_gold == 1 and n_pred == 1:
        return [(0, 0)]
    similarity = _similarity(gold, predicted)
    gold_rows, pred_cols = linear_sum_assignment(similarity, maximize=True)
    partner = dict(zip(gold_rows.tolist(), pred_cols.tolist()))
    pairs: list[PanelPair] = [(i, partner.get(i)) for i in range(n_gold)]
    taken = set(partner.values())
    pairs.extend((None, j) for j in range(n_pred) if j not in taken)
    return pairs


def _similarity(gold: list[GoldPanel], predicted: list[ComparablePanel]) -> np.ndarray:
    n_gold, n_pred = len(gold), len(predicted)
    by_cells = n_gold * n_pred <= MAX_PAIRS_COMPARED_BY_CELLS
    spread = max(n_gold, n_pred)
    out = np.zeros((n_gold, n_pred))
    for i, g in enumerate(gold):
        g_title = without_spaces(g.title)
        for j, p in enumerate(predicted):
            score = POSITION_WEIGHT * (1 - abs(i - j) / spread)
            if g_title and g_title == without_spaces(p.title):
                score += TITLE_WEIGHT
            if by_cells and g.values and p.cells:
                counts = match_cells(g, p).counts
                score += (counts.right + 0.5 * counts.wrong) / max(len(g.values), len(p.cells))
            out[i, j] = score
    return out
