"""Reading what a description says about one axis: its title and its tick labels.

'"Model" with categories: Mistral, LLaMA-2', 'titled "Benchmark", with the categories
GSM8K, MATH and BBH from left to right', 'Labelled "Source model". Categories from top to
bottom: a, b', '"Layer", covering layers 0 through 11', 'LLMs - GPT-4, Claude 2' (no
title: the words only say what the ticks are).
"""

from __future__ import annotations

import re

from harness.extract.rules.axis_info import NOT_TITLES, AxisInfo, is_description, is_name, is_number
from harness.extract.rules.numbers import range_ticks
from harness.extract.rules.text import (
    clean_label,
    drop_glosses,
    drop_parentheticals,
    drop_spelled_name,
    is_position_phrase,
    quoted_head,
    split_list,
    strip_emphasis,
    words,
)
from harness.extract.rules.tick_lists import list_in, strip_trailing_note, ticks
from harness.text import unescape_markdown

_LABELLED_RE = re.compile(
    r"\b(?:labell?ed(?: as)?|titled|entitled|named|with (?:the )?(?:label|title)(?!s)|(?:its )?(?:label|title) (?:is|reads))\s*:?\s*",
    re.IGNORECASE,
)
_QUOTED_RE = re.compile(r"[\"“‘']([^\"”’\n]{1,120}?)[\"”’'](?![A-Za-z])")
_DIRECTION_RE = re.compile(
    r"\(?\s{0,2}(?:(?:listed|ordered|arranged|read|running|going|shown)\s{1,3})?(?:from\s{1,3})?"
    r"(?:left[\s-]{1,3}to[\s-]{1,3}right|right[\s-]{1,3}to[\s-]{1,3}left|top[\s-]{1,3}to[\s-]{1,3}bottom|bottom[\s-]{1,3}to[\s-]{1,3}top)"
    r"(?:\s{1,3}on\s{1,3}the\s{1,3}[xy]-axis)?\s{0,2}\)?",
    re.IGNORECASE,
)
# Words that say which axis or how it is drawn, not what it is titled ("X-axis (Categories)").
# "Labeled with two categories", "labeled in powers of 2": words about the ticks, not a title.
_PREPOSITIONS = (["with"], ["in"], ["by"], ["as"], ["on"], ["at"], ["from"], ["for"], ["using"], ["according"])
_RANGE_LEAD_RE = re.compile(r"\s(?:ranging|ranges|range|spanning|spans|scaled|from\s\S{0,8}\d|with\s(?:values|ticks|markers|tick)|values\s)", re.IGNORECASE)
_LABEL_ROLE = frozenset("label title name".split())
_TICK_ROLE = frozenset("markers marker ticks tick categories labels values entries items".split())




def role_of(key: str) -> str:
    """"label" for "X-axis Label", "ticks" for "X-axis Markers", else "mixed"."""
    ws = [w for w in words(drop_parentheticals(key).replace("-axis", " axis")) if w not in ("x", "y", "axis", "horizontal", "vertical", "rows", "columns", "row", "column")]
    if ws and ws[-1] in _LABEL_ROLE:
        return "label"
    if ws and ws[-1] in _TICK_ROLE:
        return "ticks"
    return "mixed"


def label_in_key(key: str) -> str | None:
    """'Y-axis ("Model")' or 'Rows (y-axis), titled "Method"' name the title in the key."""
    labelled = _LABELLED_RE.search(key)
    if labelled:
        return _label_after(key[labelled.end() :])
    quoted = _QUOTED_RE.search(key)
    if quoted:
        return clean_label(quoted.group(1)) or None
    # "X-axis (Epoch)": a bracket that is not a position ("(Horizontal)", "(rows)")
    at, end = key.find("("), key.rfind(")")
    if 0 <= at < end:
        inner = clean_label(key[at + 1 : end])
        for dash in (" - ", " – ", " — ", ": "):
            head, found, name = inner.partition(dash)
            if found and set(words(head)) <= NOT_TITLES:
                inner = clean_label(name)  # "(Rows - Mathematical Domains)" names the axis
                break
        if inner and not is_position_phrase(inner) and not set(words(inner)) & NOT_TITLES and len(inner.split()) <= 4:
            return inner
    return None


