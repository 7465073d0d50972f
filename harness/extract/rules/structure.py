"""The shape of a description: headings, tables, bullet trees and key-value lines.

One pass over the lines gives each a kind, a depth and a *parent* (the heading, bold
line, introducing line "...:" or outer bullet it sits under), so later stages can read
"**LLaMA-2 7B:**" > "**abstract_algebra:** Zero-Shot: ~25%" as one key path. Describers
flatten lists (children written at their parent's indentation), so a bullet whose text
ends with ":" and states nothing else, or whose key is emphasised ("* **Type 1:** high
for lengths 0-9" above "* Length 0: 99.0%"), opens a scope for the plain same-depth
bullets after it. Where a line's key ends and its value begins is ``line_keys``' part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.line_keys import split_key
from harness.extract.rules.text import clean_label, has_digit, strip_emphasis

_HEADING_RE = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+|$)")
_MARKER_RE = re.compile(r"([ \t]*)([*+\-•‣◦▪●]|\d{1,3}[.)]|[a-z][.)])[ \t]+")
_RULE_CHARS = frozenset("-*_= ")
_ALIGN_CHARS = frozenset("|:- \t")

HEADING_RANK_BOLD = 7  # a bold-only line or a text line: below every "#" heading
_BULLET_RANK = 8


@dataclass(slots=True)
class Line:
    index: int
    start: int  # offset of the line in the text
    kind: str  # "blank", "heading", "bullet", "text", "table", "rule"
    raw: str  # the line as written (no newline)
    content: str = ""  # the text after any heading/bullet marker
    content_start: int = 0  # offset of ``content`` in the text
    level: int = 0  # heading level (bold-only lines: 7); bullet depth
    key: str | None = None  # "Key" of "Key: value" / "**Key:** value" / a heading text
    value: str = ""  # what follows the key (raw), or the whole content
    value_start: int = 0
    introducer: bool = False  # states nothing itself but announces what follows
    bold_key: bool = False  # the key is emphasised ("**All:** ..."): a heading-like bullet
    numbered: bool = False  # "1." / "2)": an item of a numbered outline
    parent: int | None = None
    table: int | None = None  # index into Structure.tables for table lines


@dataclass(slots=True)
class TableCell:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Table:
    first_line: int
    header: list[TableCell]
    rows: list[list[TableCell]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Structure:
    text: str
    lines: list[Line]
    tables: list[Table]
    memo: dict = field(default_factory=dict)  # per-document results later stages share

    def ancestors(self, index: int, limit: int = 8) -> list[Line]:
        """The line's parents, innermost first (bounded: deep trees add nothing useful)."""
        out: list[Line] = []
        parent = self.lines[index].parent
        while parent is not None and len(out) < limit:
            out.append(self.lines[parent])
            parent = self.lines[parent].parent
        return out


def _is_rule(stripped: str) -> bool:
    """"---", "* * *", "====": three or more of one rule character, spaces between."""
    first = stripped[:1]  # never a space: the line is stripped
    if first not in _RULE_CHARS:
        return False
    return len(stripped) >= 3 and not stripped.strip(first + " ")


def is_alignment_row(stripped: str) -> bool:
    return "-" in stripped and set(stripped) <= _ALIGN_CHARS and ("|" in stripped or ":" in stripped or len(stripped) >= 3)


def split_table_row(raw: str, start: int) -> list[TableCell]:
    """Cells of "| a | b |" with their offsets; "\\|" is an escaped pipe, not a border."""
    cells: list[TableCell] = []
    if "\\" not in raw:
        at = 0
        for piece in raw.split("|"):
            cells.append(_table_cell(raw, at, at + len(piece), start))
            at += len(piece) + 1
        return _trim_borders(raw, cells)
    cell_start = 0
    i = 0
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if ch == "|":
            cells.append(_table_cell(raw, cell_start, i, start))
            cell_start = i + 1
        i += 1
    cells.append(_table_cell(raw, cell_start, n, start))
    return _trim_borders(raw, cells)


def _trim_borders(raw: str, cells: list[TableCell]) -> list[TableCell]:
    stripped = raw.strip()
    if stripped.startswith("|") and cells:
        cells.pop(0)
    if stripped.endswith("|") and len(stripped) > 1 and cells:
        cells.pop()
    return cells


def _table_cell(raw: str, a: int, b: int, base: int) -> TableCell:
    piece = raw[a:b]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()
    return TableCell(text.replace("\\|", "|"), base + a + lead, base + a + lead + len(text))


