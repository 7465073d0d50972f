"""Axes: each axis's title and the tick labels the description lists, in its order.

Describers write "**X-axis Label:** Length" and "**X-axis Markers:** 0, 1, ...", or
"**Y-axis (Vertical):** Labeled "Train dataset"" with a numbered list further down
("List of Train Datasets (Y-axis, top to bottom):"), or '"Model" with categories: a, b'.
A title is only taken where the text gives the axis one; "LLMs - GPT-4, Claude 2" and
"Represents the six LLMs: ..." say what the ticks are and leave the title empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.numbers import expand_ellipsis, expand_range, is_ellipsis
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import (
    clean_label,
    drop_parentheticals,
    split_list,
    strip_emphasis,
    unescape,
    words,
)

X, Y = "x", "y"
_LABELLED_RE = re.compile(
    r"\b(?:labell?ed|titled|named|label(?:l?ed)? as|with (?:the )?(?:label|title)|(?:axis )?(?:label|title) (?:is|reads))\s*:?\s*",
    re.IGNORECASE,
)
_QUOTED_RE = re.compile(r"[\"“'‘]([^\"”'’\n]{1,120})[\"”'’]")
_LIST_OPENERS = ("including:", "including", "categories:", "categories", "such as", "e.g.", "namely", "which are", "as follows:")
_VERB_WORDS = frozenset(
    "represents represent shows show lists list displays display contains contain indicates "
    "indicate includes include denotes denote has have with spans span ranges range covers".split()
)
_LABEL_ROLE = frozenset("label title name".split())
_TICK_ROLE = frozenset("markers marker ticks tick categories labels values entries items scale".split())


@dataclass
class AxisInfo:
    label: str | None = None
    categories: list[str] = field(default_factory=list)
    numeric_ticks: bool = False  # the ticks are numbers (a value axis on a bar chart)

    def merge(self, other: AxisInfo) -> None:
        if self.label is None and other.label:
            self.label = other.label
        if not self.categories and other.categories:
            self.categories = other.categories
            self.numeric_ticks = other.numeric_ticks


def axis_of_key(key: str | None) -> tuple[str | None, str]:
    """("x"/"y"/None, role) for a key: role is "label", "ticks" or "mixed"."""
    if not key:
        return None, "mixed"
    ws = words(key.replace("-axis", " axis"))
    if not ws or len(ws) > 9:
        return None, "mixed"
    axis = None
    text = " ".join(ws)
    if "x axis" in text or text.startswith(("horizontal axis", "horizontal", "columns", "column labels", "column headers", "column categories", "bottom axis", "x ")):
        axis = X
    elif "y axis" in text or text.startswith(("vertical axis", "vertical", "rows", "row labels", "row headers", "row categories", "left axis", "y ")):
        axis = Y
    if axis is None:
        return None, "mixed"
    rest = [w for w in words(drop_parentheticals(key).replace("-axis", " axis")) if w not in ("x", "y", "axis", "horizontal", "vertical", "rows", "columns", "row", "column")]
    if rest and rest[-1] in _LABEL_ROLE:
        return axis, "label"
    if rest and rest[-1] in _TICK_ROLE:
        return axis, "ticks"
    return axis, "mixed"


def read_axis_text(text: str, role: str = "mixed") -> AxisInfo:
    """Title and ticks from what follows an axis key."""
    body = unescape(strip_emphasis(text)).strip()
    if not body:
        return AxisInfo()
    if role == "label":
        label = clean_label(drop_parentheticals(_first_sentence(body), only_positions=True))
        return AxisInfo(label=label or None)
    if role == "ticks":
        return _ticks(drop_parentheticals(body, only_positions=True))
    label: str | None = None
    labelled = _LABELLED_RE.search(body)
    rest = body
    if labelled:
        label = _label_after(body[labelled.end() :])
        rest = body[: labelled.start()] + " " + body[labelled.end() :]
    elif body[:1] in "\"“'‘":
        quoted = _QUOTED_RE.match(body)
        if quoted:
            label = clean_label(quoted.group(1))
            rest = body[quoted.end() :]
    info = _list_after_head(rest, label_known=label is not None)
    if label is not None:
        info.label = label
        if info.label and info.categories and info.label in info.categories and len(info.categories) == 1:
            info.categories = []
    return info


def _first_sentence(text: str) -> str:
    for mark in (". ", "; "):
        at = text.find(mark)
        if at > 0:
            text = text[:at]
    return text


def _label_after(text: str) -> str | None:
    quoted = _QUOTED_RE.match(text.lstrip())
    if quoted:
        return clean_label(quoted.group(1)) or None
    cut = len(text)
    for mark in (". ", ",", ";", " (", " with ", " and "):
        at = text.find(mark)
        if 0 <= at < cut:
            cut = at
    label = clean_label(text[:cut])
    return label if label and len(label.split()) <= 6 else None


def _ticks(text: str) -> AxisInfo:
    text = _first_sentence(text) if text.count(",") < 1 else text
    expanded = expand_range(text)
    items = expanded if expanded is not None else expand_ellipsis(split_list(_trim_list(text)))
    items = [i for i in items if not is_ellipsis(i) and i.lower() not in ("etc", "etc.")]
    numeric = bool(items) and all(_is_number(i) for i in items)
    return AxisInfo(categories=items, numeric_ticks=numeric)


def _is_number(text: str) -> bool:
    try:
        float(text.replace("%", "").replace(",", "").replace("−", "-"))
    except ValueError:
        return False
    return True


def _trim_list(text: str) -> str:
    text = text.strip().rstrip(".")
    text = drop_parentheticals(text, only_positions=True) if text.endswith(")") else text
    return text


def _list_after_head(text: str, *, label_known: bool) -> AxisInfo:
    """Split "head: a, b, c" / "head - a, b" / "head (a, b)" into a title and ticks."""
    low = text.lower()
    cut: int | None = None
    width = 0
    for opener in _LIST_OPENERS:
        at = low.find(opener)
        if at >= 0 and (cut is None or at < cut):
            cut, width = at, len(opener)
    for mark in (": ", " - ", " – ", " — "):
        at = text.find(mark)
        if at >= 0 and (cut is None or at < cut):
            cut, width = at, len(mark)
    paren = text.find("(")
    if paren >= 0 and (cut is None or paren < cut) and text.rstrip(". ").endswith(")"):
        inner = text[paren + 1 : text.rstrip(". ").rfind(")")]
        if "," in inner or expand_range(inner) is not None:
            head = text[:paren]
            ticks = _ticks(inner)
            if len(ticks.categories) >= 2:
                ticks.label = None if label_known else _head_title(head, ticks)
                return ticks
    if cut is None:
        single = clean_label(drop_parentheticals(_first_sentence(text), only_positions=True))
        if "," in single or " and " in single:
            ticks = _ticks(single)
            if len(ticks.categories) >= 3:
                return ticks
        if label_known or not single or _is_description(single):
            return AxisInfo()
        return AxisInfo(label=single)
    head, tail = text[:cut], text[cut + width :]
    ticks = _ticks(tail.lstrip(": "))
    if len(ticks.categories) < 2:
        return AxisInfo()
    ticks.label = None if label_known else _head_title(head, ticks)
    return ticks


def _head_title(head: str, ticks: AxisInfo) -> str | None:
    # "Length (0 to 19)" titles the axis; "LLMs - GPT-4, ..." only says what ticks are.
    head = clean_label(drop_parentheticals(head, only_positions=True))
    if not head or not ticks.numeric_ticks or _is_description(head):
        return None
    return head if len(head.split()) <= 4 else None


def _is_description(text: str) -> bool:
    ws = words(text)
    return not ws or len(ws) > 6 or ws[0] in _VERB_WORDS or any(w in ("each", "different", "various", "which") for w in ws)


def list_items(structure: Structure, parent: Line) -> list[str]:
    """Labels of the plain list items directly under ``parent`` (no values among them)."""
    items: list[str] = []
    for line in structure.lines[parent.index + 1 : parent.index + 400]:
        if line.kind in ("blank",):
            continue
        if line.parent != parent.index:
            if line.kind == "bullet" and _under(structure, line, parent.index):
                continue
            break
        if line.kind != "bullet":
            break
        label = line.key if line.key and not line.value.strip() else strip_emphasis(line.content)
        label = clean_label(drop_parentheticals(label, only_positions=True))
        if label:
            items.append(label)
    return items


def _under(structure: Structure, line: Line, ancestor: int) -> bool:
    return any(a.index == ancestor for a in structure.ancestors(line.index, limit=4))


def read_axes(structure: Structure, panel_of_line: dict[int, int]) -> dict[int | None, dict[str, AxisInfo]]:
    """Axis titles and ticks per panel (None: stated for the whole figure)."""
    found: dict[int | None, dict[str, AxisInfo]] = {}
    for line in structure.lines:
        if line.kind not in ("bullet", "text", "heading") or not line.key:
            continue
        axis, role = axis_of_key(line.key)
        if axis is None:
            continue
        panel = _panel_above(structure, line, panel_of_line)
        slot = found.setdefault(panel, {X: AxisInfo(), Y: AxisInfo()})
        value = line.value if line.kind != "heading" else ""
        info = read_axis_text(value, role) if value.strip() else AxisInfo()
        for child in _children(structure, line):
            c_axis, c_role = axis_of_key(child.key)
            if child.key and (c_role != "mixed" or c_axis):
                sub = read_axis_text(child.value, c_role if c_role != "mixed" else _role_word(child.key))
                info.merge(sub)
            elif child.key and _role_word(child.key) != "mixed":
                info.merge(read_axis_text(child.value, _role_word(child.key)))
        if not info.categories:
            items = list_items(structure, line)
            if len(items) >= 2:
                info.merge(AxisInfo(categories=expand_ellipsis(items), numeric_ticks=all(_is_number(i) for i in items)))
        slot[axis].merge(info)
    return found


def _role_word(key: str) -> str:
    ws = words(key)
    if ws and ws[-1] in _LABEL_ROLE:
        return "label"
    if ws and ws[-1] in _TICK_ROLE:
        return "ticks"
    return "mixed"


def _children(structure: Structure, parent: Line) -> list[Line]:
    out: list[Line] = []
    for line in structure.lines[parent.index + 1 : parent.index + 60]:
        if line.kind == "blank":
            continue
        if line.parent != parent.index:
            break
        if line.key:
            out.append(line)
    return out


def _panel_above(structure: Structure, line: Line, panel_of_line: dict[int, int]) -> int | None:
    if line.index in panel_of_line:
        return panel_of_line[line.index]
    for ancestor in structure.ancestors(line.index):
        if ancestor.index in panel_of_line:
            return panel_of_line[ancestor.index]
    return None
