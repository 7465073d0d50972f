"""The ``hybrid`` extractor: the rule extractor's structure guides the model, and checks it.

The rules read the record first (panels, axes, series, and the cells they can read).
Their labels then become the model's frame: value lines are grouped by the rules'
row and column labels, and the model fills one slot per label (``slots``). Policies:

- ``check`` (default): the model is asked for every slot of the rules' frame; the
  rules' cells stay, and the model's cells are added only for keys the rules found no
  value for (a row or a column without any rule cell), only in a panel where the rules
  read at least one value, only where a line keyed by the cell's row or column writes
  the number, and never with a number the rules already placed in the same row or
  column; where a grounded model value disagrees with the rules' value the
  disagreement goes in the notes;
- ``fill``: cheaper: the model is asked only for the slots the rules left empty;
  numbers the rules used for cells sharing the group's keys are spoken for;
- ``model``: the rules' structure, with every cell value from the model (measures
  what the model reads when it is given the right frame).

How the model is asked is the prompt's choice: a prompt with a ``frame.user`` section
selects the *single-call* design (``single_call.FrameFiller``: every open slot of the
frame in one fixed-key object per document), otherwise one slot call per group of
value lines (``cells.CellFiller``). The manifest's ``design`` says which ran.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from harness.extract import Extraction, ExtractionFailed
from harness.extract.model.cells import CellFiller, CellKey, cell_key
from harness.extract.model.designs import (
    DECOMPOSED_HYBRID_DESIGN,
    SINGLE_CALL_HYBRID_DESIGN,
    check_prompt,
    hybrid_design,
    prompt_design,
)
from harness.extract.model.frame_filler import FrameFiller
from harness.extract.model.slices import find_label, fold, same_number
from harness.extract.model.slots import Frame
from harness.extract.rules.numbers import find_numbers, range_members
from harness.extract.rules.sections import META, line_sections, under_meta
from harness.extract.rules.structure import parse as parse_outline
from harness.llm.session import LLMSession
from harness.llm.usage import Usage
from harness.prompts import DEFAULT_PROMPT, Prompt, load_prompt
from harness.record import Cell, ChartRecord

POLICIES = ("fill", "check", "model")
BAR_LIKE = ("bar", "line", "scatter")


def _extend(labels: list[str], extra: list[str]) -> list[str]:
    out = list(labels)
    for label in extra:
        if label not in out:
            out.append(label)
    return out


def frames_from_record(record: ChartRecord) -> list[Frame]:
    """The rules' labels per panel, as slot frames (cell labels the axes lack included)."""
    frames = []
    for panel in record.panels:
        cell_rows = [c.row for c in panel.cells]
        cell_cols = [c.col for c in panel.cells]
        if record.chart_type in BAR_LIKE:
            cols = panel.x_axis.categories or panel.y_axis.categories
            value_label = panel.y_axis.label if panel.x_axis.categories else panel.x_axis.label
            rows = _extend([], cell_rows) or [value_label or "value"]
        else:
            cols, rows = panel.x_axis.categories, panel.y_axis.categories
        frames.append(
            Frame(
                rows=_extend(list(rows), cell_rows),
                cols=_extend(list(cols), cell_cols),
                series=list(panel.series),
                title=panel.title,
                row_name=panel.y_axis.label if record.chart_type not in BAR_LIKE else None,
                col_name=(panel.x_axis.label if panel.x_axis.categories else panel.y_axis.label)
                if record.chart_type in BAR_LIKE
                else panel.x_axis.label,
            )
        )
    return frames


def known_cells(record: ChartRecord) -> dict[CellKey, float]:
    return {
        cell_key(index, c.row, c.col, c.series): c.value
        for index, panel in enumerate(record.panels)
        for c in panel.cells
    }


def _placed_by_rules(panel: int, cell: Cell, known: dict[CellKey, float]) -> bool:
    labels = {fold(cell.row), fold(cell.col)}
    return any(
        p == panel and (row in labels or col in labels) and same_number(value, cell.value)
        for (p, row, col, _), value in known.items()
    )


@dataclass(frozen=True, slots=True)
class StatedLine:
    keys: tuple[str, ...]  # the line's own key and the keys above it, folded
    values: tuple[float, ...]  # the numbers it writes as values
    clauses: tuple[tuple[str, tuple[float, ...]], ...]  # each clause folded, with its values


# Where a line's clauses part: "-3.5 at location 1, -2 at location 5; ..." (a comma inside
# "1,000" is no break).
_CLAUSE_BREAK_RE = re.compile(r"[,;.] ")


def _clauses(raw: str, numbers: list[tuple[int, float]]) -> tuple[tuple[str, tuple[float, ...]], ...]:
    bounds = [0, *(m.end() - 1 for m in _CLAUSE_BREAK_RE.finditer(raw)), len(raw)]
    return tuple(
        (fold(raw[start:end]), tuple(v for at, v in numbers if start <= at < end))
        for start, end in zip(bounds, bounds[1:])
    )


def stated_lines(text: str) -> list[StatedLine]:
    """The lines that write numbers as values, with the keys they sit under (the text's
    outline and parts as the rules read them). Range ends ("between 0.8 and 1.0"), names
    ("GPT-4") and the lines about axes and colour bar state no values."""
    structure = parse_outline(text)
    kinds = line_sections(structure)
    out: list[StatedLine] = []
    for line in structure.lines:
        if line.kind not in ("bullet", "text") or kinds[line.index] == META or under_meta(structure, line):
            continue
        ranged = range_members(line.raw)
        numbers = [(n.start, n.value) for n in find_numbers(line.raw) if n.start not in ranged]
        if not numbers:
            continue
        keys = [line.key] + [a.key for a in structure.ancestors(line.index, limit=4)]
        values = tuple(v for _, v in numbers)
        out.append(StatedLine(tuple(f" {fold(k)} " for k in keys if k), values, _clauses(line.raw, numbers)))
    return out


