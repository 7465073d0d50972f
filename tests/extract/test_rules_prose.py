"""Values stated in sentences, placed by the category names around them."""

from __future__ import annotations

from rules_reading import cells, read


def test_cell_for_x_and_y_sentences() -> None:
    record = read(
        """
        The image shows a heatmap titled "Cross-Lingual Similarity".

        The vertical axis is labeled "Source language" and has two rows, from top to bottom: English and German. The horizontal axis is labeled "Target language" and has three columns, from left to right: English, German and Arabic.

        In the top row, the cell for English and English shows 0.97, which is the darkest. The cell for English and German shows 0.43, while English and Arabic is the lightest cell in the row with 0.28.

        In the second row, German with English has a value of 0.45, a little higher than the English and German cell above it. The German row and the Arabic column shows 0.24.
        """
    )
    panel = record.panels[0]
    assert (panel.y_axis.label, panel.x_axis.label) == ("Source language", "Target language")
    assert panel.x_axis.categories == ["English", "German", "Arabic"]
    assert cells(record) == {
        ("English", "English", None, 0.97),
        ("English", "German", None, 0.43),
        ("English", "Arabic", None, 0.28),
        ("German", "English", None, 0.45),
        ("German", "Arabic", None, 0.24),
    }


def test_row_named_once_for_several_columns() -> None:
    record = read(
        """
        This image is a heatmap titled "Unit Sales". The vertical axis is titled "Region" and lists two regions from top to bottom: North and Central. The horizontal axis is titled "Quarter" and shows the quarters Q1, Q2 and Q3 from left to right.

        Central, the weakest region, sold 842 units in Q1, 901 units in Q2 and 1,130 units in Q3, so it never catches up. The jump from Q2 to Q3 is between roughly 175 and 425 units.
        """
    )
    assert record.title == "Unit Sales"
    assert cells(record) == {("Central", "Q1", None, 842.0), ("Central", "Q2", None, 901.0), ("Central", "Q3", None, 1130.0)}


def test_line_chart_sentences_carry_the_line_name() -> None:
    record = read(
        """
        # Line Chart — "Validation Accuracy"

        **Axes.**
        The horizontal axis is titled "Epoch" and is marked from 0 to 20 in increments of 10. The vertical axis is titled "Accuracy" and runs from 0.0 to 1.0.

        **Legend.** A legend box identifies the lines: Adam (solid orange), SGD (dashed blue).

        **Reading the curves.**

        At Epoch 0, Adam sits at 0.10 and SGD also at 0.10.

        The Adam curve climbs steeply. It reaches 0.62 at Epoch 10, and the marker at Epoch 20 reads 0.74.

        SGD learns slowly. Its line is only at 0.41 at Epoch 10.

        **Key observations.**
        - The gap between SGD and Adam is widest at Epoch 10 (about 0.2).
        """
    )
    panel = record.panels[0]
    assert record.chart_type == "line"
    assert panel.x_axis.categories == ["0", "10", "20"] and panel.y_axis.categories == []
    assert cells(record) == {
        ("Adam", "0", None, 0.10),
        ("SGD", "0", None, 0.10),
        ("Adam", "10", None, 0.62),
        ("Adam", "20", None, 0.74),
        ("SGD", "10", None, 0.41),
    }


def test_both_lines_share_a_stated_value() -> None:
    record = read(
        """
        Figure type: line chart
        Title (top of the figure): "Accuracy"

        Axes
        The x-axis is titled "Training steps". It runs from 0 to 10 in increments of 10. The legend lists "Baseline" and "Curriculum".

        Data points
        - Step 0: both runs start at 0.10 (chance level).
        - Step 10: Baseline ~0.52; Curriculum ~0.61.
        """
    )
    assert record.title == "Accuracy"
    assert cells(record) == {("Baseline", "0", None, 0.10), ("Curriculum", "0", None, 0.10), ("Baseline", "10", None, 0.52), ("Curriculum", "10", None, 0.61)}


def test_diagonal_statement_names_each_diagonal_cell() -> None:
    record = read(
        """
        ## Chart: Correlation
        ### Axes
        * Both axes carry the same features, in the same order: Age, BMI, BP.
        ### Values per cell
        All diagonal cells are 1.00, since each feature correlates perfectly with itself.
        * (BMI, Age): 0.21
        """
    )
    assert cells(record) == {("Age", "Age", None, 1.0), ("BMI", "BMI", None, 1.0), ("BP", "BP", None, 1.0), ("BMI", "Age", None, 0.21)}


def test_ranges_differences_and_bounds_are_not_cells() -> None:
    record = read(
        """
        The heatmap has rows and columns. The vertical axis is titled "Model" and lists: A, B. The horizontal axis is titled "Task" and lists: X, Y.

        A rose from 26% to 52% on X. B is between 80 and 83% on Y. On X, A is 5 points above B, and every value of B is below 40%.
        """
    )
    assert cells(record) == set()


def test_no_values_gives_no_cells_but_keeps_the_axes() -> None:
    record = read(
        """
        Heatmap Description

        1. Title: "Attention Entropy per Head and Layer"

        2. Axes:
        - X-axis: "Layer", layers 0 through 3
        - Y-axis: "Head", heads 0 through 1
        - Color bar on the right labeled "Entropy (nats)", going from dark purple (low) to bright yellow (high)

        3. Description of the data:
        There are no numbers written inside the cells. Head 1 stays bright across almost all layers.
        """
    )
    panel = record.panels[0]
    assert record.title == "Attention Entropy per Head and Layer"
    assert panel.x_axis.categories == ["0", "1", "2", "3"] and panel.y_axis.categories == ["0", "1"]
    assert panel.color_scale is not None and panel.color_scale.label == "Entropy (nats)"
    assert (panel.color_scale.min, panel.color_scale.max) == (None, None)
    assert panel.cells == []


SAME_AXES = """
## Heatmap: T
- **X-axis:** Models - GPT-4, Claude 2, Mistral 7B
- **Y-axis:** Models - GPT-4, Claude 2, Mistral 7B
### Detailed Analysis
"""


def test_one_row_per_sentence_with_columns_named_before_their_values() -> None:
    record = read(SAME_AXES + "**Row 1 – GPT-4:** The first cell (GPT-4) is 0.0%, followed by Claude 2 at 61.9% and Mistral 7B at 49.7%.\n")
    assert cells(record) == {("GPT-4", "GPT-4", None, 0.0), ("GPT-4", "Claude 2", None, 61.9), ("GPT-4", "Mistral 7B", None, 49.7)}


def test_row_and_column_named_in_the_sentence() -> None:
    record = read(SAME_AXES + "The value at (row=GPT-4, column=Claude 2) is 61.9%. The value at (column=GPT-4, row=Claude 2) is 64.1%.\n")
    assert cells(record) == {("GPT-4", "Claude 2", None, 61.9), ("Claude 2", "GPT-4", None, 64.1)}
