"""The chart's title and kind.

"## Heatmap: X" gives the kind "heatmap" and the title "X"; an explicit
"**Title:** "X" (centered at the top)" names the title as the chart shows it and wins
over a heading the describer wrote. A heading that is only a kind ("## Heatmap
Analysis") gives no title.
"""

from __future__ import annotations

import re

from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import clean_label, drop_parentheticals, words

# Kind words, most specific first: "bar chart" before "chart", "heatmap" before "map".
_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("heatmap", "heat map", "heat-map", "confusion matrix", "correlation matrix", "transfer matrix"), "heatmap"),
    (("bar chart", "bar graph", "bar plot", "barplot", "histogram", "column chart", "grouped bar", "stacked bar", "bars"), "bar"),
    (("line chart", "line graph", "line plot", "lineplot", "time series", "curve"), "line"),
    (("scatter plot", "scatterplot", "scatter chart", "scatter"), "scatter"),
    (("pie chart", "donut chart", "doughnut chart", "pie"), "pie"),
    (("table",), "table"),
)
# Kind words and the template words describers put around them ("Technical Document
# Extraction:", "Surface Charts:", "Analysis of Heatmap Image"): a heading made only of these
# names no chart, and a heading prefix made only of these is dropped (CONVENTIONS: title).
_KIND_HEAD_WORDS = frozenset(
    "heatmap heatmaps heat map maps chart charts graph graphs plot plots diagram diagrams figure "
    "image visualization visualisation matrix table histogram bar line scatter pie analysis "
    "description overview technical document data grid confusion correlation grouped stacked "
    "multi panel panels side by extraction comparison series surface leaderboard of the an "
    "detailed content summary breakdown violin box whisker radar spider area bubble donut doughnut "
    "funnel treemap sankey flow network contour polar plot3d 3d flowchart flowcharts schematic".split()
)
# The words of a describer's template (not of a chart's kind): a heading part made of kind
# words and at least one of these names no chart.
_TEMPLATE_WORDS = frozenset("analysis extraction description overview technical document data summary breakdown detailed content".split())
# "No chart title is visible within the image frame", "None present", "Not shown": no title.
_SAYS_NO_TITLE_RE = re.compile(
    r"^(?:there\s{1,3}is\s{1,3}no\b|no\b[^.]{0,30}\btitle\b|none\b|not\s{1,3}(?:visible|shown|provided|present|given|stated)\b)",
    re.IGNORECASE,
)
_NO_TITLE = frozenset(("none", "n/a", "na", "no title", "not visible", "not provided", "untitled", "not specified", "no explicit title", "not shown"))


def chart_kind(text: str) -> str | None:
    low = text.lower()
    for phrases, kind in _KINDS:
        if any(_has_phrase(low, p) for p in phrases):
            return kind
    return None


def _has_phrase(low: str, phrase: str) -> bool:
    at = low.find(phrase)
    while at >= 0:
        before = low[at - 1] if at else " "
        after_at = at + len(phrase)
        after = low[after_at] if after_at < len(low) else " "
        if not before.isalnum() and (not after.isalnum() or after == "s"):
            return True
        at = low.find(phrase, at + 1)
    return False


def chart_type(structure: Structure) -> str:
    """From the first heading's kind word, a "Chart Type:" line, else the opening prose."""
    for line in structure.lines:
        if line.kind == "heading" and line.level <= 6:
            kind = chart_kind(line.content)
            if kind:
                return kind
            break
    for line in structure.lines:
        if line.key and words(line.key)[-2:] in (["chart", "type"], ["type"], ["plot", "type"], ["graph", "type"]):
            kind = chart_kind(line.value)
            if kind:
                return kind
    opening = structure.text[:1500]
    kind = chart_kind(opening)
    return kind or "other"


_TITLED_RE = re.compile(r"\b(?:titled|entitled|with the title|under the title|has the title|the title)\s{0,3}(?:is\s{1,3})?[*_]{0,2}[\"“]", re.IGNORECASE)
_CHART_NOUNS = ("heatmap", "heat map", "chart", "figure", "plot", "graph", "matrix", "image", "diagram", "visualization", "table")
_NOT_CHART = ("axis", "axes", "bar ", "colour", "color", "legend", "panel", "row", "column")


