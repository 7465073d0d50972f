"""Writing a report out: JSON (everything, nested) and CSV (one tidy long table).

The CSV has one row per (run, document, field) with the outcome counts and the score,
the empty record included as a run named "empty record": every table of the report is a
pivot of it, so it is the one to load into pandas for further analysis.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from harness.score.counts import OUTCOMES
from harness.score.document import FIELDS
from harness.score.run import HEADLINE, Report, RunScore

CSV_COLUMNS = ["run", "document", "status", "field", "score", *OUTCOMES]


def report_to_dict(report: Report, *, literature: bool = True) -> dict[str, Any]:
    return {
        "headline": HEADLINE,
        "gold": {
            "dir": str(report.gold.dir) if report.gold.dir is not None else None,
            "documents": len(report.gold),
            "problems": list(report.gold.problems),
        },
        "runs": [_run_to_dict(run, literature=literature) for run in report.runs],
        "empty_record": _run_to_dict(report.baseline, with_documents=False, literature=literature),
    }


def _run_to_dict(run: RunScore, *, with_documents: bool = True, literature: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": run.name,
        "path": str(run.path) if run.path is not None else None,
        "summary": {k: _finite(v) for k, v in run.summary().items()},
        "fields": {k: _finite(v) for k, v in run.field_scores().items()},
        "taxonomy": {name: counts.as_dict() for name, counts in run.totals().items()},
        "swapped_panels": [{"document": d, "panel": i} for d, i in run.swapped_panels],
        "records_without_gold": list(run.records_without_gold),
        "problems": list(run.problems),
    }
    if literature:
        out["literature"] = {k: _finite(v) for k, v in run.literature().as_dict().items()}
    if with_documents:
        out["documents"] = [
            {
                "id": doc.id,
                "status": doc.status,
                "error": doc.error,
                "overall": doc.overall,
                "swapped_panels": list(doc.swapped_panels),
                "fields": {
                    name: {"score": counts.score, **counts.as_dict()}
                    for name, counts in doc.fields.items()
                },
            }
            for doc in run.documents
        ]
        if literature:
            by_document = run.literature_by_document()
            for entry in out["documents"]:
                if entry["id"] in by_document:
                    entry["literature"] = by_document[entry["id"]].as_dict()
    return out


def _finite(value: float | int) -> float | int | None:
    # JSON has no NaN: a run scored on no documents has no scores.
    return None if isinstance(value, float) and math.isnan(value) else value


def to_json(report: Report, path: Path | str | None = None, *, literature: bool = True) -> str:
    """The report as JSON text; also written to ``path`` when given."""
    text = json.dumps(report_to_dict(report, literature=literature), indent=2, ensure_ascii=False)
    if path is not None:
        Path(path).write_text(text + "\n", encoding="utf-8")
    return text


def long_table(report: Report) -> pd.DataFrame:
    rows = []
    for run in [*report.runs, report.baseline]:
        for doc in run.documents:
            for name in FIELDS:
                counts = doc.fields[name]
                rows.append(
                    [run.name, doc.id, doc.status, name, counts.score,
                     *(getattr(counts, outcome) for outcome in OUTCOMES)]
                )
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def to_csv(report: Report, path: Path | str) -> None:
    """Write the long table (one row per run x document x field) to ``path``."""
    long_table(report).to_csv(path, index=False)
