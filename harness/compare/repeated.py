"""Comparing runs when at least one is repeated (``harness extract --repeat N``).

One run of a model is one draw; the difference between two single runs mixes what changed
with what the model would have done differently anyway. Here each side is its repetitions
(an ordinary run is a side of one), and the comparison says per field each side's mean and
spread over repetitions and NEW - BASE of the means, how many gold cells flip between
repetitions within each side, and a two-stage paired bootstrap of the headline delta: each
resample draws documents with replacement (the same documents for both sides) and, for each
drawn document, one repetition of each side at random.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from harness.score import HEADLINE, GoldSet
from harness.score.bootstrap import DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED
from harness.score.repeats import (
    RepeatedScore,
    Spread,
    flipping_lines,
    repetition_dirs,
    score_repeated,
    score_repetitions,
)


@dataclass
class RepeatedComparison:
    base: RepeatedScore
    new: RepeatedScore
    deltas: dict[str, float]  # per field: mean over NEW's repetitions - mean over BASE's
    headline_interval: tuple[float, float]
    level: float
    resamples: int

    @property
    def within_noise(self) -> bool:
        low, high = self.headline_interval
        return math.isnan(low) or low <= 0.0 <= high


def as_repeated(run_dir: Path | str, gold: GoldSet, **options) -> RepeatedScore:
    """A repeated run as it is, an ordinary run as a repeated run of one."""
    if repetition_dirs(run_dir):
        return score_repeated(run_dir, gold, **options)
    return score_repetitions(Path(run_dir).name, [Path(run_dir)], gold, **options)


def compare_repeated(base_dir: Path | str, new_dir: Path | str, gold: GoldSet, *, resamples: int = DEFAULT_RESAMPLES,
                     seed: int = DEFAULT_SEED, level: float = DEFAULT_LEVEL) -> RepeatedComparison:
    options = {"resamples": resamples, "seed": seed, "level": level}
    base, new = as_repeated(base_dir, gold, **options), as_repeated(new_dir, gold, **options)
    deltas = {name: new.fields[name].mean - base.fields[name].mean for name in base.fields}
    return RepeatedComparison(base, new, deltas, _paired_two_stage(base, new, resamples=resamples, seed=seed,
                                                                   level=level), level, resamples)


def _cell_counts(score: RepeatedScore) -> np.ndarray:
    """(repetitions, documents, 2): right and predicted + expected cells per document."""
    return np.array([[(d.fields["cells"].right, d.fields["cells"].predicted + d.fields["cells"].expected)
                      for d in run.documents] for run in score.repetitions], dtype=np.float64)


def _paired_two_stage(base: RepeatedScore, new: RepeatedScore, *, resamples: int, seed: int,
                      level: float) -> tuple[float, float]:
    b, n = _cell_counts(base), _cell_counts(new)
    if b.size == 0 or n.size == 0 or b.shape[1] != n.shape[1]:
        return (math.nan, math.nan)
    documents = b.shape[1]
    rng = np.random.default_rng(seed)
    docs = rng.integers(0, documents, size=(resamples, documents))
    b_sum = b[rng.integers(0, b.shape[0], size=(resamples, documents)), docs].sum(axis=1)
    n_sum = n[rng.integers(0, n.shape[0], size=(resamples, documents)), docs].sum(axis=1)

    def f1(sums: np.ndarray) -> np.ndarray:
        return np.where(sums[:, 1] == 0, 1.0, 2.0 * sums[:, 0] / np.where(sums[:, 1] == 0, 1.0, sums[:, 1]))

    delta = f1(n_sum) - f1(b_sum)
    tail = (1.0 - level) / 2.0
    return float(np.quantile(delta, tail)), float(np.quantile(delta, 1.0 - tail))


def repeated_comparison_text(comparison: RepeatedComparison) -> str:
    base, new = comparison.base, comparison.new
    lines = [f"BASE {base.name}: {len(base.repetitions)} repetition(s); NEW {new.name}: {len(new.repetitions)} "
             f"repetition(s); {base.documents} gold documents", "",
             "per field: mean ± sample std over repetitions, and NEW - BASE of the means:"]
    width = max(len(name) for name in base.fields)
    for name, spread in base.fields.items():
        other: Spread = new.fields[name]
        lines.append(f"  {name:<{width}}  {spread.mean:.3f} ±{spread.std:.3f}   {other.mean:.3f} ±{other.std:.3f}   "
                     f"{comparison.deltas[name]:+.3f}")
    low, high = comparison.headline_interval
    verdict = "within noise" if comparison.within_noise else ("better" if low > 0 else "worse")
    lines += ["", f"{new.name} - {base.name}, {HEADLINE}: {comparison.deltas[HEADLINE]:+.3f} "
                  f"[{comparison.level:.0%} interval {low:+.3f}, {high:+.3f}]: {verdict} (paired two-stage "
                  f"bootstrap over documents and repetitions, {comparison.resamples} resamples)",
              f"gold cells that flip between repetitions: BASE {len(base.flipping)}, NEW {len(new.flipping)}"]
    for side, score in (("BASE", base), ("NEW", new)):
        if score.flipping:
            lines += [f"flipping in {side} {score.name}:", *flipping_lines(score)]
    return "\n".join(lines)
