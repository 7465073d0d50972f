"""A description as HTML, with marks over the places values and labels were read from.

Marks never nest: where two would overlap, the more important one (a predicted cell,
then a missing gold cell, then a label) is kept and the other is left out. Two cells read
from the very same characters share one mark ("all diagonal cells are 0.0%"). The text
between marks is escaped, so nothing in a description can become markup.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from dataclasses import dataclass, field

# Drawing order: earlier kinds win overlaps; within one mark the worst outcome colours it.
KIND_PRIORITY = {"wrong": 0, "spurious": 0, "right": 0, "missing": 1, "label": 2}
_SEVERITY = {"wrong": 3, "spurious": 2, "right": 1}


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    kind: str  # right, wrong, spurious, missing or label
    tip: str  # plain text; escaped when drawn
    anchor: str  # the id the mark is drawn with
    tips: list[str] = field(default_factory=list)


def render_marked_text(text: str, marks: list[Mark]) -> tuple[str, dict[str, str]]:
    """The escaped text with ``<mark>`` elements, and each mark's anchor -> the anchor drawn.

    A mark merged into another maps to that one's anchor; a mark left out (it overlapped
    a more important one) is absent from the mapping.
    """
    placed: list[Mark] = []
    placed_starts: list[int] = []
    drawn: dict[str, str] = {}
    for mark in sorted(marks, key=lambda m: (KIND_PRIORITY.get(m.kind, 9), m.start, m.end)):
        if not 0 <= mark.start < mark.end <= len(text):
            continue
        at = bisect_left(placed_starts, mark.start)
        same = placed[at] if at < len(placed) and placed[at].start == mark.start else None
        if same is not None and same.end == mark.end and _kind_group(same.kind) == _kind_group(mark.kind):
            same.tips.append(mark.tip)
            if _SEVERITY.get(mark.kind, 0) > _SEVERITY.get(same.kind, 0):
                same.kind = mark.kind
            drawn[mark.anchor] = same.anchor
            continue
        overlaps_before = at > 0 and placed[at - 1].end > mark.start
        overlaps_after = at < len(placed) and placed[at].start < mark.end
        if overlaps_before or overlaps_after:
            continue
        mark.tips = [mark.tip]
        placed.insert(at, mark)
        placed_starts.insert(at, mark.start)
        drawn[mark.anchor] = mark.anchor

    parts: list[str] = []
    position = 0
    for mark in placed:
        parts.append(html.escape(text[position : mark.start]))
        tip = html.escape("\n".join(mark.tips), quote=True)
        parts.append(
            f'<mark class="m-{mark.kind}" id="{html.escape(mark.anchor, quote=True)}" title="{tip}">'
            f"{html.escape(text[mark.start : mark.end])}</mark>"
        )
        position = mark.end
    parts.append(html.escape(text[position:]))
    return "".join(parts), drawn


def _kind_group(kind: str) -> int:
    return KIND_PRIORITY.get(kind, 9)
