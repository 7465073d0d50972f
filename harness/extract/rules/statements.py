"""Statements: a stated value together with the labels written around it.

Lines give "Key: value" chains ("**abstract\\_algebra:** Zero-Shot: ~25%, Probe: ~30%",
"**TriviaQA ->:** TriviaQA: 0.11, HotpotQA: -0.05", "(GPT-4, Claude 2): 61.9"), record
lines ("Train: NLI, Test: IMDB, Value: 0.04") and rows of bare values given in axis order
("TriviaQA: 0.11, -0.05, 0.04, ..."). Tables give one statement per numeric cell with its
row labels and column header. Which label is the row and which the column is decided
later, by :mod:`keys`, against the categories the description lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.extract.rules.keys import Part
from harness.extract.rules.numbers import Number, find_numbers, leading_value
from harness.extract.rules.structure import Line, Table
from harness.extract.rules.text import clean_label, strip_emphasis

_SEPARATORS = (";", ",", " and ", " & ")


@dataclass(slots=True)
class Statement:
    path: list[Part]  # labels on the value's own line or table row/column, outermost first
    value: Number
    line: int  # the line the value sits on
    positional: int | None = None  # index in a bare list of values ("A: 0.1, 0.2, 0.3")
    positional_count: int = 0


def _key_colons(text: str) -> list[int]:
    """Offsets of ':' that end a key (followed by a space, emphasis or the end)."""
    out: list[int] = []
    depth = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == ":" and depth == 0 and i > 0:
            nxt = text[i + 1] if i + 1 < n else " "
            if nxt in " \t*_\"'" or (nxt.isdigit() is False and nxt in "-−~≈"):
                out.append(i)
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
    content = line.content
    if ":" not in content:
        return []
    colons = _key_colons(content)
    if not colons:
        return []
    base = line.content_start
    segments: list[tuple[int, int]] = []
    start = 0
    for c in colons:
        segments.append((start, c))
        start = c + 1
    segments.append((start, len(content)))
    out: list[Statement] = []
    lead: list[Part] = []
    key: Part | None = _part(content[segments[0][0] : segments[0][1]])
    for idx in range(1, len(segments)):
        a, b = segments[idx]
        seg = content[a:b]
        last = idx == len(segments) - 1
        number = leading_value(seg, base + a)
        if number is not None and key is not None:
            bare = _bare_list(seg, base + a) if last else None
            if bare:
                out.extend(
                    Statement([*lead, key], n, line.index, positional=i, positional_count=len(bare))
                    for i, n in enumerate(bare)
                )
            else:
                out.append(Statement([*lead, key], number, line.index))
            if last:
                break
            rest_from = number.end - base - a
            sep = _last_separator(seg[rest_from:])
            key = _part(seg[rest_from + sep[0] + sep[1] :] if sep else seg[rest_from:])
            continue
        if last:
            break
        sep = _last_separator(seg)
        if sep is not None and key is not None and _looks_like_field(key.text):
            # "Train: NLI, Test: IMDB, Value: 0.04": the field's value is the label.
            lead.append(Part(clean_label(seg[: sep[0]]), True, key.text))
            key = _part(seg[sep[0] + sep[1] :])
        else:
            if key is not None:
                lead.append(key)
            key = _part(seg)
    return out


def _looks_like_field(key: str) -> bool:
    return 0 < len(key.split()) <= 3


def _part(text: str) -> Part | None:
    label = clean_label(strip_emphasis(text))
    return Part(label) if label else None


def _bare_list(seg: str, base: int) -> list[Number] | None:
    """"0.11, -0.05, 0.04": two or more values and nothing else, in axis order."""
    body = strip_emphasis(seg).strip().rstrip(".")
    if "," not in body and ";" not in body:
        return None
    numbers = find_numbers(seg, base)
    if len(numbers) < 2:
        return None
    pieces = [p.strip() for p in body.replace(";", ",").split(",") if p.strip()]
    if len(pieces) != len(numbers):
        return None
    for piece in pieces:
        if leading_value(piece) is None:
            return None
    return numbers


def table_statements(table: Table) -> list[Statement]:
    """One statement per numeric cell: its row's label cells, then its column header."""
    width = max([len(table.header)] + [len(r) for r in table.rows]) if table.rows else 0
    if width < 2:
        return []
    header = [clean_label(c.text) for c in table.header] + [""] * (width - len(table.header))
    numeric = _numeric_columns(table, width)
    keys = [j for j in range(width) if j not in numeric]
    if 0 in numeric and keys:
        numeric.discard(0)
        keys = [0] + keys
    if not keys:
        keys = [0]
        numeric.discard(0)
    # The first header cell names what the label column holds ("Length", "Train \\ Test").
    corner = header[0] if header else ""
    long_format = len(numeric) == 1 and len(keys) >= 2
    out: list[Statement] = []
    for row, line_index in zip(table.rows, table.row_lines):
        labels = [
            Part(clean_label(row[j].text), True, corner if j == 0 and corner else header[j] or None)
            for j in keys
            if j < len(row) and clean_label(row[j].text)
        ]
        if not labels:
            continue
        for j in sorted(numeric):
            if j >= len(row):
                continue
            cell = row[j]
            number = leading_value(cell.text, cell.start)
            if number is None:
                continue
            path = list(labels)
            if not long_format and header[j]:
                path.append(Part(header[j], True, None))
            out.append(Statement(path, number, line_index))
    return out


def _numeric_columns(table: Table, width: int) -> set[int]:
    numeric: set[int] = set()
    for j in range(width):
        filled = [r[j].text for r in table.rows if j < len(r) and r[j].text.strip() not in ("", "-", "–", "—")]
        if filled and sum(leading_value(t) is not None for t in filled) * 2 >= len(filled):
            numeric.add(j)
    return numeric
