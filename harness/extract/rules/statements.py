"""Statements: a stated value together with the labels written around it.

Lines give "Key: value" chains ("**abstract\\_algebra:** Zero-Shot: ~25%, Probe: ~30%",
"**TriviaQA ->:** TriviaQA: 0.11, HotpotQA: -0.05", "(GPT-4, Claude 2): 61.9"), record
lines ("Train: NLI, Test: IMDB, Value: 0.04") and rows of bare values given in axis order
("TriviaQA: 0.11, -0.05, 0.04, ..."); :mod:`tables` makes the same from tables. Which
label is the row and which the column is decided later, by :mod:`keys`, against the
categories the description lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.extract.rules.keys import Part
from harness.extract.rules.numbers import (
    Number,
    find_numbers,
    leading_value,
    numbers_at_zero,
    strip_brackets,
)
from harness.extract.rules.structure import Line
from harness.extract.rules.text import (
    clean_label,
    colour_words,
    has_digit,
    is_colour_phrase,
    strip_emphasis,
    words,
)

_SEPARATORS = (";", ",", "|", " and ", " & ")


@dataclass(slots=True)
class Statement:
    path: list[Part]  # labels on the value's own line or table row/column, outermost first
    value: Number
    line: int  # the line the value sits on
    positional: int | None = None  # index in a bare list of values ("A: 0.1, 0.2, 0.3")
    positional_count: int = 0
    stacked: int | None = None  # index among values stacked in one cell ("0.21 / 0.62")
    stacked_count: int = 0
    point_x: str | None = None  # "k=9: (13, 0.575)": a point's x position, as written
    clause: bool = False  # the value of a key's first clause ("Accuracy is approximately 0.65")
    colour: str | None = None  # a colour noted in brackets after the value ("~63 acc-m (Blue)")
    written: str | None = None  # the value as written, when it may be a position ("10<sup>1</sup>")


def _key_colons(text: str) -> list[int]:
    """Offsets of ':' that end a key (followed by a space, emphasis or the end)."""
    out: list[int] = []
    if ":" not in text and "=" not in text:
        return out
    depth = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == ":" and depth == 0 and i > 0:
            nxt = text[i + 1] if i + 1 < n else " "
            if nxt in " \t*_\"'-−~≈":
                out.append(i)
        elif ch == "=" and depth == 0 and 0 < i < n - 1 and text[i - 1] == " " and text[i + 1] == " ":
            out.append(i)  # "A/B = 0.62, C/D = 0.71": "=" ends a key as ":" does
    return out


def _last_separator(text: str) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for sep in _SEPARATORS:
        at = text.rfind(sep)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, len(sep))
    return best


def line_statements(line: Line) -> list[Statement]:
    """The key-value statements on one bullet or text line."""
    if line.key is None or (line.kind == "bullet" and line.key.endswith(")")):
        headed = _bracketed_head(line) if line.kind == "bullet" else []
        if headed or line.key is None:
            return headed
    keyed_point = _key_point(line)
    if keyed_point is not None:
        return [keyed_point]
    pair = _equals_pair(line)
    if pair:
        return pair
    rest, base = line.value, line.value_start
    colons = _key_colons(rest)
    segments: list[tuple[int, int]] = []
    start = 0
    for c in colons:
        segments.append((start, c))
        start = c + 1
    segments.append((start, len(rest)))
    out: list[Statement] = []
    lead: list[Part] = []
    key: Part | None = Part(line.key)
    head = _arrow_head(line.key)
    for idx, (a, b) in enumerate(segments):
        if key is not None and head and idx and _arrow_head(key.text) is None and out:
            # "Claude 2 -> GPT-4: 0.2, Mistral 7B: 0.3": the row carries to the next items.
            key = Part(f"{head} -> {key.text}", key.inline, key.hint)
        seg = rest[a:b]
        last = idx == len(segments) - 1
        point = _POINT_RE.match(seg)
        if point and key is not None and last:
            # "k=9: (13, 0.575)": a point at x = 13 with value 0.575, named by its key
            x_text, y_at = point.group(1), point.start(2)
            y = leading_value(seg[y_at:], base + a + y_at)
            if y is not None:
                out.append(Statement([*lead, key], y, line.index, point_x=x_text))
            break
        number = None if _COUNTED_LABEL_RE.match(seg) else _not_a_count(leading_value(seg, base + a), seg, base + a)
        from_clause = False
        pairs = _label_values(seg, base + a) if number is None else _values_then_labels(seg, base + a)
        if number is None and not pairs and last:
            # "Relational (Light Blue): Accuracy is approximately 0.65, with an error bar ...":
            # the value of the key's first clause.
            number = _not_a_count(clause_value(seg, base + a), seg, base + a)
            from_clause = number is not None
        if key is not None and (number is not None or pairs):
            if pairs:
                out.extend(Statement([*lead, key, Part(label)], n, line.index) for label, n in pairs)
                end_at = pairs[-1][1].end - base - a
            else:
                bare = _bare_list(seg, base + a) if last else None
                if bare:
                    out.extend(
                        Statement([*lead, key], n, line.index, positional=i, positional_count=len(bare))
                        for i, n in enumerate(bare)
                    )
                else:
                    colour = _colour_after(seg[number.end - base - a :])
                    out.append(Statement([*lead, key], number, line.index, clause=from_clause, colour=colour))
                end_at = number.end - base - a
            if last:
                break
            sep = _last_separator(seg[end_at:])
            key = _part(seg[end_at + sep[0] + sep[1] :] if sep else seg[end_at:])
            continue
        if last:
            break
        sep = _last_separator(seg)
        if sep is not None and key is not None and _looks_like_field(key.text):
            # "Train: NLI, Test: IMDB, Value: 0.04": the field's value is the label.
            lead.append(Part(clean_label(seg[: sep[0]]), True, key.text))
            key = _part(seg[sep[0] + sep[1] :])
        else:
            if _is_prose(seg):
                break  # "This line begins at ... falling to 0.82 at t = 2": a sentence, for the prose reader
            if key is not None:
                lead.append(key)
            key = _part(seg)
    return out


# What a count is of: the chart's own parts, never a cell's value.
_COUNT_AFTER_RE = re.compile(r"\s{0,2}(?:cells|squares|tiles|blocks|entries|items|rows|columns|bars|models|heads|layers)\b", re.IGNORECASE)


def _not_a_count(number: Number | None, seg: str, base: int) -> Number | None:
    """``number`` unless the words after it count the chart's parts ("Approximately 5 cells")."""
    if number is not None and _COUNT_AFTER_RE.match(seg, number.end - base):
        return None
    return number


