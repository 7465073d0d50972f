"""Hand-made chart records: cells, panels, records, heatmaps from a table of values."""

from __future__ import annotations

from collections.abc import Mapping

from harness.record import Axis, Cell, ChartRecord, ColorScale, Panel


def cell(row: str, col: str, value: float, *, series: str | None = None,
         span: tuple[int, int] | list[int] | None = None) -> Cell:
    return Cell(row=row, col=col, value=value, series=series, span=list(span) if span else None)


def panel(
    cells: list[Cell] | None = None,
    *,
    title: str | None = None,
    x: list[str] | None = None,
    y: list[str] | None = None,
    x_label: str | None = None,
    y_label: str | None = None,
    scale: tuple[str | None, float | None, float | None] | None = None,
    series: list[str] | None = None,
) -> Panel:
    """A panel: ``x`` / ``y`` are the axes' categories, ``scale`` is (label, min, max)."""
    return Panel(
        title=title,
        x_axis=Axis(label=x_label, categories=x or []),
        y_axis=Axis(label=y_label, categories=y or []),
        color_scale=None if scale is None else ColorScale(label=scale[0], min=scale[1], max=scale[2]),
        series=series or [],
        cells=cells or [],
    )


def record(doc_id: str, panels: list[Panel] | None = None, *, title: str | None = None,
           chart_type: str = "heatmap") -> ChartRecord:
    return ChartRecord(id=doc_id, chart_type=chart_type, title=title, panels=panels or [])


def grid(rows: list[str], cols: list[str], start: float = 1.0) -> list[Cell]:
    """Cells for every (row, col), valued start, start+1, ... in reading order."""
    return [cell(r, c, start + i * len(cols) + j) for i, r in enumerate(rows) for j, c in enumerate(cols)]


def heatmap(doc_id: str, values: Mapping[tuple[str, str], float], *, title: str | None = None,
            panel_title: str | None = None, series: str | None = None) -> ChartRecord:
    """A one-panel heatmap whose cells are ``values`` keyed by (row, col), in that order; its
    axes' categories are the rows and columns in the order they first come."""
    rows = list(dict.fromkeys(r for r, _ in values))
    cols = list(dict.fromkeys(c for _, c in values))
    cells = [cell(r, c, v, series=series) for (r, c), v in values.items()]
    return record(doc_id, [panel(cells, title=panel_title, x=cols, y=rows, series=[series] if series else None)],
                  title=title)


def with_value(rec: ChartRecord, row: str, col: str, value: float) -> ChartRecord:
    """A copy of ``rec`` with the cell (row, col) of its first panel set to ``value``."""
    copy = rec.model_copy(deep=True)
    for item in copy.panels[0].cells:
        if item.row == row and item.col == col:
            item.value = value
    return copy


def without_cell(rec: ChartRecord, row: str, col: str) -> ChartRecord:
    """A copy of ``rec`` without the cell (row, col) of its first panel."""
    copy = rec.model_copy(deep=True)
    copy.panels[0].cells = [c for c in copy.panels[0].cells if (c.row, c.col) != (row, col)]
    return copy


def cell_values(rec: ChartRecord) -> dict[tuple[str, str], float]:
    """(row, col) -> value over every panel of ``rec`` (a later cell of the same key wins)."""
    return {(c.row, c.col): c.value for p in rec.panels for c in p.cells}


def span_of(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """Where ``needle`` is first written after ``after`` in ``text``."""
    start = text.index(needle, text.index(after) if after else 0)
    return start, start + len(needle)
