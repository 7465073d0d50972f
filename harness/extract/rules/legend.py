"""The legend's entries: evaluation methods inside a heatmap, the lines or bar groups of a chart.

Each entry is a name and the colour or marker phrases the text also calls it by, since
describers key values by either ("Green squares: "Big-Bench-Hard"" in the legend, then
"Green: 55%" or "**1. Big-Bench-Hard (Green Squares):**" in the data). Entries come from a
legend key's list ("**Legend:**", "**Data Series (Bar Colors):**") in any of the forms

    * Zero-Shot Classifier (Dark Purple)      * Dark blue for "FirstSpace (8)"
    * Light Green: "w/o H · w/o CG"           * "Defaults": Represented by a white bar
    * Green                                   (an entry named only by its colour)

or inline ("Legend: GPT-4 (blue), Claude (orange)"). A legend that is a colour gradient,
or entries that are colours with values ("Dark Red: ~0.3"), is a colour scale, not a legend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.extract.rules.colour import is_scale_key
from harness.extract.rules.numbers import leading_value
from harness.extract.rules.sections import is_meta_key
from harness.extract.rules.structure import Line, Structure
from harness.extract.rules.text import (
    COLOUR_WORDS,
    MARK_WORDS,
    clean_label,
    colour_words,
    drop_notes,
    drop_parentheticals,
    drop_variable,
    has_digit,
    is_colour_phrase,
    quoted_head,
    split_list,
    strip_emphasis,
    words,
)

_LEGEND_WORDS = frozenset(("metrics", "metric", "measures", "legend"))
_LEGEND_KEYS = ("legend", "series", "legend entries", "legend items", "lines", "bars", "methods", "data series",
                "bar colors", "bar colours", "colors", "colours", "line colors", "line colours",
                "color assignments", "colour assignments")
_NOT_ENTRY_LIST_WORDS = frozenset("position location placement orientation size title label font style".split())
_QUOTED_RE = re.compile(r"[\"“]([^\"”\n]{1,80})[\"”]")
_NAMED_ENTRY_RE = re.compile(r"\b(?:labell?ed|named|titled|marked)\s{1,3}(?:as\s{1,3})?[\"“]([^\"”\n]{1,80})[\"”]", re.IGNORECASE)
# "r = 10 (Yellow)", "λ = 1.5, μ = 2": an entry that is a variable's setting.
_VARIABLE_ENTRY_RE = re.compile(r"^\s{0,3}[^\W\d]\w{0,11}\s{0,2}=\s{0,2}[-\w.]")
# "Series 1", "Entry 2", "Line 3": a key that numbers a legend's entries, naming none.
_NUMBERED_KEY_RE = re.compile(r"^(?:data\s{1,2})?(?:series|entry|item|line|bar|marker|group|label|class)\s{0,2}\d{1,2}$", re.IGNORECASE)
_DESCRIBES_RE = re.compile(r"^(?:represented|shown|drawn|depicted|denoted|indicated|marked|plotted)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LegendEntry:
    name: str
    aliases: tuple[str, ...] = ()  # colour / marker phrases the text uses for the entry


def _name(text: str) -> str:
    """An entry's name: notes dropped, a variable before its value too ("r = 5" is 5)."""
    return drop_variable(clean_label(drop_notes(text)))


