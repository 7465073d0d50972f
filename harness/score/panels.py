"""Records in the form the scorer compares: every label normalised once.

A prediction is normalised per document; a gold record once per gold set (it also gets
its cells as a dict by key and the label vocabularies aliasing looks labels up in), so
scoring many runs against one gold set pays for the gold side once.

Both are built from a ``ChartRecord``, from the same record as plain structs (``harness.record_data``:
what the scorer reads from disk, with no model per cell: attributes named as the model's) or as
a plain dict, by the same code: only how a field is read differs (an attribute or a key). Cells
are held as columns (rows, columns, series, values), so that normalising and matching them are
C-level ``map`` calls, not a Python step per cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any

from harness.record import ChartRecord, Panel
from harness.score.alias import NO_LABELS, LabelVocabulary, vocabulary
from harness.score.normalize import LABELS, normalize_label

CellKey = tuple[str, str, str]  # (row, col, series), normalised; "" for no series
RecordSource = ChartRecord | Any  # a record, the same record as plain structs, or as a dict


@dataclass(slots=True)
class ComparablePanel:
    title: str = ""
    x_label: str = ""
    y_label: str = ""
    x_categories: list[str] = field(default_factory=list)
    y_categories: list[str] = field(default_factory=list)
    scale_label: str = ""
    scale_min: float | None = None
    scale_max: float | None = None
    series: list[str] = field(default_factory=list)
    # The cells in the order stated (duplicates kept: they are scored), as columns.
    cell_rows: list[str] = field(default_factory=list)
    cell_cols: list[str] = field(default_factory=list)
    cell_series: list[str] = field(default_factory=list)
    cell_values: list[float] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[str, str, str, float]]:
        """(row, col, series, value) per cell, in the order stated."""
        return list(zip(self.cell_rows, self.cell_cols, self.cell_series, self.cell_values))


@dataclass(slots=True)
class GoldPanel(ComparablePanel):
    values: dict[CellKey, float] = field(default_factory=dict)
    rows: LabelVocabulary = NO_LABELS
    cols: LabelVocabulary = NO_LABELS
    series_labels: LabelVocabulary = NO_LABELS
    row_keys: frozenset[str] = frozenset()  # the rows and columns gold cells use
    col_keys: frozenset[str] = frozenset()
    duplicate_keys: list[CellKey] = field(default_factory=list)


@dataclass(slots=True)
class ComparableRecord:
    id: str
    chart_type: str
    title: str
    panels: list[ComparablePanel]


@dataclass(slots=True)
class GoldRecord:
    id: str
    chart_type: str
    title: str
    panels: list[GoldPanel]

    @property
    def duplicate_cells(self) -> list[str]:
        """Where gold states one (row, col, series) twice: ``panels.I: (row, col, series)``."""
        return [
            f"panels.{index}: {key}"
            for index, panel in enumerate(self.panels)
            for key in panel.duplicate_keys
        ]


class _Reader:
    """How a record's fields are read: ``attrgetter`` for a ChartRecord or its plain structs,
    ``itemgetter`` for a dict."""

    def __init__(self, getter: Callable[[str], Callable[[Any], Any]]) -> None:
        for name in ("id", "chart_type", "title", "panels", "x_axis", "y_axis", "color_scale", "label",
                     "categories", "min", "max", "series", "cells", "row", "col", "value"):
            setattr(self, name, getter(name))


_OF_MODEL = _Reader(attrgetter)
_OF_DATA = _Reader(itemgetter)


def _reader(source: Any) -> Any:
    return _OF_DATA if isinstance(source, dict) else _OF_MODEL


def comparable_panel(panel: Panel | dict[str, Any]) -> ComparablePanel:
    return ComparablePanel(*_stated(panel, _reader(panel)))


def gold_panel(panel: Panel | dict[str, Any]) -> GoldPanel:
    return _gold_panel(panel, _reader(panel))


def _stated(panel: Any, f: Any) -> tuple[Any, ...]:
    """The fields of a ComparablePanel, in order, as ``panel`` states them (normalised)."""
    norm = LABELS.__getitem__  # normalize_label without a Python call per label
    x_axis, y_axis, scale = f.x_axis(panel), f.y_axis(panel), f.color_scale(panel)
    if scale is not None:
        scale_label, scale_min, scale_max = norm(f.label(scale)), f.min(scale), f.max(scale)
    else:
        scale_label, scale_min, scale_max = "", None, None
    cells = f.cells(panel)
    return (
        norm(f.title(panel)),
        norm(f.label(x_axis)),
        norm(f.label(y_axis)),
        # A blank tick label states nothing; dropping it keeps it out of the counts.
        [c for c in map(norm, f.categories(x_axis)) if c],
        [c for c in map(norm, f.categories(y_axis)) if c],
        scale_label,
        scale_min,
        scale_max,
        [s for s in map(norm, f.series(panel)) if s],
        list(map(norm, map(f.row, cells))),
        list(map(norm, map(f.col, cells))),
        # Most cells state no series (None, or blank: both normalise to ""): then the column is
        # blank without a lookup per cell.
        list(map(norm, map(f.series, cells))) if any(map(f.series, cells)) else [""] * len(cells),
        list(map(f.value, cells)),
    )


def _gold_panel(panel: Any, f: Any) -> GoldPanel:
    stated = _stated(panel, f)
    rows, cols, series, cell_values = stated[-4:]
    values = dict(zip(zip(rows, cols, series), cell_values))
    duplicate_keys: list[CellKey] = []
    if len(values) < len(cell_values):
        # A key stated twice: the first statement is the gold value; the loader reports the repeat.
        values = {}
        for key, value in zip(zip(rows, cols, series), cell_values):
            if key in values:
                duplicate_keys.append(key)
            else:
                values[key] = value
    # Every statement of a key names the same labels, so the cells' labels are the keys' labels.
    row_keys, col_keys = frozenset(rows), frozenset(cols)
    x_categories, y_categories, series_labels = stated[3], stated[4], stated[8]
    return GoldPanel(
        *stated,
        values=values,
        rows=vocabulary(row_keys.union(y_categories)),
        cols=vocabulary(col_keys.union(x_categories)),
        series_labels=vocabulary(frozenset(series).union(series_labels)),
        row_keys=row_keys,
        col_keys=col_keys,
        duplicate_keys=duplicate_keys,
    )


def comparable_record(record: RecordSource) -> ComparableRecord:
    """A prediction in comparable form, from a ChartRecord, its plain structs or a dict."""
    f = _reader(record)
    return ComparableRecord(id=f.id(record), chart_type=f.chart_type(record), title=normalize_label(f.title(record)),
                            panels=[comparable_panel(panel) for panel in f.panels(record)])


def as_comparable(record: RecordSource | ComparableRecord) -> ComparableRecord:
    """``record`` in comparable form (a run read from disk holds its records in that form already)."""
    return record if isinstance(record, ComparableRecord) else comparable_record(record)


def gold_record(record: RecordSource) -> GoldRecord:
    """A gold record in the scorer's form, from a ChartRecord, its plain structs or a dict."""
    f = _reader(record)
    return GoldRecord(id=f.id(record), chart_type=f.chart_type(record), title=normalize_label(f.title(record)),
                      panels=[_gold_panel(panel, f) for panel in f.panels(record)])


EMPTY_PANEL = ComparablePanel()
EMPTY_GOLD_PANEL = GoldPanel()
