"""Values in Markdown tables: orientation, axis names in headers, stacked values, long form."""

from __future__ import annotations

from rules_reading import cells, read

AXES_TYPE_LENGTH = """
## Heatmap: Accuracy by Length
### Components/Axes
* **X-axis Label:** Length (Bottom-center)
* **X-axis Markers:** 0, 1, 2
* **Y-axis Label:** Type (Left-center)
* **Y-axis Markers:** '–', 'm'
### Detailed Analysis
"""


def test_rows_are_the_y_axis() -> None:
    record = read(
        """
        ## Heatmap: Pass@1
        ### Axes
        - **Y-axis ("Model"):** CodeLlama-7B, StarCoder2-7B.
        - **X-axis ("Language"):** Python, Rust.
        ### Data Table
        | Model | Python | Rust |
        |---|---|---|
        | CodeLlama-7B | 33.5 | 21.4 |
        | StarCoder2-7B | 35.4 | **33.0** |
        """
    )
    assert cells(record) == {
        ("CodeLlama-7B", "Python", None, 33.5),
        ("CodeLlama-7B", "Rust", None, 21.4),
        ("StarCoder2-7B", "Python", None, 35.4),
        ("StarCoder2-7B", "Rust", None, 33.0),
    }


def test_rows_are_the_x_axis_when_the_headers_name_y_categories() -> None:
    # "Type '–'" is the y-axis name in front of the tick "–"; the rows are lengths (x).
    record = read(
        AXES_TYPE_LENGTH
        + """
        | Length | Type '–' | Type 'm' |
        |---|---|---|
        | 0 | 100.0 | 99.0 |
        | 1 | 99.7 | 98.7 |
        | 2 | 99.5 | 98.6 |
        """
    )
    assert ("–", "0", None, 100.0) in cells(record)
    assert ("m", "2", None, 98.6) in cells(record)
    assert len(record.panels[0].cells) == 6


def test_corner_header_names_the_axis_of_the_label_column() -> None:
    # Same categories on both axes: the corner "Layer" says the rows are layers (x).
    record = read(
        """
        **Axes**
        - Horizontal axis: titled "Layer", ticks 0, 1 from left to right.
        - Vertical axis: titled "Head", ticks 0, 1 from top to bottom.

        | Layer | Head 0 | Head 1 |
        |------:|-------:|-------:|
        | 0 | 0.12 | 0.08 |
        | 1 | 0.21 | 0.18 |
        """
    )
    assert cells(record) == {("0", "0", None, 0.12), ("1", "0", None, 0.08), ("0", "1", None, 0.21), ("1", "1", None, 0.18)}


def test_table_without_stated_axes_reads_first_column_as_rows() -> None:
    record = read(
        """
        ## Heatmap: Scores
        | Model \\ Task | QA | NLI |
        |---|---|---|
        | A | 0.5 | 0.6 |
        | B | 0.7 | — |
        """
    )
    assert cells(record) == {("A", "QA", None, 0.5), ("A", "NLI", None, 0.6), ("B", "QA", None, 0.7)}
    # No axis line lists the ticks: the table's header and first column do.
    assert record.panels[0].x_axis.categories == ["QA", "NLI"]
    assert record.panels[0].y_axis.categories == ["A", "B"]


def test_stacked_values_take_the_series_in_legend_order() -> None:
    record = read(
        """
        ### Heatmap — Calibration
        - Rows (y-axis), titled "Method": Zero-Shot, Probe.
        - Columns (x-axis), titled "Dataset": MMLU, TriviaQA.
        - Metrics shown in each cell: ECE and AUROC.

        | Method | MMLU | TriviaQA |
        |:--|:--:|:--:|
        | Zero-Shot | 0.21 / 0.62 | 0.18 / 0.66 |
        | Probe | **0.09** / **0.71** | 0.07 / 0.74 |
        """
    )
    assert record.panels[0].series == ["ECE", "AUROC"]
    assert ("Probe", "MMLU", "AUROC", 0.71) in cells(record)
    assert len(record.panels[0].cells) == 8


def test_long_format_table() -> None:
    record = read(
        """
        ## Heatmap: Transfer
        - **Y-axis:** "Train" – A, B
        - **X-axis:** "Test" – A, B
        | Train | Test | Score |
        |---|---|---|
        | A | B | 0.4 |
        | B | A | 0.3 |
        """
    )
    assert cells(record) == {("A", "B", None, 0.4), ("B", "A", None, 0.3)}


def test_spans_point_at_table_values() -> None:
    text = "| M | X |\n|---|---|\n| a | 0.25 |"
    record = read(text)
    (cell,) = record.panels[0].cells
    assert text[cell.span[0] : cell.span[1]] == "0.25"


def test_table_wins_over_contradicting_prose() -> None:
    record = read(
        """
        ## Heatmap: Win rates
        - **Y-axis:** "Model A" — GPT-4o, Llama-3 (top to bottom)
        - **X-axis:** "Model B" — GPT-4o, Llama-3 (left to right)
        ## Detailed Analysis
        GPT-4o's strongest result is a 74% win rate against Llama-3.

        | A \\ B | GPT-4o | Llama-3 |
        |---|---|---|
        | GPT-4o | — | 71 |
        | Llama-3 | 29 | — |
        """
    )
    assert cells(record) == {("GPT-4o", "Llama-3", None, 71.0), ("Llama-3", "GPT-4o", None, 29.0)}


def test_matrix_aligned_with_spaces_in_a_code_block() -> None:
    record = read(
        """
        ## Heatmap: T
        - **X-axis:** Models - GPT-4, Claude 2, Mistral 7B
        - **Y-axis:** Models - GPT-4, Claude 2, Mistral 7B
        ```
                    GPT-4   Claude 2   Mistral 7B
        GPT-4       0.0     61.9       49.7
        Claude 2    64.1    0.0        47.2
        ```
        """
    )
    assert ("GPT-4", "Claude 2", None, 61.9) in cells(record)
    assert ("Claude 2", "Mistral 7B", None, 47.2) in cells(record)
    assert len(record.panels[0].cells) == 6


def test_panel_named_in_a_table_column() -> None:
    record = read(
        """
        ## Heatmap: P
        - **Titles:** "Probe" (left), "LoRA" (right)
        - **Y-axis:** "Model" with categories: A, B.
        - **X-axis:** "Data" with categories: A, B.
        | Panel | Model | A | B |
        |---|---|---|---|
        | Probe | A | 0.7 | 0.6 |
        | LoRA | B | 0.5 | 0.4 |
        """
    )
    assert cells(record, 0) == {("A", "A", None, 0.7), ("A", "B", None, 0.6)}
    assert cells(record, 1) == {("B", "A", None, 0.5), ("B", "B", None, 0.4)}
