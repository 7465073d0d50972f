"""Scoring whole runs against a gold set, and the empty record beside them.

A run's score for a field is the mean over gold documents of that document's field
score (fraction right, or F1); "overall" is the plain mean over fields. The headline is
cells F1 micro-averaged over the run (cells pooled across documents); the macro
average over documents is kept too. Gold ids missing from the run and documents without
a record count as all-missed; records whose id is not in gold are listed, not scored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from harness.record import ChartRecord, empty_record
from harness.runs import Run
from harness.score.bulk import collection_paused
from harness.score.counts import OUTCOMES, Counts
from harness.score.document import (
    FIELDS,
    STATUS_NO_RECORD,
    STATUS_NOT_IN_RUN,
    DocScore,
    score_document,
)
from harness.score.gold import GoldSet, load_gold
from harness.score.inputs import RunRecords, load_run_records
from harness.score.panels import ComparableRecord, GoldRecord, comparable_record

if TYPE_CHECKING:
    from harness.score.literature import LiteratureScores, RunLiterature

_SCORE = attrgetter("score")
_OUTCOME_GETTERS = [attrgetter(outcome) for outcome in OUTCOMES]

EMPTY_RECORD = "empty record"
HEADLINE = "cells F1 (micro)"
OVERALL = "overall (mean over fields)"


@dataclass
class RunScore:
    name: str
    documents: list[DocScore]
    problems: list[str] = field(default_factory=list)
    records_without_gold: list[str] = field(default_factory=list)
    path: Path | None = None
    # What the run was scored from (records, or from disk their comparable form), kept so that
    # the literature metrics can be read on demand (they cost more than the cells;
    # ``harness score --no-literature`` skips them).
    records: Mapping[str, ChartRecord | ComparableRecord | None] = field(default_factory=dict, repr=False)
    gold: Mapping[str, GoldRecord] = field(default_factory=dict, repr=False)
    _literature: tuple[RunLiterature, dict[str, LiteratureScores]] | None = field(default=None, repr=False)
    _field_scores: tuple[int, int, dict[str, float]] | None = field(default=None, repr=False)

    def literature(self) -> RunLiterature:
        """RMS, RNSS and SCRM triplet IoU over the run (``harness.score.literature``)."""
        return self._literature_scores()[0]

    def literature_by_document(self) -> dict[str, LiteratureScores]:
        return self._literature_scores()[1]

    def _literature_scores(self) -> tuple[RunLiterature, dict[str, LiteratureScores]]:
        if self._literature is None:
            # Imported on first use: scipy and rapidfuzz cost half a second to import, which
            # ``harness score --no-literature`` need not pay.
            from harness.score.literature import score_records

            self._literature = score_records(self.records, self.gold)
        return self._literature

    def field_scores(self) -> dict[str, float]:
        """Per field, the mean over documents of the document's score (NaN with no documents)."""
        # Computed once (the summary, the tables and the JSON all read it); again only if the
        # list of documents is replaced or grows.
        documents = self.documents
        cached = self._field_scores
        if cached is None or cached[0] != id(documents) or cached[1] != len(documents):
            n = len(documents)
            fields = [doc.fields for doc in documents]
            scores = {name: (sum(map(_SCORE, map(itemgetter(name), fields))) / n if n else math.nan)
                      for name in FIELDS}
            cached = self._field_scores = (id(documents), n, scores)
        return dict(cached[2])

    @property
    def overall(self) -> float:
        """The plain mean over fields: the figure to read beside the empty record's."""
        scores = self.field_scores()
        return sum(scores.values()) / len(scores)

    def totals(self) -> dict[str, Counts]:
        """Outcome counts per field, summed over documents (the failure taxonomy)."""
        fields = [doc.fields for doc in self.documents]
        out = {}
        for name, kind in FIELDS.items():
            counts = list(map(itemgetter(name), fields))
            out[name] = Counts(kind, *(sum(map(getter, counts)) for getter in _OUTCOME_GETTERS))
        return out

    @property
    def cells(self) -> Counts:
        """Cells pooled over the run: micro precision / recall / F1 (the headline)."""
        total = Counts("set")
        for doc in self.documents:
            total.add(doc.fields["cells"])
        return total

    @property
    def cells_macro_f1(self) -> float:
        if not self.documents:
            return math.nan
        return sum(doc.fields["cells"].f1 for doc in self.documents) / len(self.documents)

    @property
    def swapped_panels(self) -> list[tuple[str, int]]:
        """(document id, gold panel index) of every panel whose cells were scored swapped."""
        return [(doc.id, index) for doc in self.documents for index in doc.swapped_panels]

    def count_status(self, status: str) -> int:
        return sum(doc.status == status for doc in self.documents)

    def summary(self) -> dict[str, float | int]:
        """The headline and the counts a reader needs to trust it."""
        cells = self.cells
        return {
            HEADLINE: cells.f1,
            "cells precision (micro)": cells.precision,
            "cells recall (micro)": cells.recall,
            "cells F1 (macro over documents)": self.cells_macro_f1,
            OVERALL: self.overall,
            "documents": len(self.documents),
            "no record": self.count_status(STATUS_NO_RECORD),
            "not in run": self.count_status(STATUS_NOT_IN_RUN),
            "panels scored swapped": len(self.swapped_panels),
            "records without gold": len(self.records_without_gold),
            "problems": len(self.problems),
        }


