"""From the parsed description to a chart record: one panel at a time.

Heatmaps (and tables, other): rows are the y-axis categories, columns the x-axis ones,
a listed legend of methods is the series. Bar and line charts (and, by the same reading,
scatter and pie): columns are the category axis's categories (x positions), rows the
legend entries, or the value axis's title when there is one series; the value axis
keeps no categories and there is no colour scale.
"""

from __future__ import annotations

import re

from harness.extract.rules.axes import X, Y, read_axes
from harness.extract.rules.axis_text import AxisInfo
from harness.extract.rules.categories import COL, ROW, SERIES
from harness.extract.rules.cells import (
    colour_groups,
    gather,
    infer_series,
    paired_coordinates,
    place,
    prose_pending,
)
from harness.extract.rules.colour import panel_ranges, read_colour_scale
from harness.extract.rules.header import chart_type, title
from harness.extract.rules.keys import Frame
from harness.extract.rules.legend import read_legend
from harness.extract.rules.panels import find_panels
from harness.extract.rules.records import add_record_tables
from harness.extract.rules.structure import Structure, parse
from harness.extract.rules.text import norm
from harness.record import Axis, Cell, ChartRecord, ColorScale, Panel

# Charts whose values sit at a category or x position, one line/bar group per legend entry.
_ROW_BY_LEGEND = ("bar", "line", "scatter", "pie")


def build_record(doc_id: str, text: str) -> ChartRecord:
    structure = parse(text)
    add_record_tables(structure)
    kind = chart_type(structure)
    chart_title = title(structure)
    overview = text[:3000]
    horizontal = kind == "bar" and _HORIZONTAL_RE.search(overview) is not None
    panels = find_panels(structure, overview)
    axes = read_axes(structure, panels.marker_lines)
    shared = axes.get(None, {X: AxisInfo(), Y: AxisInfo()})
    entries = read_legend(structure)
    legend = _third_dimension([e.name for e in entries], shared)
    aliases = {alias: e.name for e in entries for alias in e.aliases} if legend else {}
    slices: list[str] = []
    if kind == "pie" or kind == "other":
        # A pie's legend lists its slices (the categories), and no other chart (radar, box,
        # diagram) draws a third dimension inside a panel: the entries are not series.
        slices = list(legend) if kind == "pie" else []
        legend, aliases = [], {}
    # A box or violin plot's values are its medians, one per box, at the box's category: read
    # as bars whose one legend entry is "median" (CONVENTIONS: box plots).
    layout = kind
    if kind == "other" and _BOX_RE.search(overview):
        layout, legend = "bar", ["median"]
    scale = _colour_scale(structure, layout)

    frames: list[Frame] = []
    panel_axes: list[tuple[AxisInfo, AxisInfo]] = []
    previous: dict[str, AxisInfo] | None = None
    for i in range(len(panels.titles)):
        own = axes.get(i)
        if own is None or not any(own[a].label or own[a].categories for a in (X, Y)):
            # A panel the text gives no axes of its own shares the one before it
            # ("Bottom Heatmap: Cost" after the top panel's axes).
            own = previous or {X: AxisInfo(), Y: AxisInfo()}
        previous = own
        x = _merged(own[X], shared[X])
        y = _merged(own[Y], shared[Y])
        if slices and not x.categories:
            x.categories = list(slices)
        if layout in ("line", "scatter") and x.stepless:
            # "Attack ratio (%) [0-50]": on a line chart's x axis a range without a step is
            # a scale, not a list of ticks (CONVENTIONS)
            x.categories, x.numeric_ticks = [], False
        panel_axes.append((x, y))
        frames.append(_frame(layout, x, y, legend, panels.titles, aliases, chart_title, horizontal))
        # "~96.5% at 0% attack ratio" on an x axis with no ticks: the x its title names is the column
        frames[-1].open_x = layout in ("line", "scatter") and bool(x.label)  # points off the ticks too
        frames[-1].xy_pairs = _declares_xy_pairs(text, x.label, y.label)

    pending = gather(structure, panels.marker_lines)
    if layout in ("line", "scatter"):
        pending = paired_coordinates(pending, shared[X].label, shared[Y].label)
    if layout in _ROW_BY_LEGEND and not legend:
        groups = colour_groups(pending)
        if groups:
            for frame in frames:
                frame.rows = groups
                frame.default_row = frame.fallback_row = None
                frame.rebuild()
    if layout not in _ROW_BY_LEGEND and not legend:
        inferred = infer_series(pending, frames[0])
        if inferred:
            for frame in frames:
                frame.series = inferred
                frame.rebuild()
    prose, whole_grid = prose_pending(structure, panels.marker_lines, frames, pending)
    placed = place(pending + prose, frames)
    if whole_grid:
        # a value the discussion says of every cell fills only a panel nothing else gave a cell
        filled = {c.panel for c in placed}
        placed += place([p for p in whole_grid if (p.panel or 0) not in filled], frames)

    out_panels: list[Panel] = []
    single = len(panels.titles) == 1
    scales = _panel_scales(structure, scale, len(panels.titles))
    for i, (x, y) in enumerate(panel_axes):
        frame = frames[i]
        cells = [
            Cell(row=c.row, col=c.col, series=c.series, value=c.value + 0.0, span=c.span)
            for c in placed
            if c.panel == i
        ]
        x_axis, y_axis = _record_axes(layout, x, y, cells, frame.position_keys, horizontal)
        out_panels.append(
            Panel(
                title=None if single else panels.titles[i],
                x_axis=x_axis,
                y_axis=y_axis,
                color_scale=None if layout in _ROW_BY_LEGEND else scales[i],
                series=list(frame.series),
                cells=cells,
            )
        )
    if kind == "other" and _DIAGRAM_RE.search(overview[:600]) and not any(_states_something(p) for p in out_panels):
        out_panels = []  # a flow diagram plots no grid (CONVENTIONS: panels)
    return ChartRecord(id=doc_id, chart_type=kind, title=chart_title, panels=out_panels)


