"""Values stated in running sentences, placed by the category names around them.

"The cell for English and German shows 0.43", "Central ... sold 842 units in Q1, 901
units in Q2", "At Epoch 0, Adam sits at 0.10, SGD also at 0.10", "It reaches 0.62 at
Epoch 10". A value takes the categories named since the previous value (in order: row,
then column), one named right after it ("at Epoch 10", "units in Q2"), else those named
earlier in the sentence; the row (a line's name, on line charts) carries over to the next
sentences of the paragraph ("It then ..."). "All diagonal cells are 1.00" names each
diagonal cell. Ranges, differences ("5 points") and bounds ("below 40%") are not values.
Prose is read last, so a table or list stating the same cell wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.extract.rules.keys import COL, ROW, SERIES, Frame
from harness.extract.rules.numbers import Number, find_numbers, range_chain
from harness.extract.rules.text import norm, words

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(*])")
_AFTER_RE = re.compile(r"\s{0,2}%?\*{0,2}\s{0,2}(?:[A-Za-z]+\s{1,2})?(?:at|in|for|on|during|after)\s{1,2}(?:the\s{1,2})?(?:[A-Za-z]+\s{1,2})?$", re.IGNORECASE)
_NOT_VALUE_AFTER = ("point", "points", "pp", "times", "fold", "-fold", "x ", "percentage point")
_BOUND_BEFORE = ("below", "above", "under", "over", "than", "least", "most", "up to", "exceeds", "exceed", "exceeding", "within", "by", "around the", "top", "every")
_MAX_NAMES = 400
_AXIS_WORDS = frozenset("row column col class label layer head epoch step iteration position index type length".split())


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    dims: dict[str, str]  # dimension -> canonical label
    used: bool = False


@dataclass(slots=True)
class ProseCell:
    row: str | None
    col: str
    series: str | None
    value: Number


class Finder:
    """Finds the frame's category names in a sentence (longest names first)."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        labels: dict[str, dict[str, str]] = {}
        for dim, cats in ((ROW, frame.rows), (COL, frame.cols), (SERIES, frame.series)):
            for cat in cats:
                labels.setdefault(cat, {})[dim] = cat
        self.labels = labels
        # Too many names to look for make a slow pattern and no readable sentence.
        self.usable = 0 < len(labels) <= _MAX_NAMES
        if not self.usable:
            labels = {}
        self.numeric = {c for c in labels if _is_number(c)}
        names = sorted((c for c in labels if c.strip()), key=len, reverse=True)
        long_names = [re.escape(c) for c in names if len(c) >= 4 and c not in self.numeric]
        short_names = [re.escape(c) for c in names if len(c) < 4 or c in self.numeric]
        self.long_re = re.compile(r"(?<![\w-])(?:" + "|".join(long_names) + r")(?![\w-])", re.IGNORECASE) if long_names else None
        self.short_re = re.compile(r"(?<![\w.-])(?:" + "|".join(short_names) + r")(?![\w-]|\.\d)") if short_names else None
        self.by_norm = {norm(c): c for c in labels}
        self.axis_words = {_stem(w) for w in words(f"{frame.row_label or ''} {frame.col_label or ''}")} | _AXIS_WORDS

    def mentions(self, sentence: str) -> list[Mention]:
        taken: list[Mention] = []
        for regex in (self.long_re, self.short_re):
            if regex is None:
                continue
            for m in regex.finditer(sentence):
                if any(not (m.end() <= t.start or m.start() >= t.end) for t in taken):
                    continue
                label = self.by_norm.get(norm(m.group(0)))
                if label is None:
                    continue
                if label in self.numeric and not self._named_tick(sentence, m.start()):
                    continue
                taken.append(Mention(m.start(), m.end(), dict(self.labels[label])))
        taken.sort(key=lambda t: t.start)
        return taken

    def _named_tick(self, sentence: str, start: int) -> bool:
        # "Epoch 10", "layer 6", "class 3": a number is a tick only after its axis's name.
        before = words(sentence[max(0, start - 20) : start])
        return bool(before) and _stem(before[-1]) in self.axis_words


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _values(sentence: str, mentions: list[Mention]) -> list[Number]:
    in_range = {n.start for n in range_chain(sentence)}
    out: list[Number] = []
    for n in find_numbers(sentence):
        if any(m.start <= n.start < m.end for m in mentions) or n.start in in_range:
            continue
        after = sentence[n.end : n.end + 20].lstrip(" %*").lower()
        if after.startswith(_NOT_VALUE_AFTER) or after.startswith(("-", "–")) and after[1:2].isdigit():
            continue
        before = sentence[max(0, n.start - 14) : n.start].lower().rstrip(" ~≈*(")
        if before.endswith(_BOUND_BEFORE):
            continue
        if n.decimals == 0 and 1900 <= n.value <= 2100 and not n.percent:
            continue  # a year
        out.append(n)
    return out


