"""Numbers as describers write them, and which of them state a value.

"61.9%", "~25%", "approximately 0.5", "−0.12" (Unicode minus), "92 ± 1", "**0.82**",
"-0.00" and "1,234" are values; "between 80 and 83%", "from 26% to 52%" and
"0.65 to 0.80" are ranges, which state no cell (record-format.md, Rules of reading).
Every pattern here is bounded or single-quantifier, so scanning is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from harness.text import MINUS_SIGNS, NUMBER

# Words and marks that may stand before a stated value ("Approximately 0.78").
_QUALIFIERS = (
    "approximately", "approx.", "approx", "about", "around", "roughly", "nearly", "almost",
    "circa", "ca.", "close to", "just over", "just under", "just above", "just below",
    "an estimated", "estimated", "est.", "a value of", "value of", "value", "of", "at", "is",
    "equals", "equal to", "reaching", "reaches", "peaks at", "peak at", "score of", "a score of",
    "around a", "an", "a", "only", "exactly", "=", ":", "≈", "~", "∼", "≃", "<", ">", "≤", "≥",
)
_LEAD_SKIP = " \t*_`\"'“”‘’([{"
_RANGE_WORDS = ("to", "and", "through", "thru")


# Immutable by convention, not ``frozen``: a frozen dataclass sets each field through
# object.__setattr__, several times slower, and numbers are made by the thousand. Never
# change one: numbers_at_zero's cache shares them between readers.
@dataclass(slots=True, unsafe_hash=True)
class Number:
    value: float
    start: int  # [start, end) offsets in the text scanned (plus the base given)
    end: int
    percent: bool = False
    decimals: int = 0

    @property
    def span(self) -> list[int]:
        return [self.start, self.end]

    def moved(self, base: int) -> Number:
        """The same number with its offsets ``base`` further on (read in a slice of a text)."""
        return Number(self.value, self.start + base, self.end + base, self.percent, self.decimals)


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789-")


def _power_of_ten(text: str, match: re.Match[str], base: int) -> Number | None:
    """"10⁵" is 100000, "10⁻²" is 0.01 (CONVENTIONS); "10⁵.⁵" (a fractional power) is no number."""
    start, end = match.span()
    stop = end
    while stop < len(text) and stop - end < 4 and text[stop] in _SUPERSCRIPTS:
        stop += 1
    if stop < len(text) and text[stop] in ".·⋅" and stop + 1 < len(text) and text[stop + 1] in _SUPERSCRIPTS:
        return None
    try:
        exponent = int(text[end:stop].translate(_FROM_SUPERSCRIPT))
    except ValueError:
        return None
    if start and (text[start - 1].isalnum() or text[start - 1] in "._@"):
        return None
    return Number(10.0**exponent, base + start, base + stop, False, max(0, -exponent))


def _parse(text: str, match: re.Match[str], base: int) -> Number | None:
    start, end = match.span()
    if end < len(text) and text[end] in _SUPERSCRIPTS and match.group() == "10":
        return _power_of_ten(text, match, base)
    if end < len(text):
        after = text[end]
        if after.isalpha() or after == "_":
            return None  # "7B", "4o": part of a name
    negative = False
    if start:
        before = text[start - 1]
        if before.isalnum() or before in "._@":
            return None  # "v1", "x2", "Qwen2", "HIT@5": part of a name
        if before in MINUS_SIGNS:
            sign_at = start - 1
            before_sign = text[sign_at - 1] if sign_at else ""
            if before_sign and (before_sign.isalnum() or before_sign in "_)"):
                if before_sign.isalpha() or before_sign == "_":
                    return None  # "GPT-4", "LLaMA-2": a name
                # "45-55": the second half of a range; the caller sees the first half.
            else:
                negative = True
                start = sign_at
    digits = match.group()
    try:
        value = float(digits.replace(",", "") if "," in digits else digits)
    except ValueError:  # pragma: no cover - the pattern only matches digits
        return None
    if negative:
        value = -value
    percent = end < len(text) and text[end] == "%"
    dot = digits.find(".")
    decimals = len(digits) - dot - 1 if dot >= 0 else 0
    return Number(value, base + start, base + end, percent, decimals)


def find_numbers(text: str, base: int = 0) -> list[Number]:
    """Every standalone number in ``text`` (names such as "GPT-4" or "7B" excluded)."""
    found = numbers_at_zero(text)
    if not base:
        return list(found)
    return [n.moved(base) for n in found]


@lru_cache(maxsize=16384)
def numbers_at_zero(text: str) -> tuple[Number, ...]:
    """:func:`find_numbers` at offset 0, cached (``text.clear_caches`` empties the cache).

    One sentence is scanned by several readers (values, ranges, clauses): once is enough.
    """
    return tuple([n for m in NUMBER.finditer(text) if (n := _parse(text, m, 0)) is not None])


_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _word in _QUALIFIERS:
    _BY_FIRST[_word[0]] = _BY_FIRST.get(_word[0], ()) + (_word,)


def _skip_qualifiers(text: str, pos: int) -> int:
    n = len(text)
    for _ in range(8):  # bounded: a value is preceded by a few qualifiers at most
        while pos < n and text[pos] in _LEAD_SKIP:
            pos += 1
        if pos >= n:
            return pos
        candidates = _BY_FIRST.get(text[pos].lower())
        if not candidates:
            return pos
        low = text[pos : pos + 16].lower()
        for word in candidates:
            if low.startswith(word):
                after = pos + len(word)
                if word[-1].isalpha() and after < n and text[after].isalpha():
                    continue
                pos = after
                break
        else:
            return pos
    return pos


def range_after(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` is the first end of a range ("0.65 to 0.80")."""
    pos = end
    n = len(text)
    if pos < n and text[pos] == "%":
        pos += 1
    while pos < n and text[pos] in " *":
        pos += 1
    # "45–55": the dashes that sign a number also join a range's ends
    if pos < n and text[pos] in MINUS_SIGNS:
        nxt = pos + 1
        while nxt < n and text[nxt] in " *~":
            nxt += 1
        return nxt < n and text[nxt].isdigit() or (nxt + 1 < n and text[nxt] in "-−" and text[nxt + 1].isdigit())
    low = text[pos : pos + 12].lower()
    for word in _RANGE_WORDS:
        if low.startswith(word + " "):
            rest = _skip_qualifiers(text, pos + len(word) + 1)
            return rest < n and (text[rest].isdigit() or (text[rest] in MINUS_SIGNS and rest + 1 < n and text[rest + 1].isdigit()))
    return False


