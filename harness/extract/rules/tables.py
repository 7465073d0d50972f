"""Tables: one statement per numeric cell, with its row's labels and its column header.

Markdown tables in either orientation (which label is the row is decided later, by
:mod:`keys`, against the categories the description lists), tables in long form
("| Train | Test | Score |"), cells holding one value per series ("0.21 / 0.62"), and
matrices aligned with spaces in a code block ("GPT-4    0.0    61.9").
"""

from __future__ import annotations

import re

from harness.extract.rules.keys import Part
from harness.extract.rules.numbers import Number, find_numbers, leading_value
from harness.extract.rules.statements import Statement, plain_tail
from harness.extract.rules.structure import Line, Table
from harness.extract.rules.text import clean_label, is_colour_phrase, words

_CELL_GAP_RE = re.compile(r"\t|\s*\|\s*| {2,}")


def _plain_tokens(content: str) -> list[str]:
    return [t.strip() for t in _CELL_GAP_RE.split(content.strip().strip("|")) if t.strip()]


def plain_row_statements(lines: list[Line], index: int) -> list[Statement]:
    """"Claude 2    64.1    0.0    47.2": a matrix row written with spaces (a code block).

    The column labels come from the line above when it has one label per value;
    otherwise the values are taken in axis order (positional).
    """
    line = lines[index]
    tokens = _plain_tokens(line.content)
    if len(tokens) < 3 or leading_value(tokens[0]) is not None:
        return []
    values: list[Number] = []
    at = 0
    content = line.content
    for token in tokens[1:]:
        at = content.find(token, at)
        number = leading_value(token, line.content_start + at)
        if number is None or not plain_tail(token[number.end - line.content_start - at :]):
            return []
        values.append(number)
        at += len(token)
    header = _plain_header(lines, index, len(values))
    label = Part(clean_label(tokens[0]))
    if header:
        return [Statement([label, Part(h)], v, index) for h, v in zip(header, values)]
    return [Statement([label], v, index, positional=i, positional_count=len(values)) for i, v in enumerate(values)]


def _plain_header(lines: list[Line], index: int, count: int) -> list[str] | None:
    for back in range(index - 1, max(-1, index - 40), -1):
        above = lines[back]
        if above.kind == "blank" or above.raw.strip().startswith("```"):
            continue
        tokens = _plain_tokens(above.content or above.raw)
        if tokens and all(leading_value(t) is None for t in tokens):
            if len(tokens) == count + 1:
                tokens = tokens[1:]  # a corner label
            return [clean_label(t) for t in tokens] if len(tokens) == count else None
        if len(_plain_tokens(above.content)) != count + 1:
            return None
    return None


def _stacked(text: str, base: int) -> list[Number] | None:
    """"0.21 / 0.62", "**0.04** / **0.79**": several values in one cell, one per series."""
    if "/" not in text:
        return None
    numbers = find_numbers(text, base)
    if len(numbers) < 2:
        return None
    pieces = text.split("/")
    if len(pieces) != len(numbers) or any(leading_value(p.strip()) is None for p in pieces):
        return None
    return numbers


def table_statements(table: Table) -> list[Statement]:
    """One statement per numeric cell: its row's label cells, then its column header."""
    width = max([len(table.header)] + [len(r) for r in table.rows]) if table.rows else 0
    if width < 2:
        return []
    header = [clean_label(c.text) for c in table.header] + [""] * (width - len(table.header))
    numeric = _numeric_columns(table, width)
    keys = [j for j in range(width) if j not in numeric and not _colour_column(table, j, header[j])]
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
                path.append(Part(header[j], True, None, True))
            stacked = _stacked(cell.text, cell.start)
            if stacked:
                out.extend(Statement(path, n, line_index, stacked=i, stacked_count=len(stacked)) for i, n in enumerate(stacked))
            else:
                out.append(Statement(path, number, line_index))
    return out


_MISSING = frozenset(("", "-", "–", "—", "n/a", "na", "[n/a]", "(n/a)", "none", "null", "?", "…", "..."))


def is_missing(text: str) -> bool:
    """"-", "N/A", "[N/A]", an empty cell: a value the table does not give."""
    return clean_label(text).lower() in _MISSING or text.strip().lower() in _MISSING


def _colour_column(table: Table, j: int, header: str) -> bool:
    """A column that says how each row is drawn ("Color": "Light Red/Pink"), not which row it is."""
    if j == 0:
        return False
    if words(header) in (["color"], ["colour"], ["colors"], ["colours"], ["bar", "color"], ["bar", "colour"]):
        return True
    filled = [clean_label(r[j].text) for r in table.rows if j < len(r) and not is_missing(r[j].text)]
    return bool(filled) and all(is_colour_phrase(t.replace("/", " ")) for t in filled)


def _numeric_columns(table: Table, width: int) -> set[int]:
    numeric: set[int] = set()
    for j in range(width):
        filled = [r[j].text for r in table.rows if j < len(r) and not is_missing(r[j].text)]
        if filled and sum(leading_value(t) is not None for t in filled) * 2 >= len(filled):
            numeric.add(j)
    return numeric