def _mention_after(sentence: str, number: Number, mentions: list[Mention]) -> Mention | None:
    for m in mentions:
        if m.start >= number.end and not m.used:
            gap = sentence[number.end : m.start]
            return m if len(gap) <= 30 and _AFTER_RE.fullmatch(gap.rstrip() + " ") else None
    return None


class Reader:
    """Reads one paragraph's sentences, carrying the subject from sentence to sentence."""

    def __init__(self, finder: Finder) -> None:
        self.finder = finder
        self.frame = finder.frame
        self.subject: str | None = None  # the row the paragraph is about
        self.sentence_row: str | None = None  # the row of the sentence's first value

    def paragraph(self, text: str, base: int) -> list[ProseCell]:
        out: list[ProseCell] = []
        offset = 0
        for sentence in _SENTENCE_RE.split(text):
            at = text.find(sentence, offset)
            offset = at + len(sentence)
            out.extend(self.sentence(sentence, base + at))
        return out

    def sentence(self, sentence: str, base: int) -> list[ProseCell]:
        mentions = self.finder.mentions(sentence)
        values = _values(sentence, mentions)
        out: list[ProseCell] = []
        if "diagonal" in sentence.lower() and "off-diagonal" not in sentence.lower() and len(values) == 1:
            return self._diagonal(values[0], base)
        rows = [m for m in mentions if ROW in m.dims and len(m.dims) == 1]
        if rows:
            self.subject = rows[0].dims[ROW]
        seg_start = 0
        self.sentence_row = None
        for value in values:
            after = _mention_after(sentence, value, mentions)
            if after is not None:
                after.used = True
            seg = [m for m in mentions if seg_start <= m.start < value.start and not m.used]
            earlier = [m for m in mentions if m.start < value.start]
            cell = self._place(sentence, sentence[seg_start : value.start], seg, after, earlier)
            if cell[0] and self.sentence_row is None:
                self.sentence_row = cell[0][0]
            seg_start = value.end
            for row in cell[0]:
                if cell[1] is not None and (self.frame.series == [] or cell[2] is not None):
                    shifted = Number(value.value, value.start + base, value.end + base, value.percent, value.decimals)
                    out.append(ProseCell(row, cell[1], cell[2], shifted))
            for m in seg:
                m.used = True
        return out

    def _place(self, sentence: str, seg_text: str, seg: list[Mention], after: Mention | None, earlier: list[Mention]) -> tuple[list[str | None], str | None, str | None]:
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
        if self.frame.default_row is not None:
            # One series: the value axis's title is the row; without one, nothing to name it by.
            rows = [self.frame.default_row] if self.frame.default_row else []
            return rows, chosen.get(COL), chosen.get(SERIES)
        if ROW not in chosen:
            if self.frame.rows and (" both " in f" {seg_text.lower()} " or " all " in f" {seg_text.lower()} "):
                return list(self.frame.rows), chosen.get(COL), chosen.get(SERIES)
            if self.subject is None:
                return [], None, None
            chosen[ROW] = self.subject
        return [chosen[ROW]], chosen.get(COL), chosen.get(SERIES)

    def _diagonal(self, value: Number, base: int) -> list[ProseCell]:
        cols = {norm(c): c for c in self.frame.cols}
        shifted = Number(value.value, value.start + base, value.end + base, value.percent, value.decimals)
        return [ProseCell(r, cols[norm(r)], None, shifted) for r in self.frame.rows if norm(r) in cols and not self.frame.series]


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
