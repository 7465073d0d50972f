"""Values stated in running sentences, placed by the category names around them.

"The cell for English and German shows 0.43", "Central ... sold 842 units in Q1, 901
units in Q2", "At Epoch 0, Adam sits at 0.10, SGD also at 0.10", "It reaches 0.62 at
Epoch 10". A value takes the categories named since the previous value (in order: row,
then column), one named right after it ("at Epoch 10", "units in Q2"), else those named
earlier in the sentence; the row (a line's name, on line charts) carries over to the next
sentences of the paragraph ("It then ..."). "All diagonal cells are 1.00" names each
diagonal cell. Ranges, differences ("5 points") and bounds ("below 40%") are not values.
Prose is read last, so a table or list stating the same cell wins. The names themselves
are found by ``mentions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.extract.rules.categories import COL, ROW, SERIES
from harness.extract.rules.mentions import Finder, Mention
from harness.extract.rules.numbers import Number, find_numbers, numbers_at_zero, range_members
from harness.extract.rules.text import has_digit, norm, words

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(*])")
_AFTER_RE = re.compile(r"\s{0,2}%?\*{0,2}[)\]]?,?\s{0,2}(?:[A-Za-z]+\s{1,2})?(?:at|in|for|on|during|after|from|across|over|throughout|between|(?<!followed\s)(?<!preceded\s)by)\s{1,2}(?:the\s{1,2})?(?:[A-Za-z]+\s{1,2}){0,2}$", re.IGNORECASE)
_NOT_VALUE_AFTER = ("point", "points", "pp", "times", "fold", "-fold", "x ", "percentage point")
_BOUND_BEFORE = ("below", "above", "under", "over", "than", "least", "most", "up to", "exceeds", "exceed", "exceeding", "within", "by", "around the", "top", "every", "<", ">", "≤", "≥")
# "The diagonal value is 0.84": one cell, not "all diagonal cells are 1.00"
_ONE_DIAGONAL_RE = re.compile(r"(?<!all )(?<!every )(?<!each )\bdiagonal\s{1,3}(?:value|cell|entry|element|score)\b(?!s)")


@dataclass(slots=True)
class ProseCell:
    row: str | None
    col: str
    series: str | None
    value: Number


def _range_ends(sentence: str, mentions: list[Mention], members: set[int]) -> list[Number]:
    """The last number of each range in the sentence (not inside a category mention);
    ``members``: the starts of the numbers in ranges (:func:`_range_members`)."""
    nums = [n for n in find_numbers(sentence) if n.start in members and not any(m.start <= n.start < m.end for m in mentions)]
    return [n for i, n in enumerate(nums) if i + 1 == len(nums) or nums[i + 1].start - n.end > 12]


def _range_members(sentence: str, mentions: list[Mention]) -> set[int]:
    """Starts of the numbers that are part of a range, reading the sentence masked."""
    return range_members(_masked(sentence, mentions))


def _masked(sentence: str, mentions: list[Mention]) -> str:
    """The sentence with its category mentions blanked: "~0% until 20% attack ratio" is a
    value and a position, not the range "0 until 20"."""
    if not mentions:
        return sentence
    pieces: list[str] = []
    at = 0  # everything before ``at`` is written
    for m in sorted(mentions, key=lambda m: m.start):
        start, end = max(m.start, at), min(m.end, len(sentence))
        if end > start:
            pieces += (sentence[at:start], "#" * (end - start))
            at = end
    pieces.append(sentence[at:])
    return "".join(pieces)


# "0.89 - 0.65 = 0.24": the operands are workings, the result is the value stated
_ARITHMETIC_RE = re.compile(r"(-?\d{1,9}(?:\.\d{1,9})?)\s{0,2}[-+−×x*/]\s{0,2}(-?\d{1,9}(?:\.\d{1,9})?)\s{0,2}=\s{0,2}")


def _values(sentence: str, mentions: list[Mention], members: set[int]) -> list[Number]:
    in_range = set(members)
    for m in _ARITHMETIC_RE.finditer(sentence) if "=" in sentence else ():
        in_range.update((m.start(1), m.start(2)))
        for n in find_numbers(sentence[: m.start()]):
            in_range.add(n.start)  # what led up to the sum was its parts

    out: list[Number] = []
    for n in find_numbers(sentence):
        if any(m.start <= n.start < m.end for m in mentions):
            continue
        if n.start in in_range and not _named_in_brackets(sentence, n, mentions):
            continue  # a range's end, unless the cell it belongs to is named with it
        after = sentence[n.end : n.end + 20].lstrip(" %*").lower()
        if after.startswith(_NOT_VALUE_AFTER) or after.startswith(("-", "–")) and after[1:2].isdigit():
            continue
        before = sentence[max(0, n.start - 14) : n.start].lower().rstrip(" ~≈*(")
        if before.endswith(_BOUND_BEFORE):
            continue
        if n.decimals == 0 and 1900 <= n.value <= 2100 and not n.percent:
            continue  # a year
        if n.start and sentence[n.start - 1 : n.start] in "\"'`“‘" and sentence[n.end : n.end + 1] in "\"'`”’":
            continue  # '"-1"': a quoted number is a label, not a value
        out.append(n)
    return out


# "~5 function calls (x=0)", "~21 (at x = 5)": the value's x (or y) position in brackets after it
_XY_BRACKET_RE = re.compile(r"(?:[A-Za-z%]{1,20}\s{1,2}){0,3}\(\s{0,2}(?:at\s{1,2})?[xy]\s{0,2}=\s{0,2}", re.IGNORECASE)


def _named_in_brackets(sentence: str, number: Number, mentions: list[Mention], *, xy: bool = False) -> Mention | None:
    """"from 12.37 (Qwen2.5-0.5B) to 61.99 (Claude)": the category right after a value, in
    brackets; with ``xy`` also a position, "~21 (x=5)" (not a range's end: "9-10 (x=3)")."""
    for m in mentions:
        if m.start >= number.end:
            gap = sentence[number.end : m.start].strip(" %*")
            closed = sentence[m.end : m.end + 2].lstrip(" *")[:1] == ")"
            return m if closed and (gap == "(" or xy and _XY_BRACKET_RE.fullmatch(gap)) else None
    return None


# "~0.5) across all time steps", "for every layer": a value said of a whole axis
# "across all data points", "in every cell": the whole grid, not one axis
_WHOLE_GRID_WORDS = frozenset("data points point cells cell entries entry values positions combinations squares grid".split())
_ACROSS_ALL_RE = re.compile(
    r"[^.;:]{0,12}?\b(?:across|for|in|at|over|throughout)\s{1,3}(?:all|every|each)\s{1,3}(?:the\s{1,3})?(?P<axis>[A-Za-z]{2,20}(?:\s{1,2}[A-Za-z]{2,20})?)",
    re.IGNORECASE,
)
_ALL_OF_RE = re.compile(
    r"\b(?:all|every|each)\s{1,3}(?:(?:other|remaining|the)\s{1,3})?(?P<axis>[A-Za-z]{2,20}(?:\s{1,2}[A-Za-z]{2,20})?)",
    re.IGNORECASE,
)
_JOIN_RE = re.compile(r"\s{0,2}(?:,|and|&|, and)\s{1,3}(?:[A-Za-z]{1,15}\s{1,3})?$")


def _joined_after(sentence: str, first: Mention, mentions: list[Mention]) -> Mention | None:
    """The mention joined right after ``first`` by a comma or "and", for another dimension."""
    for m in mentions:
        if m.start >= first.end and not m.used:
            gap = sentence[first.end : m.start]
            if _JOIN_RE.fullmatch(gap) and not set(m.dims) & set(first.dims):
                return m
            return None
    return None


# A word before a position that makes it the end of a stretch, not where the value is.
_SPAN_LEAD_RE = re.compile(r"\b(?:after|beyond|past|since|until|before)\s{1,3}(?:the\s{1,3})?$", re.IGNORECASE)


def _mention_after(sentence: str, number: Number, mentions: list[Mention]) -> Mention | None:
    bracketed = _named_in_brackets(sentence, number, mentions, xy=True)
    if bracketed is not None and not bracketed.used:
        return bracketed
    for m in mentions:
        if m.start >= number.end and not m.used:
            gap = sentence[number.end : m.start]
            if m.open_span and m.span is not None and len(words(gap)) <= 2 and not has_digit(gap):
                return m  # "~0% until 30% attack ratio", "100% ASR from 30% attack ratio onward"
            if m.open_span and m.span is None:
                return None  # "holds until 40% attack ratio" (no ticks to span): no one position
            if _SPAN_LEAD_RE.search(gap):
                return None  # "plateaus around 97% after epoch 20": not at epoch 20
            return m if len(gap) <= 30 and _AFTER_RE.fullmatch(gap.rstrip() + " ") else None
    return None


class Reader:
    """Reads one paragraph's sentences, carrying the subject from sentence to sentence."""

    def __init__(self, finder: Finder, context: dict[str, str] | None = None) -> None:
        self.finder = finder
        self.frame = finder.frame
        self.subject: str | None = None  # the row the paragraph is about
        self.sentence_row: str | None = None  # the row of the sentence's first value
        # Categories the keys above the paragraph name ("**`attn. v` Column**:" above
        # "Orange (~0.08) in rows 3–6"): what a sentence leaves open, they fill.
        self.context = dict(context or {})
        if ROW in self.context:
            self.subject = self.context[ROW]

    def paragraph(self, text: str, base: int, key_end: int = 0) -> list[ProseCell]:
        """Cells of a paragraph; numbers before ``key_end`` (the line's key) are labels."""
        out: list[ProseCell] = []
        offset = 0
        for sentence in _SENTENCE_RE.split(text):
            at = text.find(sentence, offset)
            offset = at + len(sentence)
            out.extend(self.sentence(sentence, base + at, labels_until=key_end - at))
        return out

    def sentence(self, sentence: str, base: int, labels_until: int = 0) -> list[ProseCell]:
        mentions = self.finder.mentions(sentence)
        # A sentence without a number states no value and no range (it may name the subject).
        numbered = bool(numbers_at_zero(sentence))
        members = _range_members(sentence, mentions) if numbered else set()
        values = [v for v in _values(sentence, mentions, members) if v.start >= labels_until] if numbered else []
        out: list[ProseCell] = []
        low = sentence.lower()
        if "diagonal" in low and "off-diagonal" not in low and len(values) == 1:
            if _ONE_DIAGONAL_RE.search(low) and self.subject is not None:
                # "The diagonal value is 0.84" under "**TriviaQA (Row 1):**": that row's own cell
                return self._diagonal(values[0], base, only=self.subject)
            return self._diagonal(values[0], base)
        rows = [m for m in mentions if ROW in m.dims and len(m.dims) == 1]
        if rows:
            self.subject = rows[0].dims[ROW]
        seg_start = 0
        self.sentence_row = None
        # A range ("approximately 0.3-0.4) from layers 10 to 20") states no cell, but the
        # span after it is its own: no later value may take it.
        ends = _range_ends(sentence, mentions, members) if numbered else []
        for end in ends:
            if not any(v.start < end.start for v in values):
                continue
            claimed = _mention_after(sentence, end, mentions)
            if claimed is not None and claimed.span is not None:
                claimed.used = True
        for value in values:
            after = _mention_after(sentence, value, mentions)
            also: Mention | None = None
            if after is not None:
                after.used = True
                also = _joined_after(sentence, after, mentions)
                if also is not None:
                    also.used = True  # "0.0045 at layer 9, head 9": both name the cell
            seg = [m for m in mentions if seg_start <= m.start < value.start and not m.used and not m.open_span]
            if also is not None:
                seg = [*seg, also]
            earlier = [m for m in mentions if m.start < value.start and not m.open_span]
            cell = self._place(sentence, sentence[seg_start : value.start], seg, after, earlier)
            cell = self._across_all(sentence[value.end : value.end + 60], cell)
            if cell[0] and self.sentence_row is None:
                self.sentence_row = cell[0][0]
            seg_start = value.end
            shifted = value.moved(base)
            for row in cell[0]:
                for col in cell[1]:
                    if self.frame.series == [] or cell[2] is not None:
                        out.append(ProseCell(row, col, cell[2], shifted))
            for m in seg:
                m.used = True
        return out

    def _place(
        self, sentence: str, seg_text: str, seg: list[Mention], after: Mention | None, earlier: list[Mention]
    ) -> tuple[list[str | None], list[str], str | None]:
        rows, col, series, spans = self._place_one(sentence, seg_text, seg, after, earlier)
        cols = [col] if col is not None else []
        if ROW in spans:
            rows = list(spans[ROW])
        if COL in spans:
            cols = list(spans[COL])
        joined = _joined_run(sentence, seg, ROW)
        if len(joined) >= 2 and rows and rows[0] in joined:
            rows = joined  # "CMP & OOD Scenarios: ... 0%": both rows
        every = self._every_tick(seg_text)
        if every == COL and rows and rows[0] is not None:
            cols = list(self.frame.cols)  # "ID Scenario: All transformations score 1.00"
        elif every == ROW and cols and self.frame.default_row is None:
            rows = list(self.frame.rows)
        return rows, cols, series

    def _every_tick(self, text: str) -> str | None:
        """The dimension whose every tick "all transformations" or "each layer" names (the
        ones another statement gives keep their own value: the first statement of a cell wins)."""
        match = _ALL_OF_RE.search(text)
        if match is None:
            return None
        dim = self.frame.dim_named(match.group("axis"))
        return dim if dim in (ROW, COL) and (self.frame.rows if dim == ROW else self.frame.cols) else None

    def _place_one(
        self, sentence: str, seg_text: str, seg: list[Mention], after: Mention | None, earlier: list[Mention]
    ) -> tuple[list[str | None], str | None, str | None, dict[str, list[str]]]:
        spans = {dim: m.span for m in [*seg, *([after] if after else [])] if m.span for dim in m.dims}
        chosen: dict[str, str] = {}
        if after is not None:
            for dim in (COL, ROW, SERIES):
                if dim in after.dims:
                    chosen[dim] = after.dims[dim]
                    break
        lone = len(seg) == 1 and ROW in seg[0].dims and COL in seg[0].dims and self.sentence_row is not None
        if lone and COL not in chosen:
            # "GPT-4 ... 0.0%, followed by Claude 2 at 61.9%": the row is this sentence's.
            chosen[COL] = seg[0].dims[COL]
            chosen[ROW] = self.sentence_row
        for m in seg if not lone else []:  # reading order: row, then column, then series
            for dim in _order(sentence, m):
                if dim in m.dims and dim not in chosen:
                    chosen[dim] = m.dims[dim]
                    break
        for dim in (COL, SERIES):
            if dim not in chosen:
                for m in reversed(earlier):
                    if dim in m.dims and len(m.dims) == 1:
                        chosen[dim] = m.dims[dim]
                        break
        for dim in (COL, SERIES):
            if dim not in chosen and dim in self.context and dim not in spans:
                chosen[dim] = self.context[dim]
        if self.frame.default_row is not None:
            # One series: the value axis's title is the row; without one, nothing to name it by.
            named = self.frame.default_row or self.frame.fallback_row
            rows = [named] if named else []
            return rows, chosen.get(COL), chosen.get(SERIES), spans
        if ROW not in chosen and ROW not in spans:
            said = f" {seg_text.lower()} "
            if self.frame.rows and (" both " in said or " all " in said) and self._every_tick(seg_text) != COL:
                return list(self.frame.rows), chosen.get(COL), chosen.get(SERIES), spans
            if self.subject is None:
                return [], chosen.get(COL), chosen.get(SERIES), spans  # no row: only a whole axis may fill it
            chosen[ROW] = self.subject
        return [chosen.get(ROW)], chosen.get(COL), chosen.get(SERIES), spans

    def _across_all(self, after: str, cell: tuple[list[str | None], list[str], str | None]) -> tuple[list[str | None], list[str], str | None]:
        """"(values near -1.0) across all time steps": the value covers every tick of the axis
        named after it, in the row or column the rest of the sentence gives."""
        match = _ACROSS_ALL_RE.match(after)
        if match is None:
            return cell
        rows, cols, series = cell
        if set(words(match.group("axis"))) <= _WHOLE_GRID_WORDS and self.frame.rows and self.frame.cols and not self.frame.series:
            if self.frame.default_row is None and not rows and not cols:
                return list(self.frame.rows), list(self.frame.cols), series  # "(10) across all data points"
        dim = self.frame.dim_named(match.group("axis"))
        if dim == ROW and self.frame.rows and cols and self.frame.default_row is None:
            return list(self.frame.rows), cols, series
        if dim == COL and self.frame.cols and rows and rows[0] is not None:
            return rows, list(self.frame.cols), series
        return cell

    def _diagonal(self, value: Number, base: int, only: str | None = None) -> list[ProseCell]:
        cols = {norm(c): c for c in self.frame.cols}
        shifted = value.moved(base)
        rows = [only] if only is not None else self.frame.rows
        return [ProseCell(r, cols[norm(r)], None, shifted) for r in rows if norm(r) in cols and not self.frame.series]


_AND_RE = re.compile(r"\s{0,2}(?:,|&|and|, and)\s{1,3}")


def _joined_run(sentence: str, seg: list[Mention], dim: str) -> list[str]:
    """The labels of a run of mentions of one dimension joined by "&", "and" or commas."""
    mentions = [m for m in seg if m.dims.get(dim) is not None and len(m.dims) == 1]
    run: list[str] = []
    for a, b in zip(mentions, mentions[1:]):
        if not _AND_RE.fullmatch(sentence[a.end : b.start]):
            return []
        if not run:
            run.append(a.dims[dim])
        run.append(b.dims[dim])
    return run


def _order(sentence: str, mention: Mention) -> tuple[str, ...]:
    """"the German row and the Chinese column": the writer names the dimension."""
    follow = words(sentence[mention.end : mention.end + 12])[:1]
    before = words(sentence[max(0, mention.start - 10) : mention.start])[-1:]
    if before in (["row"], ["column"], ["col"]):  # "row=GPT-4", "column GPT-4"
        return (ROW, COL, SERIES) if before == ["row"] else (COL, ROW, SERIES)
    if follow in (["row"], ["rows"]):  # "the German row"
        return (ROW, COL, SERIES)
    if follow in (["column"], ["columns"], ["col"]):
        return (COL, ROW, SERIES)
    return (ROW, COL, SERIES)
