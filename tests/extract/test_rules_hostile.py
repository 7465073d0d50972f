"""Hostile input: every reader must be linear in the text (no catastrophic backtracking).

Each case is read at two sizes; the larger (4x) must not take more than ~10x as long
(quadratic work would take 16x, catastrophic backtracking far more). Times are the process's
own CPU time, the best of a few readings, so another process on the machine cannot make a
linear reader look quadratic; no test has an absolute time limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from harness.extract.rules import RuleExtractor
from harness.record import ChartRecord

MB = 1_000_000


def timed(text: str, repeats: int = 1) -> tuple[float, ChartRecord]:
    """Best CPU time of ``repeats`` readings (process time: other processes do not count)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        record = RuleExtractor().extract("hostile", text)
        best = min(best, time.process_time() - start)
    return best, record


def grows_linearly(small: float, big: float, factor: int = 4) -> bool:
    """``big`` read ``factor`` times the text of ``small``: allow 2.5x the linear cost."""
    return big < 2.5 * factor * small + 0.5


def table(rows: int) -> str:
    lines = ["## Heatmap: T", "| Model | A | B | C |", "|---|---|---|---|"]
    lines += [f"| m{i} | {i}.1 | {i}.2 | {i}.3 |" for i in range(rows)]
    return "\n".join(lines)


def nested(depth: int) -> str:
    return "\n".join("  " * i + f"- k{i}: {i}" for i in range(depth))


CASES: dict[str, Callable[[int], str]] = {
    "pipes": lambda n: "|" * n,
    "stars": lambda n: "*" * n,
    "digits": lambda n: "1" * n,
    "digits and dots": lambda n: "1." * (n // 2),
    "signed digits": lambda n: "-1" * (n // 2),
    "brackets": lambda n: "(" * n,
    "quotes": lambda n: '"' * n,
    "hashes": lambda n: "#" * n,
    "colons": lambda n: ": " * (n // 2),
    "bold keys": lambda n: "**a:** " * (n // 7),
    "ranges": lambda n: "1 to " * (n // 5),
    "alignment row": lambda n: "|" + "-|" * (n // 2),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_megabyte_line_is_read_in_linear_time(name: str) -> None:
    make = CASES[name]
    small, _ = timed(make(MB // 4), repeats=3)
    big, record = timed(make(MB))
    assert record.id == "hostile"
    assert grows_linearly(small, big), f"{name}: {small:.3f}s for 250 kB but {big:.3f}s for 1 MB"


def test_many_key_value_pairs_on_one_line() -> None:
    small, _ = timed("a: 1, " * 12_500, repeats=3)
    big, record = timed("a: 1, " * 50_000)
    assert grows_linearly(small, big)
    assert record.panels


def test_three_thousand_row_table() -> None:
    small, _ = timed(table(750), repeats=3)
    big, record = timed(table(3000))
    assert grows_linearly(small, big)
    assert len(record.panels[0].cells) == 9000


def test_nine_hundred_nested_bullets() -> None:
    small, _ = timed(nested(225), repeats=3)
    big, record = timed(nested(900))
    assert grows_linearly(small, big)
    assert record.panels[0].cells  # the innermost keys are still read


def test_many_categories_in_prose() -> None:
    def text(n: int) -> str:
        names = ", ".join(f"c{i}" for i in range(n))
        return f'The x-axis is titled "X" and lists: {names}.\n' + "The cell for c1 and c2 shows 0.5. " * (n // 10)

    small, _ = timed(text(5_000), repeats=3)
    big, record = timed(text(20_000))
    assert grows_linearly(small, big)
    assert len(record.panels[0].x_axis.categories) == 20_000


def test_unclosed_markup_and_control_characters() -> None:
    def text(n: int) -> str:
        return "**" + "`" * n + "\x00\x1b[31m" + "\\" * n + "## Heatmap\n| a |\n|" + "-" * n

    small, _ = timed(text(25_000), repeats=3)
    big, record = timed(text(100_000))
    assert grows_linearly(small, big)
    assert record.id == "hostile"


def test_every_cut_of_every_gold_description_reads_without_raising() -> None:
    # Real pages end mid-sentence, mid-table, mid-list: a description cut at any line is a
    # description the extractor must read (a few cuts per file keep the test quick).
    from pathlib import Path

    from harness.inputs import discover_documents

    gold = Path(__file__).resolve().parents[2] / "gold"
    for doc in discover_documents([gold]):
        lines = (doc.text or "").split("\n")
        for cut in range(1, len(lines), 7):
            text = "\n".join(lines[:cut])
            record = RuleExtractor().extract(doc.id, text)
            assert record.id == doc.id
