"""Rendering a comparison: the text tables ``harness compare`` prints, and its JSON.

Everything here reads a :class:`~harness.compare.Comparison` and writes text; nothing
computes a score. Untrusted labels and values go through :func:`printable` (control
characters escaped, length capped) before they reach a terminal.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from harness.compare.diff import (
    DEFAULT_CELLS_SHOWN,
    EPSILON,
    STATE_ABSENT,
    STATE_ERROR,
    CellChange,
    Comparison,
    DocumentChange,
    RunComparison,
    ScoredRun,
    _delta_name,
    cell_changes,
    compare_pair,
    compare_runs,
    document_changes,
    documents_table,
    headline_intervals,
    load_scored_run,
    run_names,
)
from harness.compare.thresholds import FIELD_ALIASES, FIELD_ROWS, parse_threshold
from harness.score import HEADLINE, OVERALL
from harness.score.run import EMPTY_RECORD


def printable(text: object, limit: int = 60) -> str:
    """Untrusted text made safe for a terminal: control characters escaped, length capped."""
    if text is None:
        return "-"
    text = str(text)
    if len(text) > limit * 4:
        text = text[: limit * 4]  # escaping below is linear, but why pay for a megabyte
    out = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _number(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return printable(value)


def _signed(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:+.{digits}f}" if isinstance(value, float) else f"{value:+d}"
    return str(value)


def _cell_value(value: float | None, outcome: str) -> str:
    if value is None:
        return outcome.replace("_", " ")
    return f"{value:g} ({outcome})" if outcome != "right" else f"{value:g}"


def cell_changes_table(changes: Sequence[CellChange], base_name: str, new_name: str) -> pd.DataFrame:
    rows = [
        {
            "change": c.change,
            "document": printable(c.document, 40),
            "panel": c.panel,
            "row": printable(c.row, 30),
            "col": printable(c.col, 30),
            "series": printable(c.series, 24),
            "gold": "-" if c.gold is None else f"{c.gold:g}",
            base_name: _cell_value(c.base, c.base_outcome),
            new_name: _cell_value(c.new, c.new_outcome),
        }
        for c in changes
    ]
    return pd.DataFrame(rows, columns=["change", "document", "panel", "row", "col", "series", "gold",
                                       base_name, new_name])


def _describe_provenance(run: ScoredRun) -> str:
    p = run.provenance
    parts = [
        f"extractor {printable(p.extractor)}",
        f"model {printable(p.model)}",
        f"prompt {printable(p.prompt)}",
        f"started {printable(p.started_at)}",
    ]
    return f"{run.path} ({', '.join(parts)})"


def comparison_text(comparison: Comparison, *, all_cells: bool = False,
                    cells_shown: int = DEFAULT_CELLS_SHOWN, all_documents: bool = False) -> str:
    """The comparison as the CLI prints it.

    Changed cells and documents are listed up to ``cells_shown`` each (with a count of
    the rest); ``all_cells`` / ``all_documents`` list them all.
    """
    gold = comparison.gold
    base = comparison.base
    where = gold.where
    parts = [f"gold: {where} ({len(gold)} documents)", f"BASE {base.name}: {_describe_provenance(base)}"]
    parts += [f"NEW  {run.name}: {_describe_provenance(run)}" for run in comparison.others]

    fields = comparison.fields_table()
    parts += [
        "",
        "scores (mean over gold documents; scalar fields: fraction right, set fields: F1; "
        f'"{EMPTY_RECORD}" = what a record stating nothing earns):',
        _format_table(fields, signed=[_delta_name(p) for p in comparison.pairs]),
    ]

    parts += ["", "literature metrics, mean over gold documents (RMS: DePlot; RNSS: ChartQA; "
                  "SCRM: StructChart; the headline stays cells F1):",
              _format_table(comparison.literature_table(), signed=[_delta_name(p) for p in comparison.pairs])]

    first = comparison.pairs[0].intervals[OVERALL]
    parts += ["", f"is it more than noise? paired bootstrap over {first.documents} gold documents "
                  f"({first.resamples} resamples, seed {first.seed}):"]
    for pair in comparison.pairs:
        for row, interval in pair.intervals.items():
            parts.append(f"  {pair.new.name} - {base.name}, {row}: {interval.describe()}")

    for pair in comparison.pairs:
        parts += ["", *_pair_text(pair, all_cells=all_cells, cells_shown=cells_shown, all_documents=all_documents)]

    parts += ["", "cost and latency (unknown figures are -):",
              _format_table(comparison.cost_table(), signed=[_delta_name(p) for p in comparison.pairs])]
    return "\n".join(parts)


def _pair_text(pair: RunComparison, *, all_cells: bool, cells_shown: int, all_documents: bool) -> list[str]:
    base, new = pair.base.name, pair.new.name
    title = f"{new} vs {base}"
    moved = pair.documents_moved()
    lines = [f"{title}: documents by overall score: {moved['better']} better, {moved['worse']} worse, "
             f"{moved['unchanged']} unchanged"]
    docs = pair.documents
    for label, chosen, ascending in (
        ("worse", docs["overall delta"] < -EPSILON, True),
        ("better", docs["overall delta"] > EPSILON, False),
        ("same overall, other cells F1", (docs["overall delta"].abs() <= EPSILON)
         & (docs["cells F1 delta"].abs() > EPSILON), True),
    ):
        if not chosen.any():
            continue
        picked = docs[chosen].sort_values(["overall delta", "cells F1 delta"], ascending=ascending, kind="stable")
        shown = picked if all_documents else picked.head(cells_shown)
        lines += [f"  {label} ({len(picked)}):", _indent(_documents_text(shown, base, new))]
        if len(shown) < len(picked):
            lines.append(f"  ... and {len(picked) - len(shown)} more (--all-documents lists them all)")
    if all_documents:
        lines += [f"  every gold document ({len(docs)}):", _indent(_documents_text(docs, base, new))]

    if pair.document_changes:
        lines += ["", f"{title}: documents in one run and not the other, or a record in one and an error "
                      f"in the other ({len(pair.document_changes)}):"]
        for change in pair.document_changes:
            lines.append("  " + _document_change_line(change, base, new))

    broken, fixed = pair.broken, pair.fixed
    without_record = [c for c in pair.cell_changes if "no_record" in (c.base_outcome, c.new_outcome)]
    lines += ["", f"{title}: cells: {len(broken)} right in {base} and not in {new} (broken), "
                  f"{len(fixed)} right in {new} and not in {base} (fixed)"
                  + (f"; {len(without_record)} of them in documents without a record in one run, "
                     "listed last" if without_record else "")]
    if pair.cell_changes:
        # Cells of a document that lost (or gained) its record all flip at once: the
        # flips inside documents both runs read are the informative ones, so they come first.
        listed = sorted(
            pair.cell_changes,
            key=lambda c: ("no_record" in (c.base_outcome, c.new_outcome), c.change != "broken"),
        )
        if not all_cells:
            listed = listed[:cells_shown]
        lines.append(_indent(cell_changes_table(listed, base, new).to_string(index=False)))
        if len(listed) < len(pair.cell_changes):
            lines.append(f"  ... and {len(pair.cell_changes) - len(listed)} more (--all-cells lists them all)")
    return lines


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _documents_text(docs: pd.DataFrame, base: str, new: str) -> str:
    def status(row: pd.Series) -> str:
        before, after = row["base status"], row["new status"]
        return before if before == after else f"{before} -> {after}"

    table = pd.DataFrame(
        {
            "status": [status(row) for _, row in docs.iterrows()],
            f"overall {base}": [_number(v) for v in docs["base overall"]],
            f"overall {new}": [_number(v) for v in docs["new overall"]],
            "overall delta": [_signed(v) for v in docs["overall delta"]],
            f"cells F1 {base}": [_number(v) for v in docs["base cells F1"]],
            f"cells F1 {new}": [_number(v) for v in docs["new cells F1"]],
            "cells F1 delta": [_signed(v) for v in docs["cells F1 delta"]],
            "cells right": [
                f"{b} -> {n} of {g}"
                for b, n, g in zip(docs["base cells right"], docs["new cells right"], docs["gold cells"])
            ],
        },
        index=[printable(i, 40) for i in docs.index],
    )
    table.index.name = "document"
    return table.to_string()


def _document_change_line(change: DocumentChange, base: str, new: str) -> str:
    def state(name: str, value: str, error: str | None) -> str:
        if value == STATE_ABSENT:
            return f"not in {name}"
        if value == STATE_ERROR:
            return f"error in {name} ({printable(error, 80)})"
        return f"record in {name}"

    where = "" if change.in_gold else " [not in gold: not scored]"
    return (f"{printable(change.document, 60)}: {change.change}: {state(base, change.base_state, change.base_error)}"
            f", {state(new, change.new_state, change.new_error)}{where}")


def _format_table(table: pd.DataFrame, signed: Sequence[str] = ()) -> str:
    formatted = table.copy().astype(object)
    # Costs are small numbers: a cent per hundred documents must not print as 0.000.
    digits = [6 if "cost_usd" in str(name) else 3 for name in table.index]
    for column in formatted.columns:
        render = _signed if column in signed else _number
        formatted[column] = [render(value, d) for value, d in zip(table[column], digits)]
    return formatted.to_string()


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """Everything, for machines (NaN written as null)."""
    def run_dict(run: ScoredRun) -> dict[str, Any]:
        p = run.provenance
        return {
            "name": run.name,
            "path": str(run.path),
            "extractor": p.extractor,
            "model": p.model,
            "prompt": p.prompt,
            "started_at": p.started_at,
            "status": p.status,
            "fields": {k: _finite(v) for k, v in run.field_scores().items()},
            "summary": {k: _finite(v) for k, v in run.score.summary().items()},
            "cost": {k: _finite(v) for k, v in run.cost.measures().items()},
            "problems": list(run.score.problems),
        }

    def pair_dict(pair: RunComparison) -> dict[str, Any]:
        docs = pair.documents.reset_index()
        return {
            "base": pair.base.name,
            "new": pair.new.name,
            "deltas": {k: _finite(v) for k, v in pair.deltas.items()},
            "intervals": {k: v.as_dict() for k, v in pair.intervals.items()},
            "documents_moved": pair.documents_moved(),
            "documents": [{k: _finite(v) for k, v in row.items()} for row in docs.to_dict("records")],
            "document_changes": [vars(c) for c in pair.document_changes],
            "cell_changes": [vars(c) for c in pair.cell_changes],
        }

    empty = comparison.empty
    return {
        "gold": {
            "dir": str(comparison.gold.dir) if comparison.gold.dir is not None else None,
            "documents": len(comparison.gold),
            "problems": list(comparison.gold.problems),
        },
        "base": run_dict(comparison.base),
        "others": [run_dict(run) for run in comparison.others],
        "empty_record": {
            "fields": {k: _finite(v) for k, v in empty.field_scores().items()},
            OVERALL: _finite(empty.overall),
            HEADLINE: _finite(empty.cells.f1),
        },
        "comparisons": [pair_dict(pair) for pair in comparison.pairs],
    }


def _finite(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return None if math.isnan(value) else value
    return value


def comparison_json(comparison: Comparison, path: Path | str | None = None) -> str:
    """The comparison as JSON text; also written to ``path`` when given."""
    text = json.dumps(comparison_to_dict(comparison), indent=2, ensure_ascii=False)
    if path is not None:
        Path(path).write_text(text + "\n", encoding="utf-8")
    return text


__all__ = [
    "FIELD_ALIASES",
    "FIELD_ROWS",
    "CellChange",
    "Comparison",
    "DocumentChange",
    "RunComparison",
    "ScoredRun",
    "cell_changes",
    "compare_pair",
    "compare_runs",
    "comparison_json",
    "comparison_text",
    "comparison_to_dict",
    "document_changes",
    "documents_table",
    "headline_intervals",
    "load_scored_run",
    "parse_threshold",
    "printable",
    "run_names",
]
