"""What a key's words say before any category is matched: a generic heading ("Detailed
Analysis"), a label that may name a new category ("GPT-4", not a sentence, a span of ticks
or "All other layers"), a position that only locates a name ("Row 2: Attn."), and the words
that key a grid's cells by position ("Row 2, Column 3").
"""

from __future__ import annotations

import re

from harness.extract.rules.categories import COL, ROW
from harness.extract.rules.text import clean_label, drop_parentheticals, words

_GENERIC = frozenset(
    "overview components axes axis detailed analysis data values value observations key trends "
    "interpretation breakdown content details detail summary description table grid matrix cells "
    "cell list points point complete full heatmap chart figure results numbers numerical "
    "approximate estimated specific the of and or for each all with in grid-like trend pattern patterns note "
    "notes observation remark remarks comment comments".split()
)


# The words that key a grid's cells by position when it has no tick labels.
POSITION_WORDS = {ROW: frozenset(("row", "rows")), COL: frozenset(("column", "columns", "col", "cell"))}


ANY_POSITION = POSITION_WORDS[ROW] | POSITION_WORDS[COL]


def position_dim(text: str) -> str | None:
    """ROW for "Row 2", COL for "Column 3" / "Cell 3": a position key names its dimension."""
    tokens = clean_label(text).split()
    if len(tokens) != 2 or not tokens[1].isdigit():
        return None
    head = tokens[0].lower()
    return next((dim for dim, names in POSITION_WORDS.items() if head in names), None)


# "Row 2: Attn.", "Column 3 - GPT-4": a position before the name only locates it.
_POSITION_PREFIX_RE = re.compile(r"^(?P<position>(?:row|column|col|category|group|line|series|curve)\s{0,2}\d{1,3})\s{0,2}[:\-–—]\s{0,3}(?P<name>\S.*)$", re.IGNORECASE)


BETWEEN_RE = re.compile(r"\S\s{1,3}vs\.?\s", re.IGNORECASE)


def located_key(text: str) -> str | None:
    """The key a "Row 2: ..." heading gives: the name after the position when it is a short
    name ("Row 2: Attn. (Attention)"), else the position ("Row 2: "ours" vs. "baseline"",
    a bar row described, not named)."""
    match = _POSITION_PREFIX_RE.match(clean_label(text))
    if match is None:
        return None
    name = clean_label(match.group("name"))
    short = len(drop_parentheticals(name).split()) <= 4  # "w/o MRL (Blue Dashed Line)" is a short name
    # "Row 2: "ours" vs. "baseline"" describes the bar; "Category 1: GPT-4 VS ChatGPT" names it
    described = BETWEEN_RE.search(name) and any(q in match.group("name") for q in "\"“'")
    return name if short and not described else clean_label(match.group("position"))


# "Layers 23 - 31", "rows 3 to 6": a span of ticks, never one new category's name.
_TICK_SPAN_RE = re.compile(r"^[A-Za-z]{1,20}\s{1,3}-?\d{1,7}(?:\.\d{1,4})?\s{0,3}(?:-|–|—|to|through|thru)\s{0,3}-?\d{1,7}(?:\.\d{1,4})?$", re.IGNORECASE)


_NOT_IN_LABELS = ("%", "=", "+", " is ", " are ", " was ", " sum ")


def label_like(text: str) -> bool:
    """Whether an unmatched key may name a new category: short, no sentence, no arithmetic
    ("The percentages sum to 100% (68.8% + 25.2%)" names nothing)."""
    label = clean_label(text)
    low = f" {label.lower()} "
    ws = words(label)
    if len(ws) >= 4 and ws[0] in ("a", "an", "the"):
        return False  # "A green square at Token Limit": a phrase about the chart, not a name
    return (
        bool(label) and len(label.split()) <= 8 and not any(mark in low for mark in _NOT_IN_LABELS)
        and not _TICK_SPAN_RE.match(label) and not _QUANTIFIED_RE.match(label)
    )


# "All other transformations", "Remaining layers", "Others": a quantity of categories, not one
_QUANTIFIED_RE = re.compile(r"^(?:all|every|each|remaining|the rest)\b|^other\s{1,3}\w{2,30}s\b", re.IGNORECASE)


def is_generic(text: str) -> bool:
    """A heading such as "Detailed Analysis" or a sentence: never a category name."""
    ws = words(text)
    # Length counts written words: "gemini-2.0-flash-thinking-exp-01-21" is one name.
    return not ws or len(text.split()) > 6 or all(w in _GENERIC or w.isdigit() for w in ws)
