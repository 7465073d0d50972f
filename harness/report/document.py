"""One document's section of the report: scores, grids, the marked description, cells.

Everything from the description, the gold record or the run (labels, values' labels,
errors, notes) is untrusted text and goes through ``html.escape`` here or in the helpers;
the only markup is what this module writes itself.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from harness.inputs import Document
from harness.record import ChartRecord, Panel
from harness.report.grids import heatmap_grids
from harness.report.grounding import SPAN, UNGROUNDED, DescriptionIndex, Grounding
from harness.report.marked_text import Mark, render_marked_text
from harness.score.document import FIELDS, STATUS_NOT_IN_RUN, STATUS_OK, DocScore
from harness.score.outcomes import (
    MISSING,
    NO_RECORD,
    RIGHT,
    SPURIOUS,
    WRONG,
    DocumentOutcomes,
    document_outcomes,
)
from harness.score.panels import GoldRecord

MAX_CELL_ROWS = 1_000  # rows of the cell tables drawn per document
MAX_LABEL_MARKS = 300
MAX_LIST = 60  # categories shown per axis in the record comparison


@dataclass(slots=True)
class DocumentSection:
    """What the page needs of one document: its HTML and the figures of its TOC row."""

    id: str
    anchor: str
    status: str
    chart_type: str
    score: DocScore
    empty: DocScore
    tally: Counter[str]
    ungrounded: int
    html: str


@dataclass(slots=True)
class _Placed:
    grounding: Grounding
    anchor: str


def document_section(
    *,
    anchor: str,
    score: DocScore,
    empty: DocScore,
    gold: ChartRecord,
    prepared: GoldRecord,
    predicted: ChartRecord | None,
    description: Document,
    run_sha256: str | None = None,
    expanded: bool = False,
) -> DocumentSection:
    outcomes = document_outcomes(predicted, gold, prepared)
    text = description.text
    index = DescriptionIndex(text) if text is not None else None

    predicted_places, missing_places, marks = _ground(anchor, outcomes, predicted, index)
    drawn: dict[str, str] = {}
    if text is not None:
        marked, drawn = render_marked_text(text, marks)
    tally = outcomes.tally()
    ungrounded = sum(place.grounding.how == UNGROUNDED for place in predicted_places)

    notes = _notes(score, description, run_sha256, text)
    body = [notes, _field_scores(score, empty)]
    if gold.chart_type == "heatmap" or (predicted is not None and predicted.chart_type == "heatmap"):
        unstated = {i for i, place in enumerate(predicted_places) if place.grounding.how == UNGROUNDED}
        body.append("<h3>Heatmap grids</h3>" + heatmap_grids(gold, prepared, predicted, outcomes, unstated))
    body.append("<h3>Description</h3>")
    if text is not None:
        body.append(_MARK_LEGEND)
        body.append(f'<pre class="desc">{marked}</pre>')
    else:
        body.append(f'<p class="error">description unreadable: {html.escape(description.error or "no text")}</p>')
    body.append(_cells_table(outcomes, predicted_places, drawn))
    body.append(_missing_list(outcomes, missing_places, drawn))
    body.append(_record_comparison(gold, predicted, outcomes))

    open_attr = " open" if expanded else ""
    summary = _summary(score, empty, gold, tally, ungrounded)
    section = (f'<details class="doc" id="{html.escape(anchor, quote=True)}"{open_attr}>'
               f"<summary>{summary}</summary><div class=\"doc-body\">{''.join(body)}</div></details>")
    return DocumentSection(
        id=score.id,
        anchor=anchor,
        status=score.status,
        chart_type=gold.chart_type,
        score=score,
        empty=empty,
        tally=tally,
        ungrounded=ungrounded,
        html=section,
    )


# --- grounding and marks ---------------------------------------------------------------


def _ground(
    anchor: str, outcomes: DocumentOutcomes, predicted: ChartRecord | None, index: DescriptionIndex | None
) -> tuple[list[_Placed], list[_Placed], list[Mark]]:
    predicted_places: list[_Placed | None] = [None] * len(outcomes.statements)
    marks: list[Mark] = []
    # Cells with a span first, so that their places are taken before any search runs.
    order = sorted(range(len(outcomes.statements)), key=lambda i: outcomes.statements[i].cell.span is None)
    for i in order:
        found = outcomes.statements[i]
        cell = found.cell
        mark_id = f"{anchor}-c{i}"
        if index is None:
            grounding = Grounding(UNGROUNDED, note="the description could not be read")
        else:
            grounding = index.ground_cell(cell.value, cell.row, cell.col, cell.series, cell.span)
        predicted_places[i] = _Placed(grounding, mark_id)
        if grounding.start is not None and grounding.end is not None:
            tip = f"{_where(found.panel, cell.row, cell.col, cell.series)}: predicted {_number(cell.value)}"
            if found.gold_value is not None:
                tip += f", gold {_number(found.gold_value)}"
            tip += f" ({found.outcome}{'; ' + found.why if found.why else ''}"
            tip += "; read from its span)" if grounding.how == SPAN else "; place found by search)"
            marks.append(Mark(grounding.start, grounding.end, found.outcome, tip, mark_id))

    missing_places: list[_Placed] = []
    for i, missing in enumerate(outcomes.missing):
        cell = missing.cell
        mark_id = f"{anchor}-g{i}"
        if index is None:
            grounding = Grounding(UNGROUNDED, note="the description could not be read")
        else:
            grounding = index.ground_cell(cell.value, cell.row, cell.col, cell.series)
        missing_places.append(_Placed(grounding, mark_id))
        if grounding.start is not None and grounding.end is not None:
            tip = f"{_where(missing.panel, cell.row, cell.col, cell.series)}: gold {_number(cell.value)} (missing)"
            marks.append(Mark(grounding.start, grounding.end, MISSING, tip, mark_id))

    if index is not None and predicted is not None:
        for n, (what, label) in enumerate(_labels(predicted)[:MAX_LABEL_MARKS]):
            place = index.find_label(label)
            if place is not None:
                marks.append(Mark(place[0], place[1], "label", f"predicted {what}: {label}", f"{anchor}-l{n}"))
    return [p for p in predicted_places if p is not None], missing_places, marks


def _labels(record: ChartRecord) -> list[tuple[str, str]]:
    """The record's titles and labels, each once, with what it is."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(what: str, label: str | None) -> None:
        if label and label not in seen:
            seen.add(label)
            out.append((what, label))

    add("title", record.title)
    for panel in record.panels:
        add("panel title", panel.title)
        add("x-axis label", panel.x_axis.label)
        add("y-axis label", panel.y_axis.label)
        if panel.color_scale is not None:
            add("colour-scale label", panel.color_scale.label)
        for label in panel.series:
            add("series", label)
        for label in panel.y_axis.categories:
            add("y-axis category", label)
        for label in panel.x_axis.categories:
            add("x-axis category", label)
    return out


