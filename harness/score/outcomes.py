"""The outcome engine: which predicted statement answers which gold cell.

This is the one place the matching rule lives. The scorer's counts, compare's flipped cells
and the report's highlights are all read off what it decides, in one vocabulary (the five
outcomes of ``harness.score.counts``: right, wrong, missing, spurious, no_record).

The rule, for one aligned pair of panels:
- a predicted statement answers the gold cell with the same normalised, aliased
  (row, col, series) key; it is right when its value is within tolerance, wrong otherwise;
- a key stated several times counts once: the first agreeing statement answers it (or, when
  none agrees, the first statement), and every other statement of that key is spurious;
- a statement whose key gold does not have is spurious; a gold cell no statement answers is
  missing (no_record when the run has no record for the document);
- record-format.md lets a panel's cells be scored with rows and columns swapped when that
  matches better. Only the cells are swapped (axis labels and categories are scored as
  stated), and never silently: the pair carries ``swapped``.

Panels are paired by ``align_panels`` first; a predicted panel without a gold partner has
only spurious statements, a gold panel without a predicted partner only missing cells.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import is_not

import numpy as np

from harness.record import Cell, ChartRecord
from harness.score.counts import Counts
from harness.score.normalize import normalize_label, without_spaces
from harness.score.panels import (
    CellKey,
    ComparablePanel,
    GoldPanel,
    GoldRecord,
    comparable_record,
    gold_record,
)
from harness.score.tolerance import agreements, values_agree

RIGHT, WRONG, MISSING, SPURIOUS, NO_RECORD = "right", "wrong", "missing", "spurious", "no_record"

# Why a statement is spurious (the report shows it beside the value).
NOT_IN_GOLD = "gold states no such cell"
STATED_AGAIN = "stated again (one statement per cell is scored)"
PANEL_NOT_IN_GOLD = "its panel has no gold partner"

# The gold value of a key gold does not have: one NaN object, told apart by identity, and no
# predicted value is within tolerance of it (every comparison with NaN is false).
NOT_STATED = float("nan")


# --- one aligned pair of panels ------------------------------------------------------------


@dataclass(slots=True)
class CellMatch:
    """What the rule decided for one pair of panels, in one orientation.

    ``keys``: each statement's key in gold's terms; ``gold_values``: the gold value of that
    key, ``NOT_STATED`` when gold has no such cell (a NaN: no value agrees with it);
    ``values``: what each statement says.
    ``answers``: gold key -> (index of the statement that answers it, whether it agrees);
    ``spurious``: (statement index, key, why) for every other statement.
    """

    keys: list[CellKey]
    gold_values: list[float]
    values: list[float]
    gold_cells: int
    swapped: bool = False
    gold_keys: Collection[CellKey] | None = None  # gold's keys, when at hand (for counting)
    _judged: tuple[dict[CellKey, tuple[int, bool]], list[tuple[int, CellKey, str]]] | None = None
    _tally: tuple[int, int, int] | None = None  # right, answered, spurious

    @property
    def answers(self) -> dict[CellKey, tuple[int, bool]]:
        return self._judge()[0]

    @property
    def spurious(self) -> list[tuple[int, CellKey, str]]:
        return self._judge()[1]

    def _judge(self) -> tuple[dict[CellKey, tuple[int, bool]], list[tuple[int, CellKey, str]]]:
        """The rule, statement by statement."""
        if self._judged is not None:
            return self._judged
        answers: dict[CellKey, tuple[int, bool]] = {}
        spurious: list[tuple[int, CellKey, str]] = []
        for index, key, gold_value, value in zip(count(), self.keys, self.gold_values, self.values):
            if gold_value is NOT_STATED:
                spurious.append((index, key, NOT_IN_GOLD))
                continue
            agrees = values_agree(value, gold_value)
            previous = answers.get(key)
            if previous is None:
                answers[key] = (index, agrees)
            elif agrees and not previous[1]:
                # a later statement agrees: it answers the key, the earlier one becomes the extra
                answers[key] = (index, True)
                spurious.append((previous[0], key, STATED_AGAIN))
            else:
                spurious.append((index, key, STATED_AGAIN))
        self._judged = (answers, spurious)
        return self._judged

    def _counted(self) -> tuple[int, int, int]:
        """(right, answered, spurious), a column at a time (the scorer's hot path).

        What the rule above comes to in counts: every gold key stated is answered once (by
        its first agreeing statement, else its first), and it is right when any of its
        statements agrees; every other statement is spurious. ``tests/score/test_cells.py``
        checks these counts against the statement-by-statement judgement.
        """
        if self._tally is None:
            keys, gold_values = self.keys, self.gold_values
            agree = agreements(self.values, gold_values)  # False where gold has no such cell
            distinct = set(keys)
            if len(distinct) == len(keys):  # no key stated twice: one statement, one answer
                answered = len(keys) - gold_values.count(NOT_STATED)
                right = sum(agree)
            else:
                # the distinct keys gold has: looked up from gold's side when at hand
                answered = (len(distinct.intersection(self.gold_keys)) if self.gold_keys is not None
                            else len(set(compress(keys, map(is_not, gold_values, repeat(NOT_STATED))))))
                right = len(set(compress(keys, agree)))
            self._tally = (right, answered, len(keys) - answered)
        return self._tally

    @property
    def tally(self) -> tuple[int, int, int]:
        """(right, answered, spurious): the counts as three numbers."""
        return self._counted()

    @property
    def counts(self) -> Counts:
        right, answered, spurious = self._counted()
        return Counts("set", right=right, wrong=answered - right, missing=self.gold_cells - answered,
                      spurious=spurious)

    @property
    def right(self) -> int:
        return self._counted()[0]


def match_cells(gold: GoldPanel, predicted: ComparablePanel) -> CellMatch:
    """The rule for one pair of panels, rows and columns swapped when that matches more."""
    if not predicted.cell_values:  # nothing stated: every gold cell is missing, either way round
        return CellMatch([], [], predicted.cell_values, len(gold.values))
    rows, cols = set(predicted.cell_rows), set(predicted.cell_cols)
    gold.rows.learn(rows)  # each distinct label looked up once, before the cells are
    gold.cols.learn(cols)
    straight = _attribute(gold, predicted, swap=False)
    # A swap can only help when some gold cell and some predicted cell are still unmatched.
    right = straight.right
    if right >= min(len(gold.values), len(predicted.cell_values)) or not _swap_can_match(gold, rows, cols):
        return straight
    gold.rows.learn(cols)
    gold.cols.learn(rows)
    swapped = _attribute(gold, predicted, swap=True)
    return swapped if swapped.right > right else straight


def _swap_can_match(gold: GoldPanel, rows: set[str], cols: set[str]) -> bool:
    """Whether any predicted row label (``rows``: the distinct ones) is a gold column and any
    predicted column label a gold row.

    Distinct labels are few, so this is far cheaper than matching the swapped cells, and it
    rules the swap out for most panels (rows and columns named differently).
    """
    return gold.cols.stands_for_any(rows, gold.col_keys) and gold.rows.stands_for_any(cols, gold.row_keys)


def _attribute(gold: GoldPanel, predicted: ComparablePanel, *, swap: bool) -> CellMatch:
    """Each statement's key, in gold's terms, and the gold value of that key (the scorer's hot
    path: looked up a column at a time, ``map`` over dict lookups runs in C)."""
    rows, cols = (predicted.cell_cols, predicted.cell_rows) if swap else (predicted.cell_rows, predicted.cell_cols)
    series = predicted.cell_series
    # A cell without a series stands for gold's cells without one, whatever gold's series are.
    series_keys = repeat("") if series.count("") == len(series) else map(gold.series_labels.resolve, series)
    keys = list(zip(map(gold.rows.resolve, rows), map(gold.cols.resolve, cols), series_keys))
    return CellMatch(keys, list(map(gold.values.get, keys, repeat(NOT_STATED))), predicted.cell_values,
                     len(gold.values), swap, gold.values)


# --- panel alignment -----------------------------------------------------------------------
# Which predicted panel is scored against which gold panel. Pairs are chosen to maximise a
# total similarity (scipy's linear_sum_assignment):
# - matching titles (ignoring spaces) weigh most, since a title names its panel;
# - then agreeing cells (same key within tolerance; same key with another value half), as a
#   fraction of the larger panel, trying rows and columns both ways (``match_cells``);
# - then closeness in reading order, a small tie-break that decides when the panels have
#   neither titles nor cells to tell them apart.
# Every gold panel left without a partner is missing; every predicted panel left over is spurious.

TITLE_WEIGHT = 2.0
POSITION_WEIGHT = 0.1
# Beyond this many panel pairs, cells are no longer compared pairwise (a hostile record
# with thousands of panels would make that quadratic); titles and order still align.
MAX_PAIRS_COMPARED_BY_CELLS = 2_500

AlignedPair = tuple[int | None, int | None]  # (gold index, predicted index)


def align_panels(gold: list[GoldPanel], predicted: list[ComparablePanel]) -> list[AlignedPair]:
    """Pairs in gold order, then ``(None, j)`` for spurious and ``(i, None)`` for missing."""
    n_gold, n_pred = len(gold), len(predicted)
    if n_gold == 0 or n_pred == 0:
        return [(i, None) for i in range(n_gold)] + [(None, j) for j in range(n_pred)]
    if n_gold == 1 and n_pred == 1:
        return [(0, 0)]
    # Imported here: scipy.optimize costs about half a second to import, and only documents
    # with several panels on a side need it.
    from scipy.optimize import linear_sum_assignment

    similarity = _similarity(gold, predicted)
    gold_rows, pred_cols = linear_sum_assignment(similarity, maximize=True)
    partner = dict(zip(gold_rows.tolist(), pred_cols.tolist()))
    pairs: list[AlignedPair] = [(i, partner.get(i)) for i in range(n_gold)]
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
            if by_cells and g.values and p.cell_values:
                counts = match_cells(g, p).counts
                score += (counts.right + 0.5 * counts.wrong) / max(len(g.values), len(p.cell_values))
            out[i, j] = score
    return out


# --- one document --------------------------------------------------------------------------


@dataclass(slots=True)
class PanelPair:
    """One panel slot as aligned: gold and predicted panel indices."""

    gold: int | None
    predicted: int | None
    swapped: bool = False  # cells scored with rows and columns swapped


@dataclass(slots=True)
class Statement:
    """One predicted cell and what it was judged."""

    pair: int  # index into DocumentOutcomes.pairs
    panel: int  # predicted panel index
    index: int  # the cell's position in that panel
    cell: Cell
    key: CellKey  # normalised (row, col, series), in gold's terms where aliasing found one
    outcome: str  # RIGHT, WRONG or SPURIOUS
    gold_value: float | None = None  # the gold value of its key, when gold has the key
    why: str = ""  # why it is spurious


@dataclass(slots=True)
class GoldCellOutcome:
    """One gold cell and what answered it."""

    pair: int  # index into DocumentOutcomes.pairs
    panel: int  # gold panel index
    cell: Cell  # the gold cell, labels as gold writes them (the first statement of its key)
    key: CellKey
    outcome: str  # RIGHT, WRONG, MISSING or NO_RECORD
    predicted: float | None = None  # the answering statement's value; None when missing
    swapped: bool = False

    @property
    def is_right(self) -> bool:
        return self.outcome == RIGHT


@dataclass(slots=True)
class DocumentOutcomes:
    pairs: list[PanelPair] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)  # per pair, in reading order
    gold_cells: list[GoldCellOutcome] = field(default_factory=list)  # in gold order

    @property
    def missing(self) -> list[GoldCellOutcome]:
        """Gold cells no statement answered (missing or no_record)."""
        return [c for c in self.gold_cells if c.outcome in (MISSING, NO_RECORD)]

    def tally(self) -> Counter[str]:
        """Outcome -> count; equal to the scorer's cells counts for the document."""
        counts = Counter(statement.outcome for statement in self.statements)
        counts.update(c.outcome for c in self.gold_cells if c.outcome in (MISSING, NO_RECORD))
        for outcome in (RIGHT, WRONG, MISSING, SPURIOUS, NO_RECORD):
            counts.setdefault(outcome, 0)
        return counts


def document_outcomes(
    predicted: ChartRecord | None, gold: ChartRecord, prepared: GoldRecord | None = None
) -> DocumentOutcomes:
    """Every statement's and every gold cell's outcome for one document.

    ``prepared``: ``gold`` in the scorer's form (``GoldSet.prepared[id]``), built when not
    given. ``predicted`` None is a document without a record: every gold cell is no_record.
    """
    gold_side = prepared if prepared is not None else gold_record(gold)
    out = DocumentOutcomes()
    if predicted is None:
        for index in range(len(gold_side.panels)):
            out.pairs.append(PanelPair(index, None))
            _unanswered(out, len(out.pairs) - 1, gold, index, NO_RECORD)
        return out
    pred = comparable_record(predicted)
    for gold_index, pred_index in align_panels(gold_side.panels, pred.panels):
        pair = len(out.pairs)
        if gold_index is None:
            assert pred_index is not None
            out.pairs.append(PanelPair(None, pred_index))
            cells = zip(predicted.panels[pred_index].cells, pred.panels[pred_index].cells)
            out.statements.extend(
                Statement(pair, pred_index, i, cell, key[:3], SPURIOUS, why=PANEL_NOT_IN_GOLD)
                for i, (cell, key) in enumerate(cells)
            )
            continue
        if pred_index is None:
            out.pairs.append(PanelPair(gold_index, None))
            _unanswered(out, pair, gold, gold_index, MISSING)
            continue
        g = gold_side.panels[gold_index]
        match = match_cells(g, pred.panels[pred_index])
        out.pairs.append(PanelPair(gold_index, pred_index, match.swapped))
        _judged(out, pair, gold, gold_index, g, predicted.panels[pred_index].cells, pred_index, match)
    return out


def _judged(
    out: DocumentOutcomes,
    pair: int,
    gold: ChartRecord,
    gold_index: int,
    g: GoldPanel,
    cells: list[Cell],
    pred_index: int,
    match: CellMatch,
) -> None:
    judged: list[Statement] = []
    for key, (index, agrees) in match.answers.items():
        outcome = RIGHT if agrees else WRONG
        judged.append(Statement(pair, pred_index, index, cells[index], key, outcome, g.values[key]))
    for index, key, why in match.spurious:
        gold_value = g.values.get(key)
        judged.append(Statement(pair, pred_index, index, cells[index], key, SPURIOUS, gold_value, why))
    judged.sort(key=lambda s: s.index)  # back in the predicted panel's reading order
    out.statements.extend(judged)
    for cell, key in _gold_cells(gold, gold_index):
        answer = match.answers.get(key)
        if answer is None:
            out.gold_cells.append(GoldCellOutcome(pair, gold_index, cell, key, MISSING, None, match.swapped))
        else:
            index, agrees = answer
            outcome = RIGHT if agrees else WRONG
            value = cells[index].value
            out.gold_cells.append(GoldCellOutcome(pair, gold_index, cell, key, outcome, value, match.swapped))


def _unanswered(out: DocumentOutcomes, pair: int, gold: ChartRecord, gold_index: int, outcome: str) -> None:
    out.gold_cells.extend(
        GoldCellOutcome(pair, gold_index, cell, key, outcome) for cell, key in _gold_cells(gold, gold_index)
    )


def _gold_cells(gold: ChartRecord, gold_index: int) -> list[tuple[Cell, CellKey]]:
    """Each gold cell once per key (the first statement is the gold one, as in the gold values)."""
    seen: set[CellKey] = set()
    out = []
    for cell in gold.panels[gold_index].cells:
        key = (normalize_label(cell.row), normalize_label(cell.col), normalize_label(cell.series))
        if key not in seen:
            seen.add(key)
            out.append((cell, key))
    return out