def _declares_xy_pairs(text: str, x_label: str | None, y_label: str | None) -> bool:
    """Whether the text says its pairs are written x first: "each (digit_a, digit_b) pair"."""
    if not x_label or not y_label:
        return False
    plain = text.replace("\\_", "_")
    pattern = r"\(\s{0,2}" + re.escape(x_label) + r"\s{0,2},\s{0,2}" + re.escape(y_label) + r"\s{0,2}\)"
    return re.search(pattern, plain[:4000], re.IGNORECASE) is not None


def _states_something(panel: Panel) -> bool:
    return bool(panel.cells or panel.x_axis.categories or panel.y_axis.categories or panel.x_axis.label or panel.y_axis.label)


def _third_dimension(legend: list[str], shared: dict[str, AxisInfo]) -> list[str]:
    """A legend that colours an axis's categories is that axis, not a third dimension: it
    names them all (but one in five). Two entries beside three groups that share their names
    ("w/o", "A w/" over "A w/", "w/o", "WA w/") are the bars of each group."""
    names = {norm(n) for n in legend}
    for axis in (X, Y):
        ticks = {norm(c) for c in shared[axis].categories}
        if ticks and len(names & ticks) * 2 >= len(names) and len(ticks - names) <= len(ticks) // 5:
            return []
    return legend


def _merged(own: AxisInfo, shared: AxisInfo) -> AxisInfo:
    out = AxisInfo(own.label, list(own.categories), own.numeric_ticks, stepless=own.stepless, groups=list(own.groups))
    out.merge(shared)
    return out


def _value_axis(kind: str, x: AxisInfo, y: AxisInfo, horizontal: bool = False) -> str | None:
    """Which axis carries the values on a bar or line chart ("x" for horizontal bars: said
    so, or numeric ticks across and named ones down)."""
    if kind not in _ROW_BY_LEGEND:
        return None
    if kind == "bar" and x.numeric_ticks and y.categories and not y.numeric_ticks:
        return X
    if kind == "bar" and horizontal and not (x.categories and not x.numeric_ticks):
        return X
    return Y


