"""Hand-made gold sets and runs for the report tests (records written here, never extracted)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.record import Axis, Cell, ChartRecord, ColorScale, Panel

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


def cell(row: str, col: str, value: float, span: tuple[int, int] | None = None,
         series: str | None = None) -> Cell:
    return Cell(row=row, col=col, value=value, series=series, span=list(span) if span else None)


def span_of(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """Where ``needle`` is first written after ``after`` in ``text``."""
    start = text.index(needle, text.index(after) if after else 0)
    return start, start + len(needle)


def heatmap(doc_id: str, cells: list[Cell], *, title: str | None = "Tiny",
            rows: list[str] | None = None, cols: list[str] | None = None,
            chart_type: str = "heatmap") -> ChartRecord:
    return ChartRecord(
        id=doc_id,
        chart_type=chart_type,
        title=title,
        panels=[Panel(
            x_axis=Axis(categories=cols if cols is not None else ["A", "B"]),
            y_axis=Axis(categories=rows if rows is not None else ["X", "Y"]),
            color_scale=ColorScale(label=None, min=0.0, max=1.0) if chart_type == "heatmap" else None,
            cells=cells,
        )],
    )


def tiny_gold(doc_id: str = "tiny") -> ChartRecord:
    return heatmap(doc_id, [cell("X", "A", 0.5), cell("X", "B", 0.75), cell("Y", "A", 0.25), cell("Y", "B", 1.0)])


def tiny_prediction(doc_id: str = "tiny") -> ChartRecord:
    """One cell of each kind: right (span), wrong (found by search), spurious (found),
    spurious and ungrounded, right without span; Y-A is missing."""
    t = TINY_TEXT
    return heatmap(doc_id, [
        cell("X", "A", 0.5, span_of(t, "0.50")),
        cell("X", "B", 0.9),
        cell("Z", "A", 7.0),
        cell("Z", "B", 123.0),
        cell("Y", "B", 1.0),
    ], rows=["X", "Y", "Z"])


def write_gold(gold_dir: Path, record: ChartRecord, text: str, suffix: str = ".txt") -> None:
    gold_dir.mkdir(parents=True, exist_ok=True)
    (gold_dir / f"{record.id}.json").write_text(json.dumps(record.to_json_dict()), encoding="utf-8")
    (gold_dir / f"{record.id}{suffix}").write_text(text, encoding="utf-8")


def write_run(run_dir: Path, lines: list[dict[str, Any]]) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for line in lines:
        line = dict(line)
        if isinstance(line.get("record"), ChartRecord):
            line["record"] = line["record"].to_json_dict()
        line.setdefault("record", None)
        line.setdefault("error", None)
        out.append(json.dumps(line))
    (run_dir / "records.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    (run_dir / "manifest.json").write_text(json.dumps({"extractor": {"name": "hand-made"}}), encoding="utf-8")
    return run_dir
