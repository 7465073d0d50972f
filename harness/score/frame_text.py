"""The layout of ``DataFrame.to_string()`` for the report's tables, without pandas.

``harness score`` prints its tables as pandas lays them out, and importing pandas (with numpy)
costs about half a second of CPU, a sixth of the whole command on a large run. So the text is
laid out here from plain rows, as pandas 3 lays out the same frame with its default options:

- the index on the left, its values left-justified, and its name (one per level) on a line
  of its own under the column labels; a second index level's values are shown only where the
  first level's change ("sparsified");
- each column right-justified to its widest entry, the label included, one space apart; every
  value written with a space before it (an int column's label gets the space too, as pandas
  puts one before a number's sign);
- tabs, carriage returns and newlines in text written as ``\\t``, ``\\r``, ``\\n``; the
  whitespace every index value (or column label) starts with, trimmed as pandas trims it.

Only the shapes the report prints are laid out here (a flat or two-level index with names,
labels and values of text, ints and floats already formatted as text); anything else (an
empty table) is None, and the caller asks pandas. ``tests/score/test_frame_text.py`` holds the
two to the same text, on the report's tables and on hostile labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_ESCAPES = str.maketrans({"\t": "\\t", "\r": "\\r", "\n": "\\n"})


def frame_text(
    index_names: Sequence[str],
    index: Sequence[tuple[str, ...]],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    int_columns: frozenset[int] = frozenset(),
) -> str | None:
    """``DataFrame.to_string()`` of the frame with these rows (None: not a shape laid out here).

    ``index``: each row's index values, one per level; ``rows``: each row's values (text or
    ints, as the frame would hold them after the report formats its floats); ``int_columns``:
    the positions of the columns pandas would hold as int64.
    """
    if not rows or not columns or not 1 <= len(index_names) <= 2:
        return None
    levels = [_trim_front([_text(key[level]) for key in index]) for level in range(len(index_names))]
    if len(levels) == 2:
        levels[0] = _sparsified(levels[0])
    index_column = _joined([_left([_text(name), *level]) for name, level in zip(index_names, levels)])
    strcols = [["", *index_column]]
    labels = _trim_front([_text(column) for column in columns])
    for position, label in enumerate(labels):
        is_int = position in int_columns
        header = [" " + label if is_int else label, ""]
        values = [f"{row[position]: d}" if is_int else " " + _text(row[position]) for row in rows]
        width = max(map(len, header + values))
        strcols.append([entry.rjust(width) for entry in header + values])
    return _adjoin(strcols)


def _text(value: Any) -> str:
    return str(value).translate(_ESCAPES)


def _trim_front(strings: list[str]) -> list[str]:
    """pandas writes index values and column labels with a space before each, then cuts from
    each as many characters as the shortest run of leading whitespace (``str.lstrip``'s)."""
    strings = [" " + s for s in strings]
    cut = min((len(s) - len(s.lstrip()) for s in strings), default=0)
    return [s[cut:] for s in strings]


def _sparsified(first_level: list[str]) -> list[str]:
    """A first index level shown only where it changes (the second is always shown)."""
    return [value if i == 0 or value != first_level[i - 1] else "" for i, value in enumerate(first_level)]


def _left(strings: list[str]) -> list[str]:
    width = max(map(len, strings))
    return [s.ljust(width) for s in strings]


def _joined(levels: list[list[str]]) -> list[str]:
    """Index levels side by side, one space apart."""
    return _adjoin(levels).split("\n")


def _adjoin(columns: list[list[str]]) -> str:
    widths = [max(map(len, column)) + 1 for column in columns[:-1]] + [max(map(len, columns[-1]))]
    return "\n".join("".join(entry.ljust(width) for entry, width in zip(line, widths)) for line in zip(*columns))
