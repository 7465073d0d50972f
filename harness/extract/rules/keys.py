"""Key paths: which row, column, series and panel a stated value belongs to.

A value arrives with the labels written around it, outermost first: its headings and
parent bullets, then the line's own keys ("GPT-4" > "GPT-4 to Claude 2" > 61.9%). A
:class:`Frame` knows the categories each dimension can take; :meth:`Frame.resolve`
matches the labels against them (ignoring case, spaces, escapes and an axis name written
in front, "Type '4'", "Length 3"; how one label is matched is ``categories``' part) and
fills the dimensions, innermost labels first, in reading order (row, then column, then
series) where a label fits more than one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.categories import COL, ROW, SERIES, CategoryMatching
from harness.extract.rules.key_labels import (
    ANY_POSITION,
    BETWEEN_RE,
    POSITION_WORDS,
    is_generic,
    label_like,
    located_key,
    position_dim,
)
from harness.extract.rules.text import (
    clean_label,
    colour_words,
    drop_notes,
    drop_parentheticals,
    norm,
    stem,
    words,
)

_CONNECTORS = ("→", "->", "=>", "⟶", "➔", "—>", "-->", " to ", " vs. ", " vs ", " versus ", " / ", "/", " × ", " x ", ",", " on ", "|", " and ", " with ", " for ")
_STRONG = ("→", "->", "=>", "⟶", "➔", "—>", "-->", " to ", " vs. ", " vs ", " versus ", " / ", ",", "|", " × ")


@dataclass(slots=True)
class Part:
    """One label on a value's key path."""

    text: str
    inline: bool = True  # written on the value's own line (not a heading above it)
    hint: str | None = None  # the field name the writer gave it ("Test" of "Test: HotpotQA")
    header: bool = False  # a table's column header (a series name on a one-series bar chart)


@dataclass(slots=True)
class Resolved:
    row: str | None
    col: str | None
    series: str | None
    panel: int | None


_AT_TICK_RE = re.compile(r"(?:at|@)\s{1,2}(-?\d{1,7}(?:\.\d{1,4})?[kKMBG%]?)(?:\s{1,2}([A-Za-z][A-Za-z ]{0,30}))?", re.IGNORECASE)


