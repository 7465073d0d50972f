"""Published chart-to-table metrics beside cells F1: RMS, RNSS and SCRM triplet IoU.

They exist so that a harness figure can be set beside published chart-to-table results.
The headline stays cells F1 (``harness.score.run``); these read the same prepared records
(labels normalised as ``normalize.py`` says, panels paired by ``outcomes.align_panels``),
and every figure is per document first, then a plain mean over documents.

A cell is a data point keyed by its row and column (and series, when it has one): the key
is ``"row col"`` (``"row col series"``), as DePlot keys a table cell by its row header and
column header.

**RMS**, Relative Mapping Similarity (Liu et al. 2023, "DePlot: One-shot visual language
reasoning by plot-to-table translation", Findings of ACL, section 3.2). Keys are matched
one to one by minimum cost on normalised Levenshtein distance (NL; a distance >= 0.5
counts as 1); a matched pair scores ``(1 - NL(keys)) * (1 - D(values))`` with
``D(p, t) = min(1, |p - t| / |t|)`` and relative errors >= 0.1 counting as 1. Precision is
the pairs' total over the predicted points, recall over the gold points; the better of the
prediction and its transpose (row and column keys swapped) is kept, per panel pair.

**RNSS**, Relative Number Set Similarity (Masry et al. 2022, "ChartQA", Findings of ACL,
section 5): numbers only, matched one to one by minimum ``D``;
``RNSS = 1 - sum(D) / max(N, M)``.

**SCRM** triplet IoU (Xia et al. 2023, "StructChart", and Xia et al. 2024, "ChartX",
the SCRM metric): a cell is a triplet (its two labels in sorted order, so a transposed
table matches, and its value); a predicted triplet matches a gold one when the labels are
within an edit distance J and the value within a relative error e. The tolerances are
StructChart's: strict (J=0, e=0), slight (J=2, e=0.05), high (J=5, e=0.1).
``IoU = matched / (N + M - matched)``. A run also gets ChartX's mPrecision: the share of
documents whose IoU reaches a threshold, averaged over thresholds 0.50, 0.55, ..., 0.95.

Where the harness differs from the published reference code (google-research
``deplot/metrics.py``, ChartVLM's SCRM evaluation), on purpose:
- RMS does not count the chart title as one more data point (the code adds it; the paper
  defines RMS over the table's cells only; the title is scored as its own field here).
- The per-document RMS F1 is the F1 (the code's per-point "f1" list appends recall).
- ``D`` with a gold value of 0 is 0 for a predicted 0 and 1 otherwise (the code returns the
  maximum distance when both are 0, and in RMS falls back to comparing the values as text).
- SCRM matches triplets one to one (the code lets several predictions match one gold
  triplet) and takes the relative error's absolute value (the code divides by the signed
  gold value, so any prediction "matches" a negative gold value).
- A statement made twice is two predicted points (one of them unmatched), as cells F1
  counts it as spurious; the code's dict keeps the last.
- Work is bounded for hostile records: a panel pair with more than ``MAX_POINTS`` points
  on a side is matched on identical keys (RMS, SCRM) or identical values (RNSS) only.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from scipy.optimize import linear_sum_assignment

from harness.record import ChartRecord
from harness.score.outcomes import align_panels
from harness.score.panels import (
    ComparablePanel,
    ComparableRecord,
    GoldPanel,
    GoldRecord,
    as_comparable,
)

KEY_THETA = 0.5  # RMS: a normalised key distance at or above this counts as 1
NUMBER_THETA = 0.1  # RMS: a relative error at or above this counts as 1
SCRM_TOLERANCES: dict[str, tuple[int, float]] = {"strict": (0, 0.0), "slight": (2, 0.05), "high": (5, 0.1)}
MPRECISION_THRESHOLDS = tuple(round(0.5 + 0.05 * k, 2) for k in range(10))
MAX_POINTS = 2000  # per side of one panel pair; past it, matching is on identical keys only
MAX_TRIES_PER_KEY = 64  # gold values of one key tried per prediction there (keeps it linear)

Point = tuple[str, float]  # (key, value)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class LiteratureScores:
    """One document's literature metrics."""

    rms: PRF
    rnss: float
    scrm_iou: dict[str, float] = field(default_factory=dict)  # tolerance -> IoU

    def as_dict(self) -> dict[str, float]:
        out = {"RMS precision": self.rms.precision, "RMS recall": self.rms.recall, "RMS F1": self.rms.f1,
               "RNSS": self.rnss}
        out.update({f"SCRM IoU ({name})": iou for name, iou in self.scrm_iou.items()})
        return out


def relative_distance(predicted: float, gold: float) -> float:
    """``min(1, |p - t| / |t|)``; with a gold 0, 0 for a predicted 0 and 1 otherwise."""
    if gold == 0:
        return 0.0 if predicted == 0 else 1.0
    return min(1.0, abs(predicted - gold) / abs(gold))


def key_similarity(a: str, b: str) -> float:
    """1 - normalised Levenshtein distance, 0 at or past ``KEY_THETA`` (ANLS's rule)."""
    distance = Levenshtein.normalized_distance(a, b)
    return 0.0 if distance >= KEY_THETA else 1.0 - distance


