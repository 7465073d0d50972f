"""Label text: cleaning what a describer wrote into the label the record keeps.

Labels are kept as written (record-format.md), so cleaning only removes Markdown
(escapes, emphasis, code ticks), wrapping quotes and list punctuation; ``norm`` is the
looser form used to recognise the same label written twice ("LoRA+Prompt" and
"LoRA + Prompt", "abstract\\_algebra" and "abstract_algebra").
"""

from __future__ import annotations

import re
from functools import lru_cache

from harness.text import unescape_markdown

_QUOTES = "\"'`“”‘’«»"
_EMPHASIS = "*_"
_TRAIL = ".,;:"

# Where a describer puts where a thing sits on the image, not what it is called.
_POSITION_WORDS = frozenset(
    "top bottom left right center centre middle upper lower side top-center bottom-center "
    "left-center right-center top-left top-right bottom-left bottom-right above below "
    "vertical horizontal vertically horizontally listed positioned located leftmost rightmost topmost "
    "bottommost uppermost lowermost far-left far-right".split()
)


@lru_cache(maxsize=32768)
def strip_emphasis(text: str) -> str:
    """Drop Markdown bold/italic/code markers but keep underscores inside words."""
    if "*" not in text and "_" not in text and "`" not in text:
        return text.strip()  # no marker to drop (most labels)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    text = text.strip()
    while len(text) > 1 and text[0] in _EMPHASIS and text[0] == text[-1]:
        text = text[1:-1].strip()
    if text.startswith("*") or text.endswith("*"):
        text = text.strip("*").strip()
    return text


@lru_cache(maxsize=32768)
def clean_label(text: str) -> str:
    """A label as written: no Markdown, no wrapping quotes, no trailing list punctuation."""
    text = strip_emphasis(unescape_markdown(text))
    text = " ".join(text.split())  # runs of whitespace as one space, none at the ends
    quoted = False
    for _ in range(3):
        before = text
        if len(text) > 1 and text[-1] in _TRAIL and not _is_punct_only(text[:-1]) and not quoted:
            text = text[:-1].rstrip()
        if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
            text = text[1:-1].strip()
            quoted = True  # '"Subj."': what the quotes hold is the label, its period too
        elif len(text) >= 2 and text[0] in _QUOTES and text.count(text[0]) == 1 and text[0] in "\"“'`":
            text = text[1:].strip()
        elif len(text) >= 2 and text[-1] in _QUOTES and text.count(text[-1]) == 1 and text[-1] in "\"”":
            text = text[:-1].strip()
        text = strip_emphasis(text)
        if text == before:
            break
    return text


# One decimal digit (Unicode's Nd, as ``\d``): every pattern that reads a number needs one.
DECIMAL_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """``any(ch.isdigit() for ch in text)``, most often answered by one regex scan: a
    decimal digit is a digit, and the other digits ("²", "①") are never ASCII."""
    return DECIMAL_DIGIT.search(text) is not None or (not text.isascii() and any(ch.isdigit() for ch in text))