# --- pieces of the section ---------------------------------------------------------------


def _summary(score: DocScore, empty: DocScore, gold: ChartRecord, tally: Counter[str], ungrounded: int) -> str:
    cells = score.fields["cells"]
    badges = [f'<span class="badge type">{html.escape(gold.chart_type)}</span>']
    if score.status != STATUS_OK:
        badges.append(f'<span class="badge bad">{html.escape(score.status)}</span>')
    if score.error:
        badges.append('<span class="badge bad">error</span>')
    if ungrounded:
        badges.append(f'<span class="badge ungrounded">{ungrounded} UNGROUNDED</span>')
    counts = (f'<span class="n right">{tally[RIGHT]} right</span> <span class="n wrong">{tally[WRONG]} wrong</span> '
              f'<span class="n spurious">{tally[SPURIOUS]} spurious</span> <span class="n missing">{tally[MISSING] + tally[NO_RECORD]} missing</span>')
    return (f'<span class="doc-id">{html.escape(score.id)}</span> {" ".join(badges)} '
            f'<span class="figure">cells F1 {cells.f1:.3f}</span> {counts} '
            f'<span class="figure">overall {score.overall:.3f} (empty record {empty.overall:.3f})</span>')


def _notes(score: DocScore, description: Document, run_sha256: str | None, text: str | None) -> str:
    out = []
    if score.error:
        out.append(f'<p class="error"><b>error:</b> {html.escape(score.error)}</p>')
    if score.status == STATUS_NOT_IN_RUN:
        out.append('<p class="error">this gold document is not in the run: everything it states counts as missing</p>')
    if score.swapped_panels:
        panels = ", ".join(str(i + 1) for i in score.swapped_panels)
        out.append(f'<p class="warn">cells of gold panel(s) {panels} were scored with rows and columns swapped</p>')
    if text is not None and run_sha256 and description.sha256 and run_sha256 != description.sha256:
        out.append('<p class="warn">the run read a different text from the gold description beside this record '
                   "(sha256 differs): places are checked against the text shown here</p>")
    return "".join(out)


