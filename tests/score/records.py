"""Small builders for hand-made records, gold directories and run directories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.record import Axis, Cell, ChartRecord, ColorScale, Panel


def cell(row: str, col: str, value: float, series: str | None = None) -> Cell:
    return Cell(row=row, col=col, value=value, series=series)


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


def write_gold(gold_dir: Path, rec: ChartRecord | dict[str, Any] | str, *, stem: str | None = None,
               description: str | None = "## Heatmap: described", suffix: str = ".txt") -> Path:
    gold_dir.mkdir(parents=True, exist_ok=True)
    if isinstance(rec, ChartRecord):
        text, name = json.dumps(rec.to_json_dict()), rec.id
    elif isinstance(rec, dict):
        text, name = json.dumps(rec), rec.get("id", "unnamed")
    else:
        text, name = rec, "unnamed"
    stem = stem or name
    path = gold_dir / f"{stem}.json"
    path.write_text(text, encoding="utf-8")
    if description is not None:
        (gold_dir / f"{stem}{suffix}").write_text(description, encoding="utf-8")
    return path


def write_run(run_dir: Path, lines: list[dict[str, Any] | str]) -> Path:
    """A run directory: each line a dict (dumped) or raw text (written as is)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for line in lines:
        if isinstance(line, dict):
            line = dict(line)
            if isinstance(line.get("record"), ChartRecord):
                line["record"] = line["record"].to_json_dict()
            line.setdefault("error", None)
            out.append(json.dumps(line))
        else:
            out.append(line)
    (run_dir / "records.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    (run_dir / "manifest.json").write_text(json.dumps({"extractor": "hand-made"}), encoding="utf-8")
    return run_dir


def ok(rec: ChartRecord) -> dict[str, Any]:
    return {"id": rec.id, "record": rec, "error": None}
