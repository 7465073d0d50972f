"""Extractors: description text -> chart record.

Every extractor has a ``name`` (written into each run's manifest) and an
``extract(doc_id, text)`` method returning a :class:`~harness.record.ChartRecord`.
Extractors never read gold: an extractor that can see the answers is not measured.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from harness.record import ChartRecord


@runtime_checkable
class Extractor(Protocol):
    name: str

    def extract(self, doc_id: str, text: str) -> ChartRecord: ...

    def describe(self) -> dict[str, Any]:
        """What the manifest should say about how records were made."""
        ...


EXTRACTOR_NAMES = ("rules", "llm", "hybrid")


def get_extractor(name: str, **options: Any) -> Extractor:
    """Build an extractor by its CLI name."""
    if name == "rules":
        from harness.extract.rules import RuleExtractor

        return RuleExtractor(**options)
    if name == "llm":
        from harness.extract.llm import LLMExtractor

        return LLMExtractor(**options)
    if name == "hybrid":
        from harness.extract.hybrid import HybridExtractor

        return HybridExtractor(**options)
    raise ValueError(f"unknown extractor {name!r} (choose from {', '.join(EXTRACTOR_NAMES)})")
