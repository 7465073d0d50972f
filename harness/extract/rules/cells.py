"""Cells: every stated value placed at its (panel, row, column, series).

Statements come from tables first, then key-value lines in the data sections, then
lines in the discussion sections that name known categories; the first statement of a
cell wins, so an explicit table or list wins over a restatement in prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.extract.rules.categories import COL, ROW
from harness.extract.rules.key_labels import is_generic, located_key
from harness.extract.rules.keys import Frame, Part, Resolved
from harness.extract.rules.mentions import Finder
from harness.extract.rules.numbers import leading_value
from harness.extract.rules.prose import ProseCell, Reader
from harness.extract.rules.sections import DATA, META, TALK, line_sections, section_kind, under_meta
from harness.extract.rules.statements import Statement, clause_value, line_statements
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.tables import plain_row_statements, table_statements
from harness.extract.rules.text import (
    clean_label,
    drop_notes,
    drop_parentheticals,
    drop_variable,
    has_digit,
    is_colour_phrase,
    norm,
    words,
)

# A paragraph longer than this is not one a describer wrote; reading it as prose would
# only cost time (hostile input), so it is left to the structured readers.
_PROSE_LIMIT = 20_000
_PROSE_POINT_RE = re.compile(r"\(\s{0,2}(-?\d{1,7}(?:\.\d{1,6})?)\s{0,2},\s{0,2}(-?\d{1,7}(?:\.\d{1,6})?)\s{0,2}\)")
_PRIORITY = {"table": 0, DATA: 1, TALK: 2, "prose": 3}


@dataclass(slots=True)
class PlacedCell:
    panel: int
    row: str
    col: str
    series: str | None
    value: float
    span: list[int]


@dataclass(slots=True)
class _Pending:
    statement: Statement
    context: list[Part]
    panel: int | None
    strict: bool
    priority: int


def gather(structure: Structure, marker_lines: dict[int, int]) -> list[_Pending]:
    """All statements with their context labels and panel, in priority order."""
    kinds = line_sections(structure)
    pending: list[_Pending] = []
    for table in structure.tables:
        first = structure.lines[table.first_line]
        if kinds[first.index] == META:
            continue
        context, panel = _context(structure, first, marker_lines)
        for st in table_statements(table):
            pending.append(_Pending(st, context, panel, False, _PRIORITY["table"]))
    for line in structure.lines:
        if line.kind not in ("bullet", "text"):
            continue
        kind = kinds[line.index]
        if kind == META or under_meta(structure, line):
            continue
        if line.key is None:
            statements = plain_row_statements(structure.lines, line.index) if kind == DATA else []
            if not statements and kind == DATA and line.kind == "bullet" and line.parent is not None:
                # "- Bar height corresponds to **47.99**." under "- **FirstSpace (8)**:"
                number = clause_value(line.content, line.content_start)
                statements = [Statement([], number, line.index, clause=True)] if number is not None else []
        else:
            statements = line_statements(line)
        if not statements:
            continue
        context, panel = _context(structure, line, marker_lines)
        for st in statements:
            pending.append(_Pending(st, context, panel, kind == TALK, _PRIORITY[kind]))
    pending.sort(key=lambda p: p.priority)  # stable: reading order within a priority
    return pending


def _panel_of(line: Line, ancestors: list[Line], marker_lines: dict[int, int]) -> int | None:
    """The panel a line is in: its own marker's, else that of the nearest marker above it."""
    panel = marker_lines.get(line.index)
    if panel is None:
        panel = next((marker_lines[a.index] for a in ancestors if a.index in marker_lines), None)
    return panel