def entry_of(text: str, key: str | None = None, value: str = "") -> LegendEntry | None:
    """One legend item: from a key and its value, or from a whole line."""
    if key is not None and value.strip() and _VARIABLE_ENTRY_RE.match(strip_emphasis(text)):
        drawn = strip_emphasis(drop_parentheticals(value)).strip(" .")
        if _VARIABLE_ENTRY_RE.match(strip_emphasis(key)) and is_colour_phrase(drawn):
            # "**k=3**: Blue square (■) and red circle (●)": the setting, drawn so
            return LegendEntry(_name(key), tuple(a for a in (_colour_part(value),) if a))
        key = None  # "λ = 1.5, μ = 2 (Light Blue)": a setting, named by the whole line
    if key is not None and value.strip():
        body = strip_emphasis(value).strip()
        quoted = _QUOTED_RE.search(body)
        if quoted and quoted.start() == 0 and colour_words(key.replace("/", " ")):
            # '**Pink/Light Red:** "1 Row"': the quoted name, the colours its alias
            return LegendEntry(clean_label(quoted.group(1)), (clean_label(drop_parentheticals(key)),))
        if leading_value(body) is not None:
            return None  # "Dark Red: ~0.3": a colour stop
        if is_colour_phrase(key) or is_colour_phrase(drop_parentheticals(key)):
            key = drop_parentheticals(key)  # "Red Line with Square Markers ($\blacksquare$)"
            name = clean_label(quoted.group(1)) if quoted else _name(_first_clause(body))
            if not quoted and _describes(name):
                # "**Purple Line with Star Markers:** Starts near the top, then declines": no
                # name but its colour (CONVENTIONS: series named only by colour)
                colour = " ".join(w for w in key.split() if w.lower() in COLOUR_WORDS)
                return LegendEntry(colour, (clean_label(key),)) if colour else None
            return LegendEntry(name, (clean_label(key),)) if name and not is_colour_phrase(name) else LegendEntry(clean_label(key))
        aliases = tuple(a for a in (_colour_part(body),) if a)
        named = _NAMED_ENTRY_RE.search(body)
        if named and _NUMBERED_KEY_RE.match(clean_label(key)):
            # "Series 1: Green square, labeled "w/o"": the key only counts the entries
            return LegendEntry(clean_label(named.group(1)), aliases)
        if quoted and quoted.start() == 0 and _NUMBERED_KEY_RE.match(clean_label(key)):
            # 'Data Series 1: "Train" - represented by a solid blue line'
            return LegendEntry(clean_label(quoted.group(1)), aliases)
        return LegendEntry(_name(key), aliases)
    line = strip_emphasis(text).strip()
    if not line:
        return None
    quoted = quoted_head(line)
    if quoted:
        # '"w/o MRL" - Represented by a blue dashed line': the quoted name, how it is drawn its alias
        alias = _colour_part(line[line.find(quoted) + len(quoted) :])
        return LegendEntry(clean_label(quoted), (alias,) if alias else ())
    named = _NAMED_ENTRY_RE.search(line)
    if named:
        # "A black circle symbol labeled "Observed Data"": the quoted name, the symbol its alias
        symbol = _colour_part(line[: named.start()])
        return LegendEntry(clean_label(named.group(1)), (symbol,) if symbol else ())
    # "Dark blue for "FirstSpace (8)"", "Blue line represents GPT-4"
    for joint in (" for ", " represents ", " denotes ", " indicates ", " = ", ": "):
        head, found, tail = line.partition(joint)
        if found and is_colour_phrase(head):
            quoted = _QUOTED_RE.search(tail)
            name = clean_label(quoted.group(1)) if quoted else _name(_first_clause(tail))
            if name:
                return LegendEntry(name, (clean_label(head),))
    # "Zero-Shot Classifier (Dark Purple)", "GPT-4 — blue"
    aliases: list[str] = []
    name = line
    if name.endswith(")") and "(" in name:
        inner = name[name.rfind("(") + 1 : -1]
        if is_colour_phrase(inner):
            aliases.append(clean_label(inner))
            name = name[: name.rfind("(")]
    for dash in (" — ", " – ", " - "):
        if dash in name and is_colour_phrase(name.split(dash, 1)[1]):
            aliases.append(clean_label(name.split(dash, 1)[1]))
            name = name.split(dash, 1)[0]
    name = _name(name)
    if not name:
        return None
    return LegendEntry(name, tuple(aliases))


# Words a sentence about how an entry looks or behaves opens with, never a name.
_DESCRIBING_WORDS = frozenset(
    "positioned located placed shown displayed appears starts begins remains stays shows declines rises "
    "increases decreases maintains peaks drops falls runs lies sits represents represented".split()
)


