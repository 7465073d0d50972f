"""Category names in a sentence: where prose mentions a frame's rows, columns and series.

A :class:`Finder` looks for a frame's category names in a sentence, longest first, and
for whole-word prefixes that name one category only ("Claude 3.5 Sonnet" for "Claude 3.5
Sonnet 2024-10-22"). A number is a tick only after its axis's name ("Epoch 10", "layer
6"); runs of numeric ticks are named as spans ("rows 3–6 and 21–24", "until 30% attack
ratio"). Each find is a :class:`Mention`, which ``prose`` places values by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from harness.extract.rules.categories import COL, ROW, SERIES
from harness.extract.rules.keys import Frame
from harness.extract.rules.text import DECIMAL_DIGIT, has_digit, norm, stem, words

_MAX_NAMES = 400
_AXIS_WORDS = frozenset("row column col class label layer head epoch step iteration position index type length".split())


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    dims: dict[str, str]  # dimension -> canonical label
    used: bool = False
    span: list[str] | None = None  # every tick a span names ("rows 3-6"), of dims' one dimension
    open_span: bool = False  # "until 30% attack ratio": belongs to the value before it only


# "rows 3–6", "layers 0 through 20", "Layer 4 to 8"; then more spans or ticks joined on
# ("and 21–24", ", 24, and 26"). Bounded repetition keeps the scan linear.
_SPAN_RE = re.compile(
    r"\b(?P<word>[A-Za-z]{1,15})s?\s{1,3}(?P<a>-?\d{1,7}(?:\.\d{1,4})?)"
    r"(?:\s{0,3}(?:–|—|-|to|through|thru)\s{0,3}(?:(?:approximately|about|around|roughly|~)\s{0,3})?(?P<b>-?\d{1,7}(?:\.\d{1,4})?)(?:\s{0,2}[-–]\s{0,2}\d{1,7}(?:\.\d{1,4})?)?)?"
    r"(?P<more>(?:\s{0,2}(?:,|and|&|, and)\s{1,3}-?\d{1,7}(?:\.\d{1,4})?(?:\s{0,3}(?:–|—|-|to|through)\s{0,3}-?\d{1,7}(?:\.\d{1,4})?)?){0,12})",
    re.IGNORECASE,
)
_LEAD_BEFORE_RE = re.compile(r"\b(until|up to|through|below|before|under|from|above|beyond|over|after)\s{1,3}$", re.IGNORECASE)
_NAMED_AFTER_RE = re.compile(
    r"(?<![\w.])(?P<a>-?\d{1,7}(?:\.\d{1,4})?)\s{0,2}%?"
    r"(?:\s{0,3}(?:–|—|-|to|through)\s{0,3}(?P<b>-?\d{1,7}(?:\.\d{1,4})?)\s{0,2}%?)?"
    r"\s{1,3}(?P<word>[A-Za-z]{2,15})(?P<tail>\s{1,3}[A-Za-z]{2,15})?"
    r"(?P<open>\s{1,3}(?:onwards?|and above|and beyond|or more|and higher))?",
    re.IGNORECASE,
)
# "(x=3)", "at y = 0.5": the axis letter and "=" right before a number make it that axis's tick.
_XY_BEFORE_RE = re.compile(r"(?<![A-Za-z])([xy])\s{0,2}=\s{0,2}$", re.IGNORECASE)
_MORE_RE = re.compile(r"(-?\d{1,7}(?:\.\d{1,4})?)(?:\s{0,3}(?:–|—|-|to|through)\s{0,3}(-?\d{1,7}(?:\.\d{1,4})?))?")


class Finder:
    """Finds the frame's category names in a sentence (longest names first)."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self._memo: dict[str, list[Mention]] = {}  # sentence -> mentions (keys recur as context)
        self._word_dims: dict[str, str | None] = {}  # axis word -> the dimension it names
        labels: dict[str, dict[str, str]] = {}
        for dim, cats in ((ROW, frame.rows), (COL, frame.cols), (SERIES, frame.series)):
            for cat in cats:
                labels.setdefault(cat, {})[dim] = cat
            # "(Claude 3.5 Sonnet)" for "Claude 3.5 Sonnet 2024-10-22": a whole-word prefix of
            # one category only (the scorer's alias rule), at least two words long
            prefixes: dict[str, set[str]] = {}
            for cat in cats:
                tokens = cat.split()
                for k in range(2, len(tokens)):
                    prefixes.setdefault(" ".join(tokens[:k]), set()).add(cat)
            for prefix, owners in prefixes.items():
                if len(owners) == 1 and prefix not in labels:
                    labels.setdefault(prefix, {})[dim] = next(iter(owners))
        self.labels = labels
        # Too many names to look for make a slow pattern and no readable sentence.
        self.usable = 0 < len(labels) <= _MAX_NAMES
        if not self.usable:
            labels = {}
        self.numeric = {c for c in labels if _is_number(c)}
        names = sorted((c for c in labels if c.strip()), key=len, reverse=True)
        # "after the 1st round" names "After 1st Round": an article between words is skipped
        long_names = [_spaced_name(c) for c in names if len(c) >= 4 and c not in self.numeric]
        short_names = [re.escape(c) for c in names if len(c) < 4 or c in self.numeric]
        self.long_re = names_pattern(tuple(long_names), short=False)
        self.short_re = names_pattern(tuple(short_names), short=True)
        self.by_norm = {_loose(c): c for c in labels}
        self.axis_words = {stem(w) for w in words(f"{frame.row_label or ''} {frame.col_label or ''}")} | _AXIS_WORDS
        # Dimensions whose ticks are all numbers, in order: a span names a run of them.
        self.numeric_dims: dict[str, list[tuple[float, str]]] = {}
        for dim, cats in ((ROW, frame.rows), (COL, frame.cols)):
            if cats and all(_is_number(c) for c in cats) and len(cats) <= 2000:
                self.numeric_dims[dim] = [(float(c), c) for c in cats]
        self.tick_values = {dim: {v for v, _ in ticks} for dim, ticks in self.numeric_dims.items()}
        self.open_x = _open_axis_pattern(frame.col_label) if frame.open_x and frame.col_label else None

    def spans(self, sentence: str) -> list[Mention]:
        """Numeric ticks named as a span or a list after an axis word ("rows 3–6 and 21–24")."""
        out: list[Mention] = []
        if not self.numeric_dims or DECIMAL_DIGIT.search(sentence) is None:
            return out  # both span patterns need a digit: a sentence without one is not scanned
        for m in _SPAN_RE.finditer(sentence):
            dim = self._dim_of_word(m.group("word"))
            if dim is None:
                continue
            pieces = [(m.group("a"), m.group("b"))] + [(a, b or None) for a, b in _MORE_RE.findall(m.group("more") or "")]
            ticks = self.numeric_dims[dim]
            chosen: list[str] = []
            if any(not self._span_end(dim, x) for a, b in pieces for x in (a, b) if x):
                continue  # "epoch 20 to 0.79": a tick then a value, not a span of ticks
            for a, b in pieces:
                lo = float(a)
                hi = float(b) if b else lo
                if hi < lo:
                    lo, hi = hi, lo
                chosen.extend(t for v, t in ticks if lo - 1e-9 <= v <= hi + 1e-9 and t not in chosen)
            single = len(pieces) == 1 and not m.group("b")
            if not chosen or single:
                continue  # one tick alone ("layer 6") is the plain mention's job
            out.append(Mention(m.start("a"), m.end(), {dim: chosen[0]}, span=chosen))
        out.extend(self._spans_named_after(sentence, out))
        return out

    def _span_end(self, dim: str, written: str) -> bool:
        """Whether a number can end a span of this axis's ticks: a tick, or, on an axis of
        whole-number ticks shown every few ("0, 2, ..., 30"), a whole number inside it
        ("Layers 23 - 31" covers 24 to 30)."""
        value = float(written)
        if value in self.tick_values[dim]:
            return True
        ticks = [v for v, _ in self.numeric_dims[dim]]
        if "." in written or len(ticks) < 2 or any(v != int(v) for v in ticks):
            return False
        step = min(abs(b - a) for a, b in zip(ticks, ticks[1:])) or 1
        return min(ticks) - step < value < max(ticks) + step

    def _spans_named_after(self, sentence: str, taken: list[Mention]) -> list[Mention]:
        """Ticks named with the axis after them, and open spans ("at 50% attack ratio",
        "At 0-10% attack ratio", "until 30% attack ratio", "from 30% attack ratio onward")."""
        out: list[Mention] = []
        for m in _NAMED_AFTER_RE.finditer(sentence):
            if any(not (m.end() <= t.start or m.start() >= t.end) for t in taken):
                continue
            dim = self._dim_of_words(m.group("word"), m.group("tail"))
            if dim is None:
                continue
            ticks = self.numeric_dims[dim]
            values = [v for v, _ in ticks]
            a = float(m.group("a"))
            b = float(m.group("b")) if m.group("b") else None
            if a not in values or (b is not None and b not in values):
                continue
            lead_match = _LEAD_BEFORE_RE.search(sentence[max(0, m.start() - 12) : m.start()])
            lead = lead_match.group(1).lower() if lead_match else ""
            start = m.start() - (len(lead_match.group(0)) if lead_match else 0)
            if b is not None:
                lo, hi, keep_lo, keep_hi = min(a, b), max(a, b), True, True
            elif lead in ("until", "up to", "through"):
                lo, hi, keep_lo, keep_hi = values[0], a, True, True
            elif lead in ("below", "before", "under"):
                lo, hi, keep_lo, keep_hi = values[0], a, True, False
            elif m.group("open") or lead in ("above", "beyond", "over", "after"):
                lo, hi, keep_lo, keep_hi = a, max(values), not lead or lead == "from", True
            else:
                tick = next(t for v, t in ticks if v == a)
                out.append(Mention(m.start("a"), m.end(), {dim: tick}))
                continue
            chosen = [
                t for v, t in ticks if (lo < v < hi) or (keep_lo and abs(v - lo) < 1e-9) or (keep_hi and abs(v - hi) < 1e-9)
            ]
            if chosen:
                out.append(Mention(start, m.end(), {dim: chosen[0]}, span=chosen, open_span=b is None))
        return out

    def _dim_of_words(self, word: str, tail: str | None) -> str | None:
        """The numeric dimension whose axis title the words after a number start with."""
        for dim, label in ((ROW, self.frame.row_label), (COL, self.frame.col_label)):
            if dim not in self.numeric_dims or not label:
                continue
            named = [stem(w) for w in words(label)]
            said = [stem(w) for w in words(f"{word} {tail or ''}")]
            if said and named and said[0] == named[0]:
                return dim
        return None

    def _dim_of_word(self, word: str) -> str | None:
        """The numeric dimension an axis word before a tick names (memoised: spans ask often)."""
        if word not in self._word_dims:
            self._word_dims[word] = self._find_dim_of_word(word)
        return self._word_dims[word]

    def _find_dim_of_word(self, word: str) -> str | None:
        root = stem(word.lower())
        if root in ("row",):
            return ROW if ROW in self.numeric_dims else None
        if root in ("column", "col"):
            return COL if COL in self.numeric_dims else None
        hits = [d for d, label in ((ROW, self.frame.row_label), (COL, self.frame.col_label)) if root in {stem(w) for w in words(label or "")}]
        hits = [d for d in hits if d in self.numeric_dims]
        if len(hits) == 1:
            return hits[0]
        if root in _AXIS_WORDS and len(self.numeric_dims) == 1:
            return next(iter(self.numeric_dims))
        return None

    def mentions(self, sentence: str) -> list[Mention]:
        """The category names in a sentence, as fresh mentions (readers mark them used)."""
        found = self._memo.get(sentence)
        if found is None:
            found = self._mentions(sentence)
            if len(self._memo) < 4096:
                self._memo[sentence] = found
        return [Mention(m.start, m.end, dict(m.dims), False, m.span, m.open_span) for m in found]

    def _mentions(self, sentence: str) -> list[Mention]:
        taken: list[Mention] = self.spans(sentence) + self._open_x_mentions(sentence)
        for regex in (self.long_re, self.short_re):
            if regex is None:
                continue
            for m in regex.finditer(sentence):
                start, end = m.span()
                if any(end > t.start and start < t.end for t in taken):
                    continue  # overlaps a span or a longer name found first
                label = self.by_norm.get(_loose(m.group(0)))
                if label is None:
                    continue
                if label in self.numeric and not self._named_tick(sentence, m.start()):
                    continue
                dims = dict(self.labels[label])
                if label in self.numeric and len(dims) > 1:
                    # "layer 2, head 2": the axis word before the tick says whose tick it is
                    xy = _XY_BEFORE_RE.search(sentence[max(0, m.start() - 6) : m.start()])
                    before = words(sentence[max(0, m.start() - 30) : m.start()])
                    if xy:
                        dim = COL if xy.group(1).lower() == "x" else ROW
                    else:
                        # "Attack Budget 4, Defense Budget 0": two words tell axes apart that one does not
                        dim = self.frame.dim_named(" ".join(before[-2:])) if len(before) >= 2 else None
                        if dim not in dims:
                            dim = self._dim_of_word(before[-1]) if before else None
                    if dim in dims:
                        dims = {dim: dims[dim]}
                taken.append(Mention(m.start(), m.end(), dims))
        taken.sort(key=lambda t: t.start)
        return taken

    def _open_x_mentions(self, sentence: str) -> list[Mention]:
        """x positions named by the x axis's title on an axis with no ticks ("at 0% attack
        ratio", "at epoch 5"); one after "until" or "from" belongs to the value before it only."""
        if self.open_x is None or DECIMAL_DIGIT.search(sentence) is None:
            return []
        out: list[Mention] = []
        for m in self.open_x.finditer(sentence):
            written = m.group("after") or m.group("before")
            lead = _LEAD_BEFORE_RE.search(sentence[max(0, m.start() - 12) : m.start()])
            out.append(Mention(m.start(), m.end(), {COL: written}, open_span=lead is not None))
        return out

    def _named_tick(self, sentence: str, start: int) -> bool:
        # "Epoch 10", "layer 6", "class 3", "(x=3)": a number is a tick only after its axis's name.
        if _XY_BEFORE_RE.search(sentence[max(0, start - 6) : start]):
            return True
        before = words(sentence[max(0, start - 20) : start])
        return bool(before) and stem(before[-1]) in self.axis_words


