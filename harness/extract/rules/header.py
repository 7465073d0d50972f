"""The chart's title and kind.

"## Heatmap: X" gives the kind "heatmap" and the title "X"; an explicit
"**Title:** "X" (centered at the top)" names the title as the chart shows it and wins
over a heading the describer wrote. A heading that is only a kind ("## Heatmap
Analysis") gives no title.
"""

from __future__ import annotations

from harness.extract.rules.structure import Structure
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
_KIND_HEAD_WORDS = frozenset(
    "heatmap heat map chart graph plot diagram figure image visualization visualisation "
    "matrix table histogram bar line scatter pie analysis description overview technical "
    "document data grid confusion correlation grouped stacked multi panel side by".split()
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


def title(structure: Structure) -> str | None:
    for line in structure.lines:
        if line.key and line.kind in ("bullet", "text") and words(line.key) in (["title"], ["chart", "title"], ["main", "title"], ["figure", "title"], ["plot", "title"], ["heatmap", "title"], ["graph", "title"]):
            value = clean_label(drop_parentheticals(clean_label(line.value), only_positions=True))
            value = _strip_quoted(value)
            if value and value.lower().rstrip(".") not in _NO_TITLE and not value.lower().startswith(("there is no", "no title", "none")):
                return value
    for line in structure.lines:
        if line.kind == "heading" and line.level <= 6:
            return _heading_title(line.content)
    return None


def _strip_quoted(value: str) -> str:
    # 'Title: "X" (centered at the top)' leaves '"X"' or '"X" positioned above'.
    if value[:1] in "\"“" and value.count(value[0]) + value.count("”") >= 2:
        close = value.find("”" if value[0] == "“" else '"', 1)
        if close > 1:
            return clean_label(value[1:close])
    return value


def _heading_title(heading: str) -> str | None:
    text = clean_label(heading)
    for sep in (":", " - ", " – ", " — "):
        if sep in text:
            head, rest = text.split(sep, 1)
            if all(w in _KIND_HEAD_WORDS for w in words(head)):
                return clean_label(rest) or None
    if all(w in _KIND_HEAD_WORDS for w in words(text)):
        return None
    return text or None
