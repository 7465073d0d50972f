"""Text slices for model calls: value-bearing units, label finding, numbers, candidate phrases.

Small models do well only on short, focused inputs, so extractors built on them cut
the description into pieces first. Nothing here decides a value: it finds where a
label is mentioned, which lines carry numbers, and which phrases could be labels, so
that a model can be asked about a few lines at a time.

Everything is line by line with ``str`` methods and bounded patterns, so hostile
input (a 1 MB line, thousands of rows) costs linear time; lines and units are capped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.structure import parse as parse_outline
from harness.text import STANDALONE_NUMBER, dashes_to_hyphens, unescape_markdown

MAX_LINES = 5000
MAX_LINE_CHARS = 2000
MAX_UNITS = 600

_BULLET_RE = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_ALIGN_CHARS = frozenset("|-: ")
_COMMENTARY_WORDS = (
    "observation", "interpretation", "insight", "conclusion", "summary", "takeaway",
    "key point", "stands out", "trend", "implication", "discussion",
)


def clean(text: str) -> str:
    """Text as a model should see it: one kind of minus and dash, no Markdown escapes."""
    return unescape_markdown(dashes_to_hyphens(text))


def fold(text: str) -> str:
    """The form labels are found in: lower case, no emphasis, no spaces around symbols.

    "LoRA + Prompt" and "LoRA+Prompt" fold alike; so do "abstract\\_algebra" and
    "abstract_algebra". One pass over the characters.
    """
    text = clean(text).replace("**", "").replace("`", "").lower()
    out: list[str] = []
    pending_space = False
    for ch in text:
        if ch.isspace():
            pending_space = True
            continue
        if pending_space and out:
            prev = out[-1]
            if (prev.isalnum() or prev in "_)%") and (ch.isalnum() or ch in "_(\"'"):
                out.append(" ")
        pending_space = False
        out.append(ch)
    return "".join(out)


_STANDALONE = frozenset("'\"|,;:()[]\u2018\u2019\u201c\u201d")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_label(folded_text: str, folded_label: str, start: int = 0) -> int:
    """Where ``folded_label`` occurs in ``folded_text`` as a whole token, or -1.

    A numeric label ("0", "0.5") must not be part of a longer number ("10", "0.55").
    """
    if not folded_label:
        return -1
    numeric = folded_label[0].isdigit() or (folded_label[0] == "-" and folded_label[1:2].isdigit())
    # A label of symbols only ("-", "~", ">") counts only where it stands alone.
    symbolic = not any(_is_word(ch) for ch in folded_label)
    pos = folded_text.find(folded_label, start)
    while pos != -1:
        end = pos + len(folded_label)
        before = folded_text[pos - 1] if pos else ""
        after = folded_text[end] if end < len(folded_text) else ""
        after2 = folded_text[end + 1] if end + 1 < len(folded_text) else ""
        ok_before = not before or not (_is_word(before) and _is_word(folded_label[0]))
        ok_after = not after or not (_is_word(after) and _is_word(folded_label[-1]))
        if numeric:
            ok_before = ok_before and before not in ".-" and not before.isdigit()
            ok_after = ok_after and not (after == "." and after2.isdigit())
        if symbolic:
            ok_before = not before or before.isspace() or before in _STANDALONE
            ok_after = not after or after.isspace() or after in _STANDALONE
        if ok_before and ok_after:
            return pos
        pos = folded_text.find(folded_label, pos + 1)
    return -1


def label_positions(folded_text: str, folded_label: str, limit: int = 50) -> list[int]:
    found: list[int] = []
    pos = find_label(folded_text, folded_label)
    while pos != -1 and len(found) < limit:
        found.append(pos)
        pos = find_label(folded_text, folded_label, pos + 1)
    return found


def numbers_in(text: str) -> list[float]:
    """Every plain number written in ``text`` (signs kept, thousands separators not read)."""
    values: list[float] = []
    for match in STANDALONE_NUMBER.finditer(clean(text)):
        try:
            values.append(float(match.group(0).replace(",", "")))
        except ValueError:
            continue
    return values


def same_number(written: float, value: float) -> bool:
    """Whether ``value`` is the number ``written`` (equal up to float noise relative to it)."""
    return abs(written - value) <= 1e-9 * max(1.0, abs(written))


def take_number(pool: list[float], value: float) -> bool:
    """Remove the first number of ``pool`` that is ``value``; whether one was there."""
    for i, written in enumerate(pool):
        if same_number(written, value):
            del pool[i]
            return True
    return False


def without_labels(text: str, labels: list[str]) -> str:
    """``text`` with every whole-token mention of a label that holds digits blanked out,
    so that "GPT-4" or a tick "10" is not read as a stated value."""
    for label in sorted({lb for lb in labels if lb and any(ch.isdigit() for ch in lb)}, key=len, reverse=True):
        needle = clean(label).lower()
        low = text.lower()
        pieces: list[str] = []
        pos = 0
        hit = find_label(low, needle)
        while hit != -1:
            pieces.append(text[pos:hit])
            pos = hit + len(needle)
            hit = find_label(low, needle, pos)
        if pieces:
            pieces.append(text[pos:])
            text = " ".join(pieces)
    return text


def number_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in STANDALONE_NUMBER.finditer(text)]


def has_number(text: str) -> bool:
    return STANDALONE_NUMBER.search(text) is not None


@dataclass
class Unit:
    """One line (or table row) that states numbers, with what stands above it."""

    body: str
    line: int
    header: str = ""  # a table row's header row
    context: list[str] = field(default_factory=list)  # headings and parent bullets, outermost first
    commentary: bool = False  # under a heading such as "Key Observations"

    def text(self, context_lines: int = 1) -> str:
        # The nearest heading or parent line names what the line is about; longer ones are prose.
        parts = [c for c in self.context[-context_lines:] if len(c) <= 120] if context_lines else []
        if self.header:
            parts = [*parts, self.header]
        return clean("\n".join([*parts, self.body]))


def _heading_level(stripped: str) -> int:
    if stripped.startswith("#"):
        return min(len(stripped) - len(stripped.lstrip("#")), 6)
    if stripped.startswith("**"):
        close = stripped.find("**", 2)
        if close != -1 and not has_number(stripped[close + 2 :]):
            return 7
    if stripped.endswith(":") and len(stripped) < 100 and not _BULLET_RE.match(stripped):
        return 8
    return 0


def is_commentary(heading: str) -> bool:
    low = heading.lower()
    return any(word in low for word in _COMMENTARY_WORDS)


def value_units(text: str) -> list[Unit]:
    """The description's number-bearing lines, each with its headings, parents and table header.

    Parents come from the shared outline reader (``rules.structure``), the same tree the
    rule extractor reads: describers flatten their lists, so a line's parent is often the
    emphasised bullet above it at the same indentation ("* **Type 1:**" over
    "* Length 0: 99.0%"), which indentation alone does not show.
    """
    structure = _outline(text)
    units: list[Unit] = []
    tables = structure.tables
    for line in structure.lines[:MAX_LINES]:
        if line.kind in ("blank", "rule") or line.kind == "heading":
            continue
        stripped = line.raw.strip()[:MAX_LINE_CHARS]
        if not has_number(stripped) or (line.kind == "table" and set(stripped) <= _ALIGN_CHARS):
            continue
        header = ""
        if line.kind == "table":
            if line.table is None:
                continue
            table = tables[line.table]
            if line.index == table.first_line:
                continue  # the header row names columns, it states no values
            header = structure.lines[table.first_line].raw.strip()[:MAX_LINE_CHARS]
        ancestors = list(reversed(structure.ancestors(line.index)))
        context = [a.raw.strip()[:MAX_LINE_CHARS] for a in ancestors if a.kind != "table"]
        headings = [a.raw.strip() for a in ancestors if a.kind == "heading" or a.introducer]
        units.append(
            Unit(
                body=stripped,
                line=line.index,
                header=header,
                context=context,
                commentary=any(is_commentary(h) for h in headings),
            )
        )
        if len(units) >= MAX_UNITS:
            break
    return units


# --- slices for layout questions -------------------------------------------------------------


def keyword_lines(text: str, keywords: tuple[str, ...], limit_chars: int = 700, max_lines: int = 8) -> str:
    """Lines mentioning any keyword, each with the list block under it when it introduces one.

    Lines that *start* with a keyword ("* **X-axis:** ...") are what defines a thing;
    lines that mention it in passing are used only when no line starts with one.
    Lines under commentary headings are skipped: they restate, they do not define.
    """
    leading = _keyword_lines(text, keywords, limit_chars, max_lines, lead_only=True)
    return leading or _keyword_lines(text, keywords, limit_chars, max_lines, lead_only=False)


def _keyword_lines(text: str, keywords: tuple[str, ...], limit_chars: int, max_lines: int, lead_only: bool) -> str:
    lines = text.splitlines()[:MAX_LINES]
    outline = _outline(text)
    picked: list[str] = []
    size = 0
    commentary = False
    i = 0
    while i < len(lines) and len(picked) < max_lines and size < limit_chars:
        stripped = lines[i][:MAX_LINE_CHARS].strip()
        level = _heading_level(stripped) if stripped else 0
        if level and level <= 6:
            commentary = is_commentary(stripped)
        low = stripped.lower()
        if lead_only:
            low = low[:40]
        if commentary or not any(k in low for k in keywords):
            i += 1
            continue
        if len(stripped) > 200:
            # A paragraph: keep only its sentences that mention the thing asked about.
            stripped = ". ".join(x for x in stripped.split(". ") if any(k in x.lower() for k in keywords))
        block = [stripped]
        j = i + 1
        if stripped.rstrip("*").endswith(":"):
            # The list the line introduces: the lines the outline puts under it (its
            # flattened children too, not the sibling keys after them)
            while j < len(lines) and j - i <= 60 and _under(outline, j, i):
                block.append(lines[j].strip())
                j += 1
        piece = clean("\n".join(block))
        picked.append(piece)
        size += len(piece)
        i = j
    return "\n".join(picked)[:limit_chars]


def _outline(text: str):
    """The outline of the part of the text the slices look at (bounded lines, bounded length)."""
    return parse_outline("\n".join(line[:MAX_LINE_CHARS] for line in text.splitlines()[:MAX_LINES]))


def _under(outline, index: int, parent: int) -> bool:
    """Whether line ``index`` sits under line ``parent`` in the outline (blank lines do not)."""
    if index >= len(outline.lines) or outline.lines[index].kind in ("blank", "heading"):
        return False
    return any(a.index == parent for a in outline.ancestors(index, limit=4))


_SPLIT_RE = re.compile(r"[,;:()\"\u201c\u201d\[\]|]| and | or | - | vs\.? ")
_RANGE_RE = re.compile(r"(-?\d{1,6}) ?(?:to|through) ?(-?\d{1,6})(?: (?:in (?:increments|steps) of|every|step) (\d{1,6}))?")
_POSITION_WORDS = frozenset(
    "top bottom left right center centre middle upper lower side above below".split()
)
_POSITION_RE = re.compile(r"\b(?:from )?(?:left to right|right to left|top to bottom|bottom to top)\b")


def candidate_phrases(text: str, limit: int = 60) -> list[str]:
    """Phrases of ``text`` that could be labels: list items and the pieces between separators.

    A range with integer ends ("0 through 11", "0 to 50 in increments of 10") also
    offers its expanded ticks. The model chooses among these; it is never told which.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(item: str) -> None:
        item = item.strip().strip("'`*.").strip()
        key = item.lower()
        words = key.replace("-", " ").split()
        if not item or (words and all(word in _POSITION_WORDS for word in words)):
            return
        if len(item) <= 60 and key not in seen and len(out) < limit:
            seen.add(key)
            out.append(item)

    for raw in clean(text).splitlines():
        line = _BULLET_RE.sub("", raw.strip()).replace("**", "")
        line = _POSITION_RE.sub("", line)
        for sentence in line.split(". "):
            for part in _SPLIT_RE.split(sentence):
                add(part)
                for match in _RANGE_RE.finditer(part):
                    low, high, step = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
                    if step > 0 and 0 < (high - low) // step <= 40:
                        for value in range(low, high + 1, step):
                            add(str(value))
                words = part.split()
                if len(words) > 1 and STANDALONE_NUMBER.fullmatch(words[-1]):
                    add(words[-1])  # "ticks 0, 1, 2": the list starts inside a phrase
    return out