def _context(structure: Structure, line: Line, marker_lines: dict[int, int]) -> tuple[list[Part], int | None]:
    parts: list[Part] = []
    ancestors = structure.ancestors(line.index)
    panel = _panel_of(line, ancestors, marker_lines)
    for ancestor in ancestors:
        if ancestor.index in marker_lines:
            continue
        if ancestor.kind == "heading" and ancestor.parent is None and ancestor.level <= 2:
            continue  # the document's title
        if ancestor.kind == "heading" and ancestor.level <= 6 and section_kind(ancestor.key or "") is not None:
            continue  # "### Row-Specific Observations", "## Image Description": a part, not a key
        if ancestor.kind == "text" and (not ancestor.introducer or len((ancestor.key or ancestor.content).split()) > 4):
            continue  # a paragraph or a sentence above a list ("The table contains:") names no key
        text = ancestor.key
        if text is None and ancestor.kind == "bullet":
            text = ancestor.content  # "- en-de" holding "- Greedy: 27.4"
        if text and (located := located_key(text)):
            text = located  # "**Row 2: "ours" vs. "baseline"**": the second bar
        if text and "(" in text:
            text = drop_parentheticals(text, only_positions=True)  # "... Group (Center)": where it sits
        if text and (not is_generic(clean_label(text)) or len(text.split()) <= 2):  # "All" may be a category
            parts.append(Part(clean_label(text), False))
    parts.reverse()
    return parts, panel


def place(pending: list[_Pending], frames: list[Frame]) -> list[PlacedCell]:
    """Resolve every statement against its panel's frame; keep the first per cell."""
    seen: set[tuple[int, str, str, str]] = set()
    out: list[PlacedCell] = []
    single = len(frames) == 1
    for item in pending:
        st = item.statement
        panel = item.panel
        if panel is None and single:
            panel = 0
        frame = frames[panel] if panel is not None else frames[0]
        resolved = _resolve(item, frame)
        if resolved is None:
            continue
        if resolved.panel is not None and item.panel is None:
            panel = resolved.panel
            frame = frames[panel]
        if panel is None or not resolved.row or not resolved.col:
            continue  # a cell needs a row and a column to name it
        key = (panel, norm(resolved.row or ""), norm(resolved.col or ""), norm(resolved.series or ""))
        if key in seen:
            continue
        seen.add(key)
        out.append(PlacedCell(panel, resolved.row or "", resolved.col or "", resolved.series, st.value.value, st.value.span))
    return out


def _resolve(item: _Pending, frame: Frame) -> Resolved | None:
    st = item.statement
    if st.path and st.point_x is None and _names_a_tick(frame, st.path[-1].text, st.value.value):
        return None  # "`Context Length = 67.0`": where a cell is, not its value
    path = [*item.context, *st.path]
    if st.point_x is not None:
        # A point names its own row (its label, or its series: the key above it) and sits at its x value.
        named = st.path[-1].text if st.path else next(
            (part.text for part in reversed(item.context) if not is_generic(part.text)), None
        )  # "### 1. ANN" > "**Points**:" > "(0.56, ~10⁵)": the series, not the word "Points"
        if named is None:
            # "Step = 10, Loss ≈ 11.5" on a one-line chart: the value axis names the line
            row_label = frame.default_row or frame.fallback_row
            return Resolved(row_label, st.point_x, None, None) if row_label else None
        row = frame.match(named)
        label = row[0][1] if row and row[0][0] == ROW else point_label(named)
        return Resolved(label, st.point_x, None, frame.panel_of(path[0].text) if path else None) if label else None
    if st.stacked is not None:
        # Stacked values name no series of their own: the legend's order gives it.
        if len(frame.series) != st.stacked_count:
            return None
        path = [*path, Part(frame.series[st.stacked], True)]
    if st.positional is None:
        return frame.resolve(path, strict=item.strict)
    # "TriviaQA: 0.11, -0.05, ...": the n-th value goes to the n-th category across.
    if st.positional_count == len(frame.cols) and frame.cols:
        r = frame.resolve([*path, Part(frame.cols[st.positional], True)], strict=item.strict)
        if r is not None and r.col == frame.cols[st.positional]:
            return r
    if st.positional_count == len(frame.rows) and frame.rows:
        r = frame.resolve([Part(frame.rows[st.positional], True), *path], strict=item.strict)
        if r is not None and r.row == frame.rows[st.positional]:
            return r
    return None