def leading_value(text: str, base: int = 0) -> Number | None:
    """The value ``text`` opens with ("~25%", "Approximately 0.78 (orange)", "**0.82**").

    None when the text opens with words, or with a range ("0.1 to 0.2", "45-55%").
    """
    pos = _skip_qualifiers(text, 0)
    if pos >= len(text):
        return None
    if text[pos] in MINUS_SIGNS and pos + 1 < len(text) and text[pos + 1].isdigit():
        match = NUMBER.match(text, pos + 1)
    elif text[pos].isdigit():
        match = NUMBER.match(text, pos)
    else:
        return None
    if match is None:
        return None
    number = _parse(text, match, base)
    if number is None or range_after(text, match.end()):
        return None
    return number


def is_ellipsis(text: str) -> bool:
    t = text.strip()
    return t in ("...", "…", "..", ". . .")


_CONNECTOR_WORDS = ("to", "through", "thru", "-", "–", "—", "until", "up to")
_STEP_WORDS = ("increments of", "increment of", "incrementing by", "increasing by", "steps of", "step of", "step",
               "intervals of", "interval of", "every", "spacing of")


def strip_brackets(text: str) -> str:
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _connects(text: str, before_first: str) -> bool:
    """Whether ``text`` between two numbers joins them into a range ("(dark blue) to")."""
    between = " ".join(strip_brackets(text).replace("%", " ").split()).lower()
    if between in ("and", "&") and "between" in before_first.lower():
        return True
    for word in _CONNECTOR_WORDS:
        if between == word or between.endswith(" " + word):
            return len(between.split()) <= 5
    return False


def range_chain(text: str) -> list[Number]:
    """The first run of numbers joined as a range: "from 0 (white) through 0.5 to 1"."""
    nums = find_numbers(text)
    for i in range(len(nums) - 1):
        chain = [nums[i]]
        j = i
        while j + 1 < len(nums) and _connects(text[nums[j].end : nums[j + 1].start], text[max(0, nums[i].start - 24) : nums[i].start]):
            chain.append(nums[j + 1])
            j += 1
        if len(chain) >= 2:
            return chain
    return []


def range_members(text: str) -> set[int]:
    """Start offsets of every number that is part of a range anywhere in ``text``."""
    nums = find_numbers(text)
    out: set[int] = set()
    for i in range(len(nums) - 1):
        if nums[i].start in out:
            continue
        j = i
        while j + 1 < len(nums) and _connects(text[nums[j].end : nums[j + 1].start], text[max(0, nums[i].start - 24) : nums[i].start]):
            j += 1
        if j > i:
            out.update(n.start for n in nums[i : j + 1])
    return out


