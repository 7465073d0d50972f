"""The single-call ``llm`` design: the whole record from one model answer (``RecordReader``).
The prompt chooses the design (``designs``); hybrid's single call is ``frame_filler``.

The single-call record is built for a 135M model (see benchmarks/llm_designs.md): every
label is picked from an enum of phrases cut from the text (title, axis titles, first
and last tick, legend, panel titles, the cells' row and column), the kind from the
record's enum, the lists are bounded (``maxItems``), and the whole answer is sized to
fit the client's ``max_tokens`` ceiling, because an answer cut short is no answer.
Cell values are grounded as the slot code grounds them: a value is kept only when that
number is written in a value line naming the cell's row or column, each written number
backing at most one cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from harness.extract.model.cells import CellKey, cell_key
from harness.extract.model.designs import LLM_STEP, answer_ceiling, tokens_for
from harness.extract.model.layout import (
    AXIS_KEYWORDS,
    COLOUR_KEYWORDS,
    LEGEND_KEYWORDS,
    MAX_CATEGORIES,
    MAX_PANELS,
    PANEL_KEYWORDS,
    Layout,
    names_something,
    strip_kind,
    unique_labels,
)
from harness.extract.model.slices import (
    Unit,
    candidate_phrases,
    clean,
    find_label,
    fold,
    has_number,
    is_commentary,
    keyword_lines,
    numbers_in,
    same_number,
    take_number,
    value_units,
    without_labels,
)
from harness.extract.model.slots import (
    Frame,
    describes_layout,
)
from harness.llm.client import LLMClient
from harness.llm.failures import LLMCallError
from harness.llm.usage import Usage
from harness.prompts import Prompt
from harness.record import CHART_TYPES, Cell, ColorScale

MAX_DESCRIPTION_CHARS = 7000  # ~2,000 tokens: the prompt, examples and answer stay inside n_ctx 4096
MAX_KEY_PHRASES = 160
MAX_KEY_CHARS = 48  # longer phrases are sentences, not labels
PHRASES_PER_LINE = 6
MAX_CELLS = 48
MIN_CELLS = 2
MAX_LEGEND = 8

# --- what the model reads ---------------------------------------------------------------------


def reading_text(text: str, limit: int = MAX_DESCRIPTION_CHARS) -> tuple[str, bool]:
    """The description without its commentary sections ("Key Observations",
    "Interpretation": they restate and distract), capped; and whether it was cut."""
    kept: list[str] = []
    skipping = False
    level = 0
    headings = 0
    for line in clean(text).splitlines()[:5000]:
        stripped = line.strip()
        if stripped.startswith("#"):
            this_level = len(stripped) - len(stripped.lstrip("#"))
            if skipping and this_level > level:
                continue
            # The same headings value_units skips; never the first one, the chart's title
            # ("## Heatmap: Loss Trends" heads the whole description).
            skipping = headings > 0 and is_commentary(stripped)
            headings += 1
            level = this_level
            if skipping:
                continue
        elif skipping:
            continue
        if stripped or (kept and kept[-1]):
            kept.append(line.rstrip()[:2000])
    joined = "\n".join(kept).strip()
    return joined[:limit], len(joined) > limit


def _looks_like_value(phrase: str) -> bool:
    """"61.9%", "0.82", "~25%", "53 ± 2" are values, not labels; integers may be ticks ("2019")."""
    bare = phrase.strip().lstrip("~\u2248").strip()
    if bare.endswith("%") or "\u00b1" in bare:
        return True
    try:
        float(bare.replace(",", ""))
    except ValueError:
        return False
    return "." in bare


@dataclass
class Choices:
    """The phrases each field of the answer may pick, cut from the text."""

    titles: list[str] = field(default_factory=list)
    axes: dict[str, list[str]] = field(default_factory=dict)
    axis_slices: dict[str, str] = field(default_factory=dict)
    legend: list[str] = field(default_factory=list)
    colour: list[str] = field(default_factory=list)
    colour_slice: str = ""
    panels: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def _title_choices(text: str) -> list[str]:
    """Whole heading lines without a kind word first, then the first lines' phrases
    (the same choice the decomposed design's header step offers)."""
    lines = [line for line in clean(text).splitlines()[:40] if line.strip() and line.strip() != "\\n"]
    head = "\n".join(lines[:4])[:500]
    choices: list[str] = []
    for line in lines[:4]:
        bare = line.strip().lstrip("#").replace("**", "").strip()
        for option in (strip_kind(bare), strip_kind(bare.partition(":")[2].strip())):
            if option and len(option) <= 150 and option not in choices:
                choices.append(option)
    return choices + [p for p in candidate_phrases(head) if p not in choices]


def choices_from_text(text: str) -> Choices:
    choices = Choices(titles=_title_choices(text))
    for axis in ("x", "y"):
        piece = keyword_lines(text, AXIS_KEYWORDS[axis][:3]) or keyword_lines(text, AXIS_KEYWORDS[axis])
        choices.axis_slices[axis] = piece
        choices.axes[axis] = candidate_phrases(piece)
    choices.legend = candidate_phrases(keyword_lines(text, LEGEND_KEYWORDS, limit_chars=500, max_lines=4))
    choices.colour_slice = keyword_lines(text, COLOUR_KEYWORDS[:5], limit_chars=400, max_lines=2) or keyword_lines(
        text, COLOUR_KEYWORDS, limit_chars=400, max_lines=2
    )
    choices.colour = candidate_phrases(choices.colour_slice)
    choices.panels = candidate_phrases(keyword_lines(text, PANEL_KEYWORDS, limit_chars=500, max_lines=4))
    keys = [*choices.axes["x"], *choices.axes["y"], *choices.legend]
    for unit in _value_lines(text):
        for source in (unit.header, unit.body):
            keys += [p for p in candidate_phrases(source) if not _looks_like_value(p)][:PHRASES_PER_LINE]
    seen: set[str] = set()
    for phrase in keys:
        if fold(phrase) not in seen and len(phrase) <= MAX_KEY_CHARS and len(choices.keys) < MAX_KEY_PHRASES:
            seen.add(fold(phrase))
            choices.keys.append(phrase)
    return choices


def _value_lines(text: str) -> list[Unit]:
    units = [u for u in value_units(text) if not describes_layout(u.body) and has_number(u.body)]
    return [u for u in units if not u.commentary] or units


# --- the response model of the whole record -------------------------------------------------


def _typical_chars(phrases: list[str]) -> float:
    """A long-ish label of the enum (75th percentile): the budget must hold the answer
    even when the model picks longer phrases than the median."""
    if not phrases:
        return 8.0
    lengths = sorted(len(p) for p in phrases)
    return float(lengths[(3 * len(lengths)) // 4 if len(lengths) > 1 else 0])


def record_model(choices: Choices, ceiling: int) -> tuple[type[BaseModel], int]:
    """The record's response model for this text, and the bound on its cells list.

    Fields are required (nullable where a thing may be absent), so a grammar makes the
    model write every key in this order, as the worked example does. The cells list is
    bounded so that the whole answer fits ``ceiling`` tokens: an answer cut short is
    no answer. Costs were measured on SmolLM2 answers (benchmarks/llm_designs.md): the
    grammar lets the model indent its JSON, and it often does (about 26 tokens per
    cell besides its two labels, 10 per picked field besides its label).
    """
    fields: dict[str, Any] = {}
    head = 4
    if choices.titles:
        fields["title"] = (Literal[tuple(choices.titles)], ...)  # type: ignore[valid-type]
        head += 8 + tokens_for(max(len(t) for t in choices.titles[:3]))
    fields["chart_type"] = (Literal[CHART_TYPES], ...)  # type: ignore[valid-type]
    head += 10
    for axis in ("x", "y"):
        phrases = choices.axes.get(axis) or []
        if not phrases:
            continue
        pick: Any = Literal[tuple(phrases)] | None  # type: ignore[valid-type]
        for name in (f"{axis}_axis_title", f"{axis}_first_tick", f"{axis}_last_tick"):
            fields[name] = (pick, ...)
        head += 3 * (10 + tokens_for(_typical_chars(phrases)))
    if choices.legend:
        cap = min(MAX_LEGEND, len(choices.legend))
        entry: Any = Literal[tuple(choices.legend)]  # type: ignore[valid-type]
        fields["legend"] = (list[entry], Field(..., max_length=cap))
        head += 8 + cap * (4 + tokens_for(_typical_chars(choices.legend)))
    if choices.colour:
        fields["colour_bar_title"] = (Literal[tuple(choices.colour)] | None, ...)  # type: ignore[valid-type]
        fields["colour_bar_min"] = (float | None, ...)
        fields["colour_bar_max"] = (float | None, ...)
        head += 34 + tokens_for(_typical_chars(choices.colour))
    if choices.panels:
        cap = min(MAX_PANELS, len(choices.panels))
        title: Any = Literal[tuple(choices.panels)]  # type: ignore[valid-type]
        fields["panel_titles"] = (list[title], Field(..., max_length=cap))
        head += 8 + cap * (4 + tokens_for(_typical_chars(choices.panels)))
    cells = 0
    if choices.keys:
        per_cell = 26 + 2 * tokens_for(_typical_chars(choices.keys))
        room = ceiling - ceiling // 10 - head  # a tenth kept back: estimates are estimates
        cells = max(MIN_CELLS, min(MAX_CELLS, room // per_cell))
        key: Any = Literal[tuple(choices.keys)]  # type: ignore[valid-type]
        cell_model = create_model(
            "CellAnswer", __config__=ConfigDict(extra="ignore"), row=(key, ...), col=(key, ...), value=(float, ...)
        )
        fields["cells"] = (list[cell_model], Field(..., max_length=cells))
    model = create_model("RecordAnswer", __config__=ConfigDict(extra="ignore"), **fields)
    return model, cells


# --- from the answer to a record ---------------------------------------------------------------


def _axis_ticks(phrases: list[str], first: str | None, last: str | None) -> list[str]:
    """The ticks are the phrases from the first to the last tick picked, in text order."""
    if first and last:
        i, j = phrases.index(first), phrases.index(last)
        return phrases[i : j + 1] if i <= j else [first]
    return [t for t in (first, last) if t]


def layout_from_answer(answer: BaseModel, choices: Choices) -> Layout:
    """The same reading of picks as the decomposed layout steps make."""
    get = lambda name: getattr(answer, name, None)  # noqa: E731 - fields exist per text
    layout = Layout(chart_type=answer.chart_type)
    layout.title = strip_kind(get("title") or "") or None
    for axis in ("x", "y"):
        label = get(f"{axis}_axis_title")
        ticks = _axis_ticks(choices.axes.get(axis) or [], get(f"{axis}_first_tick"), get(f"{axis}_last_tick"))
        ticks = unique_labels(ticks, {fold(label)} if label else None)
        setattr(layout, f"{axis}_label", label)
        setattr(layout, f"{axis}_categories", [t for t in ticks if "axis" not in fold(t)][:MAX_CATEGORIES])
    axis_words = {fold(c) for c in layout.x_categories + layout.y_categories}
    legend = unique_labels(list(get("legend") or []))
    layout.legend = [e for e in legend if fold(e) not in axis_words and "legend" not in fold(e)]
    written = set(numbers_in(choices.colour_slice))
    low, high = get("colour_bar_min"), get("colour_bar_max")
    low = low if low in written else None
    high = high if high in written else None
    colour_label = get("colour_bar_title")
    colour_label = colour_label if colour_label and "colo" not in fold(colour_label) else None
    if colour_label or low is not None or high is not None:
        layout.color_scale = ColorScale(label=colour_label, min=low, max=high)
    return layout


@dataclass
class _Line:
    unit: Unit
    about: str  # folded: the line with its headings and table header, to find labels in
    pool: list[float]
    panel: int


def _lines(text: str, labels: list[str], panel_titles: list[str]) -> list[_Line]:
    lines: list[_Line] = []
    current = 0
    folded_titles = [fold(t) for t in panel_titles]
    for unit in _value_lines(text):
        about = fold("\n".join([*unit.context, unit.header, unit.body]))
        for line in [*reversed(unit.context), unit.body]:
            hit = next((i for i, t in enumerate(folded_titles) if t and find_label(fold(line), t) != -1), None)
            if hit is not None:
                current = hit
                break
        pool = numbers_in(without_labels(clean(unit.body), labels))
        lines.append(_Line(unit, about, pool, current))
    return lines


def grounded_cells(answer_cells: list[Any], text: str, labels: list[str], panel_titles: list[str], panels: int) -> list[list[Cell]]:
    """Cells per panel: a value is kept where it is written in a value line that names the
    cell's row and column (with its headings and table header), each written number
    once, each key once. A label no value line names (a one-series bar chart's value
    axis title) cannot be checked there, so the other label suffices."""
    lines = _lines(text, labels, panel_titles)
    out: list[list[Cell]] = [[] for _ in range(max(1, panels))]
    seen: set[CellKey] = set()
    for answer in answer_cells:
        row, col = fold(answer.row), fold(answer.col)
        named_row = [find_label(line.about, row) != -1 for line in lines]
        named_col = [find_label(line.about, col) != -1 for line in lines]
        need_row, need_col = any(named_row), any(named_col)
        line = next(
            (
                line
                for i, line in enumerate(lines)
                if (named_row[i] or not need_row)
                and (named_col[i] or not need_col)
                and (need_row or need_col)
                and any(same_number(w, answer.value) for w in line.pool)
            ),
            None,
        )
        if line is None:
            continue
        panel = min(line.panel, len(out) - 1)
        key = cell_key(panel, answer.row, answer.col, None)
        if key in seen:
            continue
        seen.add(key)
        take_number(line.pool, answer.value)
        out[panel].append(Cell(row=answer.row, col=answer.col, value=answer.value))
    return out


def _join_axes(layout: Layout, cells: list[list[Cell]]) -> None:
    """Labels the cells are keyed by join the axis they belong to (as line keys do)."""
    def extend(name: str, labels: list[str]) -> None:
        current = getattr(layout, name)
        known = {fold(c) for c in current}
        for label in labels:
            if fold(label) not in known and len(current) < MAX_CATEGORIES:
                known.add(fold(label))
                current.append(label)

    rows = [c.row for panel in cells for c in panel]
    cols = [c.col for panel in cells for c in panel]
    if layout.chart_type in ("bar", "line", "scatter"):
        extend("x_categories" if layout.x_categories or not layout.y_categories else "y_categories", cols)
    else:
        extend("y_categories", rows)
        extend("x_categories", cols)


class RecordReader:
    """The whole record from one call (the ``llm`` extractor's single-call design).

    ``read`` gives what ``llm.record_from`` assembles: the layout, one frame per panel
    and the cells per panel; a failed call gives an empty layout with the reason.
    """

    def __init__(self, client: LLMClient, prompt: Prompt) -> None:
        self.client = client
        self.prompt = prompt

    def read(self, text: str, usage: Usage) -> tuple[Layout, list[Frame], list[list[Cell]]]:
        choices = choices_from_text(text)
        ceiling = answer_ceiling(self.client)
        model, max_cells = record_model(choices, ceiling)
        reading, cut = reading_text(text)
        problems = [f"record: description cut at {MAX_DESCRIPTION_CHARS} characters"] if cut else []
        try:
            answer = self.client.complete(
                model, self.prompt.messages(LLM_STEP, description=reading), step=LLM_STEP, max_tokens=ceiling, usage=usage
            )
        except LLMCallError as exc:
            if exc.transport:
                raise
            return Layout(problems=[*problems, str(exc)]), [], []
        layout = layout_from_answer(answer, choices)
        titles = [t for t in unique_labels(list(getattr(answer, "panel_titles", None) or [])) if names_something(text, t)]
        layout.panel_titles = titles if len(titles) >= 2 else []
        answer_cells = list(getattr(answer, "cells", None) or [])
        # Digits inside the labels the answer uses ("GPT-4", tick "2019") are not values.
        labels = [*layout.x_categories, *layout.y_categories, *layout.legend]
        labels += [label for cell in answer_cells for label in (cell.row, cell.col)]
        cells = grounded_cells(answer_cells, text, labels, layout.panel_titles, len(layout.panel_titles))
        given = len(answer_cells)
        kept = sum(len(c) for c in cells)
        if given == max_cells:
            problems.append(f"record: the cells list is full ({max_cells}, bounded by max_tokens={ceiling})")
        if kept < given:
            problems.append(
                f"record: {given - kept} of {given} cell(s) dropped (number not written in a line naming"
                " the cell, or the cell repeated)"
            )
        _join_axes(layout, cells)
        layout.problems = problems
        frames = [Frame(title=title) for title in layout.panel_titles or [None]]
        return layout, frames, cells
