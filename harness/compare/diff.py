"""Comparing runs: BASE against one or more NEW runs, on the same gold set.

What a reader needs to decide whether NEW is better:
- per field, each run's score and NEW - BASE (the fields ``harness score`` reports, plus
  overall and the headline cells F1 micro), beside the empty record's floor;
- a paired bootstrap interval over gold documents for the two headline differences
  (overall and cells F1 micro), and "within noise" when it contains 0;
- which documents got better or worse, which documents are in one run and not the other
  (or have a record in one and an error in the other), and which gold cells flipped
  between right and not right, named with their gold, BASE and NEW values;
- cost and latency side by side (manifest ``usage`` and ``totals.elapsed_s``, per-line
  ``usage`` and ``elapsed_s``);
- thresholds for CI: NEW fails when a field dropped below an allowed delta.

``compare_runs`` is the plain function; ``harness.compare.text`` renders it; the CLI only parses, calls and prints. Data flows one way: this reads runs
and scores them (harness.score), and nothing imports it but the CLI and the leaderboard.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from harness.compare.changes import (  # noqa: E402 (after the constants it needs)
    STATE_ABSENT,
    STATE_ERROR,
    STATE_RECORD,
    CellChange,
    DocumentChange,
    cell_changes,
    document_changes,
)
from harness.compare.thresholds import FIELD_ROWS, parse_threshold  # noqa: F401 (parse_threshold: re-exported)
from harness.runs import Run, read_run
from harness.runs.cost import RunCost, run_cost
from harness.runs.provenance import Provenance, provenance
from harness.score import (
    HEADLINE,
    OVERALL,
    GoldSet,
    RunRecords,
    RunScore,
    load_gold,
    score_empty_record,
    score_run,
)
from harness.score.bootstrap import (
    DEFAULT_LEVEL,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    Interval,
    f1_statistic,
    mean_statistic,
    paired_bootstrap,
)
from harness.score.bulk import collection_paused
from harness.score.outcomes import DocumentOutcomes, document_outcomes
from harness.score.run import EMPTY_RECORD

# A change smaller than this is rounding, not a change.
EPSILON = 1e-12
DEFAULT_CELLS_SHOWN = 20



@dataclass
class ScoredRun:
    """One run read from disk, scored against the gold set, with what it cost."""

    name: str
    path: Path
    run: Run
    score: RunScore
    cost: RunCost
    provenance: Provenance
    cells: dict[str, DocumentOutcomes]  # gold document id -> its cells' outcomes

    def field_scores(self) -> dict[str, float]:
        scores = self.score.field_scores()
        scores[OVERALL] = self.score.overall
        scores[HEADLINE] = self.score.cells.f1
        return scores

    def state(self, doc_id: str) -> str:
        if doc_id not in self.run.records:
            return STATE_ABSENT
        return STATE_RECORD if self.run.records[doc_id] is not None else STATE_ERROR


@dataclass
class RunComparison:
    """NEW against BASE."""

    base: ScoredRun
    new: ScoredRun
    deltas: dict[str, float]  # per field row: NEW - BASE
    intervals: dict[str, Interval]  # OVERALL and HEADLINE
    documents: pd.DataFrame  # one row per gold document
    document_changes: list[DocumentChange]
    cell_changes: list[CellChange]

    @property
    def broken(self) -> list[CellChange]:
        return [c for c in self.cell_changes if c.change == "broken"]

    @property
    def fixed(self) -> list[CellChange]:
        return [c for c in self.cell_changes if c.change == "fixed"]

    def documents_moved(self) -> dict[str, int]:
        delta = self.documents["overall delta"]
        return {
            "better": int((delta > EPSILON).sum()),
            "worse": int((delta < -EPSILON).sum()),
            "unchanged": int((delta.abs() <= EPSILON).sum()),
        }


@dataclass
class Comparison:
    gold: GoldSet
    base: ScoredRun
    others: list[ScoredRun]
    pairs: list[RunComparison]
    empty: RunScore  # the empty record on the same gold: the floor beside every average

    @property
    def runs(self) -> list[ScoredRun]:
        return [self.base, *self.others]

    def _only_pair(self) -> RunComparison:
        if len(self.pairs) != 1:
            raise ValueError(f"{len(self.pairs)} NEW runs were compared: read comparison.pairs[i]")
        return self.pairs[0]

    @property
    def deltas(self) -> dict[str, float]:
        """Per field (and overall, headline): NEW - BASE, for a comparison of two runs."""
        return self._only_pair().deltas

    @property
    def intervals(self) -> dict[str, Interval]:
        """Paired bootstrap intervals of the overall and headline deltas."""
        return self._only_pair().intervals

    @property
    def flipped(self) -> list[CellChange]:
        """Gold cells right in one run and not in the other ("broken" or "fixed")."""
        return self._only_pair().cell_changes

    @property
    def problems(self) -> list[str]:
        return [*self.gold.problems, *(p for run in self.runs for p in run.score.problems)]

    def fields_table(self) -> pd.DataFrame:
        """One row per field, a column per run, NEW - BASE after each NEW, the empty record last."""
        columns: dict[str, pd.Series] = {self.base.name: pd.Series(self.base.field_scores())}
        for pair in self.pairs:
            columns[pair.new.name] = pd.Series(pair.new.field_scores())
            columns[_delta_name(pair)] = pd.Series(pair.deltas)
        empty = self.empty.field_scores()
        empty[OVERALL] = self.empty.overall
        empty[HEADLINE] = self.empty.cells.f1
        columns[EMPTY_RECORD] = pd.Series(empty)
        table = pd.DataFrame(columns).reindex(FIELD_ROWS)
        table.index.name = "field"
        return table

    def literature_table(self) -> pd.DataFrame:
        """RMS, RNSS and SCRM (``harness.score.literature``): a column per run, NEW - BASE after each NEW."""
        base = self.base.score.literature().as_dict()
        columns: dict[str, pd.Series] = {self.base.name: pd.Series(base)}
        for pair in self.pairs:
            new = pair.new.score.literature().as_dict()
            columns[pair.new.name] = pd.Series(new)
            columns[_delta_name(pair)] = pd.Series({key: new[key] - base[key] for key in base})
        columns[EMPTY_RECORD] = pd.Series(self.empty.literature().as_dict())
        table = pd.DataFrame(columns)
        table.index.name = "metric"
        return table

    def cost_table(self) -> pd.DataFrame:
        """Cost and latency: a row per measure, a column per run, NEW - BASE after each NEW."""
        base = self.base.cost.measures()
        columns: dict[str, pd.Series] = {self.base.name: pd.Series(base, dtype=object)}
        for pair in self.pairs:
            new = pair.new.cost.measures()
            columns[pair.new.name] = pd.Series(new, dtype=object)
            columns[_delta_name(pair)] = pd.Series(
                {key: _difference(new[key], base[key]) for key in base}, dtype=object
            )
        table = pd.DataFrame(columns)
        table.index.name = "measure"
        return table

    def threshold_failures(self, thresholds: Sequence[tuple[str, float]]) -> list[str]:
        """One line per (NEW, field) whose NEW - BASE is below the allowed delta."""
        failures = []
        for pair in self.pairs:
            for row, allowed in thresholds:
                delta = pair.deltas[row]
                if math.isnan(delta) or delta < allowed - EPSILON:
                    failures.append(
                        f"{pair.new.name}: {row} changed by {delta:+.4f} vs {self.base.name}, "
                        f"below the allowed {allowed:+.4f}"
                    )
        return failures


def _delta_name(pair: RunComparison) -> str:
    return f"{pair.new.name} - {pair.base.name}"


def _difference(new: Any, base: Any) -> float | None:
    if isinstance(new, bool) or isinstance(base, bool):
        return None
    if isinstance(new, (int, float)) and isinstance(base, (int, float)):
        return new - base
    return None


# --- building a comparison ---------------------------------------------------------


def load_scored_run(path: Path | str | Run, gold: GoldSet, name: str | None = None) -> ScoredRun:
    """Score a run (a directory, or a Run in memory); raises FileNotFoundError without ``records.jsonl``."""
    with collection_paused():
        run = path if isinstance(path, Run) else read_run(Path(path))
        label = name or run.name
        records = RunRecords(name=label, records=run.records, errors=run.errors,
                             problems=list(run.problems), path=run.dir)
        score = score_run(records, gold)
        prepared = gold.prepared
        cells = {
            doc_id: document_outcomes(run.records.get(doc_id), gold.records[doc_id], prepared[doc_id])
            for doc_id in gold.ids
        }
    return ScoredRun(
        name=label,
        path=run.dir or Path(label),
        run=run,
        score=score,
        cost=run_cost(run.manifest, run.lines.values()),
        provenance=provenance(run.manifest),
        cells=cells,
    )


def compare_runs(
    base: Path | str | Run,
    others: Sequence[Path | str | Run],
    gold_dir: Path | str | GoldSet,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_LEVEL,
) -> Comparison:
    """Compare each run in ``others`` with ``base`` on the gold set.

    Raises NotADirectoryError for a missing gold directory and FileNotFoundError for a
    run directory without ``records.jsonl``; malformed gold files and run lines are
    listed in ``Comparison.problems`` and the rest is compared.
    """
    if not others:
        raise ValueError("nothing to compare BASE with: give at least one NEW run")
    gold = gold_dir if isinstance(gold_dir, GoldSet) else load_gold(gold_dir)
    given = [base, *others]
    paths = [(r.dir or Path(r.name)) if isinstance(r, Run) else Path(r) for r in given]
    names = run_names(paths)
    runs = [load_scored_run(run, gold, name) for run, name in zip(given, names)]
    pairs = [compare_pair(runs[0], new, gold, resamples=resamples, seed=seed, level=level) for new in runs[1:]]
    return Comparison(gold=gold, base=runs[0], others=runs[1:], pairs=pairs, empty=score_empty_record(gold))


def run_names(paths: Sequence[Path]) -> list[str]:
    """Each run's directory name; its whole path where names would collide (or say "empty record")."""
    short = [p.name or str(p) for p in paths]
    names = [s if short.count(s) == 1 and s != EMPTY_RECORD else str(p) for s, p in zip(short, paths)]
    # The same directory given twice still needs two columns.
    return [n if names.count(n) == 1 else f"{n} #{i + 1}" for i, n in enumerate(names)]