@dataclass
class Report:
    gold: GoldSet
    runs: list[RunScore]
    baseline: RunScore  # the empty record on the same gold
    # True when scored only on the documents gold and every run share (``--shared-only``).
    shared_only: bool = False

    def coverage(self) -> list[str]:
        """One line per run that gold and the run do not fully share: what only one side has."""
        lines = []
        for run in self.runs:
            missing = [doc.id for doc in run.documents if doc.status == STATUS_NOT_IN_RUN]
            extra = run.records_without_gold
            if missing:
                lines.append(f"{run.name}: {len(missing)} of {len(run.documents)} gold documents are not in the run "
                             f"({_first_ids(missing)}); they score as all missed (--shared-only scores without them)")
            if extra:
                lines.append(f"{run.name}: {len(extra)} records have no gold ({_first_ids(extra)}); not scored")
        return lines

    def shares_nothing(self) -> list[str]:
        """The runs that share no document with gold (their scores say nothing)."""
        return [run.name for run in self.runs
                if run.documents and all(doc.status == STATUS_NOT_IN_RUN for doc in run.documents)
                or not run.documents]

    @property
    def problems(self) -> list[str]:
        return [*self.gold.problems, *(p for run in self.runs for p in run.problems)]

    @property
    def cells_f1(self) -> float:
        """The headline (cells F1, micro) of the first run scored."""
        return self.runs[0].cells.f1

    def table(self):  # -> pandas.DataFrame
        """Per field, each run's score beside the empty record's (``harness score``'s table)."""
        from harness.score.tables import fields_table  # tables reads this module's Report

        return fields_table(self)


def score_run(
    run_records: RunRecords | Mapping[str, ChartRecord | None],
    gold: GoldSet | Iterable[ChartRecord],
    *,
    name: str | None = None,
    progress: bool | None = False,
) -> RunScore:
    """Score one run's records against every gold document.

    ``progress``: False for silence, None to show a bar only on a terminal.
    """
    run = run_records if isinstance(run_records, RunRecords) else RunRecords.from_mapping(run_records)
    gold_set = gold if isinstance(gold, GoldSet) else GoldSet.from_records(list(gold))
    prepared = gold_set.prepared
    bar = tqdm(prepared.items(), desc=f"scoring {name or run.name}", unit="doc",
               disable={True: False, None: None, False: True}[progress], leave=False)  # None: tqdm shows it on a terminal only
    with collection_paused():
        documents = [_score_one(doc_id, gold_record, run) for doc_id, gold_record in bar]
    return RunScore(
        name=name or run.name,
        documents=documents,
        problems=list(run.problems),
        records_without_gold=sorted(set(run.records) - set(prepared)),
        path=run.path,
        records=run.records,
        gold=prepared,
    )


def _score_one(doc_id: str, gold_record: GoldRecord, run: RunRecords) -> DocScore:
    if doc_id not in run.records:
        return score_document(None, gold_record, status=STATUS_NOT_IN_RUN)
    predicted = run.records[doc_id]
    error = run.errors.get(doc_id)
    if predicted is None:
        return score_document(None, gold_record, status=STATUS_NO_RECORD, error=error or "no record")
    return score_document(predicted, gold_record, error=error)


def score_empty_record(gold: GoldSet) -> RunScore:
    """What a record that states nothing earns on ``gold``: the floor beside every average."""
    # One instance for every document: the scorer never reads a prediction's id, and
    # building 10,000 identical records would cost more than scoring them.
    blank = comparable_record(empty_record(""))
    return score_run({doc_id: blank for doc_id in gold.ids}, gold, name=EMPTY_RECORD)


def score_runs(
    run_dirs: Sequence[Path | str | Run],
    gold_dir: Path | str | Sequence[Path | str] | GoldSet,
    *,
    progress: bool | None = False,
    shared_only: bool = False,
) -> Report:
    """Load the gold set and each run (a directory, or a :class:`~harness.runs.Run` in memory), and score them all.

    ``shared_only``: score every run (and the empty record) only on the documents that gold
    and every run share; otherwise a gold document a run lacks counts as all missed.
    Raises NotADirectoryError for a missing gold directory and FileNotFoundError for a
    run directory without ``records.jsonl``; malformed gold files and run lines are
    listed in ``Report.problems`` and the rest is scored.
    """
    gold = gold_dir if isinstance(gold_dir, GoldSet) else load_gold(gold_dir)
    names = _run_names([p.dir or Path(p.name) if isinstance(p, Run) else Path(p) for p in run_dirs])
    loaded = []
    for path, label in zip(run_dirs, names):
        with collection_paused():
            loaded.append(load_run_records(path, name=label))
    if shared_only:
        shared = set(gold.records)
        for records in loaded:
            shared &= set(records.records)
        gold = gold.subset(shared)
    runs = [score_run(records, gold, progress=progress) for records in loaded]
    return Report(gold=gold, runs=runs, baseline=score_empty_record(gold), shared_only=shared_only)


def _first_ids(ids: list[str], shown: int = 5) -> str:
    more = f", ... and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def _run_names(paths: list[Path]) -> list[str]:
    """Each run's directory name, or its whole path where two names would collide."""
    short = [p.name or str(p) for p in paths]
    return [s if short.count(s) == 1 and s != EMPTY_RECORD else str(p) for s, p in zip(short, paths)]