def _describes(name: str) -> bool:
    """"Positioned at the top of the chart", "Starts near the top": a sentence, not a name."""
    ws = words(name)
    return not ws or ws[0] in _DESCRIBING_WORDS or _is_sentence(name)


def _first_clause(text: str) -> str:
    for mark in (", ", "; ", ". ", " - ", " – "):
        at = text.find(mark)
        if at > 0:
            text = text[:at]
    return text


_STYLE_WORDS = frozenset("solid dashed dotted striped hatched filled hollow thick thin".split())


def _colour_part(text: str) -> str | None:
    """The colour phrase of a description ("Represented by a light blue bar" -> "light blue bar")."""
    ws = [w for w in text.replace(",", " ").replace(".", " ").split()]
    run: list[str] = []
    best: list[str] = []
    styles: list[str] = []  # "solid", "dashed" right before a colour: part of how it is drawn
    for w in ws:
        lw = w.lower().strip("()\"'")
        if lw in COLOUR_WORDS or (run and lw in MARK_WORDS and lw not in ("and", "with")):
            if not run and styles:
                run.extend(styles)
            run.append(w.strip("()\"'"))
            styles = []
        else:
            styles = [w.strip("()\"'")] if lw in _STYLE_WORDS else []
            if any(x.lower() in COLOUR_WORDS for x in run) and len(run) > len(best):
                best = run
            run = []
    if any(x.lower() in COLOUR_WORDS for x in run) and len(run) > len(best):
        best = run
    return " ".join(best) or None


def read_legend(structure: Structure) -> list[LegendEntry]:
    """Entries of the first legend that lists at least two (keyed lines before sentences)."""
    return _keyed_legend(structure) or [LegendEntry(n) for n in _prose_legend(structure)]


def _prose_legend(structure: Structure) -> list[str]:
    """'The legend ... lists "Baseline" and "Curriculum (ours)"' / '... identifies: a, b'."""
    for line in structure.lines:
        if line.kind not in ("bullet", "text") or "legend" not in line.content.lower():
            continue
        if line.key and set(words(line.key)) & _NOT_ENTRY_LIST_WORDS:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line.content):
            low = sentence.lower()
            at = low.find("legend")
            if at < 0 or any(w in low for w in ("gradient", "colour bar", "color bar", "colorbar")):
                continue
            rest = sentence[at:]
            if _COLOUR_BAR_RE.search(rest):
                continue
            quoted = [clean_label(q) for q in _QUOTED_RE.findall(rest)]
            if len(quoted) >= 2 and not any("title" in w for w in words(rest[: rest.find(quoted[0])])):
                return quoted
            names = _inline_entries(rest) if ":" in rest else []
            if len(names) >= 2:
                return [e.name for e in names]
    return []


def _is_legend_key(line: Line) -> bool:
    key_words = words(drop_parentheticals(line.key or ""))
    if not key_words or set(key_words) & _NOT_ENTRY_LIST_WORDS:
        return False  # "Legend Position: right": about the legend, not its entries
    if " ".join(key_words) in _LEGEND_KEYS or key_words[0] == "legend" or set(key_words) & _LEGEND_WORDS:
        return line.kind != "heading" or key_words[0] == "legend"  # "### Axes and Legend": a section
    # "**Data Series (Bar Colors):**": the words in brackets say what the list is
    inner = words(line.key[line.key.find("(") + 1 :]) if "(" in (line.key or "") else []
    return bool(inner) and " ".join(inner) in _LEGEND_KEYS


def _keyed_legend(structure: Structure) -> list[LegendEntry]:
    return _legend_under_key(structure) or _numbered_entries(structure)