def _field_scores(score: DocScore, empty: DocScore) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in FIELDS)
    row = []
    for name in FIELDS:
        counts = score.fields[name]
        tip = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.as_dict().items() if v)
        row.append(f'<td title="{html.escape(tip, quote=True)}">{counts.score:.3f}</td>')
    floor = "".join(f"<td>{empty.fields[name].score:.3f}</td>" for name in FIELDS)
    return (f'<table class="fields"><tr><th></th>{head}</tr><tr><th>this run</th>{"".join(row)}</tr>'
            f'<tr class="floor"><th>empty record</th>{floor}</tr></table>')


def _record_comparison(gold: ChartRecord, predicted: ChartRecord | None, outcomes: DocumentOutcomes) -> str:
    rows = [_side_by_side("chart type", gold.chart_type, predicted.chart_type if predicted else None),
            _side_by_side("title", gold.title, predicted.title if predicted else None)]
    for pair in outcomes.pairs:
        g = gold.panels[pair.gold] if pair.gold is not None else None
        p = predicted.panels[pair.predicted] if predicted is not None and pair.predicted is not None else None
        name = f"gold panel {pair.gold + 1}" if pair.gold is not None else "(no gold panel)"
        name += f" ↔ predicted panel {pair.predicted + 1}" if pair.predicted is not None else " ↔ (no predicted panel)"
        rows.append(f'<tr class="panel-row"><th colspan="3">{name}</th></tr>')
        for what, read in _PANEL_FIELDS:
            rows.append(_side_by_side(what, read(g) if g else None, read(p) if p else None))
    note = ""
    if predicted is not None and predicted.notes:
        note = f'<p class="muted"><b>extractor notes:</b> {html.escape(predicted.notes)}</p>'
    return ('<h3>Record</h3><table class="compare"><tr><th></th><th>gold</th><th>predicted</th></tr>'
            + "".join(rows) + "</table>" + note)


def _categories(labels: list[str]) -> str | None:
    if not labels:
        return None
    shown = ", ".join(labels[:MAX_LIST])
    more = f" … (+{len(labels) - MAX_LIST} more)" if len(labels) > MAX_LIST else ""
    return f"[{len(labels)}] {shown}{more}"


def _scale(panel: Panel) -> str | None:
    scale = panel.color_scale
    if scale is None:
        return None
    low = "?" if scale.min is None else _number(scale.min)
    high = "?" if scale.max is None else _number(scale.max)
    return f"{scale.label or '(no label)'}: {low} to {high}"


_PANEL_FIELDS = (
    ("panel title", lambda p: p.title),
    ("x-axis label", lambda p: p.x_axis.label),
    ("x-axis categories", lambda p: _categories(p.x_axis.categories)),
    ("y-axis label", lambda p: p.y_axis.label),
    ("y-axis categories", lambda p: _categories(p.y_axis.categories)),
    ("colour scale", _scale),
    ("series", lambda p: _categories(p.series)),
    ("cells", lambda p: str(len(p.cells))),
)


def _side_by_side(what: str, gold: str | None, predicted: str | None) -> str:
    def shown(value: str | None) -> str:
        return '<span class="muted">—</span>' if value is None else html.escape(value)

    return f"<tr><th>{html.escape(what)}</th><td>{shown(gold)}</td><td>{shown(predicted)}</td></tr>"


