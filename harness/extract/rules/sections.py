"""What each part of a description is for: data, or talk about the chart.

Cells come first from the parts that give data ("Detailed Analysis", "Data Points",
a table), then, only where they name known categories, from the parts that discuss
("Key Observations", "Interpretation"); lines about the axes, the colour bar, the
legend or the title never state cells.
"""

from __future__ import annotations

from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import words

DATA, TALK, META = "data", "talk", "meta"
_META_WORDS = frozenset("components axes axis legend overview layout structure colorbar colourbar setup elements".split())
_TALK_WORDS = frozenset(
    "observations observation trends trend interpretation insights insight conclusion conclusions "
    "summary takeaways takeaway notes note implications discussion patterns pattern analysis_notes "
    "outliers anomalies comparison comparisons context significance".split()
)
_DATA_WORDS = frozenset("detailed data values value details content breakdown table grid matrix cells points numbers numerical".split())
_META_FIRST = frozenset(
    "axis axes title titles legend color colour colors colours scale colorbar colourbar gradient "
    "markers ticks tick subtitle caption footnote source".split()
)
_META_LAST = frozenset("axis legend scale colorbar colourbar title gradient".split())
_META_WHOLE = (["label"], ["labels"], ["type"], ["chart", "type"], ["position"], ["note"])


def section_kind(heading: str) -> str:
    ws = set(words(heading))
    if ws & _DATA_WORDS:
        return DATA
    if ws & _TALK_WORDS:
        return TALK
    if ws & _META_WORDS:
        return META
    return DATA


def line_sections(structure: Structure) -> list[str]:
    """The kind of section every line sits in (headings "#" to "######" only)."""
    kinds: list[str] = []
    stack: list[tuple[int, str]] = []
    for line in structure.lines:
        if line.kind == "heading" and line.level <= 6:
            while stack and stack[-1][0] >= line.level:
                stack.pop()
            stack.append((line.level, section_kind(line.content)))
        # The innermost heading that says what it is for decides; a document title
        # ("## Heatmap: ...") says nothing and falls through to DATA.
        kind = DATA
        for _, k in reversed(stack):
            kind = k
            break
        kinds.append(kind)
    return kinds


def is_meta_key(key: str | None) -> bool:
    """A key about the chart's furniture: "X-axis Label", "Color Scale", "Legend", "Title"."""
    if not key:
        return False
    ws = words(key.replace("-axis", " axis"))
    if not ws or len(ws) > 5:
        return False
    if ws[0] in ("x", "y") and len(ws) > 1 and ws[1] == "axis":
        return True
    return ws[0] in _META_FIRST or ws[-1] in _META_LAST or ws in _META_WHOLE


def under_meta(structure: Structure, line: Line) -> bool:
    if is_meta_key(line.key):
        return True
    return any(is_meta_key(a.key) for a in structure.ancestors(line.index, limit=4) if a.kind != "heading" or a.level > 6)
