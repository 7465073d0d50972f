"""A repeated run: the same setting run N times (``harness extract --repeat N``), scored as one.

A model at temperature 0 with a fixed seed is still not a function of its input (batching,
the prompt cache and thread scheduling change its floating point), so one run measures one
draw. A repeated run is a folder of repetitions, ``RUN/rep-1``, ``RUN/rep-2``, ... each an
ordinary run directory, and its score says:
- per field, the mean over repetitions and the spread (sample standard deviation, and the
  lowest and highest);
- which gold cells flip between repetitions (right in some, not right in others), by name;
- a bootstrap interval for the headline that accounts for both sources of noise: each
  resample draws documents with replacement and, for each drawn document, one repetition at
  random (a two-stage bootstrap), so the interval is wider than one run's when runs disagree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from harness.runs import RECORDS_FILE, read_run
from harness.score.bootstrap import DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED
from harness.score.document import FIELDS
from harness.score.gold import GoldSet
from harness.score.outcomes import document_outcomes
from harness.score.run import HEADLINE, OVERALL, RunScore, score_runs

REPETITION_PREFIX = "rep-"
_REPETITION_RE = re.compile(r"^rep-(\d{1,6})$")


def repetition_dirs(run_dir: Path | str) -> list[Path]:
    """The repetitions of a repeated run, in order; [] when ``run_dir`` is an ordinary run."""
    run_dir = Path(run_dir)
    if (run_dir / RECORDS_FILE).is_file() or not run_dir.is_dir():
        return []
    found = []
    for child in run_dir.iterdir():
        match = _REPETITION_RE.match(child.name)
        if match and (child / RECORDS_FILE).is_file():
            found.append((int(match.group(1)), child))
    return [path for _, path in sorted(found)]


def repetition_dir(run_dir: Path | str, repetition: int) -> Path:
    return Path(run_dir) / f"{REPETITION_PREFIX}{repetition}"


@dataclass(frozen=True, slots=True)
class Spread:
    mean: float
    std: float  # sample standard deviation over repetitions (0 for one)
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        finite = [v for v in values if not math.isnan(v)]
        if not finite:
            return cls(math.nan, math.nan, math.nan, math.nan)
        mean = sum(finite) / len(finite)
        std = math.sqrt(sum((v - mean) ** 2 for v in finite) / (len(finite) - 1)) if len(finite) > 1 else 0.0
        return cls(mean, std, min(finite), max(finite))


@dataclass(frozen=True, slots=True)
class FlippingCell:
    """A gold cell right in some repetitions and not in others."""

    document: str
    panel: int
    row: str
    col: str
    series: str | None
    gold: float
    outcomes: tuple[str, ...]  # per repetition: right, wrong, missing or no_record
    predicted: tuple[float | None, ...]  # per repetition


@dataclass
class RepeatedScore:
    name: str
    repetitions: list[RunScore]
    fields: dict[str, Spread]  # every field, overall and the headline
    flipping: list[FlippingCell]
    headline_interval: tuple[float, float]  # two-stage bootstrap of cells F1 (micro)
    level: float = DEFAULT_LEVEL
    resamples: int = DEFAULT_RESAMPLES
    problems: list[str] = field(default_factory=list)
    coverage: list[str] = field(default_factory=list)  # what only one side has (first repetition)
    shared_only: bool = False

    @property
    def documents(self) -> int:
        return len(self.repetitions[0].documents) if self.repetitions else 0


def score_repeated(run_dir: Path | str, gold: GoldSet, *, resamples: int = DEFAULT_RESAMPLES,
                   seed: int = DEFAULT_SEED, level: float = DEFAULT_LEVEL, shared_only: bool = False) -> RepeatedScore:
    """Score every repetition of ``run_dir`` against ``gold`` and read them together."""
    dirs = repetition_dirs(run_dir)
    if not dirs:
        raise FileNotFoundError(f"{run_dir}: no repetitions ({REPETITION_PREFIX}1/{RECORDS_FILE}, ...)")
    return score_repetitions(Path(run_dir).name, dirs, gold, resamples=resamples, seed=seed, level=level,
                             shared_only=shared_only)


def score_repetitions(name: str, dirs: list[Path], gold: GoldSet, *, resamples: int = DEFAULT_RESAMPLES,
                      seed: int = DEFAULT_SEED, level: float = DEFAULT_LEVEL, shared_only: bool = False) -> RepeatedScore:
    """Score run directories that repeat one setting (an ordinary run is a list of one).

    ``shared_only``: only the gold documents every repetition has (as ``harness score --shared-only``).
    """
    # Read as ChartRecords (not the scorer's plain form): the flipping cells quote them.
    report = score_runs([read_run(d) for d in dirs], gold, shared_only=shared_only)
    gold = report.gold
    runs = report.runs
    fields = {field_name: Spread.of([run.field_scores()[field_name] for run in runs]) for field_name in FIELDS}
    fields[OVERALL] = Spread.of([run.overall for run in runs])
    fields[HEADLINE] = Spread.of([run.cells.f1 for run in runs])
    return RepeatedScore(
        name=name,
        repetitions=runs,
        fields=fields,
        flipping=_flipping_cells(runs, gold),
        headline_interval=_two_stage_interval(runs, resamples=resamples, seed=seed, level=level),
        level=level,
        resamples=resamples,
        problems=report.problems,
        coverage=[line.replace(f"{dirs[0].name}:", f"{name}:", 1) for line in report.coverage()
                  if line.startswith(f"{report.runs[0].name}:")],
        shared_only=shared_only,
    )


def _flipping_cells(runs: list[RunScore], gold: GoldSet) -> list[FlippingCell]:
    prepared = gold.prepared
    out: list[FlippingCell] = []
    for doc_id in gold.ids:
        per_run = [document_outcomes(run.records.get(doc_id), gold.records[doc_id], prepared[doc_id]) for run in runs]
        for index, first in enumerate(per_run[0].gold_cells):
            cells = [outcomes.gold_cells[index] for outcomes in per_run]
            if len({c.is_right for c in cells}) > 1:
                out.append(FlippingCell(
                    document=doc_id, panel=first.panel, row=first.cell.row, col=first.cell.col,
                    series=first.cell.series, gold=first.cell.value,
                    outcomes=tuple(c.outcome for c in cells), predicted=tuple(c.predicted for c in cells),
                ))
    return out


def _two_stage_interval(runs: list[RunScore], *, resamples: int, seed: int, level: float) -> tuple[float, float]:
    """Percentile interval of cells F1 (micro) over (document, repetition) resamples."""
    if not runs or not runs[0].documents:
        return (math.nan, math.nan)
    # counts[r, d] = (right, predicted + expected) of document d in repetition r
    counts = np.array([[(doc.fields["cells"].right, doc.fields["cells"].predicted + doc.fields["cells"].expected)
                        for doc in run.documents] for run in runs], dtype=np.float64)
    n_runs, n_docs = counts.shape[0], counts.shape[1]
    rng = np.random.default_rng(seed)
    docs = rng.integers(0, n_docs, size=(resamples, n_docs))
    reps = rng.integers(0, n_runs, size=(resamples, n_docs))
    drawn = counts[reps, docs]  # (resamples, documents, 2)
    sums = drawn.sum(axis=1)
    f1 = np.where(sums[:, 1] == 0, 1.0, 2.0 * sums[:, 0] / np.where(sums[:, 1] == 0, 1.0, sums[:, 1]))
    tail = (1.0 - level) / 2.0
    return float(np.quantile(f1, tail)), float(np.quantile(f1, 1.0 - tail))


def repeated_text(score: RepeatedScore, *, cells_shown: int = 20) -> str:
    """The repeated run as ``harness score`` prints it."""
    n = len(score.repetitions)
    scope = " shared by gold and every repetition (--shared-only)" if score.shared_only else ""
    lines = [f"{score.name}: {n} repetitions of one setting, {score.documents} gold documents{scope}",
             "", "per field over repetitions (mean, sample std, lowest, highest):"]
    width = max(len(name) for name in score.fields)
    for name, spread in score.fields.items():
        lines.append(f"  {name:<{width}}  {spread.mean:.3f}  ±{spread.std:.3f}  [{spread.low:.3f}, {spread.high:.3f}]")
    low, high = score.headline_interval
    lines += ["", f"{HEADLINE}: {score.fields[HEADLINE].mean:.3f}, {score.level:.0%} interval [{low:.3f}, {high:.3f}] "
                  f"(two-stage bootstrap over documents and repetitions, {score.resamples} resamples)"]
    lines += ["", f"gold cells that flip between repetitions: {len(score.flipping)}", *flipping_lines(score, cells_shown)]
    return "\n".join(lines)


def flipping_lines(score: RepeatedScore, shown: int = 20) -> list[str]:
    """The flipping cells by name, each with every repetition's outcome and answer."""
    lines = []
    for cell in score.flipping[:shown]:
        series = f", {cell.series}" if cell.series else ""
        answers = ", ".join(f"{o}" + (f" {p:g}" if p is not None else "") for o, p in zip(cell.outcomes, cell.predicted))
        lines.append(f"  {cell.document} panel {cell.panel} ({cell.row}, {cell.col}{series}) gold {cell.gold:g}: {answers}")
    if len(score.flipping) > shown:
        lines.append(f"  ... and {len(score.flipping) - shown} more")
    return lines
