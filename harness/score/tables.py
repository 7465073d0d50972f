"""The report as pandas tables (built from the per-document counts; no pandas per cell).

- ``fields_table``: one row per field plus "overall (mean over fields)", one column per
  run and a last column "empty record" (what a record stating nothing earns on the
  same gold), so every average over fields is read beside its floor.
- ``summary_table``: the headline (cells P/R/F1 micro), cells F1 macro, and the counts
  a reader needs to trust it: documents, no record, not in run, panels scored swapped...
- ``documents_table``: one row per (run, document).
- ``taxonomy_table``: per (run, field), how many right / wrong / missing / spurious /
  no record.
- ``literature_table``: RMS, RNSS and SCRM (``harness.score.literature``) per run, beside the
  empty record's, so a figure can be set beside published chart-to-table results.
"""

from __future__ import annotations

import pandas as pd

from harness.score.counts import OUTCOMES
from harness.score.document import FIELDS
from harness.score.run import EMPTY_RECORD, HEADLINE, OVERALL, Report, RunScore


def _all_runs(report: Report) -> list[RunScore]:
    return [*report.runs, report.baseline]


def fields_table(report: Report) -> pd.DataFrame:
    columns = {}
    for run in _all_runs(report):
        scores = run.field_scores()
        scores[OVERALL] = run.overall
        columns[run.name] = scores
    table = pd.DataFrame(columns, index=[*FIELDS, OVERALL])
    table.index.name = "field"
    return table


def summary_table(report: Report) -> pd.DataFrame:
    # Series of dtype object keep counts as ints beside the float scores.
    table = pd.DataFrame(
        {run.name: pd.Series(run.summary(), dtype=object) for run in _all_runs(report)}
    )
    table.index.name = "measure"
    return table


def literature_table(report: Report) -> pd.DataFrame:
    table = pd.DataFrame({run.name: run.literature().as_dict() for run in _all_runs(report)})
    table.index.name = "metric"
    return table


def documents_table(report: Report, *, literature: bool = False) -> pd.DataFrame:
    rows = []
    for run in report.runs:
        by_document = run.literature_by_document() if literature else {}
        for doc in run.documents:
            cells = doc.fields["cells"]
            row = {"run": run.name, "document": doc.id, "status": doc.status}
            row.update({name: doc.score(name) for name in FIELDS})
            row.update(
                {
                    "cells precision": cells.precision,
                    "cells recall": cells.recall,
                    OVERALL: doc.overall,
                    "swapped panels": ",".join(map(str, doc.swapped_panels)),
                    "error": doc.error or "",
                }
            )
            if doc.id in by_document:
                row.update(by_document[doc.id].as_dict())
            rows.append(row)
    columns = ["run", "document", "status", *FIELDS, "cells precision", "cells recall", OVERALL,
               "swapped panels", "error"]
    if literature and rows:
        columns += [name for name in rows[0] if name not in columns]
    return pd.DataFrame(rows, columns=columns).set_index(["run", "document"])


def taxonomy_table(report: Report) -> pd.DataFrame:
    rows = []
    for run in report.runs:
        for name, counts in run.totals().items():
            rows.append({"run": run.name, "field": name, **counts.as_dict()})
    return pd.DataFrame(rows, columns=["run", "field", *OUTCOMES]).set_index(["run", "field"])


def _formatted(table: pd.DataFrame) -> str:
    def cell(value: object) -> object:
        return f"{value:.3f}" if isinstance(value, float) else value

    return table.map(cell).to_string()


def report_text(report: Report, *, by_document: bool = False, literature: bool = True,
                max_swapped_listed: int = 20) -> str:
    """The report as the CLI prints it (``literature``: with RMS, RNSS and SCRM)."""
    gold = report.gold
    where = gold.where
    scope = " shared by gold and every run (--shared-only)" if report.shared_only else ""
    parts = [
        f"gold: {where} ({len(gold)} documents{scope}, {len(gold.problems)} problems)",
        "",
        f"summary (headline: {HEADLINE}):",
        _formatted(summary_table(report)),
        "",
        "fields (mean over documents; scalar fields: fraction right, set fields: F1; "
        f'"{EMPTY_RECORD}" = what a record stating nothing earns):',
        _formatted(fields_table(report)),
        "",
        "failure taxonomy (scalar fields: panel slots; set fields: items):",
        taxonomy_table(report).to_string(),
    ]
    if literature:
        parts += [
            "",
            "literature metrics, mean over documents (RMS: DePlot, Liu et al. 2023; RNSS: ChartQA, "
            "Masry et al. 2022; SCRM: StructChart, Xia et al. 2023; the headline stays cells F1):",
            _formatted(literature_table(report)),
        ]
    swapped = [(run.name, doc, panel) for run in report.runs for doc, panel in run.swapped_panels]
    if swapped:
        parts += ["", f"panels whose cells were scored with rows and columns swapped ({len(swapped)}):"]
        parts += [f"  {run}: {doc} panel {panel}" for run, doc, panel in swapped[:max_swapped_listed]]
        if len(swapped) > max_swapped_listed:
            parts.append(f"  ... and {len(swapped) - max_swapped_listed} more (see --by-document)")
    if by_document:
        parts += ["", "by document:", _formatted(documents_table(report, literature=literature))]
    return "\n".join(parts)