def compare_pair(
    base: ScoredRun,
    new: ScoredRun,
    gold: GoldSet,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_LEVEL,
) -> RunComparison:
    base_scores, new_scores = base.field_scores(), new.field_scores()
    deltas = {row: new_scores[row] - base_scores[row] for row in FIELD_ROWS}
    return RunComparison(
        base=base,
        new=new,
        deltas=deltas,
        intervals=headline_intervals(base.score, new.score, resamples=resamples, seed=seed, level=level),
        documents=documents_table(base.score, new.score),
        document_changes=document_changes(base, new, gold),
        cell_changes=cell_changes(base, new, gold),
    )


def headline_intervals(
    base: RunScore,
    new: RunScore,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_LEVEL,
) -> dict[str, Interval]:
    """Paired bootstrap intervals of NEW - BASE for overall and cells F1 (micro)."""
    base_docs, new_docs = _paired_documents(base, new)
    base_overall = np.array([doc.overall for doc in base_docs])
    new_overall = np.array([doc.overall for doc in new_docs])
    base_cells = np.array([_f1_parts(doc.fields["cells"]) for doc in base_docs]).reshape(-1, 2)
    new_cells = np.array([_f1_parts(doc.fields["cells"]) for doc in new_docs]).reshape(-1, 2)
    options = {"resamples": resamples, "seed": seed, "level": level}
    return {
        OVERALL: paired_bootstrap(base_overall, new_overall, mean_statistic, **options),
        HEADLINE: paired_bootstrap(base_cells, new_cells, f1_statistic, **options),
    }


