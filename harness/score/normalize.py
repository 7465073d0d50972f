"""Label normalisation: the form in which two labels are compared.

record-format.md: strings compare after normalisation of case, whitespace, Markdown
escapes and surrounding punctuation. Everything here is linear in the label's length
(str methods and one bounded regex), because labels come from untrusted text.
"""

from __future__ import annotations

import re
import unicodedata

from harness.text import dashes_to_hyphens, unescape_markdown

# What may wrap a label without being part of it: quotes and Markdown emphasis on both
# ends, sentence punctuation at the end. A leading "." or "-" is kept: ".5" and "-0.2"
# are labels in their own right.
_QUOTES = "\"'`\u201c\u201d\u2018\u2019\u00ab\u00bb"
_LEADING = _QUOTES + "*_"
_TRAILING = _QUOTES + "*_.,;:!?"

# Wrapping is peeled at most this many times: enough for `**"Probe"**`, and it keeps a
# hostile "((((((...))))))" linear.
_MAX_PEELS = 3


def _peel(text: str) -> str:
    for _ in range(_MAX_PEELS):
        inner = text.lstrip(_LEADING).rstrip(_TRAILING).strip()
        if (
            len(inner) >= 2
            and inner[0] == "("
            and inner[-1] == ")"
            and "(" not in inner[1:-1]
            and ")" not in inner[1:-1]
        ):
            inner = inner[1:-1].strip()
        # A label made only of punctuation ('–', '>', '~' are real tick labels) stays itself.
        if not inner or inner == text:
            return text
        text = inner
    return text


# A label that normalisation leaves as it is, but for its case: ASCII, no backslash, single
# spaces only between words, and a letter or digit at both ends (nothing to peel). NFKC,
# Markdown escapes, dashes, spacing and wrapping change nothing in it, and ASCII casefolds
# as it lowercases: most labels take this path, which is several times quicker.
_PLAIN = re.compile(r"[A-Za-z0-9](?:(?: ?[!-\[\]-~])* ?[A-Za-z0-9])?").fullmatch
# The same but for wrapping ("**Probe**", "'Zero-Shot'."): ASCII, no backslash, single spaces
# only between words. Peeling takes the wrapping off in one pass when what is left is plain.
_WRAPPED = re.compile(r"[!-\[\]-~](?: ?[!-\[\]-~])*").fullmatch


def _normalize(text: str) -> str:
    if _PLAIN(text):
        return text.lower()
    if _WRAPPED(text):
        core = text.lower().lstrip(_LEADING).rstrip(_TRAILING)
        if _PLAIN(core):
            return core
    return _normalize_fully(text)


def _normalize_fully(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = unescape_markdown(text)
    text = dashes_to_hyphens(text).casefold()
    text = " ".join(text.split())
    return _peel(text)


class _NormalizedLabels(dict):
    """label -> normalised label, filled on first sight.

    Labels repeat heavily (every cell of a row names the row), and a dict lookup is the
    cheapest cache Python has: ``LABELS[label]`` costs one hash probe when seen before.
    Cleared when it grows past a bound, so a long process holds no unbounded memory.
    """

    MAX_SIZE = 1 << 18

    def __missing__(self, text: str | None) -> str:
        if len(self) >= self.MAX_SIZE:
            self.clear()
            self.update(_SEED)
        value = self[text] = _normalize(text) if text else ""
        return value


_SEED = {None: "", "": ""}
LABELS = _NormalizedLabels(_SEED)


def normalize_label(text: str | None) -> str:
    """The comparable form of a label or title; ``""`` for None or blank text."""
    return LABELS[text]


def without_spaces(label: str) -> str:
    """A normalised label with its spaces removed ("lora+prompt" for "lora + prompt")."""
    return label.replace(" ", "")
