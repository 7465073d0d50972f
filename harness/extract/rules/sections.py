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
    "outliers anomalies".split()
)
_DATA_WORDS = frozenset("detailed data values value details content breakdown table grid matrix cells cell points point numbers numerical description extraction entries entry results readings".split())
_META_FIRST = frozenset(
    "axis axes title titles legend color colour colors colours scale colorbar colourbar gradient "
    "markers ticks tick subtitle caption footnote".split()
)
_META_LAST = frozenset("axis legend scale colorbar colourbar title gradient".split())
_META_WHOLE = (["label"], ["labels"], ["type"], ["chart", "type"], ["position"], ["note"])


def section_kind(heading: str) -> str | None:
    """DATA, TALK or META for a heading that says what its part is for; None otherwise."""
    ws = set(words(heading))
    if ws & _DATA_WORDS:
        return DATA
    if ws & _TALK_WORDS:
        return TALK
    if ws & _META_WORDS:
        return META
    return None


def line_sections(structure: Structure) -> list[str]:
    """The kind of part every line sits in: its own heading's, else its nearest parent's.

    Headings of any style count ("### Key Observations", "**Axes**", "3. **Observations**",
    "Notable patterns:"); a heading that does not say ("## Heatmap: X", "**GPT-4:**")
    inherits, and the text outside any says DATA.
    """
    cached = structure.memo.get("sections")
    if cached is not None:
        return cached
    kinds: list[str] = []
    structure.memo["sections"] = kinds
    first_heading = next((ln.index for ln in structure.lines if ln.kind == "heading"), None)
    for line in structure.lines:
        own: str | None = None
        if line.index == first_heading:
            pass  # the document's title says what the chart is, not what a part is for
        elif line.kind == "heading" or (line.introducer and line.kind in ("bullet", "text")):
            label = line.key or line.content
            if line.kind == "heading" and line.level <= 6:
                own = section_kind(label)
            elif len(words(label)) <= 6 and _only_section_words(label):
                # "* **Key Observations:**" opens a part; "* **UI Components:**" is a category
                own = section_kind(label)
        if own is None:
            own = kinds[line.parent] if line.parent is not None else DATA
        kinds.append(own)
    return kinds


_FILLER = frozenset("and or of the a an for with in on by to per".split())


def _only_section_words(label: str) -> bool:
    return all(w in _DATA_WORDS or w in _TALK_WORDS or w in _META_WORDS or w in _FILLER or w in ("key", "notable", "general", "overall", "specific", "additional", "visual", "color", "colour") for w in words(label))


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
    memo = structure.memo.setdefault("under_meta", {})
    found = memo.get(line.index)
    if found is None:
        found = memo[line.index] = _under_meta(structure, line)
    return found


def _under_meta(structure: Structure, line: Line) -> bool:
    if is_meta_key(line.key):
        return True
    # Only what contains the line counts: a heading or a line announcing a list
    # ("**Color Scale:**"), not a key-value line that happens to precede it.
    return any(
        is_meta_key(a.key)
        for a in structure.ancestors(line.index, limit=4)
        if (a.kind != "heading" or a.level > 6) and (a.introducer or a.kind == "bullet")
    )
