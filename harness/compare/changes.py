"""What changed between two runs: documents that came or went or started failing, and gold
cells right in one run and not the other, each read off the outcome engine (``harness.score.outcomes``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.score import GoldSet

if TYPE_CHECKING:
    from harness.compare.diff import ScoredRun

STATE_ABSENT, STATE_RECORD, STATE_ERROR = "absent", "record", "error"


@dataclass(frozen=True)
class CellChange:
    """A gold cell right in one run and not in the other."""

    change: str  # "broken" (right in BASE, not in NEW) or "fixed" (the other way)
    document: str
    panel: int
    row: str
    col: str
    series: str | None
    gold: float | None
    base: float | None
    new: float | None
    base_outcome: str
    new_outcome: str


@dataclass(frozen=True)
class DocumentChange:
    """A document in one run and not the other, or with a record in one and an error in the other."""

    document: str
    change: str  # "added", "removed", "now fails", "now has a record"
    base_state: str  # absent, record or error
    new_state: str
    in_gold: bool
    base_error: str | None = None
    new_error: str | None = None


def document_changes(base: ScoredRun, new: ScoredRun, gold: GoldSet) -> list[DocumentChange]:
    """Every id (gold or not) whose state differs: absent, has a record, or has an error."""
    ids = sorted(set(base.run.records) | set(new.run.records) | set(gold.records))
    changes = []
    for doc_id in ids:
        before, after = base.state(doc_id), new.state(doc_id)
        if before == after:
            continue
        if before == STATE_ABSENT:
            change = "added"
        elif after == STATE_ABSENT:
            change = "removed"
        elif after == STATE_ERROR:
            change = "now fails"
        else:
            change = "now has a record"
        changes.append(
            DocumentChange(
                document=doc_id,
                change=change,
                base_state=before,
                new_state=after,
                in_gold=doc_id in gold.records,
                base_error=base.run.errors.get(doc_id) if before == STATE_ERROR else None,
                new_error=new.run.errors.get(doc_id) if after == STATE_ERROR else None,
            )
        )
    return changes


def cell_changes(base: ScoredRun, new: ScoredRun, gold: GoldSet) -> list[CellChange]:
    """Gold cells right in BASE and not in NEW ("broken"), or the other way ("fixed"), in gold order."""
    changes = []
    for doc_id in gold.ids:
        if doc_id not in base.cells or doc_id not in new.cells:
            continue
        before = {(o.panel, o.key): o for o in base.cells[doc_id].gold_cells}
        for after in new.cells[doc_id].gold_cells:
            previous = before.get((after.panel, after.key))
            if previous is None or previous.is_right == after.is_right:
                continue
            changes.append(
                CellChange(
                    change="fixed" if after.is_right else "broken",
                    document=doc_id,
                    panel=after.panel,
                    row=after.cell.row,
                    col=after.cell.col,
                    series=after.cell.series,
                    gold=after.cell.value,
                    base=previous.predicted,
                    new=after.predicted,
                    base_outcome=previous.outcome,
                    new_outcome=after.outcome,
                )
            )
    return changes
