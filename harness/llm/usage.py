"""What model calls cost: one record per call, and sums per document and per run.

Every instructor call the harness makes yields one :class:`CallRecord` (tokens,
latency, transport retries, validation re-asks, and the failure reason if it
failed). A :class:`Usage` sums them; runs write ``Usage.to_dict()`` per document
and in total into the manifest.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Any

# USD per million tokens (input, output), list prices as published by the providers
# when this table was written. A model missing here gets no cost estimate rather
# than a wrong one; the embedded model costs nothing.
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "SmolLM2-135M-Instruct": (0.0, 0.0),
}


# The Batch API's price is half the list price, input and output (OpenAI's pricing page and
# Batch API guide: "50% cost discount compared to synchronous APIs"); see docs/scaling.md.
BATCH_PRICE_FACTOR = 0.5


def price_for(model: str) -> tuple[float, float] | None:
    """The price entry for ``model``, also for dated snapshots ("gpt-4o-2024-08-06")."""
    if model in PRICES_PER_MTOK:
        return PRICES_PER_MTOK[model]
    # Longest prefix first so "gpt-4o-mini-2024-07-18" is not priced as "gpt-4o".
    for name in sorted(PRICES_PER_MTOK, key=len, reverse=True):
        if model.startswith(name + "-"):
            return PRICES_PER_MTOK[name]
    return None


@dataclass
class CallRecord:
    """One logical model call (including its re-asks and transport retries)."""

    step: str
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    retries: int = 0  # transport retries: connection errors, timeouts, 429, 5xx
    reasks: int = 0  # instructor validation re-asks
    error: str | None = None
    cached: bool = False  # answered from the response cache: no model call was made
    batched: bool = False  # answered by a batch job (harness.llm.batch), at batch prices

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Usage:
    """Sums of call records; thread-safe so concurrent calls can share one."""

    calls: int = 0  # calls that reached the model
    cached_calls: int = 0  # calls answered from the response cache
    failed_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    retries: int = 0
    reasks: int = 0
    records: list[CallRecord] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, record: CallRecord) -> None:
        with self._lock:
            if record.cached:
                self.cached_calls += 1
            else:
                self.calls += 1
            self.failed_calls += 0 if record.ok else 1
            self.input_tokens += record.input_tokens
            self.output_tokens += record.output_tokens
            self.latency_s += record.latency_s
            self.retries += record.retries
            self.reasks += record.reasks
            self.records.append(record)

    def merge(self, other: Usage) -> None:
        for record in list(other.records):
            self.add(record)

    def cost_usd(self, model: str) -> float | None:
        price = price_for(model)
        if price is None:
            return None
        def list_price(records: list[CallRecord]) -> float:
            return sum(r.input_tokens * price[0] + r.output_tokens * price[1] for r in records) / 1_000_000

        # Every call at the list price, less what was not paid: an answer from the response
        # cache made no call, and a batched call is paid at the batch price.
        cost = (self.input_tokens * price[0] + self.output_tokens * price[1]) / 1_000_000
        with self._lock:
            cached = [r for r in self.records if r.cached]
            batched = [r for r in self.records if r.batched and not r.cached]
        if cached:
            cost -= list_price(cached)
        if batched:
            cost -= (1.0 - BATCH_PRICE_FACTOR) * list_price(batched)
        return max(0.0, cost)

    def to_dict(self, model: str | None = None, with_calls: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "calls": self.calls,
            "cached_calls": self.cached_calls,
            "failed_calls": self.failed_calls,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "latency_s": round(self.latency_s, 3),
            "retries": self.retries,
            "reasks": self.reasks,
        }
        if model is not None:
            cost = self.cost_usd(model)
            data["cost_usd"] = None if cost is None else round(cost, 6)
        if with_calls:
            data["per_call"] = [r.to_dict() for r in self.records]
        return data
