"""The typed run: what a manifest, a run line and usage totals hold, shared by writer and readers.

A run directory is ``records.jsonl`` (one :class:`RunLine` per document) and
``manifest.json`` (one :class:`Manifest`). The writer builds these models and dumps them; every
reader (scoring, compare, the leaderboard, the report) reads them back through the same models.

Nothing in a run file is trusted, and runs written by earlier versions of harness differ in
shape, so reading is lenient: a field of the wrong type is read as unknown (None), never a crash
and never a made-up 0; keys this version does not know are kept as they are.

:meth:`UsageTotals.sum` is the one place usage is summed (the writer's manifest totals and a
reader's totals from the lines both come from it). A figure that is unknown for any line with
usage (a model without a price entry has no cost) is unknown in the sum: a total over some of
the documents would read as the cost of all of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from harness.record import ChartRecord


def finite_number(value: Any) -> Any:
    """``value`` when it is a finite int or float (not a bool); anything else is unknown (None)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _text_or_none(value: Any) -> Any:
    return value if isinstance(value, str) else None


Number = Annotated[float | None, BeforeValidator(finite_number)]
Count = Annotated[int | None, BeforeValidator(lambda v: v if finite_number(v) is not None and float(v).is_integer() else None)]
Text = Annotated[str | None, BeforeValidator(_text_or_none)]

USAGE_KEYS = ("calls", "cached_calls", "failed_calls", "input_tokens", "output_tokens",
              "latency_s", "retries", "reasks", "cost_usd")


class UsageTotals(BaseModel):
    """Model usage of one document or of a whole run; None is unknown."""

    model_config = ConfigDict(extra="allow")

    calls: Count = None
    cached_calls: Count = None
    failed_calls: Count = None
    input_tokens: Count = None
    output_tokens: Count = None
    latency_s: Number = None
    retries: Count = None
    reasks: Count = None
    cost_usd: Number = None

    def figures(self) -> dict[str, float | int | None]:
        return {key: getattr(self, key) for key in USAGE_KEYS}

    @classmethod
    def sum(cls, items: Iterable[UsageTotals | None]) -> UsageTotals | None:
        """The sum of every known usage; None when no item has usage (a rule run).

        Per figure: unknown when any item with usage leaves it unknown.
        """
        totals: dict[str, float | int | None] = {}
        seen = False
        for item in items:
            if item is None:
                continue
            seen = True
            for key, value in item.figures().items():
                if key in totals and totals[key] is None:
                    continue
                totals[key] = None if value is None else totals.get(key, 0) + value
        if not seen:
            return None
        for key in ("latency_s", "cost_usd"):
            if isinstance(totals.get(key), float):
                totals[key] = round(totals[key], 6)
        return cls(**totals)


class Totals(BaseModel):
    """Document counts and wall time of the last invocation that wrote the run."""

    model_config = ConfigDict(extra="allow")

    documents: Count = None
    ok: Count = None
    failed: Count = None
    skipped: Count = None
    pending: Count = None
    elapsed_s: Number = None
    ids_in_file: Count = None


class Manifest(BaseModel):
    """``manifest.json``: how the run was made (record-format.md: extractor, model, prompt
    name and hash, start and end time, totals), plus its settings and usage totals."""

    model_config = ConfigDict(extra="allow")

    status: Text = None  # running, complete, interrupted, failed
    harness_version: Text = None
    python: Text = None
    extractor: dict[str, Any] | str | None = None
    model: Text = None
    prompt_name: Text = None
    prompt_hash: Text = None
    inputs: list[str] = []
    force: bool | None = None
    concurrency: Count = None
    settings: dict[str, Any] | None = None
    started_at: Text = None
    ended_at: Text = None
    totals: Totals | None = None
    rejected: list[dict[str, Any]] = []
    usage: UsageTotals | None = None

    @classmethod
    def read(cls, data: Any) -> Manifest:
        """A manifest from parsed JSON, leniently: a field that does not fit is left unknown."""
        if not isinstance(data, dict):
            return cls()
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            broken = {error["loc"][0] for error in exc.errors() if error.get("loc")}
            kept = {key: value for key, value in data.items() if key not in broken}
            return cls.model_validate(kept)

    @property
    def extractor_details(self) -> dict[str, Any]:
        return self.extractor if isinstance(self.extractor, dict) else {}

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class RunLine(BaseModel):
    """One document of a run: a record, or the one-line reason it has none."""

    model_config = ConfigDict(extra="allow")

    id: str
    record: ChartRecord | None = None
    error: str | None = None
    elapsed_s: float = 0.0
    usage: UsageTotals | None = None
    path: str | None = None
    sha256: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record": self.record.to_json_dict() if self.record is not None else None,
            "error": self.error,
            "elapsed_s": round(self.elapsed_s, 6),
            "usage": self.usage.model_dump(mode="json", exclude_none=False) if self.usage is not None else None,
            "path": self.path,
            "sha256": self.sha256,
        }


def line_usage(obj: dict[str, Any]) -> UsageTotals | None:
    """The usage of a parsed line (a dict read from ``records.jsonl``), leniently."""
    usage = obj.get("usage")
    return UsageTotals.model_validate(usage) if isinstance(usage, dict) else None
