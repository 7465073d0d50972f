"""The chart's layout read by a model: title and kind, axes, legend, colour bar, panels.

Each question is its own small call on a short slice of the description, because a
135M model loses its way in long inputs and long answers. Labels are picked from an
enum of phrases cut from that slice (``slices.candidate_phrases``): a small model
that may only choose among phrases of the text cannot invent labels, and one that
writes free text mostly does. A chosen label is still the model's choice; nothing
here decides which phrase is a label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from harness.extract.model.slices import (
    MAX_LINES,
    candidate_phrases,
    clean,
    find_label,
    fold,
    keyword_lines,
    numbers_in,
)
from harness.llm.client import LLMClient
from harness.llm.failures import LLMCallError
from harness.llm.usage import Usage
from harness.prompts import Prompt
from harness.record import CHART_TYPES, ColorScale

# The first three name the axis outright; the rest are tried only when those find nothing.
AXIS_KEYWORDS = {
    "x": ("x-axis", "x axis", "horizontal axis", "horizontal", "columns", "column"),
    "y": ("y-axis", "y axis", "vertical axis", "vertical", "rows", "row"),
}
LEGEND_KEYWORDS = ("legend", "series", "lines:", "bars:", "metric", "identifies")
COLOUR_KEYWORDS = ("colour bar", "color bar", "colour scale", "color scale", "colorbar", "colour", "color")
PANEL_KEYWORDS = ("panel", "heatmaps", "subplot", "sub-plot", "side by side", "side-by-side")
MAX_CATEGORIES = 40
# The layout's calls, one design step: each reads only the description, never another's
# answer, so a batch run (harness.llm.batch) sends them in one job.
LAYOUT_CALLS = ("header", "axis", "axis_list", "legend", "colour", "panels")
MAX_PANELS = 6

@dataclass
class Layout:
    """What the layout calls found; labels as the model chose them."""

    title: str | None = None
    chart_type: str = "other"
    x_label: str | None = None
    x_categories: list[str] = field(default_factory=list)
    y_label: str | None = None
    y_categories: list[str] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)
    color_scale: ColorScale | None = None
    panel_titles: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _choice_model(name: str, phrases: list[str], list_fields: dict[str, int], one_fields: tuple[str, ...] = (), numbers: tuple[str, ...] = ()) -> type[BaseModel]:
    choice: Any = Literal[tuple(phrases)]  # type: ignore[valid-type]
    fields: dict[str, Any] = {}
    for one in one_fields:
        fields[one] = (choice | None, None)
    for many, cap in list_fields.items():
        fields[many] = (list[choice], Field(default_factory=list, max_length=cap))
    for number in numbers:
        fields[number] = (float | None, None)
    return create_model(name, __config__=ConfigDict(extra="ignore"), **fields)


def unique_labels(items: list[str], drop: set[str] | None = None) -> list[str]:
    seen: set[str] = set(drop or ())
    out: list[str] = []
    for item in items:
        key = fold(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


_KIND_WORDS = {"heatmap", "chart", "plot", "graph", "figure", "matrix", "diagram"}


def strip_kind(title: str) -> str:
    """"Heatmap: X", "Bar Chart - X" -> "X" (record-format.md keeps no leading kind word)."""
    title = title.strip().strip("\"'")
    for sep in (":", " - ", " — ", " – "):
        head, found, rest = title.partition(sep)
        if found and rest.strip() and fold(head).split(" ")[-1] in _KIND_WORDS:
            return rest.strip().strip("\"'")
    return title


class LayoutReader:
    """Asks the layout questions; every call goes through the client and adds to ``usage``."""

    def __init__(self, client: LLMClient, prompt: Prompt, axis_mode: str = "ends") -> None:
        self.client = client
        self.prompt = prompt
        self.axis_mode = axis_mode  # "ends", "list" or "both" (see benchmarks/llm_designs.md)

    def _ask(self, step: str, model: type[BaseModel], usage: Usage, max_tokens: int, **slots: Any) -> Any:
        return self.client.complete(
            model, self.prompt.messages(step, **slots), step=step, max_tokens=max_tokens, usage=usage
        )

    def read(self, text: str, usage: Usage) -> Layout:
        layout = Layout()
        steps = (self._header, self._axes, self._colour, self._panels, self._legend)
        for step in steps:
            try:
                step(text, layout, usage)
            except LLMCallError as exc:
                if exc.transport:
                    raise
                layout.problems.append(str(exc))
        return layout

    def _header(self, text: str, layout: Layout, usage: Usage) -> None:
        """Title and kind from the first lines; the title is picked among their phrases
        (whole heading lines without a kind word first), which a 135M model does far
        more reliably than writing it (22 of 29 gold titles against 12)."""
        lines = [line for line in clean(text).splitlines()[:40] if line.strip() and line.strip() != "\\n"]
        head = "\n".join(lines[:4])[:500]
        choices: list[str] = []
        for line in lines[:4]:
            bare = line.strip().lstrip("#").replace("**", "").strip()
            for option in (strip_kind(bare), strip_kind(bare.partition(":")[2].strip())):
                if option and len(option) <= 150 and option not in choices:
                    choices.append(option)
        choices += [p for p in candidate_phrases(head) if p not in choices]
        if not choices:
            return
        model = create_model(
            "Header",
            title=(Literal[tuple(choices)], ...),  # type: ignore[valid-type]
            chart_type=(Literal[CHART_TYPES], ...),  # type: ignore[valid-type]
        )
        answer = self._ask("header", model, usage, 120, description=head)
        layout.chart_type = answer.chart_type
        layout.title = strip_kind(answer.title) or None

    def _axes(self, text: str, layout: Layout, usage: Usage) -> None:
        """Per axis: its title and its ticks, picked among the slice's phrases.

        ``ends``: the model gives the first and the last tick, and the ticks are the
        phrases between them in text order (asked for a list, a 135M model often
        repeats one item). ``list``: the model lists the ticks. ``both``: the union.
        """
        for axis in ("x", "y"):
            piece = keyword_lines(text, AXIS_KEYWORDS[axis][:3]) or keyword_lines(text, AXIS_KEYWORDS[axis])
            phrases = candidate_phrases(piece)
            if not phrases:
                continue
            label: str | None = None
            ticks: list[str] = []
            try:
                if self.axis_mode in ("ends", "both"):
                    label, ticks = self._axis_ends(piece, phrases, axis, usage)
                if self.axis_mode in ("list", "both"):
                    list_label, listed = self._axis_list(piece, phrases, axis, usage)
                    label = label or list_label
                    ticks = ticks + [t for t in listed if t not in ticks]
            except LLMCallError as exc:
                if exc.transport:
                    raise
                layout.problems.append(str(exc))
            ticks = unique_labels(ticks, {fold(label)} if label else None)
            ticks = [t for t in ticks if "axis" not in fold(t)][:MAX_CATEGORIES]
            setattr(layout, f"{axis}_label", label)
            setattr(layout, f"{axis}_categories", ticks)

    def _axis_ends(self, piece: str, phrases: list[str], axis: str, usage: Usage) -> tuple[str | None, list[str]]:
        model = _choice_model("Axis", phrases, {}, one_fields=("title", "first_tick", "last_tick"))
        answer = self._ask("axis", model, usage, 120, description=piece, axis=axis)
        if answer.first_tick and answer.last_tick:
            first, last = phrases.index(answer.first_tick), phrases.index(answer.last_tick)
            return answer.title, phrases[first : last + 1] if first <= last else [answer.first_tick]
        return answer.title, [t for t in (answer.first_tick, answer.last_tick) if t]

    def _axis_list(self, piece: str, phrases: list[str], axis: str, usage: Usage) -> tuple[str | None, list[str]]:
        cap = min(MAX_CATEGORIES, len(phrases))
        model = _choice_model("Axis", phrases, {"tick_labels": cap}, one_fields=("title",))
        answer = self._ask("axis_list", model, usage, 60 + 12 * cap, description=piece, axis=axis)
        return answer.title, list(answer.tick_labels)

    def _legend(self, text: str, layout: Layout, usage: Usage) -> None:
        piece = keyword_lines(text, LEGEND_KEYWORDS, limit_chars=500, max_lines=4)
        phrases = candidate_phrases(piece)
        if not phrases:
            return
        model = _choice_model("Legend", phrases, {"entries": min(12, len(phrases))})
        answer = self._ask("legend", model, usage, 40 + 12 * min(12, len(phrases)), description=piece)
        axis_words = {fold(c) for c in layout.x_categories + layout.y_categories}
        layout.legend = [e for e in unique_labels(answer.entries) if fold(e) not in axis_words and "legend" not in fold(e)]

    def _colour(self, text: str, layout: Layout, usage: Usage) -> None:
        piece = keyword_lines(text, COLOUR_KEYWORDS[:5], limit_chars=400, max_lines=2) or keyword_lines(
            text, COLOUR_KEYWORDS, limit_chars=400, max_lines=2
        )
        phrases = candidate_phrases(piece)
        if not phrases:
            return
        model = _choice_model("ColourBar", phrases, {}, one_fields=("title",), numbers=("min", "max"))
        answer = self._ask("colour", model, usage, 80, description=piece)
        written = set(numbers_in(piece))
        low = answer.min if answer.min in written else None
        high = answer.max if answer.max in written else None
        label = answer.title if answer.title and "colo" not in fold(answer.title) else None
        if label or low is not None or high is not None:
            layout.color_scale = ColorScale(label=label, min=low, max=high)

    def _panels(self, text: str, layout: Layout, usage: Usage) -> None:
        piece = keyword_lines(text, PANEL_KEYWORDS, limit_chars=500, max_lines=4)
        phrases = candidate_phrases(piece)
        if not phrases:
            return
        model = _choice_model("Panels", phrases, {"panel_titles": min(MAX_PANELS, len(phrases))})
        answer = self._ask("panels", model, usage, 100, description=piece)
        titles = [t for t in unique_labels(answer.panel_titles) if names_something(text, t)]
        layout.panel_titles = titles if len(titles) >= 2 else []


def names_something(text: str, title: str) -> bool:
    """A panel title stands on a short line of its own somewhere (a heading, a bullet)."""
    folded = fold(title)
    return len(title) <= 60 and any(
        len(line) <= 100 and find_label(fold(line), folded) != -1 for line in text.splitlines()[:MAX_LINES]
    )
