"""Tick labels from what a describer writes after an axis's name.

A list ("0, 1, ..., 19", "POS (top) and NER (bottom)"), a range with a step ("0 to 26 in
increments of 2", "0-6, integer intervals"), a list after an opener ("with categories North
and South", "values: 1, 2, 3") or in brackets after the title ("Layer (0-28, incrementing by
4)"), read without the words around it ("Located on the left, identifying the models" lists
none; "..., WebQSP. Labels are rotated 45 degrees" ends at "WebQSP").
"""

from __future__ import annotations

import re

from harness.extract.rules.axis_info import AxisInfo, is_description, is_number
from harness.extract.rules.numbers import (
    expand_ellipsis,
    is_ellipsis,
    range_ticks,
    stepped_range_ticks,
)
from harness.extract.rules.text import (
    clean_label,
    drop_expansion,
    drop_notes,
    drop_parentheticals,
    split_list,
)

_OPENERS = ("including", "categories", "category", "such as", "namely", "ordered", "ticks at", "tick labels at", "labeled at", "labelled at", "marked at", "marks at", "markers at", "ticks", "labels", "markers", "with", "values", "covering", "showing", "shows", "lists", "listing", "at")


_RANGE_IN_ITEM_RE = re.compile(r"\d\s{0,3}(?:to|through|thru|–|—|-)\s{0,3}-?\d")


_DESCRIBES_PLACE_RE = re.compile(r"\s{0,2}(?:located|positioned|placed|situated|shown|displayed|found|running|rotated)\b", re.IGNORECASE)


_LISTS_TICKS_RE = re.compile(r"\s{0,2}(?:values|ticks|tick labels|categories|labels|markers)\s{0,2}:", re.IGNORECASE)


_EXAMPLES_RE = re.compile(r"^\s{0,2}\(?\s{0,2}(?:e\.\s?g\.?|for example|for instance|such as)[\s,:]", re.IGNORECASE)


# Words of a sentence about an axis; never inside a tick label.
_SAYS_RE = re.compile(r"\S\s{1,3}(?:is|are|was|were)\s{1,3}\S|^\s{0,2}(?:ranging|ranges|spanning|spans|starting|going)\s", re.IGNORECASE)


_STEP_ITEM_RE = re.compile(r"\b(?:increment\w{0,3}|steps?|intervals?|every|integers?)\b", re.IGNORECASE)


def ticks(text: str) -> AxisInfo:
    """Tick labels from a list ("0, 1, ..., 19", "POS (top) and NER (bottom)") or a range."""
    text = text.strip().strip(".,;: ")
    if _EXAMPLES_RE.match(text):
        return AxisInfo()  # "e.g., boolean expressions, causal judgement, etc.": examples, not the ticks
    items = _split_items(text)
    if len(items) >= 2:
        items[0] = _trim_first(items[0], items[1:])  # "Major ticks are present at 0.25", 0.50, ...
        unit = _UNIT_AFTER_LAST_RE.match(items[-1])
        if unit and len(items) >= 3 and all(_SHORT_NUMBER_RE.fullmatch(i) for i in items[:-1]):
            items[-1] = unit.group(1)  # "0, 5k, 10k, and 60k steps": the unit is every tick's
    if any(_SAYS_RE.search(i) for i in items):
        items = []  # "Scale is logarithmic, ranging from 10 to 10^4": sentences about the axis, not ticks
    stepless = False
    ranged = [i for i in items if _RANGE_IN_ITEM_RE.search(i)]
    if len(ranged) == 1 and all(i in ranged or not any(ch.isdigit() for ch in i) or _STEP_ITEM_RE.search(i) for i in items):
        items = []  # "0-6, integer intervals", "0-28, incrementing by 4": a range and its step, not ticks
    if len(items) < 2:
        expanded = stepped_range_ticks(text)
        items, stepless = (expanded[0], not expanded[1]) if expanded else ([], False)
    numeric = bool(items) and all(is_number(i) for i in items)
    return AxisInfo(categories=items, numeric_ticks=numeric, stepless=stepless)


_SHORT_NUMBER_RE = re.compile(r"-?\d{1,7}(?:\.\d{1,4})?[kKMBG%]?")
_UNIT_AFTER_LAST_RE = re.compile(r"(-?\d{1,7}(?:\.\d{1,4})?[kKMBG%]?)\s{1,2}[A-Za-z]{2,12}")
_NEXT_SENTENCE_RE = re.compile(r"\.\s{1,3}(?=[A-Z][a-z]{1,20}\s{1,3}\S{1,30}\s{1,3}\S)")


def _split_items(text: str) -> list[str]:
    # "..., Mintaka, WebQSP. Labels are rotated approximately 45 degrees": the list ends at its sentence's end
    ended = _NEXT_SENTENCE_RE.search(text)
    if ended:
        text = text[: ended.start()]
    raw = split_list(strip_trailing_note(text))
    items = [drop_expansion(clean_label(drop_notes(drop_parentheticals(i, only_positions=True)))) for i in raw]
    items = expand_ellipsis([i for i in items if i])
    return [i for i in items if not is_ellipsis(i) and i.lower() not in ("etc", "etc.")]


def _trailing_note(text: str) -> bool:
    # "0.1, 0.25 and 0.5 (the fraction of the cache kept)": a note on the whole list.
    inner = text[text.rfind("(") + 1 : -1]
    return len(inner.split()) >= 3


