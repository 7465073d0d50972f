"""The ``llm`` extractor: every field of the record comes from model answers.

Design (chosen by measurement on the gold set, see benchmarks/llm_designs.md):
1. layout calls on short slices (``layout``): title and kind, each axis, colour
   bar, panels, legend, with labels picked from phrases of the slice;
2. key calls (``keys``): for value lines that do not start with a known label,
   the model picks the phrase naming the line's key, which joins an axis;
3. cell calls (``slots``, ``cells``): value lines grouped by their leading
   label, one call per group whose response model has one number field per label of
   the varying dimension (labels the model picked), answers grounded in the lines.

That is the *decomposed* design. A prompt with a ``record.user`` section selects the
*single-call* design instead (``single_call.RecordReader``): the whole record from one
answer whose labels are picked from the text's phrases and whose cells list is bounded.
The manifest's ``design`` and ``prompt_design`` say which ran.

The model is given text slices and enums built from the text or from its own earlier
answers, never values from the rule extractor. With no client given, the embedded
local model is started on first use and stopped by :meth:`close` (or ``with``).
"""

from __future__ import annotations

import threading
from typing import Any

from harness.extract import Extraction, ExtractionFailed
from harness.extract.model.cells import CellFiller
from harness.extract.model.designs import (
    SINGLE_CALL_LLM_DESIGN,
    check_prompt,
    llm_design,
    prompt_design,
)
from harness.extract.model.keys import discover_keys
from harness.extract.model.layout import Layout, LayoutReader
from harness.extract.model.single_call import RecordReader
from harness.extract.model.slices import find_label, fold, value_units
from harness.extract.model.slots import Frame
from harness.llm.session import LLMSession
from harness.llm.usage import Usage
from harness.prompts import DEFAULT_PROMPT, Prompt, load_prompt
from harness.record import Axis, ChartRecord, Panel

DESIGN = "layout picks + line keys + row slot cells, v1"


def _named_in_values(labels: list[str], text: str, keys: list[str]) -> list[str]:
    """Labels that value lines naming a row or column also mention (other legend entries are noise)."""
    folded_keys = [fold(k) for k in keys if k]
    bodies = [
        body
        for body in (fold(u.body) for u in value_units(text) if not u.commentary)
        if any(find_label(body, k) != -1 for k in folded_keys)
    ]
    kept = []
    for label in labels:
        forms = [fold(label), fold(label).split(" ")[0]]
        forms = [f for i, f in enumerate(forms) if f and (i == 0 or len(f) >= 3)]
        if any(find_label(body, form) != -1 for body in bodies for form in forms):
            kept.append(label)
    return kept


def frames_from_layout(layout: Layout, text: str) -> list[Frame]:
    """What cells can be keyed by, per panel, following record-format.md's reading rules."""
    rows, cols, series = list(layout.y_categories), list(layout.x_categories), []
    row_name, col_name = layout.y_label, layout.x_label
    legend = _named_in_values(layout.legend, text, layout.x_categories + layout.y_categories)
    if layout.chart_type in ("bar", "line", "scatter"):
        cols = layout.x_categories or layout.y_categories
        col_name = layout.x_label if layout.x_categories else layout.y_label
        value_label = layout.y_label if layout.x_categories else layout.x_label
        rows, row_name = legend or [value_label or "value"], None
    elif len(legend) >= 2:
        series = legend  # one "series" in a heatmap is no third dimension
    titles = layout.panel_titles or [None]
    return [
        Frame(rows=rows, cols=cols, series=series, title=t, row_name=row_name, col_name=col_name)
        for t in titles
    ]


def record_from(doc_id: str, layout: Layout, frames: list[Frame], cells: list[list]) -> ChartRecord:
    x_cats, y_cats = layout.x_categories, layout.y_categories
    bar_like = layout.chart_type in ("bar", "line", "scatter")
    if bar_like:
        # The value axis lists no categories (record-format.md), whichever way bars run.
        x_cats, y_cats = (x_cats, []) if x_cats else ([], y_cats)
    panels = [
        Panel(
            title=frame.title if len(frames) > 1 else None,
            x_axis=Axis(label=layout.x_label, categories=x_cats),
            y_axis=Axis(label=layout.y_label, categories=y_cats),
            color_scale=None if bar_like else layout.color_scale,
            series=frame.series,
            cells=cells[index] if index < len(cells) else [],
        )
        for index, frame in enumerate(frames)
    ]
    notes = "; ".join(layout.problems)[:2000] or None
    return ChartRecord(id=doc_id, chart_type=layout.chart_type, title=layout.title, panels=panels, notes=notes)


class LLMExtractor:
    """Description -> record with model calls only. Usage per document in ``usage_by_doc``."""

    name = "llm"

    def __init__(
        self,
        session: LLMSession | None = None,
        prompt: str | Prompt = DEFAULT_PROMPT,
        axis_mode: str = "both",
        discover: bool = True,
    ) -> None:
        self.discover = discover
        self.session = session or LLMSession()
        self.axis_mode = axis_mode
        self.prompt = prompt if isinstance(prompt, Prompt) else load_prompt(prompt)
        check_prompt(self.prompt, self.name)
        self.single_call = llm_design(self.prompt) == "single-call"
        self.usage_by_doc: dict[str, Usage] = {}
        self.total_usage = Usage()
        self._lock = threading.Lock()

    # --- lifecycle: the embedded server lives as long as the extractor is open ------------
    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> LLMExtractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def describe(self) -> dict[str, Any]:
        return {
            "extractor": self.name,
            "design": SINGLE_CALL_LLM_DESIGN if self.single_call else DESIGN,
            "prompt_design": prompt_design(self.prompt, self.name),
            **({} if self.single_call else {"axis_mode": self.axis_mode, "discover_keys": self.discover}),
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
        client = self.session.client()
        if self.single_call:
            layout, frames, cells = RecordReader(client, self.prompt).read(text, usage)
            return record_from(doc_id, layout, frames, cells)
        layout = LayoutReader(client, self.prompt, self.axis_mode).read(text, usage)
        if self.discover:
            discover_keys(client, self.prompt, text, layout, usage)
        frames = frames_from_layout(layout, text)
        filler = CellFiller(client, self.prompt)
        cells = filler.fill(text, frames, usage, problems=layout.problems)
        return record_from(doc_id, layout, frames, cells)
