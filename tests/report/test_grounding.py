"""Grounding: a value is marked where the description states it, or flagged UNGROUNDED."""

from __future__ import annotations

import time

import pytest

from harness.report.grounding import SEARCH, SPAN, UNGROUNDED, DescriptionIndex
from harness.report.marked_text import Mark, render_marked_text
from support import span_of

from .fixtures import TINY_TEXT


def placed(index: DescriptionIndex, text: str, value: float, row: str, col: str, span=None) -> str | None:
    found = index.ground_cell(value, row, col, span=span)
    return None if found.start is None else f"{text[found.start:found.end]}@{found.start}"


def test_a_span_holding_the_value_is_used() -> None:
    index = DescriptionIndex(TINY_TEXT)
    found = index.ground_cell(0.5, "X", "A", span=list(span_of(TINY_TEXT, "0.50")))
    assert found.how == SPAN and TINY_TEXT[found.start:found.end] == "0.50"


def test_a_span_not_holding_the_value_is_not_trusted() -> None:
    index = DescriptionIndex(TINY_TEXT)
    wrong_place = list(span_of(TINY_TEXT, "0.75"))
    found = index.ground_cell(0.5, "X", "A", span=wrong_place)
    assert found.how == SEARCH and TINY_TEXT[found.start:found.end] == "0.50"
    assert "does not hold" in found.note
    beyond = DescriptionIndex(TINY_TEXT).ground_cell(0.5, "X", "A", span=[10**6, 10**6 + 3])
    assert beyond.how == SEARCH


def test_a_value_written_nowhere_is_ungrounded() -> None:
    found = DescriptionIndex(TINY_TEXT).ground_cell(123.0, "Z", "B")
    assert found.how == UNGROUNDED and not found.grounded
    assert found.start is None and found.end is None
    # Near is not enough: 0.76 was not read from "0.75".
    assert DescriptionIndex(TINY_TEXT).ground_cell(0.76, "X", "B").how == UNGROUNDED
    # Even a span cannot ground a value that is not there.
    spanned = DescriptionIndex(TINY_TEXT).ground_cell(123.0, "Z", "B", span=[0, 5])
    assert spanned.how == UNGROUNDED and "does not hold" in spanned.note


def test_digits_inside_names_do_not_ground_a_value() -> None:
    text = "Models: GPT-4, Llama_2 and Q3 only."
    index = DescriptionIndex(text)
    for value in (4.0, 2.0, 3.0):
        found = index.ground_cell(value, "r", "c")
        assert found.how == UNGROUNDED and "inside names" in found.note


def test_the_occurrence_nearest_the_labels_is_taken() -> None:
    text = "* A to B: 0.5\n* C to D: 0.5\n* E to F: 0.5\n"
    index = DescriptionIndex(text)
    assert placed(index, text, 0.5, "C", "D") == f"0.5@{text.index('0.5', text.index('C to D'))}"
    assert placed(index, text, 0.5, "E", "F") == f"0.5@{text.rindex('0.5')}"
    # Already taken places are passed over for the same labels.
    first = text.index("0.5")
    assert placed(index, text, 0.5, "A", "B") == f"0.5@{first}"


def test_table_columns_are_read_from_the_header() -> None:
    text = "| m | A | B |\n|---|---|---|\n| x | 1 | 2 |\n| y | 2 | 1 |\n"
    index = DescriptionIndex(text)
    y_line = text.index("| y")
    x_line = text.index("| x")
    assert placed(index, text, 2.0, "y", "A") == f"2@{text.index('2', y_line)}"
    assert placed(index, text, 2.0, "x", "B") == f"2@{text.index('2', x_line)}"
    assert placed(index, text, 1.0, "y", "B") == f"1@{text.index('1', y_line)}"


def test_signs_and_ranges() -> None:
    text = "range 0.2-0.4; the cell is -0.2 and another is \u22120.7"
    index = DescriptionIndex(text)
    assert placed(index, text, -0.2, "r", "c") == f"-0.2@{text.index('-0.2 and')}"
    assert placed(index, text, 0.4, "r", "c") == f"0.4@{text.index('0.4')}"
    assert placed(index, text, -0.7, "r", "c") == f"\u22120.7@{text.index(chr(0x2212))}"
    assert DescriptionIndex(text).ground_cell(0.7, "r", "c").how == UNGROUNDED


def test_thousands_and_lists() -> None:
    text = "Sales 1,234.5 units; ticks 100,200,300"
    index = DescriptionIndex(text)
    assert placed(index, text, 1234.5, "r", "c") == f"1,234.5@{text.index('1,234.5')}"
    assert placed(index, text, 200.0, "r", "c") == f"200@{text.index('200')}"


def test_labels_are_found_as_whole_words() -> None:
    text = "Accuracy of GPT-4 on MMLU; mmlu-pro is another. The MMLU-Pro set."
    index = DescriptionIndex(text)
    assert index.find_label("MMLU") == (text.index("MMLU"), text.index("MMLU") + 4)
    assert index.find_label("accuracy") == (0, 8)
    assert index.find_label("4") is None  # labels without a letter are never searched
    assert index.find_label("-") is None
    assert index.find_label("Pro set") == (text.index("Pro set"), text.index("Pro set") + 7)
    assert index.find_label("ccurac") is None


def test_marks_escape_text_and_never_nest() -> None:
    text = "a <b>0.5</b> & 0.5"
    first = text.index("0.5")
    marks = [
        Mark(first, first + 3, "right", 'cell "one" <x>', "m1"),
        Mark(first, first + 3, "wrong", "cell two", "m2"),  # same place: merged, worst colour
        Mark(first - 1, first + 2, "label", "a label", "m3"),  # overlaps: left out
        Mark(text.rindex("0.5"), len(text), "missing", "gold", "m4"),
    ]
    out, drawn = render_marked_text(text, marks)
    assert out.count("<mark") == 2
    assert '<mark class="m-wrong" id="m1" title="cell &quot;one&quot; &lt;x&gt;\ncell two">0.5</mark>' in out
    assert out.startswith("a &lt;b&gt;<mark") and "&lt;/b&gt; &amp; " in out
    assert drawn == {"m1": "m1", "m2": "m1", "m4": "m4"}


MB = 1_000_000
HOSTILE = {
    "digits": lambda n: "1" * n,
    "signed digits": lambda n: "-1 " * (n // 3),
    "pipes and digits": lambda n: "|1" * (n // 2),
    "commas": lambda n: "1,000" * (n // 5),
    "table": lambda n: "| m | A | B |\n|---|---|---|\n" + "".join(
        f"| m{i} | {i % 7}.5 | {i % 5} |\n" for i in range(n // 20)),
}


def timed_grounding(text: str, repeats: int = 1) -> float:
    """Best CPU time of ``repeats`` (process time: other processes on the machine do not count)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        index = DescriptionIndex(text)
        for i in range(300):
            index.ground_cell(float(i % 9) + 0.5, f"m{i}", "A")
            index.ground_cell(1.0, f"m{i}", "B")
        for i in range(50):
            index.find_label(f"m{i}")
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_indexed_and_searched_in_linear_time(name: str) -> None:
    make = HOSTILE[name]
    small = timed_grounding(make(MB // 4), repeats=3)
    big = timed_grounding(make(MB))
    # 4x the text: linear work takes ~4x; allow 10x (quadratic would take 16x), no time limit
    assert big < 10 * small + 0.5, f"{name}: {small:.3f}s for 250 kB but {big:.3f}s for 1 MB"
