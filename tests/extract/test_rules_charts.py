"""Bar and line charts: columns are categories, rows are legend entries or the value axis."""

from __future__ import annotations

from rules_reading import cells, read


def test_single_series_horizontal_bars_row_is_the_value_axis_title() -> None:
    record = read(
        """
        **Title:** Inference Latency per Model

        **Chart type:** Horizontal bar chart (single series, no legend)

        **Y-axis:** "Model" — five models listed from top to bottom: GPT-2 (124M), DistilBERT, Phi-2.

        **X-axis:** "Latency (ms)" — linear scale from 0 to 70 with ticks every 10 ms.

        **Data Points:**

        1. **GPT-2 (124M)** – 18.4 ms
        2. **DistilBERT** – 9.7 ms
        3. **Phi-2** – approximately 64.3 ms
        """
    )
    panel = record.panels[0]
    assert record.chart_type == "bar"
    assert panel.x_axis.categories == [] and panel.y_axis.categories == ["GPT-2 (124M)", "DistilBERT", "Phi-2"]
    assert panel.color_scale is None and panel.series == []
    assert cells(record) == {
        ("Latency (ms)", "GPT-2 (124M)", None, 18.4),
        ("Latency (ms)", "DistilBERT", None, 9.7),
        ("Latency (ms)", "Phi-2", None, 64.3),
    }


def test_grouped_bars_rows_are_legend_entries() -> None:
    record = read(
        """
        ## Bar Chart: Accuracy by Model Size
        ### Components/Axes
        - **X-axis:** labelled "Benchmark". Categories, left to right: GSM8K, MATH.
        - **Y-axis:** labelled "Accuracy (%)". Linear scale from 0 to 100, with tick marks at 0, 20, 40, 60, 80, 100.
        - **Legend (upper-left, titled "Model size"):**
          - 7B — light blue
          - 70B — dark navy
        ### Detailed Analysis
        - **GSM8K:** 7B: 14.6 | 70B: 56.8
          - Trend: accuracy roughly doubles with each step up in size.
        - **MATH:** 7B: 2.5 | 70B: 13.5
        """
    )
    panel = record.panels[0]
    assert panel.y_axis == panel.y_axis.__class__(label="Accuracy (%)", categories=[])
    assert panel.series == []
    assert cells(record) == {("7B", "GSM8K", None, 14.6), ("70B", "GSM8K", None, 56.8), ("7B", "MATH", None, 2.5), ("70B", "MATH", None, 13.5)}


def test_grouped_bars_in_a_wide_table() -> None:
    record = read(
        """
        ## Bar Chart: Scores
        - **X-axis:** "Benchmark" – GSM8K, MATH
        - **Legend:** 7B, 70B
        | Benchmark | 7B | 70B |
        |---|---|---|
        | GSM8K | 14.6 | 56.8 |
        | MATH | 2.5 | 13.5 |
        """
    )
    assert cells(record) == {("7B", "GSM8K", None, 14.6), ("70B", "GSM8K", None, 56.8), ("7B", "MATH", None, 2.5), ("70B", "MATH", None, 13.5)}


def test_line_chart_points_per_x_position() -> None:
    record = read(
        """
        ## Line Chart: Loss
        - **X-axis:** "Epoch", 0 to 2
        - **Y-axis:** "Loss", 0.0 to 1.0
        - **Legend:** Adam (blue), SGD (orange)
        ### Data
        - Epoch 0: Adam 0.9, SGD 0.95
        - Epoch 2: Adam 0.2, SGD 0.4
        """
    )
    panel = record.panels[0]
    # "0 to 2" with no step is the x axis's scale, not its ticks (gold/CONVENTIONS.md)
    assert panel.x_axis.categories == [] and panel.y_axis.categories == []
    assert cells(record) == {("Adam", "0", None, 0.9), ("SGD", "0", None, 0.95), ("Adam", "2", None, 0.2), ("SGD", "2", None, 0.4)}


def test_one_series_table_without_a_value_axis_title() -> None:
    record = read(
        """
        ## Bar Chart: Accuracy
        | Model | Accuracy (%) |
        |---|---|
        | A | 45.1 |
        | B | 50.2 |
        """
    )
    assert cells(record) == {("Accuracy (%)", "A", None, 45.1), ("Accuracy (%)", "B", None, 50.2)}


def test_one_series_values_in_sentences() -> None:
    record = read(
        """
        ## Bar Chart: Accuracy
        - **X-axis:** "Model" - GPT-4, Claude 3, Llama 3
        - **Y-axis:** "Accuracy (%)", 0 to 100
        ### Detailed Analysis
        GPT-4 achieves the highest accuracy at 86.4%, followed by Claude 3 at 84.9%. Llama 3 trails at 79.2%.
        """
    )
    assert cells(record) == {("Accuracy (%)", "GPT-4", None, 86.4), ("Accuracy (%)", "Claude 3", None, 84.9), ("Accuracy (%)", "Llama 3", None, 79.2)}


def test_values_in_brackets_after_names_with_digits() -> None:
    record = read(
        """
        ## Bar Chart: Acc
        - **X-axis:** "Model" - GPT-4, Claude 3, Llama 3
        - **Y-axis:** "Accuracy (%)"
        ### Detailed Analysis
        The bars show: GPT-4 (86.4%), Claude 3 (84.9%), Llama 3 (79.2%).
        """
    )
    assert cells(record) == {("Accuracy (%)", "GPT-4", None, 86.4), ("Accuracy (%)", "Claude 3", None, 84.9), ("Accuracy (%)", "Llama 3", None, 79.2)}
