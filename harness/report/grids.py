"""Heatmaps drawn back: gold and predicted matrices side by side, per panel and series.

Both grids of a pair share gold's layout (its rows and columns in gold's order, then any
row or column only the prediction has), so a cell sits at the same place in both and a
difference is seen at a glance: a predicted value off by more than the tolerance is
outlined red in both grids, a gold value the prediction lacks is hatched on the predicted
side, a predicted cell gold does not have is outlined orange, and a predicted value the
description never states has a purple UNGROUNDED corner. Colours come from the value
on one sequential scale per panel (gold's colour-bar ends when it states them). Every
label is escaped; colours are computed here and are the only thing in a style attribute.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from harness.record import ChartRecord, Panel
from harness.score.normalize import normalize_label
from harness.score.outcomes import (
    NOT_IN_GOLD,
    PANEL_NOT_IN_GOLD,
    SPURIOUS,
    WRONG,
    DocumentOutcomes,
    PanelPair,
    Statement,
)
from harness.score.panels import GoldRecord

# ColorBrewer YlGnBu (9 classes), interpolated: light for low values, dark for high.
PALETTE = ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58")
MAX_ROWS = 60
MAX_COLS = 40
MAX_LABEL = 40  # characters of a row or column label shown (all of it in the tooltip)


def colour(value: float, low: float, high: float) -> str:
    """The palette colour of ``value`` on the scale ``[low, high]`` (clamped), as ``#rrggbb``."""
    if not math.isfinite(value) or not (high > low):
        position = 0.5
    else:
        position = min(max((value - low) / (high - low), 0.0), 1.0)
    scaled = position * (len(PALETTE) - 1)
    index = min(int(scaled), len(PALETTE) - 2)
    fraction = scaled - index
    a, b = _rgb(PALETTE[index]), _rgb(PALETTE[index + 1])
    mixed = [round(x + (y - x) * fraction) for x, y in zip(a, b)]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def text_colour(background: str) -> str:
    r, g, b = _rgb(background)
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


@dataclass(slots=True)
class _Layout:
    """Row, column and series keys in drawing order, with the label each is shown as."""

    rows: dict[str, str] = field(default_factory=dict)
    cols: dict[str, str] = field(default_factory=dict)
    series: dict[str, str] = field(default_factory=dict)

    def add(self, row: str, row_label: str, col: str, col_label: str, series: str, series_label: str) -> None:
        self.rows.setdefault(row, row_label)
        self.cols.setdefault(col, col_label)
        self.series.setdefault(series, series_label)


@dataclass(slots=True)
class _Predicted:
    value: float
    outcome: str
    gold_value: float | None
    ungrounded: bool = False


def heatmap_grids(
    gold: ChartRecord,
    prepared: GoldRecord,
    predicted: ChartRecord | None,
    outcomes: DocumentOutcomes,
    ungrounded: frozenset[int] | set[int] = frozenset(),
) -> str:
    """One gold/predicted grid pair per panel slot (and per series), as HTML.

    ``ungrounded``: indices into ``outcomes.statements`` of cells whose value the
    description never states; their grid cells carry the UNGROUNDED corner.
    """
    by_pair: dict[int, list[tuple[Statement, bool]]] = {}
    for index, found in enumerate(outcomes.statements):
        by_pair.setdefault(found.pair, []).append((found, index in ungrounded))
    parts = []
    for pair_index, pair in enumerate(outcomes.pairs):
        gold_panel = gold.panels[pair.gold] if pair.gold is not None else None
        pred_panel = predicted.panels[pair.predicted] if predicted is not None and pair.predicted is not None else None
        parts.append(_panel_grids(pair, gold_panel, prepared, pred_panel, by_pair.get(pair_index, [])))
    return "".join(parts)


def _panel_grids(
    pair: PanelPair,
    gold_panel: Panel | None,
    prepared: GoldRecord,
    pred_panel: Panel | None,
    cells: list[tuple[Statement, bool]],
) -> str:
    layout = _Layout()
    gold_values: dict[tuple[str, str, str], float] = {}
    if gold_panel is not None and pair.gold is not None:
        for label in gold_panel.y_axis.categories:
            layout.rows.setdefault(normalize_label(label), label)
        for label in gold_panel.x_axis.categories:
            layout.cols.setdefault(normalize_label(label), label)
        for label in gold_panel.series:
            layout.series.setdefault(normalize_label(label), label)
        for cell in gold_panel.cells:
            layout.add(normalize_label(cell.row), cell.row, normalize_label(cell.col), cell.col,
                       normalize_label(cell.series), cell.series or "")
        gold_values = prepared.panels[pair.gold].values
    predicted: dict[tuple[str, str, str], _Predicted] = {}
    for found, is_ungrounded in cells:
        if found.outcome == SPURIOUS and found.why not in (NOT_IN_GOLD, PANEL_NOT_IN_GOLD):
            continue  # a repeat of a cell already drawn
        row_label, col_label = found.cell.row, found.cell.col
        if pair.swapped:
            row_label, col_label = col_label, row_label
        layout.add(found.key[0], row_label, found.key[1], col_label, found.key[2], found.cell.series or "")
        predicted.setdefault(found.key, _Predicted(found.cell.value, found.outcome, found.gold_value, is_ungrounded))
    if not layout.series:
        layout.series[""] = ""

    low, high = _scale(gold_panel, gold_values, predicted)
    heading = _heading(pair, gold_panel, pred_panel)
    legend = _legend(low, high)
    if not gold_values and not predicted:
        return f'<div class="panel-grids"><h4>{heading}</h4><p class="muted">no cells on either side</p></div>'
    grids = []
    for series_key, series_label in layout.series.items():
        gold_grid = _grid("gold", layout, series_key, low, high, gold_values, predicted, gold_side=True,
                          present=gold_panel is not None)
        pred_grid = _grid("predicted", layout, series_key, low, high, gold_values, predicted, gold_side=False,
                          present=pred_panel is not None)
        caption = f'<p class="series">series: {html.escape(series_label)}</p>' if series_key else ""
        grids.append(f'{caption}<div class="grid-pair">{gold_grid}{pred_grid}</div>')
    return f'<div class="panel-grids"><h4>{heading}</h4>{legend}{"".join(grids)}</div>'