def document_scores(gold: GoldRecord, predicted: ComparableRecord | None) -> LiteratureScores:
    """RMS, RNSS and SCRM IoU of one prediction (None: no record) against its gold."""
    pred_panels = predicted.panels if predicted is not None else []
    pairs = [(gold.panels[i] if i is not None else None, pred_panels[j] if j is not None else None)
             for i, j in align_panels(gold.panels, pred_panels)]
    n_gold = sum(len(_gold_points(g, transposed=False)) for g, _ in pairs if g is not None)
    n_pred = sum(len(p.cells) for _, p in pairs if p is not None)

    rms_total = 0.0
    matched = dict.fromkeys(SCRM_TOLERANCES, 0)
    for g, p in pairs:
        if g is None or p is None:
            continue  # an unpaired panel's points match nothing
        gold_points = _gold_points(g, transposed=False)
        straight = _rms_pair(gold_points, _pred_points(p, transposed=False))
        # No orientation can beat a total that already matches every point of the smaller side.
        if straight < min(len(gold_points), len(p.cells)):
            straight = max(straight, _rms_pair(gold_points, _pred_points(p, transposed=True)))
        rms_total += straight
        for name, count in _scrm_matches(_triplets(g.values), _triplets_of_cells(p)).items():
            matched[name] += count

    gold_numbers = [value for g, _ in pairs if g is not None for value in g.values.values()]
    pred_numbers = [cell[3] for _, p in pairs if p is not None for cell in p.cells]
    scrm = {name: (1.0 if n_gold + n_pred == 0 else m / (n_gold + n_pred - m)) for name, m in matched.items()}
    return LiteratureScores(rms=_prf(rms_total, n_pred, n_gold), rnss=rnss(gold_numbers, pred_numbers), scrm_iou=scrm)


def _prf(score: float, n_pred: int, n_gold: int) -> PRF:
    # Empty sides as DePlot's code settles them: nothing on both sides is perfect; a
    # prediction with no points has precision 1 and recall 0; points against an empty
    # gold have precision 0 and recall 1.
    if n_pred == 0 and n_gold == 0:
        return PRF(1.0, 1.0, 1.0)
    if n_gold == 0:
        return PRF(0.0, 1.0, 0.0)
    if n_pred == 0:
        return PRF(1.0, 0.0, 0.0)
    precision, recall = score / n_pred, score / n_gold
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def _key(*labels: str) -> str:
    return " ".join(label for label in labels if label)


def _gold_points(panel: GoldPanel, *, transposed: bool) -> list[Point]:
    return [(_key(col, row, series) if transposed else _key(row, col, series), value)
            for (row, col, series), value in panel.values.items()]


def _pred_points(panel: ComparablePanel, *, transposed: bool) -> list[Point]:
    return [(_key(col, row, series) if transposed else _key(row, col, series), value)
            for row, col, series, value in panel.cells]


def _rms_pair(gold: list[Point], predicted: list[Point]) -> float:
    """The sum of matched pairs' scores for one panel pair in one orientation."""
    if not gold or not predicted:
        return 0.0
    if len(gold) > MAX_POINTS or len(predicted) > MAX_POINTS:
        return _identical_keys_rms(gold, predicted)
    distance = process.cdist([k for k, _ in gold], [k for k, _ in predicted],
                             scorer=Levenshtein.normalized_distance, dtype=np.float64)
    distance[distance >= KEY_THETA] = 1.0
    rows, cols = linear_sum_assignment(distance)
    total = 0.0
    for i, j in zip(rows.tolist(), cols.tolist()):
        similarity = 1.0 - distance[i, j]
        if similarity > 0:
            value_distance = relative_distance(predicted[j][1], gold[i][1])
            total += similarity * (1.0 - (1.0 if value_distance >= NUMBER_THETA else value_distance))
    return total


def _identical_keys_rms(gold: list[Point], predicted: list[Point]) -> float:
    by_key: dict[str, list[float]] = {}
    for key, value in gold:
        by_key.setdefault(key, []).append(value)
    total = 0.0
    for key, value in predicted:
        values = by_key.get(key)
        if values:
            value_distance = relative_distance(value, values.pop())
            total += 1.0 - (1.0 if value_distance >= NUMBER_THETA else value_distance)
    return total


def rnss(gold: list[float], predicted: list[float]) -> float:
    """ChartQA's RNSS over two lists of numbers (1 when both are empty, 0 when one is)."""
    if not gold and not predicted:
        return 1.0
    if not gold or not predicted:
        return 0.0
    if len(gold) > MAX_POINTS or len(predicted) > MAX_POINTS:
        shared = sum((Counter(gold) & Counter(predicted)).values())
        return 1.0 - (max(len(gold), len(predicted)) - shared) / max(len(gold), len(predicted))
    t = np.asarray(gold, dtype=np.float64)[:, None]
    p = np.asarray(predicted, dtype=np.float64)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = np.minimum(1.0, np.abs(p - t) / np.abs(t))
    cost = np.where(t == 0, np.where(p == 0, 0.0, 1.0), cost)
    rows, cols = linear_sum_assignment(cost)
    # Unmatched numbers on the longer side cost 1 each: they are in max(N, M) but not the sum.
    unmatched = max(len(gold), len(predicted)) - len(rows)
    return 1.0 - (float(cost[rows, cols].sum()) + unmatched) / max(len(gold), len(predicted))