def _f1_parts(counts: Any) -> tuple[int, int]:
    return counts.right, counts.predicted + counts.expected


def _paired_documents(base: RunScore, new: RunScore) -> tuple[list, list]:
    """The documents both were scored on, in the same order (all of gold, for one gold set)."""
    new_by_id = {doc.id: doc for doc in new.documents}
    base_docs = [doc for doc in base.documents if doc.id in new_by_id]
    return base_docs, [new_by_id[doc.id] for doc in base_docs]


def documents_table(base: RunScore, new: RunScore) -> pd.DataFrame:
    """One row per gold document: status, overall and cells F1 in each run, and the deltas."""
    base_docs, new_docs = _paired_documents(base, new)
    base_rms, new_rms = base.literature_by_document(), new.literature_by_document()
    rows = []
    for b, n in zip(base_docs, new_docs):
        rows.append(
            {
                "document": b.id,
                "base status": b.status,
                "new status": n.status,
                "base overall": b.overall,
                "new overall": n.overall,
                "overall delta": n.overall - b.overall,
                "base cells F1": b.fields["cells"].f1,
                "new cells F1": n.fields["cells"].f1,
                "cells F1 delta": n.fields["cells"].f1 - b.fields["cells"].f1,
                "base cells right": b.fields["cells"].right,
                "new cells right": n.fields["cells"].right,
                "gold cells": b.fields["cells"].expected,
                "base RMS F1": base_rms[b.id].rms.f1 if b.id in base_rms else math.nan,
                "new RMS F1": new_rms[n.id].rms.f1 if n.id in new_rms else math.nan,
            }
        )
    columns = ["document", "base status", "new status", "base overall", "new overall", "overall delta",
               "base cells F1", "new cells F1", "cells F1 delta", "base cells right", "new cells right",
               "gold cells", "base RMS F1", "new RMS F1"]
    return pd.DataFrame(rows, columns=columns).set_index("document")