def _scale(
    gold_panel: Panel | None,
    gold_values: dict[tuple[str, str, str], float],
    predicted: dict[tuple[str, str, str], _Predicted],
) -> tuple[float, float]:
    scale = gold_panel.color_scale if gold_panel is not None else None
    if scale is not None and scale.min is not None and scale.max is not None and scale.max > scale.min:
        return scale.min, scale.max
    values = [*gold_values.values(), *(p.value for p in predicted.values())]
    values = [v for v in values if math.isfinite(v)]
    return (min(values), max(values)) if values else (0.0, 1.0)


def _heading(pair: PanelPair, gold_panel: Panel | None, pred_panel: Panel | None) -> str:
    sides = []
    if gold_panel is not None:
        sides.append(f"gold panel {pair.gold + 1}" + _title(gold_panel))
    else:
        sides.append("no gold panel")
    if pred_panel is not None:
        sides.append(f"predicted panel {pair.predicted + 1}" + _title(pred_panel))
    else:
        sides.append("no predicted panel")
    swapped = ' <span class="badge warn">cells scored with rows and columns swapped</span>' if pair.swapped else ""
    return " ↔ ".join(sides) + swapped


def _title(panel: Panel) -> str:
    return f" “{html.escape(panel.title)}”" if panel.title else ""


def _legend(low: float, high: float) -> str:
    stops = ", ".join(PALETTE)
    return (
        '<div class="legend"><span>' + html.escape(_number(low)) + "</span>"
        f'<span class="ramp" style="background: linear-gradient(to right, {stops})"></span>'
        "<span>" + html.escape(_number(high)) + "</span>"
        '<span class="key"><span class="k differs"></span>off by more than the tolerance</span>'
        '<span class="key"><span class="k absent"></span>gold value not predicted</span>'
        '<span class="key"><span class="k extra"></span>predicted, not in gold</span>'
        '<span class="key"><span class="k ungrounded"></span>UNGROUNDED (not in the text)</span></div>'
    )


def _grid(
    name: str,
    layout: _Layout,
    series_key: str,
    low: float,
    high: float,
    gold_values: dict[tuple[str, str, str], float],
    predicted: dict[tuple[str, str, str], _Predicted],
    *,
    gold_side: bool,
    present: bool,
) -> str:
    if not present:
        return f'<figure class="grid"><figcaption>{name}</figcaption><p class="muted">no {name} panel</p></figure>'
    rows = list(layout.rows.items())
    cols = list(layout.cols.items())
    note = ""
    if len(rows) > MAX_ROWS or len(cols) > MAX_COLS:
        note = (f'<p class="muted">showing {min(len(rows), MAX_ROWS)} of {len(rows)} rows and '
                f"{min(len(cols), MAX_COLS)} of {len(cols)} columns</p>")
        rows, cols = rows[:MAX_ROWS], cols[:MAX_COLS]
    out = [f'<figure class="grid grid-{name}"><figcaption>{name}</figcaption><table class="heat"><tr><th></th>']
    out += [f'<th class="col" title="{html.escape(label, quote=True)}">{html.escape(_short(label))}</th>'
            for _, label in cols]
    out.append("</tr>")
    for row_key, row_label in rows:
        out.append(f'<tr><th class="row" title="{html.escape(row_label, quote=True)}">{html.escape(_short(row_label))}</th>')
        for col_key, col_label in cols:
            key = (row_key, col_key, series_key)
            out.append(_cell(key, row_label, col_label, low, high, gold_values.get(key), predicted.get(key), gold_side))
        out.append("</tr>")
    out.append("</table>")
    out.append(note)
    out.append("</figure>")
    return "".join(out)


def _cell(
    key: tuple[str, str, str],
    row_label: str,
    col_label: str,
    low: float,
    high: float,
    gold_value: float | None,
    predicted: _Predicted | None,
    gold_side: bool,
) -> str:
    value = gold_value if gold_side else (predicted.value if predicted is not None else None)
    where = f"{row_label} · {col_label}"
    if value is None:
        if not gold_side and gold_value is not None:
            tip = html.escape(f"{where}: gold {_number(gold_value)}, not predicted", quote=True)
            return f'<td class="absent" title="{tip}"></td>'
        return '<td class="blank"></td>'
    classes = ["v"]
    if predicted is not None and predicted.outcome == WRONG:
        classes.append("differs")
    elif not gold_side and gold_value is None:
        classes.append("extra")
    if not gold_side and predicted is not None and predicted.ungrounded:
        classes.append("ungrounded")
    background = colour(value, low, high)
    tip = [where]
    if gold_value is not None:
        tip.append(f"gold {_number(gold_value)}")
    tip.append(f"predicted {_number(predicted.value)}" if predicted is not None else "not predicted")
    if not gold_side and predicted is not None and predicted.ungrounded:
        tip.append("UNGROUNDED: the description never states it")
    title = html.escape(": ".join(tip[:1]) + ": " + ", ".join(tip[1:]), quote=True)
    return (f'<td class="{" ".join(classes)}" style="background-color:{background};color:{text_colour(background)}" '
            f'title="{title}">{html.escape(_number(value))}</td>')


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _number(value: float) -> str:
    return format(value, ".6g")