def _numbered_entries(structure: Structure) -> list[LegendEntry]:
    """'**Data Series 1:** "Train" - a solid blue line', '**Data Series 2:** ...': sibling lines
    keyed by a count of the entries, with no legend key above them."""
    run: list[LegendEntry] = []
    previous: Line | None = None
    for line in structure.lines:
        if line.kind not in ("bullet", "text") or not line.key or not _NUMBERED_KEY_RE.match(clean_label(line.key)):
            continue
        entry = entry_of(line.content, line.key, line.value)
        if entry is None or _NUMBERED_KEY_RE.match(entry.name) or len(entry.name.split()) > 8 or _is_sentence(entry.name):
            continue
        if previous is not None and previous.parent != line.parent:
            if len(run) >= 2:
                return run
            run = []
        run.append(entry)
        previous = line
    return run if len(run) >= 2 else []


def _legend_under_key(structure: Structure) -> list[LegendEntry]:
    for line in structure.lines:
        if line.kind not in ("bullet", "text", "heading") or not line.key or not _is_legend_key(line):
            continue
        if (is_scale_key(line.key, line.value) or _COLOUR_BAR_RE.search(line.value)) and not _names_by_colour(structure, line):
            continue  # "Legend: Color scale from 0.0 to 0.5": a colour bar, no entries
        entries = _children_entries(structure, line)
        if len(entries) < 2:
            entries = _inline_entries(line.value)
        if len(entries) < 2:
            entries = _following_entries(structure, line)
        if len(entries) >= 2:
            return entries
    return []


def _names_by_colour(structure: Structure, key_line: Line) -> bool:
    """"**Color Legend**:" over "`Blue`: Left Wins", "`Red`: Right Wins": a key a colour bar
    could have, stating nothing itself, over colours that name things (no number in sight)."""
    if key_line.value.strip():
        return False
    children = [line for line in structure.lines[key_line.index + 1 : key_line.index + 40] if line.parent == key_line.index]
    return len(children) >= 2 and all(
        line.key and is_colour_phrase(line.key) and line.value.strip() and not has_digit(line.value) for line in children
    )


def _children_entries(structure: Structure, parent: Line) -> list[LegendEntry]:
    """Entries listed under the legend key, also under an introducer ("- Entries:")."""
    entries: list[LegendEntry] = []
    for line in structure.lines[parent.index + 1 : parent.index + 80]:
        if line.kind == "blank":
            continue
        if line.parent != parent.index and not any(a.index == parent.index for a in structure.ancestors(line.index, 3)):
            break
        if line.kind != "bullet" or (line.introducer and not is_colour_phrase(line.key or "")):
            continue
        if line.key and (is_scale_key(line.key) or is_meta_key(line.key)) and not is_colour_phrase(line.key):
            continue  # "Position: top right" says where the legend is, not an entry
        if _COLOUR_BAR_RE.search(line.content):
            return []  # "Color bar spans 450 to 850": this legend is a colour bar
        entry = entry_of(line.content, line.key, line.value)
        if entry is None or is_scale_key(entry.name) or len(entry.name.split()) > 8 or _is_sentence(entry.name):
            continue
        entries.append(entry)
    return entries


# Keys that name a part of the chart: never a legend entry, and where a flattened list of
# entries ends ("- **Legend**:", "- **bcb**: Blue line", ..., "- **Grid**: dotted").
_CHART_PART_WORDS = frozenset(
    "axis axes x y grid gridlines title subtitle legend colorbar colourbar color colour scale annotations "
    "annotation notes note background layout labels label ticks panel panels caption source footnote "
    "orientation position".split()
)


def _following_entries(structure: Structure, legend: Line) -> list[LegendEntry]:
    """Entries written after "**Legend**:" at its own depth (the page lost the indentation):
    the keyed items that follow it, up to a blank line, a heading or a chart part's key."""
    entries: list[LegendEntry] = []
    for line in structure.lines[legend.index + 1 : legend.index + 40]:
        if line.kind != "bullet" or not line.key or line.level != legend.level or line.introducer:
            break
        if set(words(line.key)) & _NOT_ENTRY_LIST_WORDS and not entries:
            continue  # "- Position: top right" before the entries: where the legend is
        if set(words(drop_parentheticals(line.key))) & _CHART_PART_WORDS and not is_colour_phrase(line.key):
            break
        entry = entry_of(line.content, line.key, line.value)
        if entry is None or len(entry.name.split()) > 8 or _is_sentence(entry.name):
            break
        if _SCALE_STOP_RE.search(entry.name):
            return []  # "Dark purple: Low values (3-5)": colour bins of a scale, not entries
        entries.append(entry)
    return entries