def _bold_only(stripped: str) -> str | None:
    body = stripped.rstrip(":").rstrip()
    for mark in ("**", "__"):
        if body.startswith(mark) and body.endswith(mark) and len(body) > 4 and body.count(mark) == 2:
            return body[2:-2].strip().rstrip(":").strip()
    return None


def _is_introducer(key: str | None, value: str, content: str) -> bool:
    if key is not None and not strip_emphasis(value).strip():
        return True
    if ":" not in content:
        return False  # nothing can end with a colon
    body = strip_emphasis(content).rstrip()
    return body.endswith(":")


def _label_line(line: Line) -> bool:
    # "Heatmap 1: Probe": a short key-value line naming something, stating no number.
    value = line.value.strip()
    return (
        line.key is not None
        and 0 < len(value) <= 60
        and not has_digit(value)
        and len(value.split()) <= 8
    )


def parse(text: str) -> Structure:
    """Lines with kinds, depths and parents; tables grouped with their cells."""
    lines: list[Line] = []
    offset = 0
    for i, raw in enumerate(text.split("\n")):
        lines.append(Line(i, offset, "blank", raw.rstrip("\r")))
        offset += len(raw) + 1
    _classify(lines)
    _join_pipe_rows(lines)
    tables = _group_tables(lines)
    _link_parents(lines)
    return Structure(text, lines, tables)


def _classify(lines: list[Line]) -> None:
    for line in lines:
        raw = line.raw
        stripped = raw.strip()
        if not stripped or stripped in ("\\n", "\\n\\n"):
            continue
        lead = len(raw) - len(raw.lstrip())
        # A row of a table starts with a pipe; a pipe-separated line without one is a table
        # row only beside an alignment row (_join_pipe_rows), else a list ("`a` | `b`").
        if stripped.startswith("|"):
            line.kind = "table"
            continue
        heading = _HEADING_RE.match(raw)
        if heading:
            line.kind = "heading"
            line.level = len(heading.group(1))
            body = raw[heading.end() :].rstrip().rstrip("#").rstrip()
            _set_content(line, body, line.start + heading.end())
            line.key = clean_label(body) or None
            line.introducer = True
            continue
        if _is_rule(stripped):
            line.kind = "rule"
            continue
        bold = _bold_only(stripped)
        if bold is not None:
            line.kind = "heading"
            line.level = HEADING_RANK_BOLD
            _set_content(line, stripped, line.start + lead)
            line.key = clean_label(bold) or None
            line.introducer = True
            continue
        marker = _MARKER_RE.match(raw)
        if marker and marker.end() < len(raw):
            line.kind = "bullet"
            line.numbered = marker.group(2)[:1].isdigit()
            indent = marker.group(1).replace("\t", "    ")
            line.level = len(indent)  # turned into a depth by _link_parents
            _set_content(line, raw[marker.end() :].rstrip(), line.start + marker.end())
        else:
            line.kind = "text"
            _set_content(line, stripped, line.start + lead)
        key, value, value_start = split_key(line.content, line.content_start)
        line.key = (clean_label(key) if key is not None else "") or None
        line.value, line.value_start = value, value_start
        line.introducer = _is_introducer(line.key, value, line.content)
        line.bold_key = line.key is not None and line.content.lstrip().startswith(("**", "__"))


def _keyed_pipe_line(stripped: str) -> bool:
    """"Row SFT: Chat 45% | Safety 52%": a key line whose items are split by pipes, not a table row."""
    first = stripped[: stripped.find("|")]
    at = first.find(": ")
    return 0 < at and len(first[:at].split()) <= 4 and bool(first[at + 2 :].strip())


def _join_pipe_rows(lines: list[Line]) -> None:
    """"a | b" / "--- | ---" / "x | 1": a table written without outer pipes."""
    for i, line in enumerate(lines):
        if line.kind == "table" or "|" not in line.raw or not is_alignment_row(line.raw.strip()):
            continue
        line.kind = "table"
        if i and "|" in lines[i - 1].raw:
            lines[i - 1].kind = "table"
        for follow in lines[i + 1 :]:
            if "|" not in follow.raw or not follow.raw.strip():
                break
            follow.kind = "table"


def _set_content(line: Line, content: str, start: int) -> None:
    line.content = content
    line.content_start = start
    line.value = content
    line.value_start = start


