"""Axes: each axis's title and the tick labels the description lists, in its order.

Describers write "**X-axis Label:** Length" and "**X-axis Markers:** 0, 1, ...", or
"**Y-axis (Vertical):** Labeled "Train dataset"" with a numbered list further down
("List of Train Datasets (Y-axis, top to bottom):"), or a sentence ("The vertical axis is
titled "Region" and lists five regions: ..."; "Both axes list the same six variables:
..."). Lines with an axis key win over sentences, whichever comes first.
"""

from __future__ import annotations

import re

from harness.extract.rules.axis_text import AxisInfo, label_in_key, read_axis_text, role_of
from harness.extract.rules.line_keys import split_key
from harness.extract.rules.numbers import expand_ellipsis
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import (
    clean_label,
    drop_glosses,
    drop_notes,
    drop_parentheticals,
    is_position_phrase,
    quoted_head,
    split_list,
    strip_emphasis,
    words,
)
from harness.text import unescape_markdown

X, Y = "x", "y"
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
_PROSE_AXIS_RE = re.compile(
    r"^(?:the\s+|a\s+|its\s+)?(?:(?P<x>x[\s-]?axis|horizontal\s+axis|columns)|(?P<y>y[\s-]?axis|vertical\s+axis|rows)|(?P<both>both\s+axes|the\s+two\s+axes|each\s+axis|all\s+axes))\b",
    re.IGNORECASE,
)
_NO_TITLE_RE = re.compile(r"\b(?:neither|no)\s+axis\s+(?:has|have|carries|carry)\b|\baxes\s+(?:have|carry)\s+no\s+(?:separate\s+)?titles?", re.IGNORECASE)


def axis_of_key(key: str | None) -> str | None:
    """"x", "y", "both" or None for a key such as "X-axis (Horizontal)" or "Rows (y-axis)"."""
    if not key:
        return None
    ws = words(key.replace("-axis", " axis"))
    if not ws or len(ws) > 10:
        return None
    text = " ".join(ws)
    if text.startswith(("both axes", "axes", "x and y axes", "x and y axis")) and len(ws) <= 4:
        return "both"
    if "x axis" in text or text.startswith(("horizontal axis", "horizontal", "columns", "column labels", "column headers", "column categories", "bottom axis", "x ")) or text == "x":
        return X
    if "y axis" in text or text.startswith(("vertical axis", "vertical", "rows", "row labels", "row headers", "row categories", "left axis", "y ")) or text == "y":
        return Y
    return None


def list_items(structure: Structure, parent: Line) -> list[str]:
    """Labels of the plain list items under ``parent`` (no values among them)."""
    items: list[str] = []
    for line in structure.lines[parent.index + 1 : parent.index + 400]:
        if line.kind == "blank":
            continue
        if line.parent != parent.index:
            if line.kind == "bullet" and any(a.index == parent.index for a in structure.ancestors(line.index, 4)):
                continue
            break
        if line.kind == "text" and line.introducer and not items:
            continue  # "Categories:" between the axis key and its list
        if line.kind != "bullet":
            break
        if line.key and line.value.strip() and _is_field_key(line.key):
            continue  # "- Title: Epoch", "- Range: 0 to 50": a field of the axis, not a tick
        label = line.key if line.key and not line.value.strip() else line.content
        if line.key and line.value.strip() and is_position_phrase(clean_label(line.key)):
            label = drop_glosses(clean_label(line.value))  # "- Top: ID (identical data)" lists ID
        label = quoted_head(label) or label
        label = clean_label(drop_notes(clean_label(strip_emphasis(label))))
        if _is_sentence(label):
            if len(items) >= 2 and words(label)[:1] and words(label)[0] in _NOTE_STARTS:
                break  # "- These labels likely represent ...": a note after the ticks
            return []  # "- There is an additional row at the bottom": notes, not ticks
        if label:
            items.append(label)
    return items


_GROUP_RE = re.compile(r"^(?P<outer>[^()]{1,60}?)\s{0,3}\((?P<inner>[^()]{1,200},[^()]{1,200})\)\s{0,3}[.;]?$")


def _nested_items(structure: Structure, parent: Line) -> tuple[list[str], list[str]] | None:
    """Two levels of categories, one group a line: "* Gemma (Original, Oracle, Bayesian)".

    Returns (inner categories in order, outer groups); an item without brackets is a group
    and a category of its own ("* Bayesian Assistant"). None unless most items are groups.
    """
    lines = [c for c in _children(structure, parent) if c.kind == "bullet"]
    if len(lines) < 2:
        return None
    inner: list[str] = []
    groups: list[str] = []
    grouped = 0
    for child in lines:
        text = clean_label(strip_emphasis(child.content))
        match = _GROUP_RE.match(text)
        if match:
            grouped += 1
            groups.append(clean_label(match.group("outer")))
            for item in split_list(match.group("inner")):
                if item not in inner:
                    inner.append(item)
        else:
            groups.append(text)
            if text not in inner:
                inner.append(text)
    if grouped * 2 <= len(lines):
        return None
    return inner, groups


