"""The legend's entries: evaluation methods inside a heatmap, the lines or bar groups of a chart.

"**Legend:** Defines the colour coding for the four methods:" followed by
"* Zero-Shot Classifier (Dark Purple)", or inline "Legend: GPT-4 (blue), Claude (orange)".
A legend that is a colour gradient, or entries that are colours with values
("Dark Red: ~0.3"), names no series.
"""

from __future__ import annotations

import re

from harness.extract.rules.colour import is_scale_key
from harness.extract.rules.sections import is_meta_key
from harness.extract.rules.numbers import leading_value
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import clean_label, drop_parentheticals, split_list, strip_emphasis, words

_COLOURS = frozenset(
    "red blue green purple orange yellow pink white gray grey black brown cyan magenta teal violet "
    "dark light bright medium pale deep navy maroon gold olive lime indigo beige salmon lavender".split()
)
_LEGEND_WORDS = frozenset(("metrics", "metric", "measures", "legend"))
_LEGEND_KEYS = ("legend", "series", "legend entries", "legend items", "lines", "bars", "methods", "data series")


def _is_colour_phrase(text: str) -> bool:
    ws = words(text)
    return bool(ws) and all(w in _COLOURS or w in ("and", "to", "line", "bar", "shade", "colored", "coloured", "solid", "dashed", "dotted") for w in ws)


def _entry(line: Line) -> str | None:
    if line.key and line.value.strip():
        if leading_value(strip_emphasis(line.value)) is not None:
            return None  # "Dark Red: ~0.3": a colour stop, not a name
        if _is_colour_phrase(line.key):
            return None
        label = line.key
    else:
        label = line.key or strip_emphasis(line.content)
        for dash in (" — ", " – ", " - "):
            if dash in label and _is_colour_phrase(label.split(dash, 1)[1]):
                label = label.split(dash, 1)[0]
    if is_scale_key(label) or is_meta_key(label):
        return None
    label = clean_label(drop_parentheticals(label))
    if not label or _is_colour_phrase(label) or len(label.split()) > 8:
        return None
    return label


_QUOTED_RE = re.compile(r"[\"“]([^\"”\n]{1,60})[\"”]")


def read_legend(structure: Structure) -> list[str]:
    """Entry names of the first legend that lists names (keyed lines before sentences)."""
    return _keyed_legend(structure) or _prose_legend(structure)


def _prose_legend(structure: Structure) -> list[str]:
    """'The legend ... lists "Baseline" and "Curriculum (ours)"' / '... identifies: a, b'."""
    for line in structure.lines:
        if line.kind not in ("bullet", "text") or "legend" not in line.content.lower():
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line.content):
            low = sentence.lower()
            at = low.find("legend")
            if at < 0 or any(w in low for w in ("gradient", "colour bar", "color bar", "colorbar")):
                continue
            rest = sentence[at:]
            quoted = [clean_label(q) for q in _QUOTED_RE.findall(rest)]
            if len(quoted) >= 2 and not any("title" in w for w in words(rest[: rest.find(quoted[0])])):
                return quoted
            names = _inline_entries(rest) if ":" in rest else []
            if len(names) >= 2:
                return names
    return []


def _keyed_legend(structure: Structure) -> list[str]:
    for line in structure.lines:
        if line.kind not in ("bullet", "text", "heading") or not line.key:
            continue
        key_words = words(drop_parentheticals(line.key))
        if not key_words or (" ".join(key_words) not in _LEGEND_KEYS and key_words[0] != "legend" and not set(key_words) & _LEGEND_WORDS):
            continue
        if is_scale_key(line.key, line.value):
            continue
        if line.kind == "heading" and key_words[0] != "legend":
            continue  # "### Axes and Legend": a section, not the legend
        names = _children_entries(structure, line)
        if len(names) < 2:
            names = _inline_entries(line.value)
        if len(names) >= 2:
            return names
    return []


def _children_entries(structure: Structure, parent: Line) -> list[str]:
    names: list[str] = []
    for line in structure.lines[parent.index + 1 : parent.index + 60]:
        if line.kind == "blank":
            continue
        if line.parent != parent.index:
            if line.kind == "bullet" and any(a.index == parent.index for a in structure.ancestors(line.index, 3)):
                continue
            break
        if line.kind != "bullet":
            break
        name = _entry(line)
        if name:
            names.append(name)
    return names


def _inline_entries(value: str) -> list[str]:
    text = strip_emphasis(value)
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    if "," not in text and ";" not in text and " and " not in text:
        return []
    items = split_list(drop_parentheticals(text))
    if len(items) < 2 or any(len(i.split()) > 6 for i in items):
        return []
    return [i for i in items if not _is_colour_phrase(i)]