def _names_a_tick(frame: Frame, key: str, value: float) -> bool:
    """Whether ``key`` is an axis's title and ``value`` one of that axis's ticks."""
    for label, ticks in ((frame.row_label, frame.rows), (frame.col_label, frame.cols)):
        if label and ticks and norm(clean_label(key)) == norm(label):
            for tick in ticks:
                try:
                    if abs(float(tick) - value) < 1e-9:
                        return True
                except ValueError:
                    continue
    return False


def paired_coordinates(pending: list[_Pending], x_label: str | None, y_label: str | None) -> list[_Pending]:
    """"**Model Size = 7 B**, **Performance Improvement = ~4.2%**": two key-value statements
    on one line whose keys are the x and y axes' titles state one point, valued y at x."""
    if not x_label or not y_label:
        return pending
    x_words, y_words = _title_words(x_label), _title_words(y_label)
    out: list[_Pending] = []
    i = 0
    while i < len(pending):
        item = pending[i]
        after = pending[i + 1] if i + 1 < len(pending) else None
        if (
            after is not None and after.statement.line == item.statement.line and item.statement.path
            and after.statement.path and item.priority == after.priority
            and _ends_with(item.statement.path[-1].text, x_words) and _ends_with(after.statement.path[-1].text, y_words)
        ):
            x = item.statement.value
            written = item.statement.written or (f"{x.value:.{x.decimals}f}" if x.decimals else str(int(x.value)))
            point = Statement(item.statement.path[:-1], after.statement.value, item.statement.line, point_x=written)
            out.append(_Pending(point, item.context, item.panel, item.strict, item.priority))
            i += 2
            continue
        out.append(item)
        i += 1
    return out


def _title_words(label: str) -> list[str]:
    return words(drop_parentheticals(label))


def _ends_with(key: str, title: list[str]) -> bool:
    said = words(drop_parentheticals(key))
    return bool(title) and said[-len(title) :] == title


def colour_groups(pending: list[_Pending]) -> list[str]:
    """Colours that group a chart's points when there is no legend ("~63 acc-m (Blue)").

    A colour names a series only when it covers several categories; one colour per bar
    ("47.99 (dark blue)", "46.88 (light blue)") just paints the categories. A colour is
    noted after the value, or is the value's own key under a category ("**R1:**" then
    "Blue: ~4", "Orange: ~3"). Each statement with a noted colour then carries it as its row.
    """
    by_colour: dict[str, set[str]] = {}
    order: list[str] = []
    for item in pending:
        found = _colour_and_category(item)
        if found is None:
            continue
        colour, category = found
        key = norm(colour)
        if key not in by_colour:
            by_colour[key] = set()
            order.append(colour)
        by_colour[key].add(norm(category))
    if len(order) < 2 or not any(len(cats) >= 2 for cats in by_colour.values()):
        return []
    for item in pending:
        if item.statement.colour is not None:
            item.statement.path = [*item.statement.path, Part(item.statement.colour)]
    return order


def _colour_and_category(item: _Pending) -> tuple[str, str] | None:
    """(colour, category) of a statement grouped by colour, or None."""
    statement = item.statement
    if statement.colour is not None:
        return (statement.colour, statement.path[-1].text) if statement.path else None
    labels = [part.text for part in (*item.context, *statement.path)]
    if len(labels) >= 2 and is_colour_phrase(labels[-1]) and not is_colour_phrase(labels[-2]):
        return labels[-1], labels[-2]
    return None


def point_label(text: str) -> str:
    """A point's name as a row: "k=9" is 9 (a variable before its value is dropped), and a
    heading "1. Dense (Blue Square)" is Dense (its number and marker note go)."""
    return drop_variable(clean_label(drop_notes(_ENUMERATION_RE.sub("", clean_label(text), count=1))))


_ENUMERATION_RE = re.compile(r"^\(?\d{1,2}[.)]\s{1,3}")


