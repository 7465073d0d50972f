"""What a run cost: model usage and time, read from its manifest and its lines.

A run may say this in two places: ``manifest.json`` (``usage``: the run's sums, and
``totals.elapsed_s``: the wall time of the last invocation) and each line of
``records.jsonl`` (``usage`` per document, ``elapsed_s``). Either may be missing or null
(rule runs call no model; older runs predate usage), and nothing in a run file is
trusted, so every figure is taken only when it is a finite number and is None otherwise:
a missing figure is shown as unknown, never as 0.

Per key, the manifest's sum wins; where the manifest has none, the lines' sum is used
(``UsageTotals.sum``: a figure unknown for any line with usage is unknown in the sum).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from harness.runs.model import USAGE_KEYS, Manifest, RunLine, UsageTotals, finite_number

SOURCE_MANIFEST = "manifest"
SOURCE_LINES = "records.jsonl"
SOURCE_BOTH = "manifest + records.jsonl"
SOURCE_NONE = "none"


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


def run_cost(manifest: Manifest, lines: Iterable[RunLine]) -> RunCost:
    """The cost of a run from its manifest and its lines (``Run.manifest``, ``Run.lines``)."""
    cost = RunCost()
    if manifest.totals is not None:
        cost.elapsed_s = manifest.totals.elapsed_s
    usages = []
    for line in lines:
        cost.lines += 1
        elapsed = finite_number(line.elapsed_s)
        if elapsed is not None:
            cost.line_elapsed_s.append(float(elapsed))
        if line.usage is not None:
            cost.lines_with_usage += 1
            usages.append(line.usage)
    summed = UsageTotals.sum(usages)
    stated = manifest.usage
    from_manifest = from_lines = False
    for key in USAGE_KEYS:
        value = getattr(stated, key) if stated is not None else None
        if value is not None:
            cost.usage[key] = value
            from_manifest = True
        elif summed is not None and getattr(summed, key) is not None:
            cost.usage[key] = getattr(summed, key)
            from_lines = True
    cost.source = {
        (True, True): SOURCE_BOTH,
        (True, False): SOURCE_MANIFEST,
        (False, True): SOURCE_LINES,
        (False, False): SOURCE_NONE,
    }[(from_manifest, from_lines)]
    return cost