# "1. **mlflow (49)** - Light blue segment.": a list item that opens with a name and its value
# in brackets, then says how it is drawn.
_BRACKETED_HEAD_RE = re.compile(
    r"^[*_`]{0,3}(?P<name>[^()*_`\n]{1,60}?)\s{0,2}\((?P<value>[~≈]?\s{0,2}-?\d{1,9}(?:[.,]\d{1,6})?\s{0,2}%?)\)[*_`]{0,3}\s{0,3}(?:[-–—:,.;]\s|$)"
)


def _bracketed_head(line: Line) -> list[Statement]:
    match = _BRACKETED_HEAD_RE.match(line.content)
    if match is None or not any(ch.isalpha() for ch in match.group("name")):
        return []
    if leading_value(line.content[match.end() :].lstrip(" -–—:")) is not None:
        return []  # "**Layer (12)**: 0.5": the bracket is part of the key, the value follows
    value = leading_value(match.group("value"), line.content_start + match.start("value"))
    if value is None:
        return []
    return [Statement([Part(clean_label(match.group("name")))], value, line.index)]


def _is_prose(seg: str) -> bool:
    """A piece between key marks that is a sentence or more, never one label."""
    return len(seg.split()) > 12 or ". " in seg.strip()


_PROSE_WORDS = frozenset(
    "the a an is are was were be to from at and then while every most all each below above over under "
    "for with of in on by starts start reaches reach rises falls drops increases decreases stays remains "
    "than it its this that these those".split()
)


