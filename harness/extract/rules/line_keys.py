"""The key of a line: where "**Key:** value", "Key – value" or "GPT-4 = 61.9%" splits.

A describer names what a line is about before its value, and ends the name with a colon
(outside brackets, before any sentence ends), with its emphasis ("**Key** – value",
"**Legend.** A box ..."), or with a dash, "=" or an arrow when a value follows it.
``structure`` gives every line its key and value from here.
"""

from __future__ import annotations

import re

from harness.extract.rules.numbers import leading_value

# The dashes that end an emphasised key ("**Key** – value"), spaced as describers write them.
_KEY_DASHES = (" – ", " - ", " — ", " -- ")


def split_key(content: str, base: int) -> tuple[str | None, str, int]:
    """("Key", value, value_offset) for "**Key:** value", "**Key**: value", "*Key:* value",
    "**Key** – value", "**Key** (a note)" or "Key: value"."""
    stripped = content.lstrip()
    lead = len(content) - len(stripped)
    for mark in ("**", "__", "*", "_"):
        if not stripped.startswith(mark) or (len(mark) == 1 and stripped[1:2] in ("*", "_", " ")):
            continue
        close = stripped.find(mark, len(mark))
        if close <= len(mark):
            break
        inner = stripped[len(mark) : close]
        rest_at = close + len(mark)
        after = stripped[rest_at:]
        if inner.rstrip().endswith(":") or (inner.rstrip().endswith(".") and len(inner.split()) <= 4 and after.strip()):
            # "**Legend:** ..." and "**Legend.** A box in the corner lists ..."
            return inner.rstrip()[:-1], after, base + lead + rest_at
        if after.lstrip().startswith(":"):
            colon = rest_at + after.find(":")
            return inner, stripped[colon + 1 :], base + lead + colon + 1
        for dash in _KEY_DASHES:
            if after.startswith(dash) or after.startswith(dash.lstrip()):
                width = len(dash) if after.startswith(dash) else len(dash.lstrip())
                return inner, after[width:], base + lead + rest_at + width
        tail = after.strip().rstrip(":").strip()
        if len(mark) == 1 and not after.strip().endswith(":"):
            break  # "*t<sub>G</sub>*": an italic item, not a key
        if not tail or (tail.startswith("(") and tail.endswith(")")):
            return inner, "", base + len(content)
        break
    colon = _key_colon(stripped)
    if colon is None:
        dash = _key_dash(stripped)
        if dash is None:
            return None, content, base
        at, width = dash
        return stripped[:at], stripped[at + width :], base + lead + at + width
    return stripped[:colon], stripped[colon + 1 :], base + lead + colon + 1


_VALUE_SEPARATORS = (" = ", " – ", " — ", " - ", " -- ", " => ")
# "(GPT-2, T5) -> 41.5": an arrow before a value, read only where no other separator is,
# since "Claude 2 → GPT-4 – 64.1%" uses the arrow inside its key.
_ARROW_SEPARATORS = (" -> ", " → ")


def _key_dash(text: str) -> tuple[int, int] | None:
    """"GPT-4 to Claude 2 = 61.9%", "Phi-2 – 64.3 ms": a short key, a dash, then a value."""
    found = _key_separator(text, _VALUE_SEPARATORS)
    return found if found is not None else _key_separator(text, _ARROW_SEPARATORS)


def _key_separator(text: str, separators: tuple[str, ...]) -> tuple[int, int] | None:
    head = text[:120]
    best: tuple[int, int] | None = None
    for sep in separators:
        at = head.find(sep)
        if at > 0 and (best is None or at < best[0]):
            best = (at, len(sep))
    if best is None:
        return None
    key = text[: best[0]]
    if not any(ch.isalpha() for ch in key) or _SENTENCE_END_RE.search(key) or len(key.split()) > 10:
        return None
    if leading_value(text[best[0] + best[1] :]) is None:
        return None
    return best


# A sentence ending inside a would-be key ("... rises. Then -> 5") makes it prose; the full
# stop of "vs." or "approx." does not ("A vs. B -> 109").
_SENTENCE_END_RE = re.compile(r"(?<!\bvs)(?<!\bapprox)(?<!\betc)(?<!\bi\.e)(?<!\be\.g)\.\s")


# The characters that decide where a key ends: brackets, colons and sentence ends.
_KEY_MARKS_RE = re.compile(r"[(\[)\]:.!?]")


def _key_colon(text: str) -> int | None:
    # A key is short and ends at the first ": " (not "10:30", not "http://").
    if ":" not in text[:120]:
        return None  # most lines: no colon, no key
    depth = 0
    for mark in _KEY_MARKS_RE.finditer(text, 0, 120):
        i = mark.start()
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            if depth:
                depth -= 1
        elif ch == ":":
            if depth == 0 and (i + 1 == len(text) or text[i + 1] in " \t*_\"'"):
                return i if i > 0 else None
        elif i + 1 < len(text) and text[i + 1] == " " and i > 4:
            return None  # a sentence ends before any colon: prose, not a key
    return None