_LISTED_AFTER_RE = re.compile(r"\s{0,3}\d[\d.,]{0,12}\s{0,2},\s{0,2}\d[\d.,]{0,12}\s{0,2},\s{0,2}\d")
_INTEGER_STEP_RE = re.compile(r"\binteger\s{1,3}(?:intervals|steps|ticks|values|increments)\b|\bintegers\b", re.IGNORECASE)
_STEP_BEFORE_RE = re.compile(r"\bin\s{1,3}(\d{1,6}(?:\.\d{1,6})?)\s{0,2}%?[\s-]{0,3}(?:unit\s{1,3})?(?:increments|steps|intervals)\b")


def range_ticks(text: str) -> list[str] | None:
    """Tick labels from "0 to 50 in increments of 10", "0 through 19", "from 0 to 70 with ticks every 10".

    Without a step both ends must be integers (the ticks then count by one).
    """
    found = stepped_range_ticks(text)
    return found[0] if found else None


def stepped_range_ticks(text: str) -> tuple[list[str], bool] | None:
    """:func:`range_ticks` and whether the text stated the step (an integer range without
    one counts by one: discrete ticks on a heatmap, a mere scale on a line chart's x axis)."""
    chain = range_chain(text)
    if len(chain) != 2:
        return None
    first, last = chain
    step: float | None = None
    decimals = max(first.decimals, last.decimals)
    after = text[last.end : last.end + 60].lower()
    for word in _STEP_WORDS:
        at = after.find(word)
        if at >= 0:
            nums = find_numbers(after[at + len(word) :])
            if _LISTED_AFTER_RE.match(after[at + len(word) :]):
                return None  # "with increments of 150, 300, 500, ...": the ticks listed, not a step
            if nums and nums[0].value > 0:
                step = nums[0].value
                decimals = max(decimals, nums[0].decimals)
            break
    if step is None:
        # "with tick marks at intervals of 6, ranging from 0 to 30": the step before the range
        before = text[max(0, first.start - 80) : first.start].lower()
        for word in _STEP_WORDS:
            at = before.rfind(word)
            if at >= 0:
                nums = find_numbers(before[at + len(word) :])
                if len(nums) == 1 and nums[0].value > 0:
                    step = nums[0].value
                    decimals = max(decimals, nums[0].decimals)
                break
    if step is None:
        # "in 10% increments", "in steps 0.5 apart": the step written before the word
        before_word = _STEP_BEFORE_RE.search(after)
        if before_word:
            step = float(before_word.group(1))
            decimals = max(decimals, len(before_word.group(1).split(".", 1)[1]) if "." in before_word.group(1) else 0)
    if step is None and not first.decimals and not last.decimals and (
        _INTEGER_STEP_RE.search(after) or _INTEGER_STEP_RE.search(text[max(0, first.start - 40) : first.start])
    ):
        step = 1.0  # "0-6, integer intervals", "integer values from 1 to 16": a stated step of one
    stated = step is not None
    if step is None:
        if first.decimals or last.decimals:
            return None
        step = 1.0
    # Strictly: start, start + step, ... up to the end; the end only when a step lands on it.
    count = int(abs(last.value - first.value) / step + 1e-9) + 1
    if count < 2 or count > 1000:
        return None
    sign = 1 if last.value >= first.value else -1
    ends = max(first.decimals, last.decimals)
    out = []
    for i in range(count):
        v = first.value + sign * i * step
        out.append(_tick_text(v, decimals, ends))
    return out, stated


def _tick_text(value: float, decimals: int, at_least: int) -> str:
    """An expanded tick as a describer writes it: "0.0 to 2.0 in increments of 0.25" is 0.0,
    0.25, 0.5, 0.75, 1.0 (the step's decimals where needed, the ends' always; CONVENTIONS)."""
    if not decimals:
        return str(int(round(value)))
    text = f"{value:.{decimals}f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if len(fraction) < at_least:
        fraction = fraction.ljust(at_least, "0")
    return f"{whole}.{fraction}" if fraction else whole


def expand_ellipsis(items: list[str]) -> list[str]:
    """Fill "0, 1, 2, ..., 19" / "0, 5, ..., 50" with the arithmetic steps it implies."""
    if not any(is_ellipsis(i) for i in items):
        return items
    out: list[str] = []
    for idx, item in enumerate(items):
        if not is_ellipsis(item):
            out.append(item)
            continue
        if len(out) < 2 or idx + 1 >= len(items):
            continue
        try:
            a, b, nxt = float(out[-2]), float(out[-1]), float(items[idx + 1])
        except ValueError:
            continue
        step = b - a
        if step == 0 or (nxt - b) / step < 1 or (nxt - b) / step > 1000:
            continue
        decimals = max(len(s.split(".", 1)[1]) if "." in s else 0 for s in (out[-2], out[-1]))
        v = b + step
        while (v < nxt - abs(step) / 2) if step > 0 else (v > nxt + abs(step) / 2):
            out.append(f"{v:.{decimals}f}" if decimals else str(int(round(v))))
            v += step
    return out