_FIELD_WORDS = frozenset(
    "title label name ticks tick markers marker categories category labels values range scale increment "
    "increments step interval position orientation type format units unit spacing gridlines".split()
)


_SENTENCE_WORDS = frozenset("is are was were there this these some the it has have shows indicates represents contains".split())


_NOTE_STARTS = frozenset("these this the they it note all each both".split())


def _is_sentence(label: str) -> bool:
    ws = words(label)
    return len(ws) > 7 or (len(ws) >= 4 and bool(set(ws[:3]) & _SENTENCE_WORDS))


def _is_field_key(key: str) -> bool:
    ws = words(drop_parentheticals(key))  # "Categories (from left to right)"
    return bool(ws) and len(ws) <= 3 and ws[-1] in _FIELD_WORDS


def _children(structure: Structure, parent: Line) -> list[Line]:
    out: list[Line] = []
    for line in structure.lines[parent.index + 1 : parent.index + 60]:
        if line.kind == "blank":
            continue
        if line.parent != parent.index:
            break
        out.append(line)
    return out


def _following_fields(structure: Structure, axis_line: Line) -> list[Line]:
    """The axis's fields written after "**Y-Axis**:" at its own depth (the page lost the
    indentation): "**Label**: "AUROC"", "**Scale**: 40 to 100", up to the first other line."""
    out: list[Line] = []
    for line in structure.lines[axis_line.index + 1 : axis_line.index + 12]:
        if line.kind == "blank":
            continue
        if line.kind != axis_line.kind or line.level != axis_line.level or not line.key or not _is_field_key(line.key):
            break
        out.append(line)
    return out


def _panel_above(structure: Structure, line: Line, panel_of_line: dict[int, int]) -> int | None:
    if line.index in panel_of_line:
        return panel_of_line[line.index]
    for ancestor in structure.ancestors(line.index):
        if ancestor.index in panel_of_line:
            return panel_of_line[ancestor.index]
    return None


# "X-axis: Target (A, B). Y-axis: Source (A, B).": a second axis key later on the same line.
# "The x-axis lists: A, B. The y-axis is labelled ...": a sentence about the other axis.
_NEXT_AXIS_KEY_RE = re.compile(
    r"(?<=[.;])\s{1,3}(?=(?:the\s{1,3})?(?:[xy][\s-]?axis|horizontal\s{1,3}axis|vertical\s{1,3}axis)\b)",
    re.IGNORECASE,
)


def _split_next_axis(value: str) -> tuple[str, list[tuple[str, AxisInfo]]]:
    """The line's own axis text, and (axis, info) for each further axis key on the line."""
    pieces = _NEXT_AXIS_KEY_RE.split(value)
    more: list[tuple[str, AxisInfo]] = []
    for piece in pieces[1:]:
        key, rest, _ = split_key(piece.strip(), 0)
        axis = axis_of_key(key) if key else None
        if axis in (X, Y):
            info = read_axis_text(rest, role_of(key))
            key_label = label_in_key(key)
            if key_label:
                info.label, info.titled = key_label, True
            more.append((axis, info))
        else:
            more.extend(_from_prose(piece).items())
    return pieces[0], more


def _from_key_line(structure: Structure, line: Line, value: str | None = None) -> AxisInfo:
    role = role_of(line.key or "")
    if value is None:
        value = line.value if line.kind != "heading" else ""
    info = read_axis_text(value, role) if value.strip() else AxisInfo()
    key_label = label_in_key(line.key or "")
    if key_label:
        info.label, info.titled = key_label, True
    kids = _children(structure, line) or (_following_fields(structure, line) if line.introducer else [])
    for child in kids:
        if child.key and role_of(child.key) == "ticks" and (not child.value.strip() or child.introducer):
            listed = list_items(structure, child)  # "**Categories:**" over "1. vs. A", "2. vs. B"
            if len(listed) >= 2 and not info.categories:
                info.categories, info.numeric_ticks = listed, all(_is_number(i) for i in listed)
        elif child.key and role_of(child.key) != "mixed":
            info.merge(read_axis_text(child.value, role_of(child.key)))
        elif child.key and _is_field_key(child.key) and not info.categories:
            # "* Scale: 0 to 5000, with markers at 0, 1000, ..." under "* **X-axis:** Step"
            found = read_axis_text(child.value)
            info.categories, info.numeric_ticks = found.categories, found.numeric_ticks
    # A list under the key names the ticks one per line; it wins over what a sentence on
    # the key's line seemed to list ("Represent five metrics, distinguished by color:").
    nested = _nested_items(structure, line)
    items = list_items(structure, line) if nested is None else nested[0]
    if nested is not None:
        info.groups = nested[1]
    if len(items) >= 2:
        items = expand_ellipsis(items)
        info.categories = items
        info.numeric_ticks = all(_is_number(i) for i in items)
    elif not info.categories:
        # "- **Y-axis (Rows)**:" over "- Numerical labels from 0 to 47 (likely layers)":
        # one sentence under the key says what the ticks are.
        for child in _children(structure, line):
            if child.kind in ("bullet", "text") and child.key is None:
                info.merge(read_axis_text(child.content.replace(" | ", ", ")))
    return info