def plain_tail(text: str) -> bool:
    """What may follow a listed value: "%", "± 1.1", a unit, a note in brackets."""
    text = text.strip().lstrip("%").strip()
    if text.startswith(("±", "+/-", "+-")):
        nums = find_numbers(text)
        text = text[nums[0].end :] if nums else text
    text = strip_brackets(text).strip(" .*")
    return len(text.split()) <= 2 and not has_digit(text)


def _values_then_labels(seg: str, base: int) -> list[tuple[str, Number]] | None:
    """"0.0 (self), 61.9 (Claude 2), 49.7 (Mistral 7B)": each value followed by its name."""
    if seg.count("(") < 2:
        return None
    out: list[tuple[str, Number]] = []
    at = 0
    for piece in seg.split(","):
        number = leading_value(piece, base + at)
        rest = piece[number.end - base - at :].strip(" %*") if number is not None else ""
        at += len(piece) + 1
        if number is None or not (rest.startswith("(") and rest.rstrip(" .").endswith(")")):
            return None
        label = clean_label(rest.rstrip(" .")[1:-1])
        if not label or len(label.split()) > 5:
            return None
        out.append((label, number))
    return out if len(out) >= 2 else None


# "1 Row ≈ 0.35, 2 Rows ≈ 0.60": names that open with a number ("1 Row", "3 Layers"), each
# tied to its value by a sign.
_COUNTED_LABEL_RE = re.compile(r"\s{0,3}\d{1,4}\s{1,2}[^\W\d][\w.-]{0,20}(?:\s{1,2}[^\W\d][\w.-]{0,20}){0,3}\s{0,2}(?:≈|=|~|:)\s{0,2}[~≈]?\s{0,2}-?\d")
_LABEL_TAIL = ("approximately", "approx.", "about", "around", "roughly", "at", "of", "is", "=", "~", "≈", ":", "-", "–", "—")


def _label_values(seg: str, base: int) -> list[tuple[str, Number]] | None:
    """"Base 35.2 ± 1.1; SFT 54.7 ± 1.2" / "POS 0.86, NER 0.69": names each with a value."""
    body = seg.strip()
    if not body or body[0].isdigit() and not _COUNTED_LABEL_RE.match(body):
        return None
    sep = ";" if ";" in body else "|" if "|" in body else ","
    pieces: list[tuple[int, str]] = []
    at = 0
    for piece in seg.split(sep):
        pieces.append((at, piece))
        at += len(piece) + 1
    if len(pieces) < 2:
        return None
    out: list[tuple[str, Number]] = []
    for offset, piece in pieces:
        if not piece.strip():
            continue
        numbers = numbers_at_zero(piece)  # offsets in the piece: only one is kept
        if not numbers:
            return None
        first = numbers[0]
        bracket = piece.rstrip(" .*").endswith(")") and piece.rfind("(")
        if bracket and len(numbers) > 1 and numbers[-1].start > bracket:
            first = numbers[-1]  # "Claude 3 (84.9%)": the value is the one in brackets
        elif len(numbers) > 1 and _COUNTED_LABEL_RE.match(piece):
            first = numbers[1]  # "2 Rows ≈ 0.60": the first number is the name's
        label = piece[: first.start]
        label = clean_label(strip_emphasis(label))
        for _ in range(3):
            low = label.lower()
            for tail in _LABEL_TAIL:
                if low.endswith(" " + tail) or low.endswith(tail) and not tail.isalpha():
                    label = clean_label(label[: len(label) - len(tail)])
                    break
            else:
                break
        number = leading_value(piece[first.start - (1 if first.value < 0 else 0) :], base + offset + first.start)
        if not label or len(label.split()) > 4 or number is None or set(words(label)) & _PROSE_WORDS:
            return None
        if not plain_tail(piece[first.end :]):
            return None
        out.append((label, first.moved(base + offset)))
    return out if len(out) >= 2 else None


