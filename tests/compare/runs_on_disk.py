"""Hand-made gold sets and run directories for the compare and leaderboard tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.record import Axis, Cell, ChartRecord, Panel


def heatmap(doc_id: str, values: dict[tuple[str, str], float], *, title: str | None = None,
            panel_title: str | None = None, series: str | None = None) -> ChartRecord:
    """A one-panel heatmap whose cells are ``values`` keyed by (row, col)."""
    rows = list(dict.fromkeys(r for r, _ in values))
    cols = list(dict.fromkeys(c for _, c in values))
    cells = [Cell(row=r, col=c, series=series, value=v) for (r, c), v in values.items()]
    panel = Panel(title=panel_title, x_axis=Axis(categories=cols), y_axis=Axis(categories=rows),
                  series=[series] if series else [], cells=cells)
    return ChartRecord(id=doc_id, chart_type="heatmap", title=title, panels=[panel])


def with_value(record: ChartRecord, row: str, col: str, value: float) -> ChartRecord:
    """A copy of ``record`` with the cell (row, col) of its first panel set to ``value``."""
    copy = record.model_copy(deep=True)
    for cell in copy.panels[0].cells:
        if cell.row == row and cell.col == col:
            cell.value = value
    return copy


def without_cell(record: ChartRecord, row: str, col: str) -> ChartRecord:
    copy = record.model_copy(deep=True)
    copy.panels[0].cells = [c for c in copy.panels[0].cells if (c.row, c.col) != (row, col)]
    return copy


def write_gold(gold_dir: Path, *records: ChartRecord) -> Path:
    gold_dir.mkdir(parents=True, exist_ok=True)
    for record in records:
        (gold_dir / f"{record.id}.json").write_text(json.dumps(record.to_json_dict()), encoding="utf-8")
        (gold_dir / f"{record.id}.txt").write_text(f"## Heatmap: {record.id}", encoding="utf-8")
    return gold_dir


def line(record: ChartRecord | None = None, *, doc_id: str | None = None, error: str | None = None,
         usage: dict[str, Any] | None = None, elapsed_s: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": doc_id or (record.id if record is not None else None),
        "record": record.to_json_dict() if record is not None else None,
        "error": error if record is None else None,
    }
    if record is None and error is None:
        out["error"] = "no record"
    if usage is not None:
        out["usage"] = usage
    if elapsed_s is not None:
        out["elapsed_s"] = elapsed_s
    return out


def write_run(run_dir: Path, lines: list[dict[str, Any] | str], manifest: dict[str, Any] | str | None = None) -> Path:
    """``records.jsonl`` from ``lines`` (dicts dumped, strings as is) and ``manifest.json``:
    a dict is dumped, a string written as is (a broken manifest), None writes none."""
    run_dir.mkdir(parents=True, exist_ok=True)
    text = "".join((json.dumps(item) if isinstance(item, dict) else item) + "\n" for item in lines)
    (run_dir / "records.jsonl").write_text(text, encoding="utf-8")
    if isinstance(manifest, dict):
        (run_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    elif isinstance(manifest, str):
        (run_dir / "manifest.json").write_text(manifest, encoding="utf-8")
    return run_dir


RULES_MANIFEST = {
    "status": "complete",
    "extractor": {"extractor": "rules", "version": "1", "name": "rules"},
    "model": None,
    "prompt_name": None,
    "prompt_hash": None,
    "started_at": "2025-01-02T03:04:05+00:00",
    "totals": {"documents": 2, "ok": 2, "failed": 0, "elapsed_s": 0.5},
}


def llm_manifest(cost_usd: float | None, elapsed_s: float = 12.0, **usage: Any) -> dict[str, Any]:
    return {
        "status": "complete",
        "extractor": {"name": "llm", "model": "gpt-4o-mini", "prompt": "default", "prompt_sha256": "ab" * 32},
        "model": "gpt-4o-mini",
        "prompt_name": "default",
        "prompt_hash": "cd" * 32,
        "started_at": "2025-02-03T04:05:06+00:00",
        "totals": {"documents": 2, "ok": 2, "failed": 0, "elapsed_s": elapsed_s},
        "usage": {"calls": 4, "cost_usd": cost_usd, **usage},
    }
