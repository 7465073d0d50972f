"""Panels: the plotted grids a figure holds, in reading order, with their own titles.

A panel is announced by a marker line ("Heatmap 1: Probe", "**Left panel (Probe)**",
"### Right Heatmap - "LoRA + Prompt""), by a list of titles ('Titles: "Probe" (left),
"LoRA + Prompt" (right)') or by a count ("two heatmaps side-by-side"). Every announced
panel is kept, even when the text stops before reaching it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.sections import DATA, line_sections, section_kind
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import (
    clean_label,
    drop_notes,
    drop_parentheticals,
    is_position_phrase,
    norm,
    split_list,
    words,
)

_KINDS = r"(?:heat\s?maps?|panels?|sub-?plots?|sub-?charts?|charts?|plots?|graphs?|matrix|matrices|figures?|tables?|sections?|grids?)"
_NUMBERED_RE = re.compile(r"^\W{0,3}" + _KINDS + r"\s{0,3}(?:#\s{0,2})?(?:\d{1,2}|\(?[a-h]\)|[a-h]\b|[ivx]{1,4}\b)", re.IGNORECASE)
_PLACED_RE = re.compile(
    r"^\W{0,3}(?:the\s{1,3})?(?:top|bottom|upper|lower|left|right|middle|center|centre|first|second|third|fourth|top-left|top-right|bottom-left|bottom-right|left-hand|right-hand)[\s-]{1,3}(?:side\s{1,3})?"
    + _KINDS
    + r"\b",
    re.IGNORECASE,
)
_LONE_LETTER_RE = re.compile(r"^\(?[a-h]\)$")
_LETTERED_RE = re.compile(r"^\W{0,3}\(([a-h])\)\s{0,3}(?:[-–—:.]\s{0,3})?(\S.{0,80})?$", re.IGNORECASE)
_TRAILING_PLACE_RE = re.compile(
    r"\b" + _KINDS + r"\s{0,3}\((?:top|bottom|upper|lower|left|right|middle|center|centre)\b[^)]{0,20}\)"
    r"|\((?:top|bottom|upper|lower|left|right|middle|center|centre)(?:[\s-]{1,3}(?:hand|side))?\s{1,3}" + _KINDS + r"\)",
    re.IGNORECASE,
)
_SECTION_NUMBER_RE = re.compile(r"^\s{0,3}\d{1,2}(?:\.\d{1,2}){0,2}\.?\s{1,3}(?=\S)")  # "2. Region 1: ...", "2.1 X Chart": numbers the section
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "dual": 2, "pair": 2}
_PLURAL_KINDS = frozenset("heatmaps panels subplots charts plots matrices graphs grids".split())
_TITLE_KEYS = frozenset(("titles", "panel titles", "subplot titles", "heatmap titles", "subtitles", "panel labels", "chart titles", "plot titles"))
_KIND_WORDS = frozenset("heatmap heatmaps heat map panel subplot sub plot chart plot graph matrix figure side hand table section grid".split())


@dataclass
class Panels:
    titles: list[str | None] = field(default_factory=lambda: [None])
    marker_lines: dict[int, int] = field(default_factory=dict)  # line index -> panel index


def marker_title(text: str) -> tuple[bool, str | None]:
    """(is a panel marker, its title) for a heading or key such as "Heatmap 1: Probe"."""
    label = clean_label(_SECTION_NUMBER_RE.sub("", text, count=1))
    lettered = _LETTERED_RE.match(label)
    if lettered:
        # "(a) LongBench", "(b) - RULER"
        title = clean_label(lettered.group(2) or "")
        return True, clean_label(drop_parentheticals(title, only_positions=True)) or None
    trailing = "(" in label and _TRAILING_PLACE_RE.search(label)  # (both of its forms have a bracket)
    if not (_NUMBERED_RE.match(label) or _PLACED_RE.match(label) or trailing):
        return False, None
    for sep in (":", " - ", " – ", " — "):
        if sep in label:
            title = clean_label(label.split(sep, 1)[1])
            title = clean_label(drop_parentheticals(title, only_positions=True))
            return True, title or None
    if "(" in label and label.rstrip().endswith(")"):
        inner = label[label.find("(") + 1 : label.rstrip().rfind(")")]
        if inner and not is_position_phrase(inner) and not re.fullmatch(r"\(?[a-h]\)?|\d{1,2}", inner.strip()):
            return True, clean_label(inner) or None
    for q in ('"', "“", "'"):
        if label.count(q) >= 2 or (q == "“" and "”" in label):
            a = label.find(q)
            b = label.find("”" if q == "“" else q, a + 1)
            if b > a + 1:
                return True, clean_label(label[a + 1 : b]) or None
    rest = [w for w in drop_parentheticals(label).split() if not _is_kind_or_place(w)]
    title = clean_label(" ".join(rest))
    if title and set(words(title)) <= _PART_WORDS:
        return False, None  # "Left Plot Legend (Top-Right)": a part of a panel, not a panel
    return True, title or None


_PART_WORDS = frozenset("legend legends axis axes x y colorbar colourbar color colour scale bar title titles labels label ticks grid".split())


def _is_kind_or_place(token: str) -> bool:
    ws = words(token)
    if not ws:
        return True
    return all(w in _KIND_WORDS or is_position_phrase(w) or w in ("the", "first", "second", "third", "fourth") or (len(w) <= 2 and (w.isdigit() or w in "abcdefgh")) for w in ws)


_PLURAL_RE = re.compile(r"\b(?:heatmaps|panels|subplots|charts|plots|matrices|graphs|grids)\b", re.IGNORECASE)


_SIDE_BY_SIDE_RE = re.compile(r"side[\s-]by[\s-]side", re.IGNORECASE)


def announced_count(text: str) -> int:
    """"two heatmaps", "three side-by-side panels": how many panels the prose announces."""
    head = text[:3000]
    low = head.lower()
    if not any(w in low for w in ("maps", "panels", "plots", "charts", "matrices", "graphs", "grids")):
        return 0
    best = 0
    for match in _PLURAL_RE.finditer(head):
        for w in words(head[max(0, match.start() - 40) : match.start()])[-4:]:
            n = _COUNT_WORDS.get(w)
            if n is not None and n > best:
                best = n
    if best < 2 and _SIDE_BY_SIDE_RE.search(head[:2000]) and _PLURAL_RE.search(head[:2000]):
        best = 2
    return best


_TITLED_RE = re.compile(r"\b(?:panels|heatmaps|subplots|plots|charts|graphs|matrices)\s{1,3}(?:are|were)\s{1,3}(?:titled|labell?ed|named|captioned)\b", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[\"“]([^\"”\n]{1,80})[\"”]")
_ENUM_RE = re.compile(r"^\(?(?:[a-h]|\d{1,2}|[ivx]{1,4})\)\s{0,3}|^(?:[a-h]|\d{1,2})[.:]\s{1,3}", re.IGNORECASE)


def title_list(structure: Structure) -> list[str]:
    """Panel titles listed in a line ('Titles: "Probe" (left), ...') or a sentence
    ('The panels are titled "BERT-small", "BERT-base" and "BERT-large"')."""
    for line in structure.lines:
        if not line.key or line.kind not in ("bullet", "text"):
            continue
        key = clean_label(drop_parentheticals(line.key)).lower()
        if key in _TITLE_KEYS or key == "panels":
            value = drop_parentheticals(clean_label(line.value), only_positions=True)
            items = [clean_label(_ENUM_RE.sub("", i)) for i in split_list(value)]
            items = [i for i in items if i]
            if len(items) >= 2 and not line.introducer and not line.value.rstrip().endswith(":"):
                return items
            # "**Panel Titles**: Eight tasks in two rows:" over "- Top Row: A, B" / "- Bottom Row: C, D"
            listed: list[str] = []
            for child in structure.lines[line.index + 1 : line.index + 20]:
                if child.parent != line.index:
                    break
                row_items = [clean_label(_ENUM_RE.sub("", i)) for i in split_list(child.value if child.key else child.content)]
                listed.extend(i for i in row_items if i)
            if len(listed) >= 2:
                return listed
    for line in structure.lines:
        if line.kind not in ("bullet", "text"):
            continue
        low = line.content.lower()
        if "titled" not in low and "label" not in low and "named" not in low and "caption" not in low:
            continue
        match = _TITLED_RE.search(line.content)
        if match:
            sentence = line.content[match.end() :].split(". ", 1)[0]
            quoted = [clean_label(q) for q in _QUOTED_RE.findall(sentence)]
            if len(quoted) >= 2:
                return quoted
    return []


def find_panels(structure: Structure, overview: str) -> Panels:
    markers: list[tuple[Line, str | None]] = []
    for line in structure.lines:
        if line.kind not in ("heading", "text", "bullet"):
            continue
        if line.key and _LONE_LETTER_RE.match(clean_label(line.key)) and len(line.value.split()) > 6:
            markers.append((line, None))  # "**(a)**: The heatmap shows ...": panel (a), described
            continue
        if line.kind == "text" and not line.introducer and line.key is None:
            continue
        if line.kind == "bullet" and not line.introducer:
            continue
        text = line.content if line.kind == "text" else (line.key or line.content)
        if line.kind == "text" and line.key and line.value.strip():
            text = f"{line.key}: {line.value.strip()}"
        ok, title = marker_title(text)
        if ok:
            markers.append((line, title))
    if not markers:
        markers = _named_by_kind(structure)
    if not markers:
        markers = _named_by_section(structure, announced_count(overview))
    if not markers:
        markers = _named_by_heading(structure, announced_count(overview))
    listed = title_list(structure)
    if not markers and len(listed) >= 2:
        named = _named_by_title(structure, listed)
        if named:
            # The list fixes the panels and their order; the lines naming them mark where each one's text is.
            index = {norm(t): i for i, t in enumerate(listed)}
            return Panels(list(listed), {line.index: index[norm(title or "")] for line, title in named})
    count = announced_count(overview)
    titles: list[str | None] = []
    lines: dict[int, int] = {}
    by_title: dict[str, int] = {}
    by_number: dict[str, int] = {}
    by_place: dict[str, int] = {}
    place_of: dict[int, str] = {}
    for line, title in markers:
        marker_text = line.key or line.content
        number = _marker_number(marker_text)
        place = _marker_place(marker_text)
        same = _same_title(title, by_title)
        if title and norm(title) in by_title and place_of.get(by_title[norm(title)], place) in (place, None):
            idx = by_title[norm(title)]  # (a "Right Chart (Ouro 2.6B)" after a left one of that title is another)
        elif same is not None:
            idx = same  # "BLEU Score" then "BLEU Score Data": one panel named twice
        elif place and place in by_place:
            idx = by_place[place]  # "Top Heatmap (English Labels)" then "Top Heatmap (English)"
        elif title is None and number and number in by_number:
            idx = by_number[number]
        else:
            idx = len(titles)
            titles.append(title)
            if title:
                by_title[norm(title)] = idx
            if number:
                by_number[number] = idx
        if place:
            by_place.setdefault(place, idx)
            place_of.setdefault(idx, place)
        lines[line.index] = idx
    if len(titles) < 2 and len(listed) < 2 and count < 2:
        return Panels([None], {})
    n = max(len(titles), len(listed), count)
    while len(titles) < n:
        titles.append(None)
    for i, title in enumerate(titles):
        if title is None and i < len(listed) and len(listed) == n:
            titles[i] = listed[i]
    if listed and len(listed) == n:
        # Marker titles that only number the panels ("Heatmap 1") take the listed names.
        titles = [t if t is not None else listed[i] for i, t in enumerate(titles)]
    if None in titles and any(titles):
        titles = _filled_from_overview(titles, overview)
    return Panels(titles, lines)


_LISTS_RE = re.compile(r"\(([^()]{3,400})\)|:\s{0,2}([^.:\n]{3,400})")


def _filled_from_overview(titles: list[str | None], overview: str) -> list[str | None]:
    """Titles a text cut short never reached, from the overview's list of the panels
    ("three datasets (Dataset A, Dataset B, and Dataset C)"): the list must name the
    panels already titled, in their places."""
    for match in _LISTS_RE.finditer(overview[:2000]):
        items = [clean_label(i) for i in split_list(match.group(1) or match.group(2) or "")]
        if len(items) < len(titles):
            continue
        known = [(i, t) for i, t in enumerate(titles) if t]
        if known and all(norm(items[i]) == norm(t) for i, t in known):
            return [t if t else items[i] for i, t in enumerate(titles)]
    return titles


_PLACE_WORDS = ("top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom", "upper", "lower", "left", "right", "middle", "center", "centre")


def _marker_place(text: str) -> str | None:
    """"top" of "Top Heatmap (English)", "left" of "**Left Plot (jailbreakbench):**"."""
    head = words(clean_label(text)[:24])[:2]
    for w in head:
        if w in _PLACE_WORDS:
            return w
    return None


def _same_title(title: str | None, by_title: dict[str, int]) -> int | None:
    """The panel a title names again with words added or dropped at the end."""
    if not title:
        return None
    mine = words(title)
    hits = {
        idx
        for known, idx in by_title.items()
        if mine and (words(known)[: len(mine)] == mine or mine[: len(words(known))] == words(known))
    }
    return hits.pop() if len(hits) == 1 else None


_ENDS_WITH_KIND_RE = re.compile(r"^(?P<name>\S.{0,60}?)\s{1,3}" + _KINDS + r"\s{0,3}(?:\([^)]{0,40}\))?$", re.IGNORECASE)


def _named_by_kind(structure: Structure) -> list[tuple[Line, str | None]]:
    """Headings naming a panel with a trailing kind word ("#### R1-Llama Section",
    "**COPA Heatmap**"): panels when at least two of them name different things."""
    found: list[tuple[Line, str | None]] = []
    for line in structure.lines:
        if line.kind != "heading" or line.parent is None or not line.key:
            continue
        match = _ENDS_WITH_KIND_RE.match(clean_label(_SECTION_NUMBER_RE.sub("", line.key, count=1)))
        if match and not set(words(match.group("name"))) <= _KIND_WORDS:
            found.append((line, clean_label(match.group("name"))))
    if len({norm(t or "") for _, t in found}) < 2:
        return []
    return found


_SECTION_WORDS = frozenset("analysis results breakdown data details overview section summary".split())


def _named_by_section(structure: Structure, count: int) -> list[tuple[Line, str | None]]:
    """Headings of one level that each name a panel before a template word ("## 2. Dataset
    A Analysis", "## 3. Dataset B Analysis"), when their number is the count the text
    announces ("three line charts"): each is a panel, titled by its name."""
    if count < 2:
        return []
    by_level: dict[int, list[tuple[Line, str | None]]] = {}
    for line in structure.lines:
        if line.kind != "heading" or not line.key:
            continue
        ws = clean_label(_SECTION_NUMBER_RE.sub("", line.key, count=1)).split()
        if len(ws) >= 2 and ws[-1].lower().strip(".:") in _SECTION_WORDS:
            name = clean_label(" ".join(ws[:-1]))
            if name and not set(words(name)) <= _KIND_WORDS | _SECTION_WORDS | {"detailed", "key", "trend", "general"}:
                by_level.setdefault(line.level, []).append((line, name))
    for found in by_level.values():
        # At most the count: a text cut short stops before the last panels' headings.
        if 2 <= len(found) <= count and len({norm(t or "") for _, t in found}) == len(found):
            return found
    return []


_KIND_PREFIX_RE = re.compile(r"^\W{0,3}" + _KINDS + r"\s{0,3}[:\-–—]\s{0,3}", re.IGNORECASE)


def _named_by_heading(structure: Structure, count: int) -> list[tuple[Line, str | None]]:
    """Headings of one level inside a data part, each only a name ("#### GPT-4o-mini",
    "#### Gemini 2.0 Flash" under "### Detailed Analysis"), when the text announces that many
    panels or more ("Five distinct heatmaps, one per AI model"): each names a panel."""
    if count < 2:
        return []
    kinds = line_sections(structure)
    by_parent: dict[int | None, list[tuple[Line, str | None]]] = {}
    for line in structure.lines:
        if line.kind != "heading" or not line.key or line.parent is None or section_kind(line.key) is not None:
            continue
        parent = structure.lines[line.parent]
        if parent.kind != "heading" or kinds[parent.index] != DATA:
            continue
        name = clean_label(_KIND_PREFIX_RE.sub("", line.key, count=1))  # "Sub-chart: Seq Len = 128"
        if name and len(name.split()) <= 6 and not set(words(name)) <= _KIND_WORDS:
            by_parent.setdefault(line.parent, []).append((line, name))
    for found in by_parent.values():
        levels = {line.level for line, _ in found}
        if len(levels) == 1 and 2 <= len(found) <= count and len({norm(t or "") for _, t in found}) == len(found):
            return found
    return []


def _named_by_title(structure: Structure, listed: list[str]) -> list[tuple[Line, str | None]]:
    """Lines whose key is one of the listed panel titles ("1. **Knowledge Recall** (Top-Left):")."""
    wanted = {norm(t): t for t in listed}
    found: list[tuple[Line, str | None]] = []
    for line in structure.lines:
        if line.kind not in ("heading", "bullet", "text") or not line.key:
            continue
        key = norm(drop_notes(_SECTION_NUMBER_RE.sub("", line.key, count=1)))
        if key in wanted:
            found.append((line, wanted[key]))
    return found


def _marker_number(text: str) -> str | None:
    match = re.search(r"\b(\d{1,2}|[a-h])\b", clean_label(text).lower()[:40])
    return match.group(1) if match else None