def _group_tables(lines: list[Line]) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    for line in lines:
        if line.kind != "table":
            if line.kind != "blank" or current is None:
                current = None
            continue
        stripped = line.raw.strip()
        if is_alignment_row(stripped):
            if current is not None:
                line.table = len(tables) - 1
            continue
        cells = split_table_row(line.raw, line.start)
        if current is None:
            current = Table(line.index, cells)
            tables.append(current)
        else:
            current.rows.append(cells)
            current.row_lines.append(line.index)
        line.table = len(tables) - 1
    return tables


def _next_kind(lines: list[Line], index: int) -> str | None:
    """The kind of the first line after ``index`` that is not blank."""
    for line in lines[index + 1 : index + 4]:
        if line.kind != "blank":
            return line.kind
    return None


# A line of running prose this long after a list ends it, though Markdown would read it as
# the last item's lazy continuation: describers write their summary sentence straight
# under the list ("The diagonal cells ... all have 0.0%. This indicates ...").
_PARAGRAPH_WORDS = 16


def _is_paragraph(line: Line) -> bool:
    """A keyless text line of running prose (``_PARAGRAPH_WORDS`` words or more)."""
    return line.key is None and line.content.count(" ") + 1 >= _PARAGRAPH_WORDS


def _link_parents(lines: list[Line]) -> None:
    """Give each line the nearest open scope above it (see the module docstring)."""
    # Stack of (rank, line index); a new line closes every scope ranked at or below it.
    stack: list[tuple[float, int]] = []
    indents: list[int] = []  # open bullet indentation widths, outermost first
    continued: set[int] = set()  # text lines read as the text of the list item above them
    for line in lines:
        if line.kind in ("blank", "rule"):
            continue
        rank: float
        if line.kind == "heading":
            rank = line.level
            indents.clear()
        elif line.kind == "bullet":
            while indents and indents[-1] > line.level:
                indents.pop()
            if not indents or indents[-1] < line.level:
                indents.append(line.level)
            line.level = len(indents) - 1
            rank = _BULLET_RANK + 2 * line.level + (0 if line.bold_key else 0.5 if line.introducer else 1)
            if line.numbered and (line.introducer or line.bold_key):
                # "1. **r = 5 (Teal Line):**" over "* **Trend:** ...": a numbered outline
                # item holds the bullets written after it at its own depth.
                rank -= 0.5
        elif line.kind == "table":
            rank = 99  # a table sits under whatever is open and opens nothing
        elif line.raw[:1] in (" ", "\t") and indents:
            rank = _BULLET_RANK + 2 * len(indents)  # a continuation inside a list item
        elif indents and line.index and lines[line.index - 1].kind == "bullet" and lines[line.index - 1].introducer:
            # Markdown's lazy continuation: a line straight after "- **X-Axis:**" with no
            # blank line between is that item's own text.
            rank = _BULLET_RANK + 2 * len(indents)
        elif (
            indents
            and line.index
            and (lines[line.index - 1].kind == "bullet" or line.index - 1 in continued)
            and not (line.introducer and _next_kind(lines, line.index) == "bullet")
            and not _is_paragraph(line)
        ):
            # The same after an item with a value ("- **X-axis**: Strategies" over "Labels: `a`,
            # `b`"), and for the lines after that one; one announcing a text line holds it. A line
            # announcing a list of items ("Approximate data points:") opens a part of its own.
            rank = _BULLET_RANK + 2 * len(indents) + (0.5 if line.index - 1 in continued and lines[line.index - 1].introducer else 0)
            continued.add(line.index)
        else:
            # Text under a bold heading stays under it; a text line that announces
            # something ("GPT-4:", "Heatmap 1: Probe") holds the plain lines after it.
            rank = HEADING_RANK_BOLD + (0.5 if line.introducer or _label_line(line) else 0.6)
            indents.clear()
        while stack and stack[-1][0] >= rank:
            stack.pop()
        line.parent = stack[-1][1] if stack else None
        if line.kind == "bullet" and stack and line.level > 0:
            top_rank, top = stack[-1]
            if (
                lines[top].kind == "bullet"
                and lines[top].introducer
                and lines[top].level == line.level - 1
                and top_rank == _BULLET_RANK + 2 * lines[top].level
            ):
                # Its children are indented: the bullets at its own depth are siblings.
                stack[-1] = (top_rank + 1, top)
        if line.kind == "bullet" and line.bold_key and line.value.strip():
            # "**Trend:** rising" holds the plain items after it, but a plain "Data Points:"
            # closes it; under a heading item ("**MMLU (Blue):**") "Data Points:" opens a scope.
            rank = max(rank, _BULLET_RANK + 2 * line.level + 0.5)
        if line.kind != "table":
            stack.append((rank, line.index))