def _grounded_by_key(cell: Cell, lines: list[StatedLine]) -> bool:
    """Whether a line keyed by the cell's row or column writes the cell's value. A line that
    writes several values grounds it only under both keys, or in a clause that names the other
    key too: "-3.5 at skewness 1, ..., 3.5 at skewness 24" grounds (1, skewness) = -3.5, and
    not 3.5."""
    row, col = (f" {fold(label)} " if label else None for label in (cell.row, cell.col))
    for line in lines:
        by_row = row is not None and any(row in key for key in line.keys)
        by_col = col is not None and any(col in key for key in line.keys)
        if not (by_row or by_col) or not any(same_number(v, cell.value) for v in line.values):
            continue
        if len(line.values) == 1 or (by_row and by_col):
            return True
        other = fold((cell.col if by_row else cell.row) or "")
        if other and any(
            find_label(clause, other) != -1 and any(same_number(v, cell.value) for v in values)
            for clause, values in line.clauses
        ):
            return True
    return False


class HybridExtractor:
    name = "hybrid"

    def __init__(
        self,
        session: LLMSession | None = None,
        prompt: str | Prompt = DEFAULT_PROMPT,
        policy: str = "check",
        rules: Any = None,
    ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"unknown hybrid policy {policy!r} (choose from {', '.join(POLICIES)})")
        if rules is None:
            from harness.extract.rules import RuleExtractor

            rules = RuleExtractor()
        self.rules = rules
        self.session = session or LLMSession()
        self.prompt = prompt if isinstance(prompt, Prompt) else load_prompt(prompt)
        check_prompt(self.prompt, self.name)
        self.single_call = hybrid_design(self.prompt) == "single-call"
        self.policy = policy
        self.usage_by_doc: dict[str, Usage] = {}
        self.total_usage = Usage()
        self._lock = threading.Lock()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HybridExtractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def describe(self) -> dict[str, Any]:
        rules = self.rules.describe() if hasattr(self.rules, "describe") else {}
        return {
            "extractor": self.name,
            "design": SINGLE_CALL_HYBRID_DESIGN if self.single_call else DECOMPOSED_HYBRID_DESIGN,
            "prompt_design": prompt_design(self.prompt, self.name),
            "policy": self.policy,
            "rules": rules,
            **self.prompt.describe(),
            **self.session.describe(),
        }

    def extract(self, doc_id: str, text: str) -> ChartRecord:
        try:
            return self.extract_with_usage(doc_id, text).record
        except ExtractionFailed as failed:
            raise failed.cause from None  # the model's own error, as a caller of extract() expects

    def extract_with_usage(self, doc_id: str, text: str) -> Extraction:
        usage = Usage()
        try:
            record = self._extract(doc_id, text, usage)
        except Exception as exc:
            raise ExtractionFailed(exc, usage) from exc
        finally:
            with self._lock:
                self.usage_by_doc[doc_id] = usage
                self.total_usage.merge(usage)
        return Extraction(record, usage)

    def _extract(self, doc_id: str, text: str, usage: Usage) -> ChartRecord:
        base = self.rules.extract(doc_id, text)
        frames = frames_from_record(base)
        if not frames:
            return base
        known = known_cells(base)
        problems: list[str] = []
        filler = (FrameFiller if self.single_call else CellFiller)(self.session.client(), self.prompt)
        if self.policy == "fill":
            found = filler.fill(text, frames, usage, problems, known=known)
        else:
            found = filler.fill(text, frames, usage, problems)
        record = base.model_copy(deep=True)
        notes: list[str] = [base.notes] if base.notes else []
        if self.policy == "model":
            for panel, cells in zip(record.panels, found, strict=True):
                panel.cells = cells
        else:
            added, disagreed = 0, []
            stated = stated_lines(text)
            read_rows = {(p, row) for (p, row, _, _) in known}
            read_cols = {(p, col) for (p, _, col, _) in known}
            panels_with_values = {p for (p, _, _, _) in known}
            for index, (panel, cells) in enumerate(zip(record.panels, found, strict=True)):
                for cell in cells:
                    key = cell_key(index, cell.row, cell.col, cell.series)
                    if key not in known:
                        if self.policy == "check" and index not in panels_with_values:
                            # The rules read no value in this panel: many descriptions state none
                            # (43 of the 118 real ones), and a number there is more often a legend
                            # index ("red (2)"), a count or a coordinate than a cell.
                            continue
                        if self.policy == "check" and _placed_by_rules(index, cell, known):
                            continue  # the rules put this number elsewhere in the same row or column
                        if self.policy == "check" and (index, key[1]) in read_rows and (index, key[2]) in read_cols:
                            # Both keys already have values the rules read: an empty slot between
                            # them is one the text most likely gives no single value for.
                            continue
                        if self.policy == "check" and not _grounded_by_key(cell, stated):
                            continue  # no line keyed by the cell's row or column writes it as a value
                        panel.cells.append(cell)
                        added += 1
                    elif not same_number(known[key], cell.value):
                        disagreed.append(f"{cell.row}/{cell.col}: rules {known[key]:g}, model {cell.value:g}")
            notes.append(f"hybrid {self.policy}: model added {added} cell(s)")
            if disagreed:
                notes.append("model disagrees on " + "; ".join(disagreed[:20]))
        notes.extend(problems)
        record.notes = " | ".join(notes)[:4000] or None
        return record
