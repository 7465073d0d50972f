"""Per-cell outcomes of one document: which gold cell was right, wrong or missed, and with what.

The scorer only counts cells (``harness.score.cells``); comparing two runs needs to name
them. This walks the scorer's own steps (panel alignment by ``align_panels``, the swap
decision by ``match_cells``, the same aliased key lookup and tolerance) and keeps, for
every gold cell, its outcome and the predicted value, so that its counts are the
scorer's counts (a test holds them equal over the real gold set).

Cells are named with gold's own spelling of the labels (the first statement of a key,
as in the gold values); a spurious cell, which has no gold cell, with the prediction's.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.record import Cell, ChartRecord, Panel
from harness.score.align import align_panels
from harness.score.cells import match_cells
from harness.score.normalize import normalize_label
from harness.score.panels import CellKey, ComparablePanel, GoldPanel, GoldRecord, comparable_record, gold_record
from harness.score.tolerance import values_agree

RIGHT, WRONG, MISSING, SPURIOUS, NO_RECORD = "right", "wrong", "missing", "spurious", "no_record"


@dataclass(frozen=True, slots=True)
class CellOutcome:
    panel: int | None  # gold panel index; None for a cell of a predicted panel gold does not have
    row: str
    col: str
    series: str | None
    outcome: str  # right, wrong, missing, spurious or no_record (as in harness.score.counts)
    gold: float | None  # None for a spurious cell whose key gold does not state
    predicted: float | None  # None when missed; the agreeing value when several were stated
    swapped: bool = False  # the panel's cells were scored with rows and columns swapped
    key: CellKey = ("", "", "")  # normalised (row, col, series): what the scorer matches on

    @property
    def is_right(self) -> bool:
        return self.outcome == RIGHT


def cell_outcomes(
    predicted: ChartRecord | None, gold: ChartRecord, prepared: GoldRecord | None = None
) -> list[CellOutcome]:
    """Every gold cell's outcome (in gold order), then every spurious predicted cell.

    ``prepared``: ``gold`` in comparable form when the caller has it already
    (``GoldSet.prepared``); built here otherwise. None for ``predicted`` is a document
    without a record: every gold cell is ``no_record``.
    """
    gold_side = prepared if prepared is not None else gold_record(gold)
    names = [_gold_names(panel) for panel in gold.panels]
    out: list[CellOutcome] = []
    if predicted is None:
        for index, panel in enumerate(gold_side.panels):
            out.extend(_unmatched(index, panel, names[index], NO_RECORD))
        return out
    pred = comparable_record(predicted)
    spurious: list[CellOutcome] = []
    for gold_index, pred_index in align_panels(gold_side.panels, pred.panels):
        if gold_index is None:
            assert pred_index is not None
            spurious.extend(
                CellOutcome(None, c.row, c.col, c.series, SPURIOUS, None, c.value, key=key[:3])
                for c, key in zip(predicted.panels[pred_index].cells, pred.panels[pred_index].cells)
            )
            continue
        g = gold_side.panels[gold_index]
        if pred_index is None:
            out.extend(_unmatched(gold_index, g, names[gold_index], MISSING))
            continue
        matched, extra = _panel_outcomes(
            gold_index, g, names[gold_index], pred.panels[pred_index], predicted.panels[pred_index]
        )
        out.extend(matched)
        spurious.extend(extra)
    return out + spurious


def _gold_names(panel: Panel) -> dict[CellKey, tuple[str, str, str | None]]:
    """Normalised key -> gold's own labels, first statement first (as the gold values)."""
    names: dict[CellKey, tuple[str, str, str | None]] = {}
    for c in panel.cells:
        key = (normalize_label(c.row), normalize_label(c.col), normalize_label(c.series))
        names.setdefault(key, (c.row, c.col, c.series))
    return names


def _unmatched(
    index: int, panel: GoldPanel, names: dict[CellKey, tuple[str, str, str | None]], outcome: str
) -> list[CellOutcome]:
    return [
        CellOutcome(index, *names.get(key, key), outcome, value, None, key=key)
        for key, value in panel.values.items()
    ]


def _panel_outcomes(
    index: int,
    gold: GoldPanel,
    names: dict[CellKey, tuple[str, str, str | None]],
    predicted: ComparablePanel,
    raw: Panel,
) -> tuple[list[CellOutcome], list[CellOutcome]]:
    """Gold cells' outcomes and spurious cells, rows and columns swapped when the scorer swaps."""
    matched, spurious = _outcomes(index, gold, names, predicted, raw, swap=False)
    right = sum(outcome.outcome == RIGHT for outcome in matched)
    # The scorer's own decision, asked only when a swap could help (as match_cells first checks).
    if right < min(len(gold.values), len(predicted.cells)) and match_cells(gold, predicted).swapped:
        return _outcomes(index, gold, names, predicted, raw, swap=True)
    return matched, spurious


def _outcomes(
    index: int,
    gold: GoldPanel,
    names: dict[CellKey, tuple[str, str, str | None]],
    predicted: ComparablePanel,
    raw: Panel,
    *,
    swap: bool,
) -> tuple[list[CellOutcome], list[CellOutcome]]:
    """The same pass as ``harness.score.cells._count``, keeping values instead of counts."""
    resolve_row, resolve_col = gold.rows.resolve, gold.cols.resolve
    resolve_series = gold.series_labels.resolve
    stated: dict[CellKey, tuple[bool, Cell]] = {}  # key -> (agrees, the statement that counts)
    spurious: list[CellOutcome] = []

    def extra(cell: Cell, gold_value: float | None, key: CellKey) -> None:
        spurious.append(
            CellOutcome(index, cell.row, cell.col, cell.series, SPURIOUS, gold_value, cell.value, swap, key)
        )

    for (row, col, series, value), cell in zip(predicted.cells, raw.cells):
        if swap:
            row, col = col, row
        key = (resolve_row(row), resolve_col(col), resolve_series(series))
        gold_value = gold.values.get(key)
        if gold_value is None:
            extra(cell, gold_value, key)
            continue
        agrees = values_agree(value, gold_value)
        previous = stated.get(key)
        if previous is None:
            stated[key] = (agrees, cell)
        elif agrees and not previous[0]:
            # A later statement agrees: the key is right, and the earlier one is the extra.
            stated[key] = (True, cell)
            extra(previous[1], gold_value, key)
        else:
            extra(cell, gold_value, key)
    matched = []
    for key, gold_value in gold.values.items():
        row, col, series = names.get(key, key)
        if key not in stated:
            matched.append(CellOutcome(index, row, col, series, MISSING, gold_value, None, swap, key))
            continue
        agrees, counted = stated[key]
        value = counted.value
        matched.append(
            CellOutcome(index, row, col, series, RIGHT if agrees else WRONG, gold_value, value, swap, key)
        )
    return matched, spurious