def _is_punct_only(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


@lru_cache(maxsize=32768)
def norm(text: str) -> str:
    """The comparison key of a label: case, spaces, Markdown and wrapping quotes ignored."""
    text = clean_label(text).lower()
    return "".join(text.split())


def drop_parentheticals(text: str, *, only_positions: bool = False) -> str:
    """Remove "(...)" groups; with ``only_positions`` only those saying where a thing sits."""
    if "(" not in text:
        return " ".join(text.split())
    return _drop_parentheticals(text, only_positions)


@lru_cache(maxsize=8192)
def _drop_parentheticals(text: str, only_positions: bool) -> str:
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    kept_from = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                inner = text[start + 1 : i]
                if not only_positions or is_position_phrase(inner):
                    out.append(text[kept_from:start])
                    kept_from = i + 1
        i += 1
    out.append(text[kept_from:])
    return " ".join("".join(out).split())


def is_position_phrase(text: str) -> bool:
    words = [w.strip(",.;:-").lower() for w in text.replace(",", " ").split()]
    words = [w for w in words if w and w not in ("the", "of", "at", "on", "in", "to", "and", "a", "side", "axis", "heatmap", "chart", "plot", "panel", "figure", "image", "edge", "group", "bar", "bars", "cluster")]
    return bool(words) and all(w in _POSITION_WORDS or w.endswith("-center") for w in words)


def split_list(text: str) -> list[str]:
    """Split "a, b, and c" / "a; b" / "a and b" into items, keeping parentheses whole."""
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        if depth == 0 and ch in ",;":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    out: list[str] = []
    for index, item in enumerate(items):
        item = item.strip()
        low = item.lower()
        if low.startswith("and "):
            item = item[4:]
        elif low.startswith("or "):
            item = item[3:]
        if " and " in item and (len(items) == 1 or index == len(items) - 1):
            # "a and b", "a, b and c": the last "and" joins two items
            head, _, tail = item.rpartition(" and ")
            out.extend((head, tail))
            continue
        out.append(item)
    # A quoted item keeps its quotes, so that cleaning it again keeps what they hold
    # ('"Subj."' stays "Subj." where a bare Subj. would lose its period as punctuation).
    return [s for s in (_clean_item(x) for x in out) if s]


def _clean_item(item: str) -> str:
    body = item.strip()
    if body[-1:] in _TRAIL and body[-2:-1] in _QUOTES:
        body = body[:-1].rstrip()  # '"Attn.".': the list's full stop, after the quote
    inner = strip_emphasis(body)
    if len(inner) >= 2 and inner[0] in _QUOTES and inner[-1] in _QUOTES and clean_label(inner):
        return inner
    return clean_label(item)


@lru_cache(maxsize=32768)
def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (shared from a cache: callers must not change it)."""
    return _WORD_RE.findall(text.lower())


_WORD_RE = re.compile(r"[0-9A-Za-z]+")


# Colour names and how an entry is drawn: a legend entry or a series may be called by them.
COLOUR_WORDS = frozenset(
    "red blue green purple orange yellow pink white gray grey black brown cyan magenta teal violet "
    "dark light bright medium pale deep navy maroon gold olive lime indigo beige salmon lavender "
    "peach turquoise tan coral crimson aqua mint khaki silver sky steel blueish greenish reddish slate "
    "rose ruby amber emerald charcoal cream ivory burgundy mustard plum sand ochre".split()
)
# Words that describe how an entry is drawn rather than name it.
MARK_WORDS = frozenset(
    "line lines bar bars shade shaded colored coloured solid dashed dotted striped hatched filled hollow "
    "open square squares circle circles triangle triangles diamond diamonds cross crosses star stars "
    "marker markers dot dots point points box boxes symbol symbols plus x area curve with and edge "
    "outline border fill color colour pattern patterned hatch hatching crosshatch cross-hatched horizontal vertical thick thin".split()
)


def is_colour_phrase(text: str) -> bool:
    """"Light Blue", "Green squares", "dashed red line": how an entry looks, not its name."""
    ws = words(text)
    return bool(ws) and any(w in COLOUR_WORDS or w in MARK_WORDS for w in ws) and all(
        w in COLOUR_WORDS or w in MARK_WORDS for w in ws
    )


def colour_words(text: str) -> frozenset[str]:
    return frozenset(w for w in words(text) if w in COLOUR_WORDS)


_NOTE_WORDS = frozenset(("likely", "probably", "possibly", "e.g", "eg", "i.e", "ie", "approx", "approximately", "estimated"))


def is_note(inner: str) -> bool:
    """Whether a bracket only says where a thing sits, how it looks, or hedges ("(left stripe)",
    "(dark blue)", "(likely a typo)"), rather than being part of its name ("(8)", "(7B)")."""
    ws = words(inner)
    if len(inner.split()) >= 3 and not has_digit(inner):
        return True  # "(Grade school math competition)": the describer's gloss
    return bool(ws) and any(w in _POSITION_WORDS or w in COLOUR_WORDS or w in MARK_WORDS or w in _NOTE_WORDS for w in ws) and not all(
        w.isdigit() for w in ws
    )


def drop_notes(text: str) -> str:
    """``text`` without its note brackets (see :func:`is_note`); other brackets stay."""
    if "(" not in text:
        return text
    out: list[str] = []
    depth = 0
    start = 0
    kept_from = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and is_note(text[start + 1 : i]):
                out.append(text[kept_from:start])
                kept_from = i + 1
    out.append(text[kept_from:])
    return " ".join("".join(out).split())


_LEAD_QUOTED_RE = re.compile(
    r"^\s{0,3}(?:`([^`\n]{1,80})`|\"([^\"\n]{1,80})\"|“([^”\n]{1,80})”)\s{0,3}"
    r"(\([^()\n]{0,120}\)|[-–—]\s{1,3}[A-Za-z][^\n]{0,300})?\s{0,3}[.,;:]?\s{0,3}$"
)


def quoted_head(text: str) -> str | None:
    """The label of "`attn. q` (query attention)", '"GPT-4" (left)' or "`Max ASR (↓)` - The
    arrow means lower is better": a quoted or code label followed only by the describer's
    gloss, in brackets or after a dash; None otherwise."""
    match = _LEAD_QUOTED_RE.match(text)
    if not match or not match.group(4):
        return None
    return match.group(1) or match.group(2) or match.group(3)


_GLOSS_RE = re.compile(r"^(\S{1,24})\s{1,3}\(([A-Za-z][A-Za-z'-]{1,30}(?:\s{1,3}[A-Za-z][A-Za-z'-]{1,30}){1,5})\)$")


def drop_glosses(text: str) -> str:
    """"acc-m (Accuracy Metric)" -> "acc-m", "μ (mu)" -> "μ": a one-word name or a symbol
    the describer spelled out in brackets; units and short notes ("Accuracy (%)", "Latency
    (ms)") stay."""
    match = _GLOSS_RE.match(text.strip())
    return match.group(1) if match else drop_spelled_name(text)


_GREEK_NAMES = (
    "alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|omicron|pi|rho|sigma|tau|upsilon|phi|chi|psi|omega"
)
# "λ (lambda)", "ε (epsilon)": a symbol with its name spelled out
_SPELLED_SYMBOL_RE = re.compile(rf"^(\S{{1,3}})\s{{1,3}}\((?:{_GREEK_NAMES})\)$", re.IGNORECASE)


_EXPANDED_RE = re.compile(r"^([A-Za-z][A-Za-z0-9]{0,9})\s{1,3}\(([^()]{3,80})\)$")


def drop_expansion(label: str) -> str:
    """"AO (Answer Only)" -> "AO", "CoT (Chain-of-Thought)" -> "CoT": an acronym spelled out in
    brackets (the initials of the bracket's words are its letters); "CoT (Invalid)" stays."""
    match = _EXPANDED_RE.match(label)
    if match is None:
        return label
    letters = [ch.lower() for ch in match.group(1) if ch.isalpha()]
    initials = [w[0].lower() for w in re.split(r"[\s\-]+", match.group(2)) if w and w[0].isalpha()]
    return match.group(1) if len(letters) >= 2 and letters == initials else label


def drop_spelled_name(text: str) -> str:
    """"μ (mu)" -> "μ": a symbol's name spelled out after it (CONVENTIONS, round 3)."""
    match = _SPELLED_SYMBOL_RE.match(text.strip())
    return match.group(1) if match else text


_VARIABLE_RE = re.compile(r"^[A-Za-z_$\\]{1,12}\s{0,2}=\s{0,2}(?=\S)")


def drop_variable(label: str) -> str:
    """"k=9" is 9, "r = 5" is 5: a variable written before a short value is not its name
    (CONVENTIONS: "CAPT=null" is null); "λ=1.5, μ=3" names two variables and stays whole."""
    if label.count("=") != 1:
        return label
    return _VARIABLE_RE.sub("", label) if _VARIABLE_RE.match(label) and len(label.split()) <= 4 else label


def clear_caches() -> None:
    """Forget the label caches. Within a run they save work on labels that recur across
    descriptions; a benchmark that reads the same descriptions again clears them between
    passes, so that it measures reading, not remembering."""
    from harness.extract.rules.mentions import names_pattern
    from harness.extract.rules.numbers import numbers_at_zero

    for cached in (strip_emphasis, clean_label, norm, _drop_parentheticals, words, numbers_at_zero, names_pattern):
        cached.cache_clear()


def stem(word: str) -> str:
    """A word without a plural "s" ("layers" is "layer"), for matching axis words."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word