def read_axis_text(text: str, role: str = "mixed", *, prose: bool = False) -> AxisInfo:
    """Title and ticks from what follows an axis key (or an axis sentence, with ``prose``)."""
    body = unescape_markdown(strip_emphasis(text)).strip()
    if not body or (role != "label" and _COUNTED_RE.match(body) and not _NAMES_FOLLOW_RE.search(body)):
        return AxisInfo()  # "Two horizontal rows, each a comparison": how many, not which
    if role == "label":
        # '"Temperature" (centered at the bottom)': the quoted name, whatever follows it; a
        # later sentence may list the ticks ("The axis markers are 1, 2, 3, 4, and 5.")
        quoted = _QUOTED_RE.match(body)
        label = clean_label(quoted.group(1)) if quoted else (
            quoted_head(body) or clean_label(drop_parentheticals(_first_sentence(body), only_positions=True)))
        info = AxisInfo(label=drop_spelled_name(label) if label else None, titled=True)
        _, stop, later = body.partition(". ")
        if stop and _TICKS_ARE_RE.search(later):
            found = list_in(later[_TICKS_ARE_RE.search(later).end() :])
            info.categories, info.numeric_ticks = found.categories, found.numeric_ticks
        return info
    low = body.lower()
    if "left" in low or "top" in low:  # every direction names left or top (letters that fold to themselves)
        body = _DIRECTION_RE.sub(" ", body)
    if role == "ticks":
        body = drop_parentheticals(body, only_positions=True)
        head, colon, listed = body.partition(": ")
        if colon and len(head) <= 60 and len(split_list(listed)) >= 2:
            body = listed  # "Categorical with values: 0.05, 0.1, ...": the words before say what follows
        return ticks(body)
    label: str | None = None
    rest = body
    labelled = _LABELLED_RE.search(body)
    after = body[labelled.end() :] if labelled else ""
    quoted_after = _QUOTED_RE.findall(after) if labelled else []
    if labelled and len(quoted_after) >= 2 and re.match(r"\s{0,3}[\"“‘']", after):
        # 'Method categories labeled as "Merge (3)", "Greedy (4)"': the ticks, not a title
        items = [clean_label(q) for q in quoted_after]
        return AxisInfo(categories=items, numeric_ticks=all(is_number(i) for i in items))
    listing = labelled is not None and (
        labelled.group(0).rstrip(" :").lower().endswith(" as")
        or re.match(r"\s{0,3}(?:in|with|using)\b[^:\n]{0,40}:", after)
        or (after[:1] not in "\"“‘'" and len(split_list(after.rstrip(". "))) >= 3)  # "Labeled A, B, C, and D."
    )
    if listing:
        # "labeled as 1-Doc, 2-Doc, and 5-Doc", "labeled in powers of 2: a, b, c": a list;
        # '"Region" labeled as North, South': the quoted name before it titles the axis
        listed = after.split(": ", 1)[1] if ": " in after[:48] else after
        items = split_list(strip_trailing_note(listed.rstrip(". ")))
        least = 2 if labelled.group(0).rstrip(" :").lower().endswith(" as") else 3
        if len(items) >= least and max(len(i.split()) for i in items) <= 4:
            found = ticks(", ".join(items))
            if len(found.categories) >= least:
                named = _QUOTED_RE.match(body[: labelled.start()].strip())
                if named:
                    found.label, found.titled = clean_label(named.group(1)) or None, True
                return found
    if labelled:
        label, used = _label_and_width(body[labelled.end() :])
        rest = body[: labelled.start()] + " " + body[labelled.end() + used :]
    elif body[:1] in "\"“'‘":
        quoted = _QUOTED_RE.match(body)
        if quoted:
            label = clean_label(quoted.group(1))
            rest = body[quoted.end() :]
    info = list_in(rest)
    if label is None and info.categories and not prose and ". " in rest:
        # "Test dataset. Categories are: A, B, C": a name, then a sentence listing the ticks
        first, _, then = rest.partition(". ")
        first = clean_label(first)
        if (_TICKS_SENTENCE_RE.match(then) and first and "," not in first and not any(ch.isdigit() for ch in first)
                and is_name(first)):
            label = first
    if label is None and info.categories and info.numeric_ticks and not prose and _RANGE_LEAD_RE.search(rest):
        # "Attack ratio (%) ranging from 0 to 50 in 10% increments": a name, then its range
        head = _RANGE_LEAD_RE.split(rest, maxsplit=1)[0]
        for mark in (" - ", " – ", " — ", ": ", ", "):
            head = head.split(mark, 1)[0]
        if head.count("(") != head.count(")"):
            head = ""  # "Ratio (0.1, 0.2, ...)": ticks in brackets, not a name
        head = clean_label(drop_glosses(drop_parentheticals(head, only_positions=True)))
        if head and head != rest.strip() and is_name(head) and not range_ticks(head):
            label = head
    if label is not None:
        info.label = label
        info.titled = True
    elif not info.categories and not prose:
        single = clean_label(drop_parentheticals(_first_sentence(body), only_positions=True))
        # "Performance scores ranging from approximately 0.78 to 0.97": the name before its range
        named = clean_label(_RANGE_LEAD_RE.split(single, maxsplit=1)[0])
        if named.count("(") > named.count(")"):
            named = clean_label(named[: named.rfind("(")])  # "Normalized Performance (ranging from 0.0 to 1.4)"
        if named and named != single and is_name(named):
            single = named
        if single and is_name(single):  # "x = Wiki, y = BM25: 0.42"
            info.label = single
            info.titled = True
    return info


