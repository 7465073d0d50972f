"""Keys found in value lines: the model names what each unlabelled value line is about.

A 135M model often misses ticks when it reads an axis line (long lists, ranges), but
the lines that state values usually begin with their key ("* **anatomy:** ...",
"| 7 | 0.83 | ...", "- Step 20: ..."). For each value line whose start is not
already a known label, the model picks the phrase that names the line's key among
the line's first phrases; the keys it picks join the axis whose labels lead the other
value lines. Only model answers become labels.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Literal

from pydantic import create_model

from harness.extract.model.layout import Layout
from harness.extract.model.slices import candidate_phrases, fold, has_number, value_units
from harness.extract.model.slots import describes_layout
from harness.llm.client import LLMClient
from harness.llm.failures import LLMCallError
from harness.llm.usage import Usage
from harness.prompts import Prompt

MAX_KEY_CALLS = 40
MAX_PHRASES = 6
_LEADING_MARKS = re.compile(r"^[\s|*#>\-+\u2022]{0,12}(?:\d{1,3}[.)]\s+)?[\s*|]{0,6}")
_VALUE_RE = re.compile(r"^[~\u2248]?-?\d[\d,]*\.\d+%?$|%")


def _start(folded_body: str) -> int:
    match = _LEADING_MARKS.match(folded_body)
    return match.end() if match else 0


def _leading_known(folded_body: str, labels: dict[str, str]) -> str | None:
    """The axis ("x"/"y") of a known label that opens the line, if one does."""
    start = _start(folded_body)
    for form, axis in sorted(labels.items(), key=lambda item: -len(item[0])):
        if folded_body.startswith(form, start):
            end = start + len(form)
            if end == len(folded_body) or not folded_body[end].isalnum():
                return axis
    return None


def discover_keys(client: LLMClient, prompt: Prompt, text: str, layout: Layout, usage: Usage) -> None:
    labels = {fold(c): "x" for c in layout.x_categories}
    labels.update({fold(c): "y" for c in layout.y_categories})
    units = [
        u for u in value_units(text) if not u.commentary and not describes_layout(u.body) and has_number(u.body)
    ]
    leading: Counter[str] = Counter()
    asked: list[tuple[Any, list[str]]] = []
    for unit in units:
        axis = _leading_known(fold(unit.body), labels)
        if axis and not unit.header:
            leading[axis] += 1
        elif not axis:
            phrases = [p for p in candidate_phrases(unit.body) if not _VALUE_RE.search(p)][:MAX_PHRASES]
            if phrases:
                asked.append((unit, phrases))
    default = "x" if layout.chart_type in ("bar", "line", "scatter") else "y"
    line_axis = leading.most_common(1)[0][0] if leading else default
    for unit, phrases in asked[:MAX_KEY_CALLS]:
        model = create_model("LineKey", key=(Literal[tuple(phrases)], ...))  # type: ignore[valid-type]
        try:
            answer = client.complete(
                model, prompt.messages("keys", description=unit.text()), step="keys", max_tokens=40, usage=usage
            )
        except LLMCallError as exc:
            if exc.transport:
                raise
            layout.problems.append(str(exc))
            continue
        key = answer.key
        if fold(key) in labels:
            continue
        axis = _table_key_axis(unit.header, labels) if unit.header else line_axis
        labels[fold(key)] = axis
        (layout.x_categories if axis == "x" else layout.y_categories).append(key)


def _table_key_axis(header: str, labels: dict[str, str]) -> str:
    """A table row's key belongs to the axis its header does not list."""
    folded = fold(header)
    in_header = Counter(axis for form, axis in labels.items() if form and form in folded)
    if not in_header:
        return "x"
    return "x" if in_header.most_common(1)[0][0] == "y" else "y"