Triplet = tuple[str, float]  # (sorted labels joined, value)


def _triplet_key(row: str, col: str, series: str) -> str:
    first, second = sorted((row, col))
    return _key(first, second, series)


def _triplets(values: dict[tuple[str, str, str], float]) -> list[Triplet]:
    return [(_triplet_key(*key), value) for key, value in values.items()]


def _triplets_of_cells(panel: ComparablePanel) -> list[Triplet]:
    return [(_triplet_key(row, col, series), value) for row, col, series, value in panel.cells]


def _scrm_matches(gold: list[Triplet], predicted: list[Triplet]) -> dict[str, int]:
    """Per tolerance, the size of a largest one-to-one matching of triplets within it."""
    if not gold or not predicted:
        return dict.fromkeys(SCRM_TOLERANCES, 0)
    if len(gold) > MAX_POINTS or len(predicted) > MAX_POINTS:
        return {name: _identical_key_matches(gold, predicted, error) for name, (_, error) in SCRM_TOLERANCES.items()}
    most_edits = max(edits for edits, _ in SCRM_TOLERANCES.values())
    edits_apart = process.cdist([k for k, _ in gold], [k for k, _ in predicted],
                                scorer=Levenshtein.distance, score_cutoff=most_edits, dtype=np.int32)
    t = np.asarray([v for _, v in gold], dtype=np.float64)[:, None]
    p = np.asarray([v for _, v in predicted], dtype=np.float64)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(t == 0, np.where(p == 0, 0.0, np.inf), np.abs(p - t) / np.abs(t))
    out = {}
    for name, (edits, error) in SCRM_TOLERANCES.items():
        # A tiny float slack, so that a value 5 % off counts as within 5 %.
        fits = (edits_apart <= edits) & (relative <= error + 1e-12)
        if not fits.any():
            out[name] = 0
            continue
        rows, cols = linear_sum_assignment(fits, maximize=True)
        out[name] = int(fits[rows, cols].sum())
    return out


def _value_within(predicted: float, gold: float, error: float) -> bool:
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) / abs(gold) <= error + 1e-12


def _identical_key_matches(gold: list[Triplet], predicted: list[Triplet], error: float) -> int:
    """Matching on identical keys only (hostile sizes): per key, values paired greedily."""
    by_key: dict[str, list[float]] = {}
    for key, value in gold:
        by_key.setdefault(key, []).append(value)
    matched = 0
    for key, value in predicted:
        candidates = by_key.get(key)
        if not candidates:
            continue
        for index, gold_value in enumerate(candidates[:MAX_TRIES_PER_KEY]):
            if _value_within(value, gold_value, error):
                del candidates[index]
                matched += 1
                break
    return matched


@dataclass(frozen=True, slots=True)
class RunLiterature:
    """A run's literature metrics: means over documents, and SCRM's mPrecision."""

    documents: int
    means: dict[str, float]
    scrm_mprecision: dict[str, float]

    def as_dict(self) -> dict[str, float]:
        out = dict(self.means)
        out.update({f"SCRM mPrecision ({name})": value for name, value in self.scrm_mprecision.items()})
        return out


def run_scores(per_document: list[LiteratureScores]) -> RunLiterature:
    n = len(per_document)
    if n == 0:
        names = list(LiteratureScores(PRF(0, 0, 0), 0, dict.fromkeys(SCRM_TOLERANCES, 0.0)).as_dict())
        return RunLiterature(0, dict.fromkeys(names, math.nan), dict.fromkeys(SCRM_TOLERANCES, math.nan))
    rows = [doc.as_dict() for doc in per_document]
    means = {name: sum(row[name] for row in rows) / n for name in rows[0]}
    mprecision = {
        name: sum(sum(doc.scrm_iou[name] >= threshold for doc in per_document) / n
                  for threshold in MPRECISION_THRESHOLDS) / len(MPRECISION_THRESHOLDS)
        for name in SCRM_TOLERANCES
    }
    return RunLiterature(n, means, mprecision)


def score_records(
    records: Mapping[str, ChartRecord | ComparableRecord | None], gold: Mapping[str, GoldRecord]
) -> tuple[RunLiterature, dict[str, LiteratureScores]]:
    """Every gold document's literature metrics (a document the run lacks has no record)."""
    per_document = {
        doc_id: document_scores(gold_side, _prepared(records.get(doc_id)))
        for doc_id, gold_side in gold.items()
    }
    return run_scores(list(per_document.values())), per_document


def _prepared(record: ChartRecord | ComparableRecord | None) -> ComparableRecord | None:
    return as_comparable(record) if record is not None else None