# A clause whose number states a change, a comparison or a range, not the value itself.
_NOT_A_VALUE_WORDS = frozenset(
    "by higher lower more less increase increases increased increasing decrease decreases decreased "
    "decreasing drop drops dropped rise rises rose gain gains difference differs than from between range "
    "ranges ranging up down below above over under exceed exceeds exceeding beyond within least most "
    "average mean total sum median std deviation error margin times fold percent points change "
    "improvement improves until after before since both all each every".split()
)
_CLAUSE_ENDS = (". ", "; ", ", ", " with ", " while ", " and ", " but ", " whereas ", " (")
_VALUE_VERBS = frozenset(
    "is are was of at reaches reach corresponds correspond equals equal to shows show has have scores "
    "score achieves achieve measures measure approximately around about roughly nearly ~ ≈ = represents "
    "representing accounts accounting constitutes constituting comprises comprising makes making".split()
)
# Verbs that state a share or a value however long the clause before them ("This segment
# occupies the largest portion of the pie chart, representing approximately 68.8%").
_STRONG_VALUE_VERBS = frozenset("represents representing accounts accounting constitutes constituting comprises comprising".split())


# "25.2% of the total errors", "6% of all cases": the share's denominator, not more text.
_SHARE_TAIL_RE = re.compile(r"^\s{0,2}%?\s{0,2}of\s{1,3}(?:the\s{1,3})?(?:total|all|whole|overall)\b.*$", re.IGNORECASE)


def clause_value(text: str, base: int = 0) -> Number | None:
    """The value a short clause states: "Accuracy is approximately 0.65, with ...",
    "Bar height corresponds to **47.99** (dark blue).", "Dark blue bar with a value of
    **48.99**" (None for changes, ranges and lists).

    The first number must come after a few words of the same clause ending in a verb or
    qualifier that introduces a value, end its clause, and not be a range or a change
    ("drops by 0.5", "from 0.2 to 0.4").
    """
    numbers = numbers_at_zero(text)  # offsets in ``text``: only the first is read
    if not numbers:
        return None
    number = numbers[0]
    head = text[: number.start]
    if ". " in head or "; " in head:
        return None
    head_words = words(strip_emphasis(head))
    strong = bool(set(head_words[-3:]) & _STRONG_VALUE_VERBS)
    if not head_words or len(head_words) > (16 if strong else 10) or set(head_words) & _NOT_A_VALUE_WORDS:
        return None
    if head_words[-1] not in _VALUE_VERBS and not head.rstrip(" *").endswith(("~", "≈", "=", ":")):
        return None
    sign = 1 if number.value < 0 else 0
    value = leading_value(text[number.start - sign :], base + number.start - sign)
    if value is None:
        return None
    tail = text[number.end :]
    cut = len(tail)
    for mark in _CLAUSE_ENDS:
        at = tail.find(mark)
        if 0 <= at < cut:
            cut = at
    if not plain_tail(_SHARE_TAIL_RE.sub("", tail[:cut])):
        return None
    sentence_end = tail.find(". ")
    rest = tail if sentence_end < 0 else tail[:sentence_end]
    for later in find_numbers(rest):
        before = words(rest[max(0, later.start - 14) : later.start])
        if before and before[-1] in _VALUE_VERBS and not set(before) & _NOT_A_VALUE_WORDS:
            return None  # "0.0%, followed by Claude 2 at 61.9%": several values, for the prose reader
    return value


_POINT_RE = re.compile(r"^\s{0,3}(?:[A-Za-z]{1,14}\s{1,2}){0,4}[~≈]?\s{0,2}\(\s{0,2}(-?\d{1,9}(?:\.\d{1,9})?)\s{0,2},\s{0,2}(-?\d{1,9}(?:\.\d{1,9})?)\s{0,2}\)\s{0,3}[.;]?\s{0,3}$")
# "`(0.56, ~10⁵)`: Located at the far left": a point written as the key, its place described
_KEY_POINT_RE = re.compile(r"^[`*_\s]{0,4}\(\s{0,2}(-?\d{1,9}(?:\.\d{1,9})?)\s{0,2},\s{0,2}([^(),]{1,24}?)\s{0,2}\)[`*_\s]{0,4}$")


