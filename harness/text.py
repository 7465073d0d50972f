"""Text as describers write it: the dashes, Markdown escapes and number tokens every reader shares.

Describers (and the models behind them) write one thing several ways: a minus as "-", "−"
or "–", a label as "abstract\\_algebra" or "abstract_algebra". The extractors, the scorer
and the report all compare such text, and each kept its own table of dashes and its own
escape and number patterns, so they disagreed about what was written. This module is the
one place those readings are defined; a reader that needs a different one names it here.

It imports nothing from ``harness``, so every floor may use it. Every pattern is one regex
whose repetitions cannot overlap (no "(a+)+"): the text is untrusted, so scans stay linear.
"""

from __future__ import annotations

import re

# --- dashes ------------------------------------------------------------------------------

# Every character read as the ASCII hyphen-minus "-" wherever text is folded to be compared.
# Describers, word processors and models pick among them freely; a reader sees one dash.
DASHES = (
    "\u2010"  # hyphen: the typographic hyphen of compounds ("zero‐shot")
    "\u2011"  # non-breaking hyphen: the same hyphen, kept from breaking a line ("GPT‑4")
    "\u2012"  # figure dash: a dash as wide as a digit, written between or before numbers
    "\u2013"  # en dash: ranges ("0–1"), and the minus of text typed without a minus key
    "\u2014"  # em dash: a break in a sentence, such as between a key and its value
    "\u2015"  # horizontal bar: the quotation dash, an em dash by another name
    "\u2212"  # minus sign: the mathematical minus ("−0.12")
    "\ufe63"  # small hyphen-minus: a compatibility form of "-"
    "\uff0d"  # fullwidth hyphen-minus: the "-" of East Asian input methods
)
_TO_HYPHEN = str.maketrans(dict.fromkeys(DASHES, "-"))

# The dashes that make a number negative when written straight before its digits ("−0.12",
# "–5"), and that join the two ends of a range ("45–55"). A subset of DASHES: the hyphens
# join words ("zero‐shot") rather than sign numbers, and the horizontal bar and the
# compatibility forms are not read as signs (adding one would change what the rules read).
MINUS_SIGNS = "-\u2212\u2013\u2012\u2014"


def dashes_to_hyphens(text: str) -> str:
    """``text`` with every dash of :data:`DASHES` written as "-"."""
    return text.translate(_TO_HYPHEN)


# --- Markdown escapes --------------------------------------------------------------------

# A backslash before one ASCII punctuation character is a Markdown escape
# ("abstract\_algebra"). CommonMark escapes nothing else, so "C:\new" keeps its backslash.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_markdown(text: str) -> str:
    """``text`` with each Markdown escape replaced by the character it escapes."""
    return MARKDOWN_ESCAPE.sub(r"\1", text) if "\\" in text else text


# --- numbers -----------------------------------------------------------------------------

# The digits of one number as written: thousands groups ("1,234") or a run of digits, then
# an optional fraction ("61.9"). No sign and no context: the 4 of "GPT-4" and the 7 of "7B"
# match too, and each reader judges the characters around the match by its own purpose
# (the rule extractor drops the digits of names; the report keeps them apart, to say that a
# value is written only inside a name). Signs are read from MINUS_SIGNS before the match.
NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")

# NUMBER, or a fraction written without its leading zero (".5"). The report looks for every
# place a value may have been read from, and a model reads ".5" as 0.5; the rule extractor
# reads no number straight after a point (the 5 of "v.5" ends a name), so it uses NUMBER.
NUMBER_OR_FRACTION = re.compile(NUMBER.pattern + r"|\.\d+")

# A number standing on its own, sign included, in text whose dashes are hyphens
# (dashes_to_hyphens): "-0.5", "1,250" (thousands groups, no spaces; "0.21, 0.62" are two),
# "61.9", but not the digits of a name ("GPT-4", "Llama-3-8B", "7B", "1e-4"). The context
# is inside the pattern and every quantifier is bounded (15 digits a part at most; a longer
# run is no number), so that the model slices, which test line after line of hostile text,
# need no reader around the match.
STANDALONE_NUMBER = re.compile(
    r"(?<![\w.])(?<![A-Za-z]-)-?(?:\d{1,3}(?:,\d{3}){1,4}(?![\d])|\d{1,15})(?:\.\d{1,15})?(?![\w])"
)
