"""The colour scale: its title and the ends of the bar as stated.

"ranging from 0% (dark blue) to 60% (bright red)" states both ends; "marked with 20%,
50%, ..., 90%" states ticks, whose lowest and highest are taken as the ends; a list of
colours with values ("Dark Red: ~0.3" ... "Dark Blue: ~-0.2") likewise. The title is
taken only where the text gives one ("labeled 'Transferability (%)'").
"""

from __future__ import annotations

import re

from harness.extract.rules.numbers import find_numbers
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import clean_label, drop_parentheticals, strip_emphasis, unescape, words

_SCALE_WORDS = frozenset("scale bar colorbar colourbar colormap colourmap gradient legend map intensity range key".split())
_COLOUR_WORDS = frozenset(("color", "colour", "colors", "colours", "colorbar", "colourbar", "colormap", "colourmap"))
_LABELLED_RE = re.compile(r"\b(?:labell?ed|titled|with (?:the )?(?:label|title))\s*:?\s*", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[\"“'‘]([^\"”'’\n]{1,120})[\"”'’]")


def is_scale_key(key: str | None, value: str = "") -> bool:
    """A key naming the colour bar: "Color Scale", "Colorbar (Right)", "Legend" for a gradient."""
    if not key:
        return False
    ws = words(drop_parentheticals(key))
    if not ws or len(ws) > 5:
        return False
    if any(w in _COLOUR_WORDS for w in ws) and (len(ws) == 1 and ws[0] != "color" and ws[0] != "colour" or any(w in _SCALE_WORDS for w in ws)):
        return True
    if ws[0] == "legend":
        low = value.lower()
        return any(w in low for w in ("gradient", "color bar", "colour bar", "colorbar", "ranging", "ranges", "scale"))
    return False


def _children(structure: Structure, parent: Line) -> list[Line]:
    out: list[Line] = []
    for line in structure.lines[parent.index + 1 : parent.index + 40]:
        if line.kind == "blank":
            continue
        if line.parent != parent.index:
            break
        out.append(line)
    return out


def read_label(text: str) -> str | None:
    body = unescape(strip_emphasis(text))
    match = _LABELLED_RE.search(body)
    if not match:
        return None
    rest = body[match.end() :].lstrip()
    quoted = _QUOTED_RE.match(rest)
    if quoted:
        return clean_label(quoted.group(1)) or None
    cut = len(rest)
    for mark in (". ", ",", ";", " and ", " with "):
        at = rest.find(mark)
        if 0 <= at < cut:
            cut = at
    label = clean_label(rest[:cut])
    return label if label and len(label.split()) <= 6 else None


def read_colour_scale(structure: Structure, lines: list[Line]) -> tuple[str | None, float | None, float | None] | None:
    """(label, min, max) from the colour-scale lines among ``lines``; None if none is described."""
    label: str | None = None
    values: list[float] = []
    found = False
    for line in lines:
        if line.kind not in ("bullet", "text", "heading") or not is_scale_key(line.key, line.value):
            continue
        found = True
        texts = [line.value]
        for child in _children(structure, line):
            texts.append(child.content)
            if child.key and words(child.key)[-1:] in (["label"], ["title"]):
                label = label or clean_label(drop_parentheticals(child.value, only_positions=True)) or None
        for text in texts:
            label = label or read_label(text)
            values.extend(n.value for n in find_numbers(_without_label(text)))
        if values:
            break
    if not found:
        return None
    if not values:
        return label, None, None
    return label, min(values), max(values)


def _without_label(text: str) -> str:
    # The title's own digits ("Score (0-1 scale)") are not ends of the bar.
    match = _LABELLED_RE.search(text)
    if not match:
        return text
    rest = text[match.end() :].lstrip()
    quoted = _QUOTED_RE.match(rest)
    if quoted:
        return text[: match.start()] + rest[quoted.end() :]
    return text


def prose_colour_range(text: str) -> tuple[float, float] | None:
    """"colour ... ranging from approximately 20% to 100%" in running prose."""
    low = text.lower()
    for word in ("color", "colour"):
        at = low.find(word)
        while at >= 0:
            window = text[at : at + 220]
            wl = window.lower()
            r = wl.find("rang")
            if r >= 0:
                nums = find_numbers(window[r:])
                if len(nums) >= 2:
                    return min(nums[0].value, nums[1].value), max(nums[0].value, nums[1].value)
            at = low.find(word, at + 1)
    return None
