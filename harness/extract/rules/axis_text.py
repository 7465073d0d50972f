"""Reading what a description says about one axis: its title and its tick labels.

'"Model" with categories: Mistral, LLaMA-2', 'titled "Benchmark", with the categories
GSM8K, MATH and BBH from left to right', 'Labelled "Source model". Categories from top to
bottom: a, b', '"Layer", covering layers 0 through 11', 'LLMs - GPT-4, Claude 2' (no
title: the words only say what the ticks are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.numbers import (
    expand_ellipsis,
    is_ellipsis,
    range_ticks,
    stepped_range_ticks,
)
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

_LABELLED_RE = re.compile(
    r"\b(?:labell?ed(?: as)?|titled|entitled|named|with (?:the )?(?:label|title)|(?:its )?(?:label|title) (?:is|reads))\s*:?\s*",
    re.IGNORECASE,
)
_QUOTED_RE = re.compile(r"[\"“‘']([^\"”’\n]{1,120}?)[\"”’'](?![A-Za-z])")
_DIRECTION_RE = re.compile(
    r"\(?\s{0,2}(?:(?:listed|ordered|arranged|read|running|going|shown)\s{1,3})?(?:from\s{1,3})?"
    r"(?:left[\s-]{1,3}to[\s-]{1,3}right|right[\s-]{1,3}to[\s-]{1,3}left|top[\s-]{1,3}to[\s-]{1,3}bottom|bottom[\s-]{1,3}to[\s-]{1,3}top)"
    r"(?:\s{1,3}on\s{1,3}the\s{1,3}[xy]-axis)?\s{0,2}\)?",
    re.IGNORECASE,
)
_OPENERS = ("including", "categories", "category", "such as", "namely", "ordered", "ticks at", "tick labels at", "labeled at", "labelled at", "marked at", "marks at", "markers at", "ticks", "labels", "markers", "with", "values", "covering", "showing", "shows", "lists", "listing", "at")
_VERB_WORDS = frozenset(
    "represents represent shows show lists list displays display contains contain indicates "
    "indicate includes include denotes denote has have with spans span ranges range covers "
    "correspond corresponds carry carries representing showing listing displaying indicating denoting "
    "depicting measuring".split()
)
# Words that say which axis or how it is drawn, not what it is titled ("X-axis (Categories)").
# "Labeled with two categories", "labeled in powers of 2": words about the ticks, not a title.
_PREPOSITIONS = (["with"], ["in"], ["by"], ["as"], ["on"], ["at"], ["from"], ["for"], ["using"], ["according"])
_RANGE_LEAD_RE = re.compile(r"\s(?:ranging|ranges|range|spanning|spans|scaled|from\s\S{0,8}\d|with\s(?:values|ticks|markers|tick)|values\s)", re.IGNORECASE)
_RANGE_IN_ITEM_RE = re.compile(r"\d\s{0,3}(?:to|through|thru|–|—|-)\s{0,3}-?\d")
_NOT_TITLES = frozenset(
    "rows row columns column x y axis all panels shared both each left right top bottom categories category "
    "categorical values value labels label numerical numeric horizontal vertical discrete continuous ticks".split()
)
_LABEL_ROLE = frozenset("label title name".split())
_TICK_ROLE = frozenset("markers marker ticks tick categories labels values entries items".split())


@dataclass
class AxisInfo:
    label: str | None = None
    categories: list[str] = field(default_factory=list)
    numeric_ticks: bool = False  # the ticks are numbers (a value axis on a bar chart)
    titled: bool = False  # the text said whether the axis has a title ("Neither axis has a title")
    stepless: bool = False  # the ticks are an integer range with no step stated ("[0-50]")
    groups: list[str] = field(default_factory=list)  # outer categories of a two-level axis

    def merge(self, other: AxisInfo) -> None:
        if self.label is None and other.label and not self.titled:
            self.label = other.label
        self.titled = self.titled or other.titled
        if not self.categories and other.categories:
            self.categories = other.categories
            self.numeric_ticks = other.numeric_ticks
            self.stepless = other.stepless
            self.groups = other.groups


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
            if found and set(words(head)) <= _NOT_TITLES:
                inner = clean_label(name)  # "(Rows - Mathematical Domains)" names the axis
                break
        if inner and not is_position_phrase(inner) and not set(words(inner)) & _NOT_TITLES and len(inner.split()) <= 4:
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
        info = AxisInfo(label=label or None, titled=True)
        _, stop, later = body.partition(". ")
        if stop and _TICKS_ARE_RE.search(later):
            found = _list_in(later[_TICKS_ARE_RE.search(later).end() :])
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
        return AxisInfo(categories=items, numeric_ticks=all(_is_number(i) for i in items))
    listing = labelled is not None and (
        labelled.group(0).rstrip(" :").lower().endswith(" as")
        or re.match(r"\s{0,3}(?:in|with|using)\b[^:\n]{0,40}:", after)
        or (after[:1] not in "\"“‘'" and len(split_list(after.rstrip(". "))) >= 3)  # "Labeled A, B, C, and D."
    )
    if listing:
        # "labeled as 1-Doc, 2-Doc, and 5-Doc", "labeled in powers of 2: a, b, c": a list;
        # '"Region" labeled as North, South': the quoted name before it titles the axis
        listed = after.split(": ", 1)[1] if ": " in after[:48] else after
        items = split_list(_strip_trailing_note(listed.rstrip(". ")))
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
    info = _list_in(rest)
    if label is None and info.categories and not prose and ". " in rest:
        # "Test dataset. Categories are: A, B, C": a name, then a sentence listing the ticks
        first, _, then = rest.partition(". ")
        first = clean_label(first)
        if (_TICKS_SENTENCE_RE.match(then) and first and "," not in first and not any(ch.isdigit() for ch in first)
                and _is_name(first)):
            label = first
    if label is None and info.categories and info.numeric_ticks and not prose and _RANGE_LEAD_RE.search(rest):
        # "Attack ratio (%) ranging from 0 to 50 in 10% increments": a name, then its range
        head = _RANGE_LEAD_RE.split(rest, maxsplit=1)[0]
        for mark in (" - ", " – ", " — ", ": ", ", "):
            head = head.split(mark, 1)[0]
        if head.count("(") != head.count(")"):
            head = ""  # "Ratio (0.1, 0.2, ...)": ticks in brackets, not a name
        head = clean_label(drop_glosses(drop_parentheticals(head, only_positions=True)))
        if head and head != rest.strip() and _is_name(head) and not range_ticks(head):
            label = head
    if label is not None:
        info.label = label
        info.titled = True
    elif not info.categories and not prose:
        single = clean_label(drop_parentheticals(_first_sentence(body), only_positions=True))
        # "Performance scores ranging from approximately 0.78 to 0.97": the name before its range
        named = clean_label(_RANGE_LEAD_RE.split(single, maxsplit=1)[0])
        if named and named != single and _is_name(named):
            single = named
        if single and _is_name(single):  # "x = Wiki, y = BM25: 0.42"
            info.label = single
            info.titled = True
    return info


_DESCRIBES_PLACE_RE = re.compile(r"\s{0,2}(?:located|positioned|placed|situated|shown|displayed|found|running|rotated)\b", re.IGNORECASE)
_LISTS_TICKS_RE = re.compile(r"\s{0,2}(?:values|ticks|tick labels|categories|labels|markers)\s{0,2}:", re.IGNORECASE)
_TICKS_ARE_RE = re.compile(r"\b(?:markers|ticks|tick labels|labels|categories|values)\s{1,3}(?:are|include|read)\b:?", re.IGNORECASE)
_STEP_ITEM_RE = re.compile(r"\b(?:increment\w{0,3}|steps?|intervals?|every|integers?)\b", re.IGNORECASE)
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
    if not label or len(label.split()) > 6 or _is_description(label) or words(label)[:1] in _PREPOSITIONS:
        return None, 0  # "Labeled with two categories:" says what follows, not the title
    return label, lead + cut


def _label_after(text: str) -> str | None:
    return _label_and_width(text)[0]


def ticks(text: str) -> AxisInfo:
    """Tick labels from a list ("0, 1, ..., 19", "POS (top) and NER (bottom)") or a range."""
    text = text.strip().strip(".,;: ")
    items = _split_items(text)
    stepless = False
    ranged = [i for i in items if _RANGE_IN_ITEM_RE.search(i)]
    if len(ranged) == 1 and all(i in ranged or not any(ch.isdigit() for ch in i) or _STEP_ITEM_RE.search(i) for i in items):
        items = []  # "0-6, integer intervals", "0-28, incrementing by 4": a range and its step, not ticks
    if len(items) < 2:
        expanded = stepped_range_ticks(text)
        items, stepless = (expanded[0], not expanded[1]) if expanded else ([], False)
    numeric = bool(items) and all(_is_number(i) for i in items)
    return AxisInfo(categories=items, numeric_ticks=numeric, stepless=stepless)


_NEXT_SENTENCE_RE = re.compile(r"\.\s{1,3}(?=[A-Z][a-z]{1,20}\s{1,3}\S{1,30}\s{1,3}\S)")


def _split_items(text: str) -> list[str]:
    # "..., Mintaka, WebQSP. Labels are rotated approximately 45 degrees": the list ends at its sentence's end
    ended = _NEXT_SENTENCE_RE.search(text)
    if ended:
        text = text[: ended.start()]
    raw = split_list(_strip_trailing_note(text))
    items = [clean_label(drop_notes(drop_parentheticals(i, only_positions=True))) for i in raw]
    items = expand_ellipsis([i for i in items if i])
    return [i for i in items if not is_ellipsis(i) and i.lower() not in ("etc", "etc.")]


def _trailing_note(text: str) -> bool:
    # "0.1, 0.25 and 0.5 (the fraction of the cache kept)": a note on the whole list.
    inner = text[text.rfind("(") + 1 : -1]
    return len(inner.split()) >= 3


def _is_number(text: str) -> bool:
    try:
        float(text.replace("%", "").replace(",", "").replace("−", "-"))
    except ValueError:
        return False
    return True


def _list_in(text: str) -> AxisInfo:
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
            if found.numeric_ticks and described and head and not _is_description(head) and len(head.split()) <= 4:
                # "Epoch (0 to 3)" titles the axis; "Ratio (0.1, 0.2)" only lists its ticks
                found.label, found.titled = head, True
            return found
    comma = text.find(",")
    if comma < 0 and " and " not in text:
        return ticks(text) if range_ticks(text) else AxisInfo()
    items = split_list(_strip_trailing_note(text))
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
            if head and not _is_description(head) and not _is_number(head):
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
        if not _is_number(clean_label(item)):
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


def _strip_trailing_note(text: str) -> str:
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


def _is_name(text: str) -> bool:
    """An axis title, not a sentence, a number, or words that only say what kind of scale
    it is ("Numerical values ranging from ...": no title)."""
    return (
        not _is_description(text) and not _is_number(text) and not set(words(text)) <= _SCALE_ONLY_WORDS
        and not _UNLABELLED_RE.search(text)
    )


# Words that only say what kind of scale an axis is ("Percentage scale", "Logarithmic").
_SCALE_ONLY_WORDS = _NOT_TITLES | frozenset("scale percentage percent logarithmic log linear an a the".split())
_UNLABELLED_RE = re.compile(r"\b(?:unlabell?ed|untitled|no (?:explicit )?(?:label|title)|not labell?ed|without (?:a )?(?:label|title))\b", re.IGNORECASE)


def _is_description(text: str) -> bool:
    """A sentence about the axis ("Implicitly represents the language"), not its title."""
    ws = words(text)
    return (
        not ws
        or len(ws) > 6
        or any(w in _VERB_WORDS for w in ws[:3])
        or ws[0] in ("each", "different", "various", "which", "the", "implicitly", "explicitly")
    )