_SCALE_STOP_RE = re.compile(r"\b(?:low|lower|lowest|medium|mid|moderate|high|higher|highest)\b[^.]{0,20}\bvalues?\b|\d\s{0,2}[–—-]\s{0,2}\d", re.IGNORECASE)


_COLOUR_BAR_RE = re.compile(r"\b(?:colou?r\s?bar|colou?rbar|gradient|colou?r\s?scale|colou?rmap)\b", re.IGNORECASE)
_SENTENCE_STARTS = frozenset("positioned located placed shown displayed found situated appears appear the a an it this these there".split())


def _is_sentence(name: str) -> bool:
    """"Positioned on the right of the heatmap": where the legend is, not an entry's name."""
    tokens = name.split()  # written words: "A-Anchored (PopQA)" opens with a name, not "a"
    first = tokens[0].lower().strip("*_`\"'(") if tokens else ""
    if first == "not":  # "Not visually represented in bars"; "Not Saturated (✗)" is a name
        return len(tokens) >= 4
    return len(tokens) >= 3 and first in _SENTENCE_STARTS  # "A w/" is a name


# An inline list is entries only when every item is a name: "three per group, in blue and
# orange; there is no legend" describes the bars (an item opening with a preposition or a
# sentence word is a clause), and a text that says there is no legend lists none.
_CLAUSE_OPENERS = _SENTENCE_STARTS | frozenset("in on at with by for from of to per each".split())
_NO_LEGEND_RE = re.compile(r"\bno (?:legend|labels?)\b|\blegend is not\b|\bwithout (?:a )?legend\b", re.IGNORECASE)


def _is_place(name: str) -> bool:
    ws = words(name)
    return bool(ws) and ws[0] in _PLACE_WORDS


_PLACE_WORDS = frozenset("top bottom left right upper lower middle center centre above below inside outside".split())


def _is_clause(name: str) -> bool:
    ws = words(name)
    return len(ws) >= 2 and ws[0] in _CLAUSE_OPENERS


# A sentence about the legend, then its entries in brackets.
_SAYS_THEN_LISTS_RE = re.compile(r"^\s{0,3}([^,()]{3,80}?\s[^,()]{1,40}?)\s{0,3}\(([^()]{1,300},[^()]{1,300})\)\s{0,3}\.?\s{0,3}$")


def _inline_entries(value: str) -> list[LegendEntry]:
    text = strip_emphasis(value)
    if _NO_LEGEND_RE.search(text):
        return []
    if ":" in text:
        text = text.rsplit(":", 1)[1]
    listed = _SAYS_THEN_LISTS_RE.match(text)
    if listed and not is_colour_phrase(listed.group(2).split(",")[0]):
        text = listed.group(2)  # "Colors represent different models (Nano 1, Nano 2, Pro)"
    if "," not in text and ";" not in text and " and " not in text:
        return []
    out = []
    # Colours in brackets are kept for the aliases; other notes ("(both in 0-1)") go.
    kept = text if "(" not in text else drop_parentheticals(text, only_positions=False) if not any(
        is_colour_phrase(part.split(")")[0]) for part in text.split("(")[1:]
    ) else text
    for item in split_list(kept):
        entry = entry_of(item)
        if entry is None or len(entry.name.split()) > 6 or _is_clause(entry.name) or _is_place(entry.name):
            return []  # "BLEU legend: Right side, top heatmap" says where, not what
        if not is_colour_phrase(entry.name):
            out.append(entry)
    return out