@dataclass
class Frame(CategoryMatching):
    rows: list[str] = field(default_factory=list)
    cols: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    panels: list[str | None] = field(default_factory=list)
    row_label: str | None = None
    col_label: str | None = None
    default_row: str | None = None  # bar/line with one series: the value axis title
    fallback_row: str | None = None  # ... and with no value axis title: the chart's title
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # dim -> colour/marker phrase -> name
    # Keys read from position words ("Row 2" is 2): cells, not ticks the text lists.
    position_keys: set[tuple[str, str]] = field(default_factory=set)
    rows_from_legend: bool = False  # a bar or line chart's rows are its legend's entries
    open_x: bool = False  # a line or scatter chart's x axis is a scale: any x its title names is a position
    xy_pairs: bool = False  # the text keys cells as "(x, y)" ("a (digit_a, digit_b) pair"): column first
    _index: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _cache: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self._index = {ROW: _index(self.rows), COL: _index(self.cols), SERIES: _index(self.series)}
        # A legend entry's colour or marker ("Green squares") stands for its name; so does
        # the same colour said shorter ("Green"), when only one entry has those colours.
        self._alias = {
            dim: {norm(alias): name for alias, name in table.items() if norm(name) in self._index.get(dim, {})}
            for dim, table in self.aliases.items()
        }
        self._alias_colours = {
            dim: _unique_by_colours(table) for dim, table in self.aliases.items() if table
        }
        self._panel_index = {norm(t): i for i, t in enumerate(self.panels) if t}
        self._cache = {}
        self._index_words = {}
        self._split_cache: dict[str, list[str]] = {}
        self._split_parts: dict[tuple, list[Part]] = {}
        self._resolved: dict[tuple, Resolved | None] = {}
        self._named: dict[str, str | None] = {}

    def dims(self) -> list[str]:
        dims = [] if self.default_row is not None else [ROW]
        dims.append(COL)
        if self.series:
            dims.append(SERIES)
        return dims

    def known(self, dim: str) -> bool:
        return bool(self._index.get(dim))

    def panel_of(self, text: str) -> int | None:
        if not self._panel_index:
            return None
        key = norm(text)
        if key in self._panel_index:
            return self._panel_index[key]
        key = norm(drop_parentheticals(clean_label(text)))
        return self._panel_index.get(key)

    # -- resolving a path ----------------------------------------------------------------
    def split(self, part: Part) -> list[Part]:
        """"GPT-4 to Claude 2" -> two labels, unless the whole is one known label.

        Shared from a cache (a path's parts are split again by every reader): callers
        copy the parts into their own list and change neither the list nor a part."""
        key = (part.text, part.inline, part.hint, part.header)
        parts = self._split_parts.get(key)
        if parts is None and part.inline and part.hint and not part.header and BETWEEN_RE.search(part.text):
            # A table's label cell "Self-Rewarding M3 vs. M2" names one comparison (a bar), not two keys
            parts = self._split_parts[key] = [part]
        if parts is None:
            pieces = self._split_cache.get(part.text)
            if pieces is None:
                pieces = self._split(part.text)
                if len(self._split_cache) < 50_000:
                    self._split_cache[part.text] = pieces
            parts = [Part(p, part.inline, part.hint, part.header) for p in pieces]
            if len(self._split_parts) < 50_000:
                self._split_parts[key] = parts
        return parts

    def _split(self, raw: str) -> list[str]:
        text = clean_label(raw)
        located = located_key(text)
        if located:
            text = located  # "Row 2: Attn. (Attention)" names Attn.
        if len(self.dims()) == 1 and not any(self._index.values()):
            return [text] if text else []  # one dimension to fill: "Failed to Locate Data" is one name
        pair = text.startswith("(") and text.endswith(")") and _closing(text) == len(text) - 1
        if pair:
            text = text[1:-1]  # "(BMI, Age (years))"
            if self.xy_pairs:
                pieces = [clean_label(x) for x in _split_outside_brackets(text, ",")]
                if len(pieces) == 2 and all(pieces):
                    return pieces[::-1]  # "(1, 2)" is x = 1, y = 2: the row is the second
        if self.match(text) or self.panel_of(text) is not None:
            return [text]
        known = any(self._index.values())
        for sep in _CONNECTORS if known else _STRONG:
            if sep not in text:
                continue
            pieces = [p for p in (clean_label(x) for x in _split_outside_brackets(text, sep)) if p]
            if not pieces:
                continue
            if known and sep not in _STRONG and not all(self.match(p) for p in pieces):
                continue
            if len(pieces) > 4:
                continue
            return pieces
        return [text] if text else []

    def resolve(self, path: list[Part], *, strict: bool = False) -> Resolved | None:
        """Fill row/col/series/panel from ``path`` (outermost first); None if it cannot.

        ``strict``: every dimension must be filled by a label that matches a category
        (used outside the data sections, where keys are often prose).
        """
        key = (tuple([(p.text, p.inline, p.hint, p.header) for p in path[-6:]]), strict)
        if key in self._resolved:
            return self._resolved[key]
        found = self._resolve(path, strict)
        if len(self._resolved) < 50_000:
            self._resolved[key] = found
        return found

    def _resolve(self, path: list[Part], strict: bool) -> Resolved | None:
        parts: list[Part] = []
        for part in path[-6:]:
            parts.extend(self.split(part))
        panel: int | None = None
        kept: list[Part] = []
        for part in parts:
            p = self.panel_of(part.text)
            if p is not None and not self.match(part.text):
                panel = p
            else:
                kept.append(part)
        dims = self.dims()
        chosen: dict[str, str] = {}
        used: set[int] = set()
        cands = [self._candidates(p) for p in kept]
        # 1. labels that fit exactly one dimension, innermost first
        for i in range(len(kept) - 1, -1, -1):
            options = [c for c in cands[i] if c[0] in dims]
            if len({d for d, _ in options}) == 1 and options[0][0] not in chosen:
                chosen[options[0][0]] = options[0][1]
                used.add(i)
        # 2. labels fitting several (the same names on both axes): reading order
        ambiguous = [i for i in range(len(kept)) if i not in used and len({d for d, _ in cands[i] if d in dims}) > 1]
        free = [d for d in dims if d not in chosen]
        ambiguous = ambiguous[-len(free) :] if free else []
        for i in ambiguous:
            for dim, canon in cands[i]:
                if dim in dims and dim not in chosen:
                    chosen[dim] = canon
                    used.add(i)
                    break
        # 3. unknown labels fill what is left, in reading order, from the innermost ones
        free = [d for d in dims if d not in chosen]
        spare_header: str | None = None
        if self.default_row == "":
            # One series and no value-axis title: a table's value column names it.
            headers = [i for i in range(len(kept)) if kept[i].header and i not in used and not cands[i]]
            if headers:
                used.add(headers[-1])
                spare_header = clean_label(drop_notes(kept[headers[-1]].text))  # "Left Wins (Green)"
        if free and not strict:
            rest = [
                i
                for i in range(len(kept))
                if i not in used and not cands[i] and (kept[i].inline or not is_generic(kept[i].text)) and label_like(kept[i].text)
            ]
            if len(rest) > len(free):
                # "Row 1, Column 2: Value = 9": a generic key on the value's line ("Value")
                # names no category when specific labels fill the dimensions.
                specific = [i for i in rest if not is_generic(kept[i].text)]
                if len(specific) >= len(free):
                    rest = specific
            rest = rest[-len(free) :]
            if len(rest) == len(free) or all(not self.known(d) for d in free):
                for i in rest:
                    named = self.dim_named(kept[i].hint) or position_dim(kept[i].text)
                    dim = named if named in free else free[0]
                    chosen[dim] = self._without_axis_name(dim, clean_label(drop_notes(clean_label(kept[i].text))))
                    free = [d for d in dims if d not in chosen]
                    if not free:
                        break
        if any(d not in chosen for d in dims):
            return None
        row = chosen.get(ROW, spare_header or self.default_row or self.fallback_row)
        return Resolved(row, chosen[COL], chosen.get(SERIES), panel)

    def _without_axis_name(self, dim: str, label: str) -> str:
        """"Model 1" on the axis "Model Number" is 1: a new tick loses its axis's name; on
        a grid with no tick labels, "Row 2" and "Column 3" (or "Cell 3" in a row) are 2 and 3."""
        axis_label = self.row_label if dim == ROW else self.col_label if dim == COL else None
        at = _AT_TICK_RE.fullmatch(label)
        if at and axis_label and {stem(w) for w in words(at.group(2) or "")} <= {stem(w) for w in words(axis_label)}:
            return at.group(1)  # "At 10k steps" on "Checkpoint (training steps)" is 10k
        tokens = label.replace("=", " ").split()
        if len(tokens) < 2 or not tokens[-1].replace(".", "", 1).lstrip("-").isdigit():
            return label
        head = {stem(w) for w in words(" ".join(tokens[:-1]))}
        if axis_label and head <= {stem(w) for w in words(axis_label)}:  # "Step 5000" on "Steps"
            return tokens[-1]
        # A bar chart's "Row 2" is its second bar, a category: any position word will do there.
        words_here = POSITION_WORDS.get(dim, frozenset()) if self.default_row is None and not self.rows_from_legend else ANY_POSITION
        if head and head <= words_here:
            self.position_keys.add((dim, norm(tokens[-1])))
            return tokens[-1]
        return label

    def _candidates(self, part: Part) -> list[tuple[str, str]]:
        found = self.match(part.text)
        dim = self.dim_named(part.hint) or (self._dim_in_front(part.text) if len(found) > 1 else None)
        if dim and len(found) > 1:
            hinted = [c for c in found if c[0] == dim]
            return hinted or found
        return found

    def _dim_in_front(self, label: str) -> str | None:
        """"Attack Budget 4" where both axes have a tick 4: the axis title in front says whose."""
        tokens = label.split()
        if len(tokens) < 2:
            return None
        return self.dim_named(" ".join(tokens[:-1]))

    def dim_named(self, name: str | None) -> str | None:
        """The dimension a field name stands for: an axis title, or "row"/"column"."""
        if not name:
            return None
        if name not in self._named:
            self._named[name] = self._dim_named(name)
        return self._named[name]

    def _dim_named(self, name: str) -> str | None:
        ws = {stem(w) for w in words(name)}  # "time steps" names the axis "Time step"
        if not ws:
            return None
        hits = []
        for dim, label in ((ROW, self.row_label), (COL, self.col_label)):
            lw = {stem(w) for w in words(label or "")}
            if lw and (ws <= lw or lw <= ws):
                hits.append(dim)
        if len(hits) == 1:
            return hits[0]
        if not hits:
            if ws & {"row", "y"}:
                return ROW
            if ws & {"column", "col", "x"}:
                return COL
        return None


def _closing(text: str) -> int:
    """Index of the bracket closing the one ``text`` opens with (-1 if none)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_outside_brackets(text: str, sep: str) -> list[str]:
    """Split on ``sep`` except inside brackets ("HbA1c (%), Age (years)")."""
    if "(" not in text:
        return text.split(sep)
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n, w = len(text), len(sep)
    while i < n:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            out.append(text[start:i])
            start = i + w
            i += w
            continue
        i += 1
    out.append(text[start:])
    return out


def _unique_by_colours(aliases: dict[str, str]) -> dict[frozenset[str], str]:
    """Colour-word sets that name exactly one entry ({"green"} for "Green squares")."""
    names: dict[frozenset[str], set[str]] = {}
    for alias, name in aliases.items():
        hues = colour_words(alias)
        if hues:
            names.setdefault(hues, set()).add(name)
    return {hues: next(iter(found)) for hues, found in names.items() if len(found) == 1}


def _index(labels: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for label in labels:
        out.setdefault(norm(label), label)
    return out

