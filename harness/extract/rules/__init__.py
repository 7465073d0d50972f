"""The rule-based extractor: the baseline every LLM setup must beat.

Deterministic, offline and linear in the text. It reads a description in three steps:
``structure`` (headings, tables, bullet trees, key-value lines), ``numbers`` (which
numbers state values) and the mapping to a record (``header``, ``panels``, ``axes``,
``colour``, ``legend``, ``statements`` -> ``keys`` -> ``cells``, put together in
``mapping``). No rule names a file, a label or a phrase only one describer uses.
"""

from __future__ import annotations

from typing import Any

from harness.extract.rules.mapping import build_record
from harness.record import ChartRecord

VERSION = "2"


class RuleExtractor:
    name = "rules"

    def extract(self, doc_id: str, text: str) -> ChartRecord:
        return build_record(doc_id, text)

    def describe(self) -> dict[str, Any]:
        return {"extractor": "rules", "version": VERSION}


__all__ = ["RuleExtractor", "VERSION"]