# A value part that states a number ("1.00", "Accuracy = 1.00", "~0.5"), not a place ("right of 0.56")
_STATES_VALUE_RE = re.compile(r"^\s{0,3}[~≈]?\s{0,2}-?\d|[=≈]\s{0,2}[~≈]?\s{0,2}-?\d")


def _key_point(line: Line) -> Statement | None:
    """The point a key writes as "(x, y)", valued y at x (the value part only says where it lies)."""
    match = _KEY_POINT_RE.match(line.key or "")
    if match is None or _STATES_VALUE_RE.search(strip_emphasis(line.value)):
        return None  # "(1, 2): Accuracy = 1.00" keys a cell by two ticks; the value says it
    start = line.content_start + (line.raw.find(match.group(2)) - (len(line.raw) - len(line.content)) if match.group(2) in line.raw else 0)
    y = leading_value(match.group(2), start)
    if y is None:
        return None
    return Statement([], y, line.index, point_x=match.group(1))


# "Step = 10<sup>1</sup>, Loss ≈ 11.5" (the key "Step" split off at "="): two named values,
# the first written as a position may be; :func:`cells.paired_coordinates` decides.
_EQUALS_PAIR_RE = re.compile(r"^\s{0,3}([^,;=≈]{1,40}?)\s{0,3}[,;]\s{0,3}([A-Za-z][^,;=≈:]{0,40}?)\s{0,3}(?:=|≈|~=)\s{0,3}(?=\S)")


def _equals_pair(line: Line) -> list[Statement]:
    at = line.raw.find(line.key or "\0")
    between = line.raw[at + len(line.key) : at + len(line.key) + 6] if at >= 0 and line.key else ""
    if "=" not in between:
        return []
    match = _EQUALS_PAIR_RE.match(line.value)
    if match is None or not has_digit(match.group(1)):
        return []
    x = leading_value(match.group(1), line.value_start + match.start(1))
    y = leading_value(line.value[match.end() :], line.value_start + match.end())
    if x is None or y is None:
        return []
    written = clean_label(match.group(1))
    return [
        Statement([Part(line.key)], x, line.index, written=written),
        Statement([Part(clean_label(match.group(2)))], y, line.index),
    ]


_COLOUR_NOTE_RE = re.compile(r"\(([A-Za-z][A-Za-z -]{1,30})\)")


def _colour_after(tail: str) -> str | None:
    """"Blue" of "~63 acc-m (Blue)": a colour in brackets closing the value's clause."""
    match = _COLOUR_NOTE_RE.search(tail[:40])
    if match and is_colour_phrase(match.group(1)) and colour_words(match.group(1)):
        return clean_label(match.group(1))
    return None


_ARROWS = ("→", "->", "=>", "⟶")


def _arrow_head(key: str) -> str | None:
    """"Claude 2" of "Claude 2 -> GPT-4" (None when the key has no single arrow)."""
    for arrow in _ARROWS:
        if key.count(arrow) == 1:
            head, tail = key.split(arrow)
            return head.strip() if head.strip() and tail.strip() else None
    return None


def _looks_like_field(key: str) -> bool:
    return 0 < len(key.split()) <= 3


def _part(text: str) -> Part | None:
    label = clean_label(strip_emphasis(text))
    return Part(label) if label else None


def _bare_list(seg: str, base: int) -> list[Number] | None:
    """"0.11, -0.05, 0.04": two or more values and nothing else, in axis order."""
    body = strip_emphasis(seg).strip().rstrip(".").strip("[]() ")
    if "," not in body and ";" not in body and "|" not in body:
        return None
    numbers = find_numbers(seg, base)
    if len(numbers) < 2:
        return None
    pieces = [p.strip() for p in body.replace(";", ",").replace("|", ",").split(",") if p.strip()]
    if len(pieces) != len(numbers):
        return None
    for piece in pieces:
        if leading_value(piece) is None:
            return None
    return numbers
