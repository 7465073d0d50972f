"""Categories: which of a frame's rows, columns and series one label can stand for.

Describers seldom write a category exactly as the frame lists it: "Type '4'" and "Length
3" put the axis's name in front, "GPT-4 row" behind; "Trained on Mistral" leads up to the
name; "Zero-Shot" is a whole-word prefix of "Zero-Shot Classifier"; "Green squares" is a
legend entry called by its colour. :class:`CategoryMatching` tries these in turn, an exact
match first, and gives the (dimension, category) pairs the label fits; ``keys.Frame``,
which resolves whole key paths, is built on it.
"""

from __future__ import annotations

import re

from harness.extract.rules.text import (
    MARK_WORDS,
    clean_label,
    colour_words,
    drop_parentheticals,
    norm,
    quoted_head,
    stem,
    words,
)

# The dimensions a category belongs to.
ROW, COL, SERIES = "row", "col", "series"
_LEAD_WORDS = frozenset(
    "trained tested evaluated fine tuned finetuned applied transferred optimised optimized built "
    "on from to into source target train test eval model dataset data for with using at in of the when".split()
)
_ROW_COL_WORDS = {"row": ROW, "rows": ROW, "y": ROW, "column": COL, "columns": COL, "col": COL, "x": COL}
_AXIS_WORDS = frozenset("row rows col column columns x y axis label labels type category cell".split())

# "Max ASR Group", "GPT-4 bars": the word for what a category is drawn as, after its name.
# "GSM8K Dataset", "Knights Task": the word for what kind of thing it is (a fallback after the
# whole key, so a category named "Alpaca Dataset" keeps its word).
_CONTAINER_WORDS = frozenset(
    ("group", "cluster", "bars", "bar", "section", "dataset", "benchmark", "task", "subset", "split",
     "model", "method", "setting", "condition", "category")
)

# "1. ", "2) ", "(a) ", "b. ": a list number in front of a key, not part of its name.
_ENUMERATION_RE = re.compile(r"^\(?(?:\d{1,2}|[a-h])[.)]\s{1,3}")


