"""What a run cost: model usage and time, read from its manifest and its lines.

A run may say this in two places: ``manifest.json`` (``usage``: the run's sums, and
``totals.elapsed_s``: the wall time of the last invocation) and each line of
``records.jsonl`` (``usage`` per document, ``elapsed_s``). Either may be missing or null
(rule runs call no model; older runs predate usage), and nothing in a run file is
trusted, so every figure is taken only when it is a finite number and is None otherwise:
a missing figure is shown as unknown, never as 0.

Per key, the manifest's sum wins; where the manifest has none, the lines' sum is used.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

USAGE_KEYS = (
    "calls",
    "cached_calls",
    "failed_calls",
    "input_tokens",
    "output_tokens",
    "latency_s",
    "retries",
    "reasks",
    "cost_usd",
)

SOURCE_MANIFEST = "manifest"
SOURCE_LINES = "records.jsonl"
SOURCE_BOTH = "manifest + records.jsonl"
SOURCE_NONE = "none"


def number(value: Any) -> float | int | None:
    """``value`` when it is a finite int or float (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass
class RunCost:
    usage: dict[str, float | int | None] = field(default_factory=lambda: dict.fromkeys(USAGE_KEYS))
    source: str = SOURCE_NONE  # where ``usage`` came from
    elapsed_s: float | None = None  # manifest totals.elapsed_s
    line_elapsed_s: list[float] = field(default_factory=list)  # per document, as the lines state it
    lines: int = 0
    lines_with_usage: int = 0

    @property
    def cost_usd(self) -> float | None:
        value = self.usage.get("cost_usd")
        return None if value is None else float(value)

    @property
    def mean_document_s(self) -> float | None:
        return sum(self.line_elapsed_s) / len(self.line_elapsed_s) if self.line_elapsed_s else None

    @property
    def max_document_s(self) -> float | None:
        return max(self.line_elapsed_s) if self.line_elapsed_s else None

    def measures(self) -> dict[str, float | int | str | None]:
        """Every figure, by a name a reader understands (the rows of a cost table)."""
        cost = self.cost_usd
        return {
            "time: run elapsed_s (manifest totals)": self.elapsed_s,
            "time: per document, mean s": self.mean_document_s,
            "time: per document, max s": self.max_document_s,
            **{f"usage: {key}": self.usage.get(key) for key in USAGE_KEYS},
            "usage: cost_usd per document": (
                cost / self.lines if cost is not None and self.lines else None
            ),
            "usage: from": self.source,
            "lines with usage": self.lines_with_usage,
        }


def run_cost(manifest: Mapping[str, Any] | None, lines: Iterable[Mapping[str, Any]]) -> RunCost:
    """The cost of a run from its manifest (a dict, or None) and its parsed lines."""
    cost = RunCost()
    manifest = manifest if isinstance(manifest, Mapping) else {}
    totals = manifest.get("totals")
    if isinstance(totals, Mapping):
        cost.elapsed_s = number(totals.get("elapsed_s"))
    sums: dict[str, float | int | None] = dict.fromkeys(USAGE_KEYS)
    for line in lines:
        cost.lines += 1
        elapsed = number(line.get("elapsed_s"))
        if elapsed is not None:
            cost.line_elapsed_s.append(float(elapsed))
        usage = line.get("usage")
        if not isinstance(usage, Mapping):
            continue
        cost.lines_with_usage += 1
        for key in USAGE_KEYS:
            value = number(usage.get(key))
            if value is not None:
                sums[key] = value if sums[key] is None else sums[key] + value
    stated = manifest.get("usage")
    stated = stated if isinstance(stated, Mapping) else {}
    from_manifest = from_lines = False
    for key in USAGE_KEYS:
        value = number(stated.get(key))
        if value is not None:
            cost.usage[key] = value
            from_manifest = True
        elif sums[key] is not None:
            cost.usage[key] = sums[key]
            from_lines = True
    cost.source = {
        (True, True): SOURCE_BOTH,
        (True, False): SOURCE_MANIFEST,
        (False, True): SOURCE_LINES,
        (False, False): SOURCE_NONE,
    }[(from_manifest, from_lines)]
    return cost