_TICKS_ARE_RE = re.compile(r"\b(?:markers|ticks|tick labels|labels|categories|values)\s{1,3}(?:are|include|read)\b:?", re.IGNORECASE)
_TICKS_SENTENCE_RE = re.compile(r"\s{0,2}(?:the\s{1,2})?(?:categories|labels|ticks|values|tick labels|markers|items)\b[^:]{0,20}:", re.IGNORECASE)
_COUNTED_RE = re.compile(
    r"^(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s{1,3}(?:[A-Za-z-]{1,15}\s{1,3})?"
    r"(?:rows|columns|bars|categories|groups|cells|items|entries|segments|lines|series)\b(?!\s{0,2}:)",
    re.IGNORECASE,
)


_NAMES_FOLLOW_RE = re.compile(r":|\b(?:labell?ed|named|namely|including|such as|with categories|listed)\b", re.IGNORECASE)


def _first_sentence(text: str) -> str:
    for mark in (". ", "; "):
        at = text.find(mark)
        if at > 0:
            text = text[:at]
    return text


def _label_and_width(text: str) -> tuple[str | None, int]:
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    quoted = _QUOTED_RE.match(stripped)
    if quoted:
        return clean_label(quoted.group(1)) or None, lead + quoted.end()
    cut = len(stripped)
    for mark in (". ", ",", ";", " (", " with ", " and ", ":"):
        at = stripped.find(mark)
        if 0 <= at < cut:
            cut = at
    label = clean_label(stripped[:cut])
    if not label or len(label.split()) > 6 or is_description(label) or words(label)[:1] in _PREPOSITIONS:
        return None, 0  # "Labeled with two categories:" says what follows, not the title
    if range_ticks(label) is not None:
        return None, 0  # "labeled 1 through 64": the ticks, not a title
    return label, lead + cut


def _label_after(text: str) -> str | None:
    return _label_and_width(text)[0]