def _is_number(text: str) -> bool:
    try:
        float(text.replace("%", "").replace(",", ""))
    except ValueError:
        return False
    return True


# "The x-axis shows A (..) and the y-axis shows B (..)": one sentence, two axis clauses.
_AXIS_CLAUSE_RE = re.compile(
    r"(?:\s{1,3}and\s{1,3}|;\s{0,3}|,\s{1,3})(?=(?:the\s{1,3})?(?:x[\s-]?axis|y[\s-]?axis|horizontal\s{1,3}axis|vertical\s{1,3}axis|rows|columns)\s{1,3}(?:is|are|shows?|lists?|represents?|gives?|holds?|carr(?:y|ies)|has|have)\b)",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for sentence in _SENTENCE_END_RE.split(text):
        if sentence.strip():
            out.extend(c for c in _AXIS_CLAUSE_RE.split(sentence) if c.strip())
    return out


def _from_prose(text: str) -> dict[str, AxisInfo]:
    """Axis sentences in running text; "It runs from 0 to 50 ..." continues the last one."""
    found: dict[str, AxisInfo] = {}
    last: list[str] = []
    for sentence in _sentences(unescape_markdown(strip_emphasis(text))):
        s = sentence.strip()
        if _NO_TITLE_RE.search(s):
            for axis in (X, Y):
                found.setdefault(axis, AxisInfo()).titled = True
        match = _PROSE_AXIS_RE.match(s)
        if match:
            axes = [X] if match.group("x") else [Y] if match.group("y") else [X, Y]
            info = read_axis_text(s[match.end() :], prose=True)
            last = axes
        elif last and s.lower().startswith(("it ", "its ", "they ", "the ticks", "ticks")):
            info = read_axis_text(s, prose=True)
            axes = last
        else:
            last = []
            continue
        for axis in axes:
            found.setdefault(axis, AxisInfo()).merge(info)
    return found


def _may_name_axis(text: str) -> bool:
    low = text.lower()
    return "axis" in low or "axes" in low or "rows" in low or "columns" in low


# "Same as X-axis", "identical to the x axis", "the same labels as the horizontal axis",
# "Represents the same methods as the X-axis" (a verb or two before it, not a negation)
_SAME_AS_RE = re.compile(
    r"^\s{0,3}(?:(?!not\b|no\b)[A-Za-z]{1,12}\s{1,3}){0,2}?(?:the\s{1,3})?(?:same|identical)(?:\s{1,3}[\w/]{1,12}){0,3}?\s{1,3}(?:as|to)\s{1,3}(?:the\s{1,3})?(x|y|horizontal|vertical)[\s-]{0,2}axis\b",
    re.IGNORECASE,
)


def read_axes(structure: Structure, panel_of_line: dict[int, int]) -> dict[int | None, dict[str, AxisInfo]]:
    """Axis titles and ticks per panel (None: stated for the whole figure)."""
    keyed: dict[int | None, dict[str, AxisInfo]] = {}
    prose: dict[int | None, dict[str, AxisInfo]] = {}
    for line in structure.lines:
        if line.kind not in ("bullet", "text", "heading"):
            continue
        axis = axis_of_key(line.key) if line.key else None
        if axis == "both" and (line.kind == "heading" or line.introducer):
            axis = None  # "**Axes**": a section whose lines say the rest
        if axis is not None:
            panel = _panel_above(structure, line, panel_of_line)
            own, more = _split_next_axis(line.value) if line.kind != "heading" else ("", [])
            if axis == "both" and own:
                # "Axes: the horizontal axis lists A, B; the vertical axis lists C, D"
                per_axis = _from_prose(own)
                if per_axis:
                    more.extend(per_axis.items())
                    own = ""
            info = _from_key_line(structure, line, own)
            slot = keyed.setdefault(panel, {X: AxisInfo(), Y: AxisInfo()})
            same = _SAME_AS_RE.match(strip_emphasis(own)) if axis in (X, Y) else None
            if same:
                # "Y-axis (columns): Same as X-axis": the other axis's ticks (the words the
                # sentence was split into are no ticks)
                other = X if same.group(1).lower() in ("x", "horizontal") else Y
                if other != axis:
                    info.categories = list(slot[other].categories)
                    info.numeric_ticks = slot[other].numeric_ticks
                    info.label = None  # "Same as X-axis" titles nothing
            for a in (X, Y) if axis == "both" else (axis,):
                slot[a].merge(info)
            for a, other in more:
                slot[a].merge(other)
        elif line.kind != "heading" and _may_name_axis(line.content):
            slot = prose.setdefault(_panel_above(structure, line, panel_of_line), {X: AxisInfo(), Y: AxisInfo()})
            for a, info in _from_prose(line.content).items():
                slot[a].merge(info)
    for panel, slot in prose.items():
        target = keyed.setdefault(panel, {X: AxisInfo(), Y: AxisInfo()})
        for a in (X, Y):
            target[a].merge(slot[a])
    return keyed
