"""Panels: the plotted grids a figure holds, in reading order, with their own titles.

A panel is announced by a marker line ("Heatmap 1: Probe", "**Left panel (Probe)**",
"### Right Heatmap - "LoRA + Prompt""), by a list of titles ('Titles: "Probe" (left),
"LoRA + Prompt" (right)') or by a count ("two heatmaps side-by-side"). Every announced
panel is kept, even when the text stops before reaching it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import clean_label, drop_parentheticals, is_position_phrase, norm, split_list, words

_KINDS = r"(?:heat\s?maps?|panels?|sub-?plots?|sub-?charts?|charts?|plots?|graphs?|matrix|matrices|figures?)"
_NUMBERED_RE = re.compile(r"^\W{0,3}" + _KINDS + r"\s{0,3}(?:#\s{0,2})?(?:\d{1,2}|\(?[a-h]\)|[a-h]\b|[ivx]{1,4}\b)", re.IGNORECASE)
_PLACED_RE = re.compile(
    r"^\W{0,3}(?:the\s{1,3})?(?:top|bottom|upper|lower|left|right|middle|center|centre|first|second|third|fourth|top-left|top-right|bottom-left|bottom-right|left-hand|right-hand)[\s-]{1,3}(?:side\s{1,3})?"
    + _KINDS
    + r"\b",
    re.IGNORECASE,
)
_TRAILING_PLACE_RE = re.compile(r"\b" + _KINDS + r"\s{0,3}\((?:top|bottom|upper|lower|left|right|middle|center|centre)\b[^)]{0,20}\)", re.IGNORECASE)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "dual": 2, "pair": 2}
_PLURAL_KINDS = frozenset("heatmaps panels subplots charts plots matrices graphs grids".split())
_TITLE_KEYS = frozenset(("titles", "panel titles", "subplot titles", "heatmap titles", "subtitles", "panel labels", "chart titles", "plot titles"))
_KIND_WORDS = frozenset("heatmap heatmaps heat map panel subplot sub plot chart plot graph matrix figure side hand".split())


@dataclass
class Panels:
    titles: list[str | None] = field(default_factory=lambda: [None])
    marker_lines: dict[int, int] = field(default_factory=dict)  # line index -> panel index


def marker_title(text: str) -> tuple[bool, str | None]:
    """(is a panel marker, its title) for a heading or key such as "Heatmap 1: Probe"."""
    label = clean_label(text)
    if not (_NUMBERED_RE.match(label) or _PLACED_RE.match(label) or _TRAILING_PLACE_RE.search(label)):
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
    return True, title or None


def _is_kind_or_place(token: str) -> bool:
    ws = words(token)
    if not ws:
        return True
    return all(w in _KIND_WORDS or is_position_phrase(w) or w in ("the", "first", "second", "third", "fourth") or (len(w) <= 2 and (w.isdigit() or w in "abcdefgh")) for w in ws)


def announced_count(text: str) -> int:
    """"two heatmaps", "three side-by-side panels": how many panels the prose announces."""
    tokens = words(text[:3000])
    best = 0
    for i, tok in enumerate(tokens):
        n = _COUNT_WORDS.get(tok)
        if n is None:
            continue
        for follow in tokens[i + 1 : i + 5]:
            if follow in _PLURAL_KINDS:
                best = max(best, n)
                break
    if "side by side" in " ".join(tokens[:600]) and best < 2:
        for tok in tokens[:600]:
            if tok in ("heatmaps", "panels", "subplots", "matrices"):
                best = 2
                break
    return best


def title_list(structure: Structure) -> list[str]:
    for line in structure.lines:
        if line.key and line.kind in ("bullet", "text") and line.key.lower() in _TITLE_KEYS:
            value = drop_parentheticals(clean_label(line.value), only_positions=True)
            items = split_list(value)
            if len(items) >= 2:
                return items
    return []


def find_panels(structure: Structure, overview: str) -> Panels:
    markers: list[tuple[Line, str | None]] = []
    for line in structure.lines:
        if line.kind not in ("heading", "text", "bullet"):
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
    listed = title_list(structure)
    count = announced_count(overview)
    titles: list[str | None] = []
    lines: dict[int, int] = {}
    by_title: dict[str, int] = {}
    by_number: dict[str, int] = {}
    for line, title in markers:
        number = _marker_number(line.key or line.content)
        if title and norm(title) in by_title:
            idx = by_title[norm(title)]
        elif title is None and number and number in by_number:
            idx = by_number[number]
        else:
            idx = len(titles)
            titles.append(title)
            if title:
                by_title[norm(title)] = idx
            if number:
                by_number[number] = idx
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
    return Panels(titles, lines)


def _marker_number(text: str) -> str | None:
    match = re.search(r"\b(\d{1,2}|[a-h])\b", clean_label(text).lower()[:40])
    return match.group(1) if match else None
