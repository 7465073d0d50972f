"""The rule-based extractor: the baseline every LLM setup must beat.

Deterministic, offline and linear in the text. It reads a description in three steps:
``structure`` (headings, tables, bullet trees, key-value lines split by ``line_keys``),
``numbers`` (which numbers state values) and the mapping to a record (``header``,
``panels``, ``axes``, ``colour``, ``legend``, ``statements`` -> ``keys`` (labels matched
to ``categories``) -> ``cells``, ``prose`` (names found by ``mentions``), put together in
``mapping``). No rule names a file, a label or a phrase only one describer uses.

Version 2 reads real describers (``gold/real``): lists whose indentation the page lost
(an emphasised or numbered item holds the plain items after it, a line straight after an
item is its text), legends whose entries are colours or markers ("Green squares:
"MMLU"", then "Green: 55%" in the data), ticks written with their axis name, position
note or gloss, two levels of bar categories, spans of ticks in prose ("in rows 3-6 and
21-24", "until 30% attack ratio"), points as coordinates, one-series charts (pies)
named by their title, and panels named by a trailing kind word or listed row by row.
"""

from __future__ import annotations

from typing import Any

from harness.extract import BaseExtractor, Extraction
from harness.extract.rules.mapping import build_record
from harness.record import ChartRecord

VERSION = "2"


class RuleExtractor(BaseExtractor):
    name = "rules"

    def extract(self, doc_id: str, text: str) -> ChartRecord:
        return build_record(doc_id, text)

    def extract_with_usage(self, doc_id: str, text: str) -> Extraction:
        return Extraction(build_record(doc_id, text))  # no model: no usage

    def describe(self) -> dict[str, Any]:
        return {"extractor": "rules", "version": VERSION}


__all__ = ["RuleExtractor", "VERSION"]