def list_in(text: str) -> AxisInfo:
    """The tick list inside an axis text: after its last ": ", a dash, or a run of commas."""
    text = text.strip(" .,;")
    if text[:2] in ("– ", "— ", "- "):
        text = " " + text
    bracket = text.rfind("(") if text.endswith(")") else -1
    for mark in (": ", " - ", " – ", " — "):
        at = text.rfind(mark) if mark == ": " else text.find(mark)
        if at > bracket >= 0:
            continue  # "digit_a (values: 1, 2, 3)": the bracket's own list, read below with its name
        if at >= 0:
            found = ticks(text[at + len(mark) :])
            if len(found.categories) >= 2:
                return found
    if text.endswith(")") and "(" in text:
        # "Models (GPT-4, Claude 2)": the ticks in brackets; "Epoch (0 to 50)" titles the axis.
        head, inner = text[: text.rfind("(")], text[text.rfind("(") + 1 : -1]
        opened = _LISTS_TICKS_RE.match(inner)
        found = ticks(inner[opened.end() :] if opened else inner)
        if len(found.categories) >= 2 and ("," in inner or found.numeric_ticks):
            head = clean_label(head)
            # "(0-28, incrementing by 4)", "(values: 1, 2, 3)": the bracket lists the ticks of the name before it
            described = "," not in inner or range_ticks(inner) is not None or _LISTS_TICKS_RE.match(inner) is not None
            if found.numeric_ticks and described and head and not is_description(head) and len(head.split()) <= 4:
                # "Epoch (0 to 3)" titles the axis; "Ratio (0.1, 0.2)" only lists its ticks
                found.label, found.titled = head, True
            return found
    comma = text.find(",")
    if comma < 0 and " and " not in text:
        return ticks(text) if range_ticks(text) else AxisInfo()
    items = split_list(strip_trailing_note(text))
    if len(items) >= 2 and range_ticks(text) and (
        max(len(i.split()) for i in items[1:]) > 5 or any(_RANGE_IN_ITEM_RE.search(i) for i in items)
    ) and not _numeric_run(items):
        # "It runs from 0 to 50 in increments of 10, and ...", "integers from 0 to 19,
        # representing length", "Model Number, ranging from 1 to 22": a range with words
        # about it or a name before it, not a list
        items = []
    opener = _opener_item(items)
    if opener:
        # "Region, with categories North and South": the items before the opener name the
        # axis, the ones from it on are the ticks.
        found = ticks(", ".join([_trim_first(items[opener], items[opener + 1 :] or [items[opener]]), *items[opener + 1 :]]))
        head = clean_label(", ".join(items[:opener]))
        if len(found.categories) >= 2:
            if head and not is_description(head) and not is_number(head):
                found.label, found.titled = head, True
            return found
    items = _tick_run(items)
    if items and _DESCRIBES_PLACE_RE.match(items[0]):
        items = []  # "Located on the left, identifying the models compared": where, not which
    if len(items) >= 2:
        first = _trim_first(items[0], items[1:])
        found = ticks(", ".join([first, *items[1:]]))
        if len(found.categories) >= 2 and first:
            return found
    expanded = stepped_range_ticks(text)
    return AxisInfo(categories=expanded[0], numeric_ticks=True, stepless=not expanded[1]) if expanded else AxisInfo()


_LIST_OPENERS = ("with categories", "with the categories", "categories", "including", "such as", "namely",
                 "with labels", "labeled", "labelled", "with ticks", "ticks at", "with values")


def _opener_item(items: list[str]) -> int:
    """The index (>= 1) of the item that opens the tick list ("with categories North"), or 0."""
    for i, item in enumerate(items[1:], start=1):
        low = item.lower().lstrip()
        if any(low.startswith(o + " ") or low.startswith(o + ": ") for o in _LIST_OPENERS):
            return i
    return 0


def _numeric_run(items: list[str]) -> bool:
    """Whether the list ends in three or more numbers ("..., with increments of 150, 300, 500")."""
    tail = 0
    for item in reversed(items):
        if not is_number(clean_label(item)):
            break
        tail += 1
    return tail >= 3


def _tick_run(items: list[str]) -> list[str]:
    """The list's run of tick-shaped items at its end: "The scale is logarithmic (base 2),
    with major tick marks labeled at 8, 16, 32, and 64" -> "...labeled at 8", 16, 32, 64."""
    if len(items) < 3:
        return items
    short = [len(drop_parentheticals(i).split()) <= 3 for i in items]
    end = len(items)
    start = end
    while start > 0 and short[start - 1]:
        start -= 1
    if start == 0 or end - start < 2:
        return items
    return items[start - 1 :]  # the long item before the run still holds the first tick


def strip_trailing_note(text: str) -> str:
    text = text.rstrip(" .")
    if text.endswith(")") and _trailing_note(text):
        text = text[: text.rfind("(")].rstrip()
    return text


def _trim_first(first: str, others: list[str]) -> str:
    """"with the categories GSM8K" -> "GSM8K": the words before a list are not an item."""
    low = first.lower()
    for opener in _OPENERS:
        at = low.rfind(opener + " ")
        if at >= 0 and (at == 0 or not low[at - 1].isalnum()):
            first = clean_label(first[at + len(opener) + 1 :])
            break
    width = max(len(o.split()) for o in others)
    tokens = first.split()
    if len(tokens) > width + 1:
        return clean_label(" ".join(tokens[-width:]))
    if len(tokens) == width + 1 and width == 1:
        # "layers L1, L6, L12": the last word has the items' shape, the word before does not.
        shapes = {_shape(o) for o in others}
        if len(shapes) == 1 and _shape(tokens[-1]) in shapes and _shape(tokens[0]) not in shapes:
            return clean_label(tokens[-1])
    return first


def _shape(token: str) -> str:
    """"A9" for "L12", "a" for "layers": character classes with runs collapsed."""
    out: list[str] = []
    for ch in token.strip():
        cls = "9" if ch.isdigit() else "A" if ch.isupper() else "a" if ch.isalpha() else ch
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)
