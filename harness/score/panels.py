"""Records in the form the scorer compares: every label normalised once.

A prediction is normalised per document; a gold record once per gold set (it also gets
its cells as a dict by key and the label vocabularies aliasing looks labels up in), so
scoring many runs against one gold set pays for the gold side once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.record import ChartRecord, Panel
from harness.score.alias import LabelVocabulary
from harness.score.normalize import LABELS, normalize_label

CellKey = tuple[str, str, str]  # (row, col, series), normalised; "" for no series


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
    # (row, col, series, value) in the order stated; duplicates kept (they are scored).
    cells: list[tuple[str, str, str, float]] = field(default_factory=list)


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


def comparable_panel(panel: Panel) -> ComparablePanel:
    out = ComparablePanel()
    _fill(out, panel)
    return out


def _fill(out: ComparablePanel, panel: Panel) -> None:
    norm = LABELS.__getitem__  # normalize_label without a Python call per label
    out.title = norm(panel.title)
    out.x_label = norm(panel.x_axis.label)
    out.y_label = norm(panel.y_axis.label)
    # A blank tick label states nothing; dropping it keeps it out of the counts.
    out.x_categories = [c for c in map(norm, panel.x_axis.categories) if c]
    out.y_categories = [c for c in map(norm, panel.y_axis.categories) if c]
    if panel.color_scale is not None:
        out.scale_label = norm(panel.color_scale.label)
        out.scale_min = panel.color_scale.min
        out.scale_max = panel.color_scale.max
    out.series = [s for s in map(norm, panel.series) if s]
    out.cells = [(norm(c.row), norm(c.col), norm(c.series), c.value) for c in panel.cells]


def gold_panel(panel: Panel) -> GoldPanel:
    out = GoldPanel()
    _fill(out, panel)
    for row, col, series, value in out.cells:
        key = (row, col, series)
        if key in out.values:
            # The first statement is the gold value; the loader reports the repeat.
            out.duplicate_keys.append(key)
        else:
            out.values[key] = value
    out.row_keys = frozenset(key[0] for key in out.values)
    out.col_keys = frozenset(key[1] for key in out.values)
    out.rows = LabelVocabulary([*out.y_categories, *(key[0] for key in out.values)])
    out.cols = LabelVocabulary([*out.x_categories, *(key[1] for key in out.values)])
    out.series_labels = LabelVocabulary([*out.series, *(key[2] for key in out.values)])
    return out


def comparable_record(record: ChartRecord) -> ComparableRecord:
    return ComparableRecord(
        id=record.id,
        chart_type=record.chart_type,
        title=normalize_label(record.title),
        panels=[comparable_panel(p) for p in record.panels],
    )


def gold_record(record: ChartRecord) -> GoldRecord:
    return GoldRecord(
        id=record.id,
        chart_type=record.chart_type,
        title=normalize_label(record.title),
        panels=[gold_panel(p) for p in record.panels],
    )


EMPTY_PANEL = ComparablePanel()
EMPTY_GOLD_PANEL = GoldPanel()