# "## Flowchart: ...", "The diagram illustrates the workflow": a figure that plots no grid
_DIAGRAM_RE = re.compile(r"\b(?:flow\s?charts?|(?:block|flow|system|architecture|process)\s(?:diagram|overview)|schematic|the\s(?:diagram|image)\s(?:illustrates|depicts|shows)\s(?:a|an|the)\s(?:\w+\s){0,3}(?:workflow|pipeline|architecture|process|framework))\b", re.IGNORECASE)
_BOX_RE = re.compile(r"\b(?:box[\s-]?(?:and[\s-]whisker[\s-])?plots?|boxplots?|violin[\s-]?plots?)\b", re.IGNORECASE)
# "a horizontal bar chart", "Two horizontal rows, each a stacked bar", "Orientation: Horizontal"
_HORIZONTAL_RE = re.compile(r"\bhorizontal(?:ly)?\s{1,3}(?:(?:stacked|grouped)\s{1,3})?(?:bars?|rows?)\b|\borientation\W{0,6}horizontal\b", re.IGNORECASE)


def _frame(
    kind: str,
    x: AxisInfo,
    y: AxisInfo,
    legend: list[str],
    titles: list[str | None],
    aliases: dict[str, str],
    chart_title: str | None,
    horizontal: bool = False,
) -> Frame:
    if kind in _ROW_BY_LEGEND:
        value_axis = _value_axis(kind, x, y, horizontal)
        cat = x if value_axis == Y else y
        val = y if value_axis == Y else x
        return Frame(
            rows=list(legend),
            cols=list(cat.categories),
            # Groups of bars ("Gemma (Original, Oracle)"): the outer name is the series
            series=list(cat.groups),
            col_label=cat.label,
            default_row=None if legend else (val.label or ""),
            # One series and no value-axis title: a table's value column names it, else
            # the chart's title (a pie's slices).
            fallback_row=None if legend else chart_title,
            panels=list(titles) if len(titles) > 1 else [],
            aliases={ROW: aliases},
            rows_from_legend=True,
        )
    return Frame(
        rows=list(y.categories),
        cols=list(x.categories),
        series=list(legend),
        panels=list(titles) if len(titles) > 1 else [],
        row_label=y.label,
        col_label=x.label,
        aliases={SERIES: aliases},
    )


def _record_axes(kind: str, x: AxisInfo, y: AxisInfo, cells: list[Cell],
                 position_keys: set[tuple[str, str]] = frozenset(), horizontal: bool = False) -> tuple[Axis, Axis]:
    """The axes as the record writes them; ticks the axis lines do not list are taken
    from the cells, in the order the description first names them (a table's header),
    except keys that only number a position ("Row 2": the grid has no tick labels)."""
    value_axis = _value_axis(kind, x, y, horizontal)
    x_cats = [] if value_axis == X else list(x.categories)
    y_cats = [] if value_axis == Y else list(y.categories)
    if kind in ("line", "scatter"):
        pass  # x positions of points are not ticks: the axis lists only the ticks stated
    elif kind in _ROW_BY_LEGEND:
        if value_axis == Y and not x_cats:
            x_cats = _first_seen(c.col for c in cells)
        elif value_axis == X and not y_cats:
            y_cats = _first_seen(c.col for c in cells)
    else:
        x_cats = x_cats or _first_seen(c.col for c in cells if (COL, norm(c.col)) not in position_keys)
        y_cats = y_cats or _first_seen(c.row for c in cells if (ROW, norm(c.row)) not in position_keys)
    return Axis(label=x.label, categories=x_cats), Axis(label=y.label, categories=y_cats)


def _first_seen(labels) -> list[str]:
    seen: dict[str, str] = {}
    for label in labels:
        seen.setdefault(norm(label), label)
    return list(seen.values())


def _colour_scale(structure: Structure, kind: str) -> ColorScale | None:
    if kind in _ROW_BY_LEGEND:
        return None
    found = read_colour_scale(structure)
    if found is None:
        return None
    label, low, high = found
    return ColorScale(label=label, min=low, max=high)


def _panel_scales(structure: Structure, scale: ColorScale | None, count: int) -> list[ColorScale | None]:
    """The shared scale for every panel, with the ends a panel is given for itself."""
    scales: list[ColorScale | None] = [scale] * count
    if scale is None or count < 2:
        return scales
    for ref, (low, high) in panel_ranges(structure).items():
        index = ord(ref) - ord("a") if ref.isalpha() else int(ref) - 1
        if 0 <= index < count:
            scales[index] = ColorScale(label=scale.label, min=low, max=high)
    return scales