class CategoryMatching:
    """Matching one label to the categories of a frame; mixed into ``keys.Frame``, whose
    ``rebuild`` fills the indexes read here."""

    row_label: str | None
    col_label: str | None
    _index: dict[str, dict[str, str]]  # dimension -> normalised label -> category
    _alias: dict[str, dict[str, str]]  # dimension -> normalised colour or marker phrase -> category
    _alias_colours: dict[str, dict[frozenset[str], str]]  # dimension -> colour words -> category
    _cache: dict[str, list[tuple[str, str]]]  # label -> what match() found
    _index_words: dict[str, list[tuple[list[str], str]]]  # dimension -> (words, category), filled by _prefix

    def match(self, text: str) -> list[tuple[str, str]]:
        """(dimension, canonical label) pairs ``text`` can stand for."""
        cached = self._cache.get(text)
        if cached is None:
            cached = self._match(text)
            if len(self._cache) < 50_000:
                self._cache[text] = cached
        return cached

    def _match(self, text: str) -> list[tuple[str, str]]:
        label = clean_label(text)
        enumerated = _ENUMERATION_RE.match(label)
        if enumerated and enumerated.end() < len(label):
            label = clean_label(label[enumerated.end() :])  # "1. *t<sub>G</sub>* Column"
        found = self._exact(label)
        if not found and "(" in label:
            found = self._exact(drop_parentheticals(label))
            if not found and label.endswith(")"):
                # "Row 1 (GPT-4)": the name in brackets
                found = self._exact(label[label.rfind("(") + 1 : -1])
                outside = self._exact(label[: label.rfind("(")])
                if len(found) > 1 and outside:
                    # "Green Bar ("w/o")": the colour says which dimension the name is in
                    found = [f for f in found if f[0] in {dim for dim, _ in outside}] or found
        if not found:
            found = self._as_placed(label)
        if not found:
            found = self._after_axis_name(label)
        if not found and "(" in label:
            found = self._after_axis_name(drop_parentheticals(label))  # "r = 5 (Teal Line)"
        if not found:
            found = self._after_lead_words(label)
        if not found:
            found = self._prefix(label)
        return found

    def _as_placed(self, label: str) -> list[tuple[str, str]]:
        """"`A w/` (Leftmost group)", "Max ASR (↓) Group (Center)": a quoted name, or a
        name with where it sits and the word for what it is ("group", "cluster") after it."""
        quoted = quoted_head(label)
        if quoted:
            return self._exact(quoted)
        placed = drop_parentheticals(label, only_positions=True) if "(" in label else label
        tokens = placed.split()
        if len(tokens) >= 2 and tokens[-1].lower() in _CONTAINER_WORDS:
            placed = " ".join(tokens[:-1])
        return self._exact(placed) if placed != label else []

    def _after_lead_words(self, label: str) -> list[tuple[str, str]]:
        """"Trained on Mistral", "tested on LLaMA-2": a name after words that only lead to it."""
        tokens = label.split()
        for cut in range(1, min(4, len(tokens))):
            head = words(" ".join(tokens[:cut]))
            if head and all(w in _LEAD_WORDS for w in head):
                found = self._exact(" ".join(tokens[cut:]))
                if found:
                    return found
        return []

    def _exact(self, label: str) -> list[tuple[str, str]]:
        key = norm(label)
        found = [(dim, idx[key]) for dim, idx in self._index.items() if key in idx]
        if found or not self._alias:
            return found
        for dim, table in self._alias.items():
            if key in table:
                found.append((dim, table[key]))
        if not found:
            hues = colour_words(label)
            # "Green", "Green Bar": the colour alone, or with how the entry is drawn
            if hues and len(hues) == len([w for w in words(label) if w not in MARK_WORDS]):
                for dim, by_colours in self._alias_colours.items():
                    if hues in by_colours:
                        found.append((dim, by_colours[hues]))
        return found

    def _after_axis_name(self, label: str) -> list[tuple[str, str]]:
        # "Type '4'", "Length 3", "Label 3", "Epoch 5": the tick label after the axis name.
        tokens = label.replace("=", " ").replace(":", " ").split()
        if len(tokens) >= 2 and tokens[-1].lower() in _ROW_COL_WORDS and len(tokens[-1]) > 1:
            # "GPT-4 row", "Claude 2 column"
            named_dim = _ROW_COL_WORDS[tokens[-1].lower()]
            key = norm(" ".join(tokens[:-1]))
            if key in self._index[named_dim]:
                return [(named_dim, self._index[named_dim][key])]
        found: list[tuple[str, str]] = []
        for cut in (1, 2):
            if len(tokens) <= cut:
                break
            head = words(" ".join(tokens[:cut]))
            tail = " ".join(tokens[cut:])
            for dim, axis_label in ((ROW, self.row_label), (COL, self.col_label), (SERIES, None)):
                key = norm(tail)
                idx = self._index[dim]
                if key not in idx:
                    continue
                named = {stem(w) for w in words(axis_label or "")}
                short_tick = len(clean_label(tail)) <= 3 or clean_label(tail).replace(".", "", 1).isdigit()
                lone = len(tokens) == 2 and len(head) == 1 and short_tick and not self._exact(tokens[0])
                if {stem(w) for w in head} <= named | _AXIS_WORDS or lone:
                    found.append((dim, idx[key]))
            # "F1 Metric", "Average Row": the axis name after the tick label
            if not found:
                tail_words = words(" ".join(tokens[-cut:]))
                front = norm(" ".join(tokens[:-cut]))
                for dim, axis_label in ((ROW, self.row_label), (COL, self.col_label)):
                    named = {stem(w) for w in words(axis_label or "")}
                    if front in self._index[dim] and tail_words and {stem(w) for w in tail_words} <= named | _AXIS_WORDS:
                        found.append((dim, self._index[dim][front]))
            if found:
                # "Row GPT-4", "Column Claude 2": the writer says which axis.
                named_dim = _ROW_COL_WORDS.get(head[0]) if len(head) == 1 else None
                if named_dim and any(d == named_dim for d, _ in found):
                    return [f for f in found if f[0] == named_dim]
                return found
        return found

    def _prefix(self, label: str) -> list[tuple[str, str]]:
        # "Zero-Shot" for "Zero-Shot Classifier": a whole-word prefix, when only one fits.
        key = words(label)
        if not key:
            return []
        found: list[tuple[str, str]] = []
        for dim, idx in self._index.items():
            named = self._index_words.get(dim)
            if named is None:  # each category's words, once per frame
                named = self._index_words[dim] = [(words(canon), canon) for canon in idx.values()]
            same = {canon for ws, canon in named if ws == key}
            hits = same or {canon for ws, canon in named if _word_prefix(key, ws)}
            if len(hits) == 1:
                found.append((dim, hits.pop()))
        return found


def _word_prefix(short: list[str], long: list[str]) -> bool:
    return 0 < len(short) < len(long) and long[: len(short)] == short
