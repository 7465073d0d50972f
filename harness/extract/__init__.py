"""Extractors: description text -> chart record.

Every extractor has a ``name`` (written into each run's manifest), ``describe()`` (what the
manifest says about how records were made), ``extract(doc_id, text)`` returning a
:class:`~harness.record.ChartRecord`, and ``extract_with_usage(doc_id, text)`` returning an
:class:`Extraction`: the record with the model usage it took (None when no model was asked).
A model extractor that fails raises :class:`ExtractionFailed`, which carries what the failed
document had already spent. Extractors never read gold: an extractor that can see the answers
is not measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from harness.llm.usage import Usage
from harness.record import ChartRecord


@dataclass(slots=True)
class Extraction:
    """One document's record and the model usage it took (None: no model was asked)."""

    record: ChartRecord
    usage: Usage | None = None

    def __iter__(self):  # ``record, usage = extractor.extract_with_usage(...)``
        return iter((self.record, self.usage))


class ExtractionFailed(Exception):
    """A document failed after spending model calls: the cause, and the usage so far."""

    def __init__(self, cause: BaseException, usage: Usage | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.usage = usage


class BaseExtractor:
    """A base for an extractor that asks no model: write ``extract``; the rest follows.

    ``extract_with_usage`` returns the record with no usage, and ``describe`` names the
    extractor. A notebook's own extractor needs nothing more to run through every command.
    """

    name = "custom"

    def extract(self, doc_id: str, text: str) -> ChartRecord:
        raise NotImplementedError

    def extract_with_usage(self, doc_id: str, text: str) -> Extraction:
        return Extraction(self.extract(doc_id, text))

    def describe(self) -> dict[str, Any]:
        return {"extractor": self.name}


@runtime_checkable
class Extractor(Protocol):
    name: str

    def extract(self, doc_id: str, text: str) -> ChartRecord: ...

    def extract_with_usage(self, doc_id: str, text: str) -> Extraction: ...

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
        from harness.extract.model.llm import LLMExtractor

        return LLMExtractor(**options)
    if name == "hybrid":
        from harness.extract.model.hybrid import HybridExtractor

        return HybridExtractor(**options)
    raise ValueError(f"unknown extractor {name!r} (choose from {', '.join(EXTRACTOR_NAMES)})")


# ``harness.extract(...)`` is the notebook call (harness.api.extract; see harness.verbs for why a package is callable).
from harness.verbs import make_callable  # noqa: E402

make_callable(__name__, "extract")