def _prose_title(structure: Structure) -> str | None:
    """'a heatmap titled "X"', 'The overall figure title ... is "X"' in the opening prose."""
    for line in structure.lines[:80]:
        if line.kind not in ("text", "bullet") or line.key and line.kind == "bullet":
            continue
        if "tle" not in line.content.lower():
            continue  # every phrase of _TITLED_RE says "title" (t, l, e fold only to themselves)
        for match in _TITLED_RE.finditer(line.content):
            before = line.content[max(0, match.start() - 60) : match.start()].lower()
            tail = before.rsplit(".", 1)[-1]
            if not any(n in tail for n in _CHART_NOUNS) or any(n in tail for n in _NOT_CHART):
                continue
            quote = line.content[match.end() - 1]
            close = line.content.find("”" if quote == "“" else '"', match.end())
            if close > match.end():
                return clean_label(line.content[match.end() : close]) or None
    return None


def _is_title_key(key: str) -> bool:
    ws = words(drop_parentheticals(key))
    return ws in (["title"], ["chart", "title"], ["main", "title"], ["figure", "title"], ["plot", "title"], ["heatmap", "title"], ["graph", "title"], ["overall", "title"])


def title(structure: Structure) -> str | None:
    """An explicit "Title:" line, else a sentence naming it, else the first heading."""
    for line in structure.lines:
        if line.key and line.kind in ("bullet", "text") and _is_title_key(line.key) and not _under_axis(structure, line):
            value = clean_label(drop_parentheticals(clean_label(line.value), only_positions=True))
            value = _strip_quoted(value)
            if value and value.lower().rstrip(".") not in _NO_TITLE and not _SAYS_NO_TITLE_RE.search(value):
                return value
    named = _prose_title(structure)
    if named:
        return named
    for line in structure.lines:
        if line.kind == "heading":
            return _heading_title(line.content)
        if line.kind == "text" and len(line.content) <= 200:
            # 'Heatmap — "X"' as a plain first line: a heading without the "#".
            kind_titled = _kind_prefixed_title(line.content)
            if kind_titled:
                return kind_titled
        if line.kind not in ("blank", "rule"):
            break
    for line in structure.lines:
        if line.kind == "heading" and line.level <= 6:
            return _heading_title(line.content)
    return None


def _under_axis(structure: Structure, line: Line) -> bool:
    """"**Title:** Win Rate (%)" under (or flattened right after) "**Y-Axis:**" titles the axis."""
    before = structure.lines[max(0, line.index - 3) : line.index][::-1]
    for above in [*before, *structure.ancestors(line.index, 3)]:
        if above.kind == "heading":
            return False
        if above.key and _AXIS_KEY_RE.match(above.key):
            return True
    return False


_AXIS_KEY_RE = re.compile(r"\W{0,3}(?:[xyz][\s-]?axis|horizontal axis|vertical axis|colou?r ?bar|legend)\b", re.IGNORECASE)


def _strip_quoted(value: str) -> str:
    # 'Title: "X" (centered at the top)' leaves '"X"' or '"X" positioned above'.
    if value and value[0] in "\"“" and value.count(value[0]) + value.count("”") >= 2:
        close = value.find("”" if value[0] == "“" else '"', 1)
        if close > 1:
            return clean_label(value[1:close])
    return value


def _is_numbering(word: str) -> bool:
    return word.isdigit() or len(word) == 1 or word in ("ii", "iii", "iv", "vi")


def _kind_prefixed_title(text: str) -> str | None:
    """"X" of 'Heatmap — "X"' / "Bar chart: X": a kind word, a separator, then the title."""
    text = clean_label(text)
    for sep in (":", " - ", " – ", " — "):
        if sep in text:
            head, rest = text.split(sep, 1)
            ws = words(head)
            if ws and chart_kind(head) and all(w in _KIND_HEAD_WORDS for w in ws):
                return _strip_quoted(clean_label(rest)) or None
            return None
    return None


def _heading_title(heading: str) -> str | None:
    text = clean_label(heading)
    for sep in (":", " - ", " – ", " — "):
        if sep in text:
            head, rest = text.split(sep, 1)
            if all(w in _KIND_HEAD_WORDS or _is_numbering(w) for w in words(head)):
                rest = clean_label(rest)  # "Heatmap:", "Figure 3:", "Chart (b) -"
                # "Technical Document Extraction: Heatmap Analysis": template words on both sides
                # ("Heatmap: Correlation Matrix" is a title: kind words alone may name a chart)
                ws = words(rest)
                template_only = all(w in _KIND_HEAD_WORDS for w in ws) and any(w in _TEMPLATE_WORDS for w in ws)
                return None if template_only else rest or None
    if all(w in _KIND_HEAD_WORDS for w in words(text)):
        return None
    return text or None
