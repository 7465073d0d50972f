"""Records written long-hand: a list of groups that repeat the same fields is a table.

"**Rank 1:**" over "Model: "GPT-4"", "Arena Score: 1323", then "**Rank 2:**" over the same
fields says what a Markdown table with the columns Model, Arena Score would say; it is added
to the structure as that table, so the one table reader reads it.
"""

from __future__ import annotations

import re

from harness.extract.rules.numbers import leading_value
from harness.extract.rules.sections import DATA, line_sections, under_meta
from harness.extract.rules.structure import Line, Structure, Table, TableCell
from harness.extract.rules.text import clean_label, is_colour_phrase

_MIN_RECORDS = 2
_LETTER_RE = re.compile(r"[^\W\d_]")
_NUMBERED_RE = re.compile(r"([^\W\d][\w ]{0,30}?)\s{0,2}#?\d{1,4}")
_MIN_RECORDS = 2


def add_record_tables(structure: Structure) -> None:
    """Lists of records written long-hand, added to ``structure`` as tables.

    "**Rank 1:**" over "Model: "GPT-4"", "Arena Score: 1323", "Votes: 9230", then
    "**Rank 2:**" over the same fields: sibling groups whose key-value items repeat the same
    fields are the rows of a table, when the groups' own labels do not name them (they repeat,
    or are a word and a number: "Rank 1", "Entry 2"). Its row label is the first field every
    group states, as a short name (not a colour), different in each group; its columns are the fields whose values are
    numbers in most groups. The group lines and their items become that table's lines, so
    they are read once, as a table. Only the data parts are read: "**X-Axis:**" and
    "**Y-Axis:**" over "Label:", "Range:" and "Step:" describe the chart, not records.
    """
    lines = structure.lines
    kinds = line_sections(structure)
    items: dict[int, list[Line]] = {}
    for line in lines:
        if line.parent is not None and line.kind == "bullet" and line.key and line.value.strip():
            items.setdefault(line.parent, []).append(line)
    siblings: dict[int | None, list[int]] = {}
    for parent, fields in items.items():
        group = lines[parent]
        if (
            len(fields) >= 2
            and group.kind in ("bullet", "heading")
            and not group.value.strip()
            and kinds[parent] == DATA
            and not under_meta(structure, group)
        ):
            siblings.setdefault(group.parent, []).append(parent)
    for groups in siblings.values():
        if not _unnamed([lines[g] for g in groups]):
            continue
        table = _record_table(groups, [items[g] for g in groups])
        if table is None:
            continue
        index = len(structure.tables)
        structure.tables.append(table)
        for g in groups:
            lines[g].kind, lines[g].table = "table", index
            for item in items[g]:
                item.kind, item.table = "table", index


def _record_table(groups: list[int], fields: list[list[Line]]) -> Table | None:
    if len(groups) < _MIN_RECORDS:
        return None
    by_group = [{_field(item): item for item in items} for items in fields]
    order = list(dict.fromkeys(_field(item) for items in fields for item in items))
    name = None
    for key in order:
        values = [g[key].value.strip().strip('"*`') if key in g else "" for g in by_group]
        if (
            all(values)
            and len(set(values)) == len(values)
            and all(_is_name(v) for v in values)
            and sum(map(_has_letter, values)) * 2 >= len(values)
        ):
            name = key
            break
    if name is None:
        return None
    columns = [
        key
        for key in order
        if key != name
        and sum(key in g and _number_only(g[key].value) for g in by_group) * 2 > len(by_group)
    ]
    if not columns:
        return None
    header = [TableCell(by_group[0][name].key or name, 0, 0)] + [
        TableCell(next(g[k].key for g in by_group if k in g) or k, 0, 0) for k in columns
    ]
    table = Table(groups[0], header)
    for g, line_index in zip(by_group, groups):
        row = [_value_cell(g[name])]
        row.extend(_value_cell(g[k]) if k in g else TableCell("", 0, 0) for k in columns)
        table.rows.append(row)
        table.row_lines.append(line_index)
    return table


def _unnamed(groups: list[Line]) -> bool:
    """Whether group labels say where a record sits rather than what it is: some repeat
    ("Rank 1", "Rank 1"), or every one is the same word and a number ("Entry 1", "Entry 2")."""
    labels = [" ".join(clean_label(g.key or g.content).lower().split()) for g in groups]
    if len(set(labels)) < len(labels):
        return True
    numbered = [_NUMBERED_RE.fullmatch(label) for label in labels]
    return all(numbered) and len({m.group(1) for m in numbered if m}) == 1


def _is_name(value: str) -> bool:
    """A field value that can name its record: a short label, not a sentence, a number or a colour."""
    return (
        len(value) <= 80
        and len(value.split()) <= 8
        and ". " not in value
        and not _number_only(value)
        and not is_colour_phrase(value)
    )


def _has_letter(value: str) -> bool:
    return _LETTER_RE.search(value) is not None


def _field(item: Line) -> str:
    return " ".join((item.key or "").lower().split())


def _number_only(value: str) -> bool:
    """"1323", "~0.85", "61.9%": the value is one number (a range or a sentence is not)."""
    text = value.strip().strip("*`~≈ ")
    number = leading_value(text)
    return number is not None and not text[number.end :].strip(" %*`")


def _value_cell(item: Line) -> TableCell:
    text = item.value.strip()
    at = item.value_start + item.value.find(text)
    return TableCell(text, at, at + len(text))