@lru_cache(maxsize=256)
def _open_axis_pattern(title: str) -> re.Pattern[str] | None:
    """A number with the axis title's words after it ("0% attack ratio") or its first word
    before it ("epoch 5", "layer 27")."""
    ws = [w for w in words(title) if len(w) >= 2][:3]
    if not ws:
        symbol = words(title)
        if len(symbol) != 1:
            return None
        # "t", "x": a one-letter title names a position only as "t = 2"
        return re.compile(rf"\b{re.escape(symbol[0])}\s{{0,2}}=\s{{0,2}}(?P<before>-?\d{{1,7}}(?:\.\d{{1,4}})?)(?!\w|\.\d)(?P<after>(?!))?", re.IGNORECASE)
    after = r"\s{0,2}%?\s{1,2}".join([""] + [re.escape(w) + r"s?" for w in ws])
    before = re.escape(stem(ws[0])) + r"s?\s{1,2}(?:=\s{0,2})?"
    return re.compile(
        rf"(?<![\w.])(?P<after>\d{{1,7}}(?:\.\d{{1,4}})?){after}\b|\b{before}(?P<before>-?\d{{1,7}}(?:\.\d{{1,4}})?)(?!\w|\.\d)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=512)
def names_pattern(names: tuple[str, ...], short: bool) -> re.Pattern[str] | None:
    """One pattern for a frame's names; the panels of one figure share their frames."""
    if not names:
        return None
    if short:
        return re.compile(r"(?<![\w.-])(?:" + "|".join(names) + r")(?![\w-]|\.\d)")
    return re.compile(r"(?<![\w-])(?:" + "|".join(names) + r")(?![\w-])", re.IGNORECASE)


_SPACE_IN_NAME_RE = re.compile(r"(?:\\ )+")


def _spaced_name(name: str) -> str:
    """The pattern of a long name: its words apart by 1-3 spaces, an article allowed between."""
    escaped = re.escape(name)
    return _SPACE_IN_NAME_RE.sub(r"\\s{1,3}(?:the\\s{1,3})?", escaped) if " " in name else escaped


_THE_RE = re.compile(r"\bthe\s+", re.IGNORECASE)


def _loose(text: str) -> str:
    """A name's lookup key with articles ignored ("after the 1st round" = "After 1st Round")."""
    return norm(_THE_RE.sub("", text))


def _is_number(text: str) -> bool:
    if not has_digit(text) and "n" not in text.lower():
        return False  # float() needs a digit, or "inf" / "nan" (no exception to raise for most names)
    try:
        float(text)
    except ValueError:
        return False
    return True
