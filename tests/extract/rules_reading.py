"""Helpers for the rule extractor's tests: inline descriptions -> records -> cell sets."""

from __future__ import annotations

import textwrap

from harness.extract.rules import RuleExtractor
from harness.record import ChartRecord


def read(text: str, doc_id: str = "doc") -> ChartRecord:
    """The record the rule extractor makes of ``text`` (dedented, so tests can indent it)."""
    return RuleExtractor().extract(doc_id, textwrap.dedent(text).strip("\n"))


def cells(record: ChartRecord, panel: int = 0) -> set[tuple]:
    """(row, col, series, value) of one panel's cells."""
    return {(c.row, c.col, c.series, c.value) for c in record.panels[panel].cells}