def infer_series(pending: list[_Pending], frame: Frame) -> list[str]:
    """Names standing in the series place of many statements ("Zero-Shot: ~25%, Probe: ...").

    Used for heatmaps whose legend is not listed: labels that match neither axis, sit
    innermost on statements that already name a row and a column, and recur.
    """
    counts: dict[str, int] = {}
    order: list[str] = []
    for item in pending:
        if item.priority > 1:
            continue
        parts: list[Part] = []
        for part in [*item.context, *item.statement.path]:
            parts.extend(frame.split(part))
        if len(parts) < 3:
            continue
        last = parts[-1]
        if frame.match(last.text) or not last.inline:
            continue
        dims = {d for p in parts[:-1] for d, _ in frame.match(p.text)}
        if not ({ROW, COL} <= dims or (not frame.known(ROW) and not frame.known(COL) and len(parts) >= 3)):
            continue
        key = norm(last.text)
        if key not in counts:
            counts[key] = 0
            order.append(clean_label(last.text))
        counts[key] += 1
    names = [n for n in order if counts[norm(n)] >= 2]
    return names if 2 <= len(names) <= 12 else []


def prose_pending(
    structure: Structure, marker_lines: dict[int, int], frames: list[Frame], stated: list[_Pending]
) -> tuple[list[_Pending], list[_Pending]]:
    """Cells stated in sentences of the data parts, each line read as one paragraph, and
    apart, values the discussion parts say of a panel's whole grid.

    Lines that already gave key-value statements (``stated``) are not read again. The
    discussion parts ("Key Trends", "Observations") are not read for cells, since their
    sentences compare and summarise; the one exception is a value said of every cell
    ("maximum scores (10) across all data points"), which the second list holds for the
    caller to use only in a panel no other statement gives a cell (CONVENTIONS: cells).
    """
    kinds = line_sections(structure)
    # A line whose only statement is the value of its key's first clause is read as prose
    # too: the clause may need the sentence ("The diagonal value is 0.84") to be placed.
    # So is a line whose keys name no category ("Peak importance: 0.0045 at layer 9, head 9").
    stated_lines: set[int] = set()
    for p in stated:
        st = p.statement
        if st.line in stated_lines or st.clause:
            continue  # a line is in once one of its statements names a category
        if any(frame.match(part.text) for frame in frames[:1] for part in st.path):
            stated_lines.add(st.line)
    finders: dict[int, Finder] = {}
    out: list[_Pending] = []
    whole_grid: list[_Pending] = []
    for line in structure.lines:
        if line.kind not in ("bullet", "text") or under_meta(structure, line):
            continue
        talk = kinds[line.index] == TALK
        if kinds[line.index] != DATA and not (talk and _WHOLE_GRID_HINT_RE.search(line.content)):
            continue
        if line.index in stated_lines or len(line.content) > _PROSE_LIMIT or not has_digit(line.content):
            continue
        panel = _panel_of(line, structure.ancestors(line.index), marker_lines)
        if panel is None and len(frames) > 1:
            # "**Llama-3.2-1B:**" over the line: a heading that names a panel by its title
            panel = next(
                (found for a in structure.ancestors(line.index) if a.key and (found := frames[0].panel_of(a.key)) is not None),
                None,
            )
        if panel is None and len(frames) > 1:
            continue
        index = panel or 0
        finder = finders.get(index)
        if finder is None:
            finder = finders[index] = Finder(frames[index])
        if not finder.usable:
            continue
        frame = frames[index]
        owner = line.key or _group_key(structure, line)
        if frame.open_x and owner:
            # "**GPT-4 (Blue):** starts at approximately (-1, 0.52) and peaks around (0.5, 0.93)",
            # or "- Teal star at (12, 0.575)." under "**k=1**:": points written as (x, y), of
            # the line's key or of the group the line is listed under
            text, start = (line.value, line.value_start) if line.key else (line.content, line.content_start)
            for match in _PROSE_POINT_RE.finditer(text):
                y = leading_value(match.group(2), start + match.start(2))
                if y is not None:
                    st = Statement([Part(owner)], y, line.index, point_x=match.group(1))
                    out.append(_Pending(st, [], panel, True, _PRIORITY["prose"]))
        reader = Reader(finder, _context_dims(structure, line, finder))
        # Numbers in a keyed line's key ("**TriviaQA (Row 1):**") are labels, not values.
        key_end = line.value_start - line.content_start if line.key else 0
        cells = reader.paragraph(line.content, line.content_start, key_end=key_end)
        if talk:
            for cell in _whole_grid_cells(cells, frame):
                st = Statement([Part(cell.row or ""), Part(cell.col)], cell.value, line.index)
                whole_grid.append(_Pending(st, [], panel, True, _PRIORITY["prose"]))
            continue
        for cell in cells:
            if frame.open_x and not frame.match(cell.col):
                # "~96.5% at 0% attack ratio" on an axis with no ticks: a point at that x
                st = Statement([Part(cell.row or "")], cell.value, line.index, point_x=cell.col)
                out.append(_Pending(st, [], panel, True, _PRIORITY["prose"]))
                continue
            path = [Part(cell.row or ""), Part(cell.col)]
            if cell.series is not None:
                path.append(Part(cell.series))
            st = Statement(path, cell.value, line.index)
            out.append(_Pending(st, [], panel, True, _PRIORITY["prose"]))
    return out, whole_grid


