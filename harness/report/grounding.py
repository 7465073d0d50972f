"""Where in the description a value was stated: the report's grounding.

A cell may carry ``span``, the ``[start, end)`` characters it was read from. A span is
trusted only when the text there holds the cell's value; otherwise, and for cells with
no span, the value is looked for among the numbers the description writes, and the
occurrence nearest to the cell's labels is taken. A value written nowhere in the text is
*ungrounded*: the report says so and never marks a made-up place.

Everything is linear in the text: the numbers are tokenised once (one regex without
nested quantifiers), lines are indexed once, and each cell looks at a bounded number of
candidate places through bounded windows of text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from harness.text import MINUS_SIGNS, NUMBER_OR_FRACTION, dashes_to_hyphens, unescape_markdown

SPAN = "span"  # the record's own span, checked
SEARCH = "search"  # found by the report among the description's numbers
UNGROUNDED = "ungrounded"  # the value is written nowhere in the description

# Bounds on the work per cell (hostile texts have huge lines and values stated 10^5 times).
MAX_CANDIDATES = 64
MAX_SPAN_TOKENS = 256  # numbers read inside one span (a real span holds one)
WINDOW = 300  # characters of context read before a candidate
CONTEXT_LINES = 3  # lines above a candidate that may name its row or column
MAX_TABLE_LINE = 4_000  # table lines longer than this are not split into columns
MAX_LABEL_TRIES = 20  # occurrences of a label tried before giving up on whole-word ones


@dataclass(frozen=True, slots=True)
class Grounding:
    how: str  # SPAN, SEARCH or UNGROUNDED
    start: int | None = None
    end: int | None = None
    note: str = ""  # why it is ungrounded, or why a span was not used

    @property
    def grounded(self) -> bool:
        return self.how != UNGROUNDED


def value_keys(value: float) -> tuple[float, ...]:
    """The keys a record's value is looked up by among the numbers of the text.

    Near-exact, not the scorer's 1% tolerance: a mark says "the value was read here", and
    62 was not read from "61.9". The rounded key lets 61.900000000000006 (a value that went
    through arithmetic) find "61.9".
    """
    rounded = round(value, 9)
    return (value,) if rounded == value else (value, rounded)


def fold(text: str) -> str:
    """Text in the form labels are looked for in: case, dashes, escapes and spacing ignored."""
    return " ".join(unescape_markdown(dashes_to_hyphens(text)).casefold().split())


class DescriptionIndex:
    """The numbers and lines of one description, indexed once for every cell and label."""

    def __init__(self, text: str) -> None:
        self.text = text
        # One entry per number written, in text order (parallel lists: a 1 MB line of
        # digits has half a million of them, too many for an object each).
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._values: list[float] = []
        self._units: list[bool] = []  # a letter follows ("12ms", "7B"): a unit, or a name's end
        self._by_value: dict[float, list[int]] = {}  # numbers standing on their own
        self._in_names: dict[float, list[int]] = {}  # digits ending names ("GPT-4", "Q3")
        self._claimed: set[int] = set()
        self._tokenise()
        self._line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self._line_starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._table_header = self._table_headers()
        self._header_cells: dict[int, list[str]] = {}
        lowered = text.lower()
        # Offsets found in the lowered text are offsets in the text only if lowering kept
        # every character's length (it does not for a few letters such as "İ").
        self._lowered = lowered if len(lowered) == len(text) else None

    # --- numbers -------------------------------------------------------------------

    def _tokenise(self) -> None:
        text = self.text
        length = len(text)
        # "12", "61.9", ".5", "1,234.5". Signs are read from the character before, so
        # that the "-4" of "GPT-4" stays a 4.
        for match in NUMBER_OR_FRACTION.finditer(text):
            start, end = match.span()
            raw = match.group()
            value = float(raw.replace(",", "")) if "," in raw else float(raw)
            before = text[start - 1] if start else " "
            if before in MINUS_SIGNS:
                ahead = text[start - 2] if start > 1 else " "
                if not (ahead.isalnum() or ahead in ".)]"):
                    value, start = -value, start - 1
                    before = " "
                elif ahead.isalpha():
                    before = ahead  # "GPT-4"
            elif before == "_" and start > 1:
                before = text[start - 2]  # "Llama_2"
            # The "4" of "GPT-4" is a number in the text but no value: a span may point
            # at it, a search never lands there.
            in_name = before.isalpha()
            unit = end < length and text[end].isalpha()
            self._add(start, end, value, in_name, unit)
            if "," in raw:
                # "100,200" may be a list rather than a thousand: index the parts too.
                offset = match.start()
                for part in raw.split(","):
                    if part and part != raw:
                        self._add(offset, offset + len(part), float(part), in_name, unit)
                    offset += len(part) + 1

    def _add(self, start: int, end: int, value: float, in_name: bool, unit: bool) -> None:
        index = len(self._starts)
        self._starts.append(start)
        self._ends.append(end)
        self._values.append(value)
        self._units.append(unit)
        table = self._in_names if in_name else self._by_value
        places = table.get(value)
        if places is None:
            table[value] = [index]
        else:
            places.append(index)

    def _places(self, table: dict[float, list[int]], value: float) -> list[int]:
        for key in value_keys(value):
            places = table.get(key)
            if places:
                return places
        return []

    def states(self, value: float) -> bool:
        """Whether the description writes ``value`` anywhere (as a number of its own)."""
        return bool(self._places(self._by_value, value))

    # --- cells ---------------------------------------------------------------------

    def ground_cell(
        self,
        value: float,
        row: str,
        col: str,
        series: str | None = None,
        span: list[int] | None = None,
    ) -> Grounding:
        """Where ``value`` (of the cell at ``row``, ``col``) was stated, checked or found."""
        note = ""
        if span is not None:
            token = self._token_in_span(value, span[0], span[1])
            if token is not None:
                self._claimed.add(token)
                return Grounding(SPAN, self._starts[token], self._ends[token])
            note = f"the record's span [{span[0]}, {span[1]}) does not hold this value"
        candidates = self._places(self._by_value, value)
        if not candidates:
            in_names = self._places(self._in_names, value)
            if in_names:
                start, end = self._starts[in_names[0]], self._ends[in_names[0]]
                name = " ".join(self.text[max(0, start - 12) : end + 4].split())[-24:]
                cause = f"written only inside names (such as {name!r})"
            else:
                cause = "written nowhere in the description"
            return Grounding(UNGROUNDED, note=f"{note}; {cause}" if note else cause)
        labels = (fold(row), fold(col), fold(series or ""))
        best = max(candidates[:MAX_CANDIDATES], key=lambda t: (self._fit(t, *labels), -t))
        self._claimed.add(best)
        return Grounding(SEARCH, self._starts[best], self._ends[best], note)

    def _token_in_span(self, value: float, start: int, end: int) -> int | None:
        if start >= len(self.text):
            return None
        keys = value_keys(value)
        # Numbers overlapping [start, end): a span may leave out a sign or a thousands comma.
        first = max(bisect_left(self._starts, start) - 1, 0)
        last = min(len(self._starts), first + MAX_SPAN_TOKENS)
        for index in range(first, last):
            if self._starts[index] >= max(end, start + 1):
                break
            if self._ends[index] > start and self._values[index] in keys:
                return index
        return None

    def _fit(self, index: int, row: str, col: str, series: str) -> float:
        """How well a place suits the cell: its labels before it on the line, or above it."""
        position = self._starts[index]
        line = bisect_right(self._line_starts, position) - 1
        line_start = self._line_starts[line]
        before = fold(self.text[max(line_start, position - WINDOW) : position])
        above = self._lines_above(line)
        header = self._header_cell(line, line_start, position)
        score = 0.0
        for label, weight in ((row, 3.0), (col, 3.0), (series, 1.0)):
            if not label:
                continue
            if label in before or (header and label in header):
                score += weight
            elif label in above:
                score += weight / 3
        if self._units[index]:
            score -= 1
        if index in self._claimed:
            score -= 4  # another cell was already read from here
        return score

    def _lines_above(self, line: int) -> str:
        parts: list[str] = []
        index = line - 1
        while index >= 0 and len(parts) < CONTEXT_LINES and line - index <= 3 * CONTEXT_LINES:
            start = self._line_starts[index]
            piece = self.text[start : min(self._line_starts[index + 1], start + WINDOW)]
            if piece.strip():
                parts.append(piece)
            index -= 1
        return fold(" ".join(parts))

    # --- tables --------------------------------------------------------------------

    def _table_headers(self) -> list[int | None]:
        """For each line of a ``| ... |`` table, the line of the table's header."""
        headers: list[int | None] = []
        text, starts = self.text, self._line_starts
        current: int | None = None
        for line, start in enumerate(starts):
            # The first non-blank character, looked at without copying the line.
            position = start
            while position < len(text) and text[position] in " \t":
                position += 1
            in_table = position < len(text) and text[position] == "|"
            if in_table and current is None:
                current = line
            elif not in_table:
                current = None
            headers.append(current)
        return headers

    def _header_cell(self, line: int, line_start: int, position: int) -> str:
        """The folded header of the table column ``position`` is in ("" outside tables)."""
        header = self._table_header[line]
        if header is None or header == line or position - line_start > MAX_TABLE_LINE:
            return ""
        cells = self._header_cells.get(header)
        if cells is None:
            start = self._line_starts[header]
            end = self._line_starts[header + 1] if header + 1 < len(self._line_starts) else len(self.text)
            if end - start > MAX_TABLE_LINE:
                cells = []
            else:
                cells = [fold(cell) for cell in self.text[start:end].split("|")]
            self._header_cells[header] = cells
        column = self.text.count("|", line_start, position)
        return cells[column] if column < len(cells) else ""

    # --- labels --------------------------------------------------------------------

    def find_label(self, label: str | None) -> tuple[int, int] | None:
        """The first whole-word mention of a title, axis label or category, if any.

        Labels without a letter are not looked for: "3" or "–" would be found in places
        that have nothing to do with them.
        """
        needle = (label or "").strip()
        if not any(char.isalpha() for char in needle) or len(needle) > WINDOW:
            return None
        haystack = self._lowered if self._lowered is not None else self.text
        if self._lowered is not None:
            needle = needle.lower()
        text = self.text
        position = haystack.find(needle)
        tries = 0
        while position >= 0 and tries < MAX_LABEL_TRIES:
            end = position + len(needle)
            if not (position > 0 and _is_word(text[position - 1]) and _is_word(needle[0])) and not (
                end < len(text) and _is_word(text[end]) and _is_word(needle[-1])
            ):
                return position, end
            tries += 1
            position = haystack.find(needle, position + 1)
        return None


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"
