"""The colour scale: its title and the ends of the bar as stated.

"ranging from 0% (dark blue) to 60% (bright red)" and "runs from 800 on the left to 2,000
on the right" state both ends; "marked with 20%, 50%, ..., 90%" states ticks, whose lowest
and highest are taken as the ends; colour stops ("Dark Red: ~0.3" ... "Dark Blue: ~-0.2")
likewise. "Panel (a) spans 40 to 50, panel (b) spans 50 to 90" gives each panel its own.
The title is taken only where the text gives one ('labelled "Pearson r"', '"BLEU", from').
"""

from __future__ import annotations

import re

from harness.extract.rules.numbers import find_numbers, range_chain
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import (
    clean_label,
    drop_parentheticals,
    is_colour_phrase,
    is_position_phrase,
    strip_emphasis,
    words,
)
from harness.text import unescape_markdown

_SCALE_WORDS = frozenset("scale bar bars colorbar colourbar colormap colourmap gradient legend map maps intensity range key".split())
_COLOUR_WORDS = frozenset(("color", "colour", "colors", "colours", "colorbar", "colourbar", "colorbars", "colourbars", "colormap", "colourmap"))
_MENTION_RE = re.compile(r"\b(?:colou?r[\s-]?(?:bar|scale|map|legend|gradient)s?|colou?rbars?|colou?rmaps?)\b", re.IGNORECASE)
_LABELLED_RE = re.compile(r"\b(?:labell?ed|titled|entitled|with (?:the )?(?:label|title))\s*:?\s*", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[\"“‘']([^\"”’\n]{1,120}?)[\"”’'](?![A-Za-z])")
_UNTITLED_RE = re.compile(r"\b(?:unlabell?ed|untitled|no (?:title|label)|without (?:a )?(?:title|label))\b", re.IGNORECASE)
_PANEL_REF_RE = re.compile(r"\b(?:panel|heatmap|subplot|plot)\s*\(?([a-h]|\d{1,2})\)?", re.IGNORECASE)

Scale = tuple[str | None, float | None, float | None]


def is_scale_key(key: str | None, value: str = "") -> bool:
    """A key naming the colour bar: "Color Scale", "Colorbar (Right)", "Legend" for a gradient."""
    if not key:
        return False
    ws = words(drop_parentheticals(key))
    if not ws or len(ws) > 5:
        return False
    if any(w in _COLOUR_WORDS for w in ws) and (len(ws) == 1 and ws[0] not in ("color", "colour") or any(w in _SCALE_WORDS for w in ws)):
        return True
    if ws[0] == "legend":
        low = value.lower()
        return any(w in low for w in ("gradient", "color bar", "colour bar", "colorbar", "ranging", "ranges", "scale"))
    return False


def read_label(text: str) -> str | None:
    """'labelled "Pearson r"', 'titled Accuracy' or a value opening with a quoted name."""
    body = unescape_markdown(strip_emphasis(text)).strip()
    match = _LABELLED_RE.search(body)
    named = _MENTION_RE.match(body)
    if match:
        rest = body[match.end() :].lstrip()
    elif body[:1] in "\"“‘'":
        rest = body
    elif named and body[named.end() : named.end() + 3].lstrip(" :")[:1] in ("\"", "“"):
        # 'Colour bar: "Win rate", 0% to 100%': the quoted name right after the mention.
        rest = body[named.end() :].lstrip(" :")
    else:
        return None
    quoted = _QUOTED_RE.match(rest)
    if quoted:
        return clean_label(quoted.group(1)) or None
    if not match:
        return None
    cut = len(rest)
    for mark in (". ", ",", ";", " and ", " with ", " (", " from ", " ranging", " running"):
        at = rest.find(mark)
        if 0 <= at < cut:
            cut = at
    label = clean_label(rest[:cut])
    ws = words(label)
    if not ws or ws[0] in _NOT_A_TITLE_START or set(ws) <= _TICK_WORDS:
        return None  # "labeled with numerical values", "extends beyond the labeled ticks"
    return label if len(label.split()) <= 6 else None


_NOT_A_TITLE_START = frozenset("with by in from as at to on for according using".split())
_TICK_WORDS = frozenset("ticks tick values value numbers numerical numeric marks markers labels".split())
_KEY_WORDS = frozenset("legend colorbar colourbar color colour bar scale gradient key map heatmap".split())


def key_label(key: str | None) -> str | None:
    """"Color Scale (Attribution)", "Color Legend (Heads Importance)": the bracket names the bar."""
    if not key or not key.rstrip().endswith(")") or "(" not in key:
        return None
    inner = clean_label(key[key.rfind("(") + 1 : key.rstrip().rfind(")")])
    ws = words(inner)
    if not ws or set(ws) & _KEY_WORDS or is_position_phrase(inner) or any(ch.isdigit() for ch in inner):
        return None
    return inner if len(ws) <= 5 and not is_colour_phrase(inner) else None


def _without_label(text: str) -> str:
    # The title's own digits ("pass@1 (%)", "Score (0-1)") are not ends of the bar.
    for quoted in _QUOTED_RE.finditer(text):
        text = text.replace(quoted.group(0), " ")
    return text


def ends(texts: list[str]) -> tuple[float | None, float | None]:
    """A stated range in the first text wins; otherwise the extreme ticks or stops of all."""
    if texts:
        chain = range_chain(_without_label(texts[0]))
        if chain:
            values = [n.value for n in chain]
            return min(values), max(values)
    values = [n.value for t in texts for n in find_numbers(_without_label(t))]
    if not values:
        return None, None
    return min(values), max(values)


def _children(structure: Structure, parent: Line) -> list[Line]:
    out: list[Line] = []
    for line in structure.lines[parent.index + 1 : parent.index + 40]:
        if line.kind == "blank":
            continue
        if line.parent != parent.index:
            break
        out.append(line)
    return out


def scale_texts(structure: Structure) -> list[list[str]]:
    """For each description of the colour bar: its text, then its sub-items' texts."""
    cached = structure.memo.get("scale_texts")
    if cached is None:
        cached = structure.memo["scale_texts"] = _scale_texts(structure)
    return cached


def _scale_texts(structure: Structure) -> list[list[str]]:
    keyed: list[list[str]] = []
    prose: list[list[str]] = []
    for line in structure.lines:
        if line.kind not in ("bullet", "text", "heading"):
            continue
        if is_scale_key(line.key, line.value):
            texts = [line.value] + [c.content for c in _children(structure, line)]
            keyed.append(texts + _following_stops(structure, line))
        # The cheap test first: every mention starts "colo" (letters that fold only to themselves).
        elif line.kind != "heading" and "colo" in line.content.lower() and _MENTION_RE.search(line.content):
            stops = _following_stops(structure, line)
            if stops:
                keyed.append(stops)  # "- Color gradient:" then "- **Dark blue** → -1.0", ...
            for sentence in _sentences_about_scale(line.content):
                prose.append([sentence])
    return keyed + prose


_STOP_RE = re.compile(r"^\W{0,4}(?P<colour>[A-Za-z][A-Za-z /-]{1,30}?)\W{0,4}\s{0,2}(?:→|->|:|=|–|—)\s{0,3}\W{0,3}[~≈]?\s{0,2}-?\d")


def _following_stops(structure: Structure, intro: Line) -> list[str]:
    """Colour stops written after "Color gradient:" at its own depth (a flattened list):
    "**Dark blue** → **-1.0**", "Yellow: 1.0", up to the first line that is not one."""
    if not intro.value.rstrip().endswith(":") and not intro.introducer:
        return []
    out: list[str] = []
    for line in structure.lines[intro.index + 1 : intro.index + 24]:
        if line.kind == "blank":
            continue
        match = _STOP_RE.match(strip_emphasis(line.content)) if line.kind == "bullet" else None
        if match is None or not is_colour_phrase(match.group("colour")):
            break
        out.append(line.content)
    return out


def _sentences_about_scale(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text)
    out: list[str] = []
    for i, s in enumerate(sentences):
        match = _MENTION_RE.search(s)
        if match:
            follow = sentences[i + 1] if i + 1 < len(sentences) and sentences[i + 1].lower().startswith(("it ", "its ", "the scale", "the bar")) else ""
            out.append(s[match.start() :] + (" " + follow if follow else ""))
    return out


def read_colour_scale(structure: Structure) -> Scale | None:
    """(label, min, max) of the colour bar; None when the description mentions none."""
    found = scale_texts(structure)
    if not found:
        return None
    label: str | None = next(
        (named for line in structure.lines if line.key and is_scale_key(line.key, line.value) and (named := key_label(line.key))),
        None,
    )
    untitled = False
    low = high = None
    for texts in found:
        for text in texts:
            if label is None and not untitled:
                label = read_label(text)
                untitled = label is None and bool(_UNTITLED_RE.search(text))
        if low is None:
            low, high = ends(texts)
    return label, low, high


def panel_ranges(structure: Structure) -> dict[str, tuple[float, float]]:
    """"Panel (a) spans 40 to 50, panel (b) spans 50 to 90": ends per panel letter/number."""
    out: dict[str, tuple[float, float]] = {}
    for texts in scale_texts(structure):
        for text in texts:
            for clause in re.split(r"[;,.]\s+(?:and\s+)?|\band\s+(?=panel|heatmap|subplot)", text):
                ref = _PANEL_REF_RE.search(clause)
                if not ref:
                    continue
                chain = range_chain(clause[ref.end() :])
                if chain:
                    values = [n.value for n in chain]
                    out.setdefault(ref.group(1).lower(), (min(values), max(values)))
    return out