# A discussion line worth reading for a value of the whole grid: it says "all" or "every".
_WHOLE_GRID_HINT_RE = re.compile(r"\b(?:all|every|entire)\b", re.IGNORECASE)


def _whole_grid_cells(cells: list[ProseCell], frame: Frame) -> list[ProseCell]:
    """The cells of ``cells`` that one value gives every (row, column) of ``frame``."""
    size = len(frame.rows) * len(frame.cols)
    if size < 2 or frame.series:
        return []
    by_value: dict[int, list[ProseCell]] = {}
    for cell in cells:
        by_value.setdefault(cell.value.start, []).append(cell)
    return [
        cell
        for group in by_value.values()
        if len(group) == size and len({(c.row, c.col) for c in group}) == size
        for cell in group
    ]


def _group_key(structure: Structure, line: Line) -> str | None:
    """The key of the list item a keyless item is listed under ("**k=1**:" over "- Teal star
    at (12, 0.575)."), when that item states no number itself (it may describe: "**RT-1:**
    rises with more demos."), or when the line is a bare point ("- (10, 5)") under it, whatever
    the item says ("**Octo:** success rates from 0% to 100%")."""
    if line.parent is None:
        return None
    parent = structure.lines[line.parent]
    bare_point = _PROSE_POINT_RE.fullmatch(line.content.strip().rstrip(".,;")) is not None
    if (
        parent.kind == "bullet"
        and parent.key
        and (bare_point or not has_digit(parent.value))
        and not is_generic(clean_label(parent.key))
    ):
        return parent.key
    return None


def _context_dims(structure: Structure, line: Line, finder: Finder) -> dict[str, str]:
    """Categories the line's own key and the keys above it name, innermost first: one per dimension."""
    found: dict[str, str] = {}
    for ancestor in [line, *structure.ancestors(line.index, limit=4)]:
        if ancestor is line and not line.key:
            continue
        if ancestor.kind == "heading" and ancestor.parent is None and ancestor.level <= 2:
            continue
        text = ancestor.key if ancestor.key else (ancestor.content if ancestor.kind == "bullet" else None)
        if not text or len(text) > 200:
            continue
        for mention in finder.mentions(text):
            if mention.span is not None:
                continue
            if len(mention.dims) == 1:
                dim, label = next(iter(mention.dims.items()))
                found.setdefault(dim, label)
            elif ROW in mention.dims and ROW not in found:
                # The same names on both axes: a key above the values is read as the row
                # ("**TriviaQA (Row 1):** The diagonal value is 0.84"), as tables are.
                found[ROW] = mention.dims[ROW]
    return found
