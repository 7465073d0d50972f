"""Records in the form the scorer compares: every label normalised once.

A prediction is normalised per document; a gold record once per gold set (it also gets
its cells as a dict by key and the label vocabularies aliasing looks labels up in), so
scoring many runs against one gold set pays for the gold side once.

Both are built from a ``ChartRecord`` or from the same record as plain data (``harness.plain``:
what the scorer reads from disk, with no model per cell), by the same code: only how a field
is read differs (an attribute or a key). Cells are held as columns (rows, columns, series,
values), so that normalising and matching them are C-level ``map`` calls, not a Python step
per cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

from harness.record import ChartRecord, Panel
from harness.score.alias import LabelVocabulary
from harness.score.normalize import LABELS, normalize_label

CellKey = tuple[str, str, str]  # (row, col, series), normalised; "" for no series
RecordSource = ChartRecord | dict[str, Any]  # a record, or the same record as plain data


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
    rows: LabelVocabulary = field(default_factory=lambda: LabelVocabulary(()))
    cols: LabelVocabulary = field(default_factory=lambda: LabelVocabulary(()))
    series_labels: LabelVocabulary = field(default_factory=lambda: LabelVocabulary(()))
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
    """How a record's fields are read: ``attrgetter`` for a ChartRecord, ``itemgetter`` for plain data."""

    def __init__(self, getter: Callable[[str], Callable[[Any], Any]]) -> None:
        for name in ("id", "chart_type", "title", "panels", "x_axis", "y_axis", "color_scale", "label",
                     "categories", "min", "max", "series", "cells", "row", "col", "value"):
            setattr(self, name, getter(name))


_OF_MODEL = _Reader(attrgetter)
_OF_DATA = _Reader(itemgetter)


def _reader(source: Any) -> Any:
    return _OF_DATA if isinstance(source, dict) else _OF_MODEL


def comparable_panel(panel: Panel | dict[str, Any]) -> ComparablePanel:
    out = ComparablePanel()
    _fill(out, panel, _reader(panel))
    return out


def gold_panel(panel: Panel | dict[str, Any]) -> GoldPanel:
    return _gold_panel(panel, _reader(panel))


def _fill(out: ComparablePanel, panel: Any, f: Any) -> None:
    norm = LABELS.__getitem__  # normalize_label without a Python call per label
    x_axis, y_axis, scale = f.x_axis(panel), f.y_axis(panel), f.color_scale(panel)
    out.title = norm(f.title(panel))
    out.x_label = norm(f.label(x_axis))
    out.y_label = norm(f.label(y_axis))
    # A blank tick label states nothing; dropping it keeps it out of the counts.
    out.x_categories = [c for c in map(norm, f.categories(x_axis)) if c]
    out.y_categories = [c for c in map(norm, f.categories(y_axis)) if c]
    if scale is not None:
        out.scale_label = norm(f.label(scale))
        out.scale_min = f.min(scale)
        out.scale_max = f.max(scale)
    out.series = [s for s in map(norm, f.series(panel)) if s]
    cells = f.cells(panel)
    out.cell_rows = list(map(norm, map(f.row, cells)))
    out.cell_cols = list(map(norm, map(f.col, cells)))
    out.cell_series = list(map(norm, map(f.series, cells)))
    out.cell_values = list(map(f.value, cells))


def _gold_panel(panel: Any, f: Any) -> GoldPanel:
    stated = ComparablePanel()
    _fill(stated, panel, f)
    keys = list(zip(stated.cell_rows, stated.cell_cols, stated.cell_series))
    values = dict(zip(keys, stated.cell_values))
    duplicate_keys: list[CellKey] = []
    if len(values) < len(keys):
        # A key stated twice: the first statement is the gold value; the loader reports the repeat.
        values = {}
        for key, value in zip(keys, stated.cell_values):
            if key in values:
                duplicate_keys.append(key)
            else:
                values[key] = value
    # Every statement of a key names the same labels, so the cells' labels are the keys' labels.
    row_keys, col_keys = frozenset(stated.cell_rows), frozenset(stated.cell_cols)
    return GoldPanel(
        *(getattr(stated, name) for name in _STATED),
        values=values,
        rows=LabelVocabulary(chain(stated.y_categories, row_keys)),
        cols=LabelVocabulary(chain(stated.x_categories, col_keys)),
        series_labels=LabelVocabulary(chain(stated.series, stated.cell_series)),
        row_keys=row_keys,
        col_keys=col_keys,
        duplicate_keys=duplicate_keys,
    )


_STATED = [f.name for f in fields(ComparablePanel)]


def comparable_record(record: RecordSource) -> ComparableRecord:
    """A prediction in comparable form, from a ChartRecord or from plain data."""
    f = _reader(record)
    return ComparableRecord(id=f.id(record), chart_type=f.chart_type(record), title=normalize_label(f.title(record)),
                            panels=[comparable_panel(panel) for panel in f.panels(record)])


def as_comparable(record: RecordSource | ComparableRecord) -> ComparableRecord:
    """``record`` in comparable form (a run read from disk holds its records in that form already)."""
    return record if isinstance(record, ComparableRecord) else comparable_record(record)


def gold_record(record: RecordSource) -> GoldRecord:
    """A gold record in the scorer's form, from a ChartRecord or from plain data."""
    f = _reader(record)
    return GoldRecord(id=f.id(record), chart_type=f.chart_type(record), title=normalize_label(f.title(record)),
                      panels=[_gold_panel(panel, f) for panel in f.panels(record)])


EMPTY_PANEL = ComparablePanel()
EMPTY_GOLD_PANEL = GoldPanel()
