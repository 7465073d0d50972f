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

Each table's content is read off the report once (the ``_..._content`` functions); the tables
are pandas frames of it, and :func:`report_text` lays the same content out as pandas prints
those frames (``frame_text``) without importing pandas, which costs more than the rest of
the text. pandas is imported when a frame is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from harness.score.counts import OUTCOMES
from harness.score.document import FIELDS
from harness.score.frame_text import frame_text
from harness.score.run import EMPTY_RECORD, HEADLINE, OVERALL, Report, RunScore

if TYPE_CHECKING:
    import pandas as pd

Columns = dict[str, dict[str, Any]]  # column (run) -> row label -> value


def _all_runs(report: Report) -> list[RunScore]:
    return [*report.runs, report.baseline]


def _fields_content(report: Report) -> Columns:
    columns = {}
    for run in _all_runs(report):
        scores: dict[str, Any] = run.field_scores()
        scores[OVERALL] = run.overall
        columns[run.name] = scores
    return columns


def fields_table(report: Report) -> pd.DataFrame:
    import pandas as pd

    table = pd.DataFrame(_fields_content(report), index=[*FIELDS, OVERALL])
    table.index.name = "field"
    return table


def _summary_content(report: Report) -> Columns:
    return {run.name: run.summary() for run in _all_runs(report)}


def summary_table(report: Report) -> pd.DataFrame:
    import pandas as pd

    # Series of dtype object keep counts as ints beside the float scores.
    table = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in _summary_content(report).items()})
    table.index.name = "measure"
    return table


def _literature_content(report: Report) -> Columns:
    return {run.name: run.literature().as_dict() for run in _all_runs(report)}


def literature_table(report: Report) -> pd.DataFrame:
    import pandas as pd

    table = pd.DataFrame(_literature_content(report))
    table.index.name = "metric"
    return table


def _documents_content(report: Report, literature: bool) -> tuple[list[dict[str, Any]], list[str]]:
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
    return rows, columns


def documents_table(report: Report, *, literature: bool = False) -> pd.DataFrame:
    import pandas as pd

    rows, columns = _documents_content(report, literature)
    return pd.DataFrame(rows, columns=columns).set_index(["run", "document"])


def _taxonomy_content(report: Report) -> list[dict[str, Any]]:
    return [{"run": run.name, "field": name, **counts.as_dict()}
            for run in report.runs for name, counts in run.totals().items()]


def taxonomy_table(report: Report) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(_taxonomy_content(report), columns=["run", "field", *OUTCOMES]).set_index(["run", "field"])


def _cell(value: object) -> object:
    return f"{value:.3f}" if isinstance(value, float) else value


def _formatted(table: pd.DataFrame) -> str:
    return table.map(_cell).to_string()


def _columns_text(index_name: str, columns: Columns, index: list[str] | None,
                  frame: Callable[[], pd.DataFrame]) -> str:
    """A table of one column per run as ``_formatted(frame())`` prints it."""
    labels = index if index is not None else list(next(iter(columns.values()), {}))
    text = None
    if index is not None or all(list(values) == labels for values in columns.values()):
        rows = [[_cell(values.get(label, math.nan)) for values in columns.values()] for label in labels]
        text = frame_text([index_name], [(label,) for label in labels], list(columns), rows)
    return text if text is not None else _formatted(frame())


def _rows_text(rows: list[dict[str, Any]], columns: list[str], index: list[str], frame: Callable[[], pd.DataFrame],
               *, ints: bool = False) -> str:
    """A table of ``rows`` indexed by ``index`` as pandas prints it (``ints``: its values are
    counts, printed as they are; else formatted as ``_formatted`` formats them)."""
    shown = [name for name in columns if name not in index]
    text = frame_text(
        index,
        [tuple(row[name] for name in index) for row in rows],
        shown,
        [[row.get(name, math.nan) if ints else _cell(row.get(name, math.nan)) for name in shown] for row in rows],
        int_columns=frozenset(range(len(shown))) if ints else frozenset(),
    )
    if text is not None:
        return text
    return frame().to_string() if ints else _formatted(frame())


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
        _columns_text("measure", _summary_content(report), None, lambda: summary_table(report)),
        "",
        "fields (mean over documents; scalar fields: fraction right, set fields: F1; "
        f'"{EMPTY_RECORD}" = what a record stating nothing earns):',
        _columns_text("field", _fields_content(report), [*FIELDS, OVERALL], lambda: fields_table(report)),
        "",
        "failure taxonomy (scalar fields: panel slots; set fields: items):",
        _rows_text(_taxonomy_content(report), [*OUTCOMES], ["run", "field"], lambda: taxonomy_table(report), ints=True),
    ]
    if literature:
        parts += [
            "",
            "literature metrics, mean over documents (RMS: DePlot, Liu et al. 2023; RNSS: ChartQA, "
            "Masry et al. 2022; SCRM: StructChart, Xia et al. 2023; the headline stays cells F1):",
            _columns_text("metric", _literature_content(report), None, lambda: literature_table(report)),
        ]
    swapped = [(run.name, doc, panel) for run in report.runs for doc, panel in run.swapped_panels]
    if swapped:
        parts += ["", f"panels whose cells were scored with rows and columns swapped ({len(swapped)}):"]
        parts += [f"  {run}: {doc} panel {panel}" for run, doc, panel in swapped[:max_swapped_listed]]
        if len(swapped) > max_swapped_listed:
            parts.append(f"  ... and {len(swapped) - max_swapped_listed} more (see --by-document)")
    if by_document:
        rows, columns = _documents_content(report, literature)
        parts += ["", "by document:", _rows_text(rows, columns, ["run", "document"],
                                                 lambda: documents_table(report, literature=literature))]
    return "\n".join(parts)
