"""structure.py: headings, tables, bullet trees and key-value lines, with parents."""

from __future__ import annotations

import textwrap

from harness.extract.rules.line_keys import split_key
from harness.extract.rules.structure import parse, split_table_row


def lines_of(text: str):
    s = parse(textwrap.dedent(text).strip("\n"))
    return s, [line for line in s.lines if line.kind != "blank"]


def test_headings_of_every_style() -> None:
    s, lines = lines_of(
        """
        # Title
        ### Detailed Analysis
        **LLaMA-2 7B:**
        __Left panel (Probe)__
        Plain text.
        """
    )
    kinds = [(line.kind, line.level, line.key) for line in lines]
    assert kinds[:4] == [
        ("heading", 1, "Title"),
        ("heading", 3, "Detailed Analysis"),
        ("heading", 7, "LLaMA-2 7B"),
        ("heading", 7, "Left panel (Probe)"),
    ]
    assert lines[4].kind == "text"
    assert lines[1].parent == lines[0].index and lines[2].parent == lines[1].index


def test_bullet_depth_from_indentation_and_markers() -> None:
    s, lines = lines_of(
        """
        * a
          - b
            + c
          - d
        1. e
           2) f
        """
    )
    depth = {line.content: line.level for line in lines}
    assert depth == {"a": 0, "b": 1, "c": 2, "d": 1, "e": 0, "f": 1}
    by = {line.content: line for line in lines}
    assert by["c"].parent == by["b"].index
    assert by["d"].parent == by["a"].index
    assert by["f"].parent == by["e"].index


def test_flattened_list_under_an_introducing_bullet() -> None:
    s, lines = lines_of(
        """
        * **GPT-4:**
        * GPT-4 to Claude 2: 61.9%
        * **Claude 2:**
        * Claude 2 to GPT-4: 64.1%
        """
    )
    assert lines[1].parent == lines[0].index
    assert lines[2].parent is None  # a new group, not a child of the first
    assert lines[3].parent == lines[2].index


def test_introducer_with_indented_children_does_not_adopt_its_siblings() -> None:
    s, lines = lines_of(
        """
        - **Legend:** the three stripes:
          - Greedy
          - Beam search
        - **Colour bar (right):** "BLEU", from 10 to 35.
        """
    )
    assert lines[1].parent == lines[0].index
    assert lines[3].parent is None


def test_text_under_a_bold_heading_stays_under_it() -> None:
    s, lines = lines_of(
        """
        **Heatmap 1: Probe**
        The values are:
        * Mistral / Mistral: 0.78
        """
    )
    assert lines[1].parent == lines[0].index
    assert [a.index for a in s.ancestors(lines[2].index)] == [lines[1].index, lines[0].index]


def test_key_value_forms() -> None:
    assert split_key("**Key:** value", 0)[:2] == ("Key", " value")
    assert split_key("**Key**: value", 0)[:2] == ("Key", " value")
    assert split_key("*X-axis:* titled", 0)[:2] == ("X-axis", " titled")
    assert split_key("**GPT-2 (124M)** – 18.4 ms", 0)[:2] == ("GPT-2 (124M)", "18.4 ms")
    assert split_key("Key: value", 0)[:2] == ("Key", " value")
    assert split_key("**MedInc**", 0)[:2] == ("MedInc", "")
    assert split_key("(BMI, Age (years)): 0.21", 0)[:2] == ("(BMI, Age (years))", " 0.21")
    assert split_key("GPT-4 to Claude 2 = 61.9%", 0)[:2] == ("GPT-4 to Claude 2", "61.9%")
    assert split_key("Phi-2 – approximately 64.3 ms", 0)[:2] == ("Phi-2", "approximately 64.3 ms")
    assert split_key("Model A - the best of the lot", 0)[0] is None  # a dash before words is prose
    # Not keys: a time, a sentence that ends before any colon, no colon at all.
    assert split_key("at 10:30 the run", 0)[0] is None
    assert split_key("Neither axis has a title. Both list: a, b", 0)[0] is None
    assert split_key("plain words", 0)[0] is None


def test_value_offset_points_into_the_text() -> None:
    text = "- **anatomy:** Zero-Shot: ~40%"
    s = parse(text)
    line = s.lines[0]
    assert text[line.value_start :].startswith(" Zero-Shot")


def test_table_with_alignment_row_and_ragged_rows() -> None:
    s, _ = lines_of(
        """
        | Model | A | B |
        |:------|--:|:-:|
        | x | 1 | 2 |
        | y | 3 |
        | z | 4 | 5 | 6 |
        """
    )
    (table,) = s.tables
    assert [c.text for c in table.header] == ["Model", "A", "B"]
    assert [[c.text for c in row] for row in table.rows] == [["x", "1", "2"], ["y", "3"], ["z", "4", "5", "6"]]


def test_table_without_outer_pipes_and_escaped_pipe() -> None:
    s, _ = lines_of(
        """
        Model | Score
        --- | ---
        a \\| b | 0.5
        """
    )
    (table,) = s.tables
    assert [c.text for c in table.header] == ["Model", "Score"]
    assert [c.text for c in table.rows[0]] == ["a | b", "0.5"]


def test_table_cell_offsets() -> None:
    row = "| GPT-4 | 61.9 |"
    cells = split_table_row(row, 100)
    assert [(c.text, c.start - 100, c.end - 100) for c in cells] == [("GPT-4", 2, 7), ("61.9", 10, 14)]


def test_two_tables_separated_by_text() -> None:
    s, _ = lines_of(
        """
        | a | 1 |
        |---|---|
        Between.
        | b | 2 |
        |---|---|
        """
    )
    assert len(s.tables) == 2