def _cells_table(outcomes: DocumentOutcomes, places: list[_Placed], drawn: dict[str, str]) -> str:
    if not outcomes.statements:
        return "<h3>Predicted cells</h3><p class=\"muted\">none</p>"
    rows = []
    # ``places`` is in the order of ``outcomes.statements`` (see _ground).
    for found, place in list(zip(outcomes.statements, places))[:MAX_CELL_ROWS]:
        cell = found.cell
        gold_value = "" if found.gold_value is None else html.escape(_number(found.gold_value))
        why = f' <span class="muted">({html.escape(found.why)})</span>' if found.why else ""
        rows.append(
            f'<tr class="o-{found.outcome}"><td>{found.panel + 1}</td><td>{html.escape(cell.series or "")}</td>'
            f"<td>{html.escape(cell.row)}</td><td>{html.escape(cell.col)}</td>"
            f"<td>{html.escape(_number(cell.value))}</td><td>{gold_value}</td>"
            f"<td>{found.outcome}{why}</td><td>{_where_cell(place, drawn)}</td></tr>"
        )
    more = ""
    if len(outcomes.statements) > MAX_CELL_ROWS:
        more = f'<p class="muted">… and {len(outcomes.statements) - MAX_CELL_ROWS} more cells</p>'
    return ('<h3>Predicted cells</h3><table class="cells"><tr><th>panel</th><th>series</th><th>row</th>'
            "<th>col</th><th>predicted</th><th>gold</th><th>outcome</th><th>in the description</th></tr>"
            + "".join(rows) + "</table>" + more)


def _missing_list(outcomes: DocumentOutcomes, places: list[_Placed], drawn: dict[str, str]) -> str:
    if not outcomes.missing:
        return '<h3>Missing gold values</h3><p class="muted">none</p>'
    items = []
    for missing, place in list(zip(outcomes.missing, places))[:MAX_CELL_ROWS]:
        cell = missing.cell
        items.append(
            f'<li class="o-missing">{html.escape(_where(missing.panel, cell.row, cell.col, cell.series))}: '
            f"<b>{html.escape(_number(cell.value))}</b> {_where_cell(place, drawn)}</li>"
        )
    more = ""
    if len(outcomes.missing) > MAX_CELL_ROWS:
        more = f'<p class="muted">… and {len(outcomes.missing) - MAX_CELL_ROWS} more</p>'
    return (f'<h3>Missing gold values ({len(outcomes.missing)})</h3><ul class="missing">'
            + "".join(items) + "</ul>" + more)


def _where_cell(place: _Placed, drawn: dict[str, str]) -> str:
    grounding = place.grounding
    if grounding.how == UNGROUNDED:
        return f'<span class="badge ungrounded">UNGROUNDED</span> <span class="muted">{html.escape(grounding.note)}</span>'
    how = "its span" if grounding.how == SPAN else "found by search, nearest its labels"
    target = drawn.get(place.anchor)
    link = (f'<a href="#{html.escape(target, quote=True)}">chars {grounding.start}–{grounding.end}</a>'
            if target else f"chars {grounding.start}–{grounding.end} (under another mark)")
    note = f"; {html.escape(grounding.note)}" if grounding.note else ""
    return f'{link} <span class="muted">({how}{note})</span>'


def _where(panel: int, row: str, col: str, series: str | None) -> str:
    where = f"panel {panel + 1} · {row} · {col}"
    return f"{where} · {series}" if series else where


def _number(value: float) -> str:
    return format(value, ".6g")


_MARK_LEGEND = (
    '<p class="legend-text">Marks: <mark class="m-right">right</mark> <mark class="m-wrong">wrong</mark> '
    '<mark class="m-spurious">spurious</mark> <mark class="m-missing">missing gold value</mark> '
    '<mark class="m-label">label</mark> — hover a mark for the cell; a predicted value written nowhere '
    'in the text is listed below as <span class="badge ungrounded">UNGROUNDED</span>.</p>'
)
