"""Outcome counts for one field, and the scores read off them.

Every field is counted in the same five outcomes (the failure taxonomy):
- right: stated as gold states it (including both empty);
- wrong: the key is there but its value is not (a cell off by more than the tolerance,
  a title that differs);
- missing: gold states it, the prediction does not;
- spurious: the prediction states it, gold does not (a duplicate cell's extras too);
- no_record: gold states it and the run has no record for the document.

Scalar fields (chart_type, titles, axis labels, colour scale ends) count one outcome per
slot and score the fraction right. Set fields (panels, categories, series, cells) count
items and score F1, with a wrong item counting against both precision and recall.
When only one side is empty, precision and recall are both 0 (nothing to credit); when
both are, every score is 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["scalar", "set"]
OUTCOMES = ("right", "wrong", "missing", "spurious", "no_record")


@dataclass(slots=True)
class Counts:
    kind: FieldKind
    right: int = 0
    wrong: int = 0
    missing: int = 0
    spurious: int = 0
    no_record: int = 0

    def add(self, other: Counts) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.missing += other.missing
        self.spurious += other.spurious
        self.no_record += other.no_record

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missing + self.spurious + self.no_record

    @property
    def predicted(self) -> int:
        return self.right + self.wrong + self.spurious

    @property
    def expected(self) -> int:
        return self.right + self.wrong + self.missing + self.no_record

    @property
    def precision(self) -> float:
        if self.predicted == 0:
            return 1.0 if self.expected == 0 else 0.0
        return self.right / self.predicted

    @property
    def recall(self) -> float:
        if self.expected == 0:
            return 1.0 if self.predicted == 0 else 0.0
        return self.right / self.expected

    @property
    def f1(self) -> float:
        denominator = self.predicted + self.expected
        # Both empty counts as right (record-format.md).
        return 1.0 if denominator == 0 else 2 * self.right / denominator

    @property
    def score(self) -> float:
        """Fraction right for a scalar field, F1 for a set field; 1.0 when nothing to score."""
        # f1 and total, written out: a run's field scores read this once per document and field.
        right = self.right
        if self.kind == "set":
            denominator = 2 * (right + self.wrong) + self.spurious + self.missing + self.no_record
            return 1.0 if denominator == 0 else 2 * right / denominator
        total = right + self.wrong + self.missing + self.spurious + self.no_record
        return 1.0 if total == 0 else right / total

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in OUTCOMES}
