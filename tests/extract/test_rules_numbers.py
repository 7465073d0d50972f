"""numbers.py: which numbers state a value, and ranges that are tick lists."""

from __future__ import annotations

import pytest

from harness.extract.rules.numbers import (
    expand_ellipsis,
    find_numbers,
    leading_value,
    range_chain,
    range_ticks,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("61.9%", 61.9),
        ("~25%", 25.0),
        ("approximately 0.5", 0.5),
        ("Approximately 0.78 (orange).", 0.78),
        ("−0.12", -0.12),  # Unicode minus
        ("-0.05", -0.05),
        ("92 ± 1", 92.0),
        ("**0.82**", 0.82),
        ("-0.00", 0.0),
        ("1,234.5", 1234.5),
        ("1,250", 1250.0),
        ("≈ 0.3 (dark red)", 0.3),
        ("about 45 ms", 45.0),
    ],
)
def test_leading_value_reads_the_stated_number(text: str, value: float) -> None:
    number = leading_value(text)
    assert number is not None
    assert number.value == value
    # the span covers exactly the number as written, sign included
    assert float(text[number.start : number.end].replace("−", "-").replace(",", "")) == value


@pytest.mark.parametrize(
    "text",
    [
        "between 80 and 83%",
        "from 26% to 52%",
        "0.65 to 0.80",
        "45-55%",
        "0.1–0.2",
        "ranging from 0.1 to 0.2",
        "Accuracy is high",
        "N/A",
        "",
    ],
)
def test_ranges_and_words_state_no_value(text: str) -> None:
    assert leading_value(text) is None


def test_span_points_at_the_value_in_the_text() -> None:
    text = "GPT-4 to Claude 2: 61.9% (bright red)"
    number = leading_value(text[19:], 19)
    assert number is not None
    assert text[number.start : number.end] == "61.9"


def test_negative_span_includes_the_sign() -> None:
    number = leading_value(" −0.12", 100)
    assert number is not None and (number.start, number.end) == (101, 106)


def test_names_with_digits_are_not_numbers() -> None:
    assert [n.value for n in find_numbers("GPT-4 and LLaMA-2 7B reach 0.5 on Qwen2.5")] == [0.5]


def test_range_chain_joins_ends_through_colour_notes() -> None:
    chain = range_chain("running from −1.0 (dark blue) through 0 (white) to 1.0 (dark red)")
    assert [n.value for n in chain] == [-1.0, 0.0, 1.0]
    assert [n.value for n in range_chain("runs from 800 on the left to 2,000 on the right")] == [800.0, 2000.0]
    assert range_chain("ticks 0.1, 0.25 and 0.5") == []


@pytest.mark.parametrize(
    ("text", "ticks"),
    [
        ("0 to 50 in increments of 10", ["0", "10", "20", "30", "40", "50"]),
        ("0 through 4", ["0", "1", "2", "3", "4"]),
        ("from 0 to 70 with ticks every 10 ms", ["0", "10", "20", "30", "40", "50", "60", "70"]),
        ("0.0 to 1.0 in steps of 0.5", ["0.0", "0.5", "1.0"]),
    ],
)
def test_range_ticks_expand(text: str, ticks: list[str]) -> None:
    assert range_ticks(text) == ticks


def test_decimal_range_without_step_is_not_expanded() -> None:
    assert range_ticks("0.65 to 0.80") is None
    assert range_ticks("Model GPT-4 to Claude") is None


def test_expand_ellipsis_fills_the_steps() -> None:
    assert expand_ellipsis(["0", "5", "...", "20"]) == ["0", "5", "10", "15", "20"]
    assert expand_ellipsis(["a", "b"]) == ["a", "b"]
