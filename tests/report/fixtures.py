"""The report tests' case: a tiny 2x2 heatmap, its description, and hostile text (records
written here, never extracted; builders and writers are in tests/support)."""

from __future__ import annotations

from harness.record import Cell, ChartRecord
from support import cell, panel, record, span_of

HOSTILE = '<script>alert(1)</script> and "><img src=x onerror=alert(2)>'

# A 2x2 heatmap stated as a table, with a decoy 0.9 and a 7 elsewhere in the text.
TINY_TEXT = (
    "## Heatmap: Tiny\n"
    "| Model | A | B |\n"
    "|---|---|---|\n"
    "| X | 0.50 | 0.75 |\n"
    "| Y | 0.25 | 1.00 |\n"
    "The overall mean is 0.9 over n = 7 runs.\n"
    f"Note: {HOSTILE}\n"
)


def tiny_heatmap(doc_id: str, cells: list[Cell], *, title: str | None = "Tiny",
                 rows: list[str] | None = None, cols: list[str] | None = None,
                 chart_type: str = "heatmap") -> ChartRecord:
    """A one-panel record shaped like the tiny heatmap unless told otherwise: rows X, Y,
    columns A, B, and (a heatmap's) colour scale 0 to 1."""
    return record(doc_id, [panel(
        cells,
        x=cols if cols is not None else ["A", "B"],
        y=rows if rows is not None else ["X", "Y"],
        scale=(None, 0.0, 1.0) if chart_type == "heatmap" else None,
    )], title=title, chart_type=chart_type)


def tiny_gold(doc_id: str = "tiny") -> ChartRecord:
    return tiny_heatmap(doc_id, [cell("X", "A", 0.5), cell("X", "B", 0.75), cell("Y", "A", 0.25), cell("Y", "B", 1.0)])


def tiny_prediction(doc_id: str = "tiny") -> ChartRecord:
    """One cell of each kind: right (span), wrong (found by search), spurious (found),
    spurious and ungrounded, right without span; Y-A is missing."""
    t = TINY_TEXT
    return tiny_heatmap(doc_id, [
        cell("X", "A", 0.5, span=span_of(t, "0.50")),
        cell("X", "B", 0.9),
        cell("Z", "A", 7.0),
        cell("Z", "B", 123.0),
        cell("Y", "B", 1.0),
    ], rows=["X", "Y", "Z"])
