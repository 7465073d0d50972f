"""Values in lists: arrows, nested bullets, tuples, axis names before ticks, label lists."""

from __future__ import annotations

from rules_reading import cells, read

FOUR_MODELS = """
## Heatmap: Prompt Transferability Matrix
### Components/Axes
* **X-axis:** LLMs - GPT-4, Claude 2, Mistral 7B (listed horizontally)
* **Y-axis:** LLMs - GPT-4, Claude 2, Mistral 7B (listed vertically)
### Detailed Analysis
"""


def test_arrows_and_to_lines_under_row_groups() -> None:
    record = read(
        FOUR_MODELS
        + """
        * **GPT-4:**
        * GPT-4 to GPT-4: 0.0% (dark blue)
        * GPT-4 → Claude 2: 61.9% (bright red)
        * **Claude 2:**
        * Claude 2 -> GPT-4: 64.1%
        * Claude 2 => Mistral 7B: 47.2%
        """
    )
    assert cells(record) == {
        ("GPT-4", "GPT-4", None, 0.0),
        ("GPT-4", "Claude 2", None, 61.9),
        ("Claude 2", "GPT-4", None, 64.1),
        ("Claude 2", "Mistral 7B", None, 47.2),
    }


def test_row_key_then_column_items_on_one_line() -> None:
    record = read(
        FOUR_MODELS
        + """
        * **GPT-4 ->:** GPT-4: 0.11, Claude 2: -0.05, Mistral 7B: −0.04
        * Claude 2 -> GPT-4: 0.2, Mistral 7B: 0.3
        """
    )
    assert cells(record) == {
        ("GPT-4", "GPT-4", None, 0.11),
        ("GPT-4", "Claude 2", None, -0.05),
        ("GPT-4", "Mistral 7B", None, -0.04),
        ("Claude 2", "GPT-4", None, 0.2),
        ("Claude 2", "Mistral 7B", None, 0.3),
    }


def test_nested_column_row_series() -> None:
    # "**LLaMA-2 7B:**" (a column) > "**abstract_algebra:**" (a row) > "Zero-Shot: ~25%" (a series)
    record = read(
        r"""
        ## Heatmap: Model Performance Across Domains
        ### Components/Axes
        * **Y-axis (Vertical):** Lists 2 domains, including: abstract\_algebra, anatomy.
        * **X-axis (Horizontal):** Represents the two LLMs: LLaMA-2 7B, Mistral 7B.
        * **Legend (Bottom-Center):** Defines the color coding for the methods:
        * Zero-Shot Classifier (Dark Purple)
        * LoRA + Prompt (Bright Red)
        ### Detailed Analysis
        **LLaMA-2 7B:**
        * **abstract\_algebra:** Zero-Shot: ~25%, LoRA+Prompt: ~60%
        * **anatomy:** Zero-Shot: ~40%, LoRA+Prompt: ~55%
        (Other models omitted for brevity.)
        """
    )
    panel = record.panels[0]
    assert panel.y_axis.categories == ["abstract_algebra", "anatomy"]
    assert panel.x_axis.label is None and panel.y_axis.label is None
    assert panel.series == ["Zero-Shot Classifier", "LoRA + Prompt"]
    assert cells(record) == {
        ("abstract_algebra", "LLaMA-2 7B", "Zero-Shot Classifier", 25.0),
        ("abstract_algebra", "LLaMA-2 7B", "LoRA + Prompt", 60.0),
        ("anatomy", "LLaMA-2 7B", "Zero-Shot Classifier", 40.0),
        ("anatomy", "LLaMA-2 7B", "LoRA + Prompt", 55.0),
    }


def test_three_levels_of_keyless_bullets() -> None:
    record = read(
        """
        ## Heatmap: Decoding
        - **Y-axis:** "Model" – NLLB-600M, M2M-100 1.2B (top to bottom).
        - **X-axis:** "Direction" – en-de, en-ja (left to right).
        - **Legend (top right):** the stripes inside each cell:
          - Greedy (left stripe)
          - Beam search (right stripe)
        ### Detailed Analysis
        - **NLLB-600M**
          - en-de
            - Greedy: 27.4 ± 0.3
            - Beam search: 28.9 ± 0.2
          - en-ja
            - Greedy: 18.2 ± 0.4
        - **M2M-100 1.2B**
          - en-ja
            - Beam search: 17.1 ± 0.4
        """
    )
    assert record.panels[0].series == ["Greedy", "Beam search"]
    assert cells(record) == {
        ("NLLB-600M", "en-de", "Greedy", 27.4),
        ("NLLB-600M", "en-de", "Beam search", 28.9),
        ("NLLB-600M", "en-ja", "Greedy", 18.2),
        ("M2M-100 1.2B", "en-ja", "Beam search", 17.1),
    }


def test_tuples_with_brackets_inside_labels() -> None:
    record = read(
        """
        ## Chart: Pearson Correlation
        ### Axes
        * Both axes carry the same features, in the same order: Age (years), BMI, HbA1c (%).
        * Neither axis has a separate title.
        ### Values per cell
        * (BMI, Age (years)): 0.21
        * (HbA1c (%), BMI): 0.44
        * (HbA1c (%), Age (years)): −0.07
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["Age (years)", "BMI", "HbA1c (%)"] == panel.y_axis.categories
    assert panel.x_axis.label is None
    assert cells(record) == {("BMI", "Age (years)", None, 0.21), ("HbA1c (%)", "BMI", None, 0.44), ("HbA1c (%)", "Age (years)", None, -0.07)}


def test_axis_name_in_front_of_the_tick() -> None:
    record = read(
        """
        ## Confusion Matrix Heatmap
        - **Y-axis (left):** titled "Label", with the true classes 0 through 2 from top to bottom.
        - **X-axis (bottom):** titled "Prediction", with the predicted classes 0 through 2.
        ### Detailed Analysis
        - Label 0, Prediction 0: **812**
        - Label 0, Prediction 1: 151
        - Label 2, Prediction 1: 45
        """
    )
    assert record.panels[0].x_axis.categories == ["0", "1", "2"]
    assert cells(record) == {("0", "0", None, 812.0), ("0", "1", None, 151.0), ("2", "1", None, 45.0)}


def test_axis_words_that_differ_from_the_titles() -> None:
    # "Ratio 0.1, Window 500" with axes titled "Compression ratio" and "Window size"
    record = read(
        """
        ## Heatmap: Ablation
        - **Y-axis:** "Compression ratio", with ticks 0.1 and 0.5.
        - **X-axis:** "Window size", with ticks 500 and 1000.
        ## Detailed Analysis
        - Ratio 0.1, Window 500: 41.3
        - Ratio 0.5, Window 1000: 48.3
        """
    )
    assert cells(record) == {("0.1", "500", None, 41.3), ("0.5", "1000", None, 48.3)}


def test_slash_keys_in_two_panels() -> None:
    record = read(
        """
        ## Heatmap: Model Performance Comparison
        ### Overview
        The image presents two heatmaps side-by-side.
        ### Components/Axes
        * **Y-axis (Vertical):** "Model" with categories: Mistral, LLaMA-2.
        * **X-axis (Horizontal):** "Trained On" with categories: Mistral, LLaMA-2.
        * **Color Scale (Right):** Ranges from approximately 0.65 (dark purple) to 0.80 (light orange).
        * **Titles:** "Probe" (left heatmap), "LoRA + Prompt" (right heatmap).
        ### Detailed Analysis
        **Heatmap 1: Probe**
        * **Mistral / LLaMA-2:** Approximately 0.68 (red).
        **Heatmap 2: LoRA + Prompt**
        * **LLaMA-2 / Mistral:** Approximately 0.73 (red).
        """
    )
    assert [p.title for p in record.panels] == ["Probe", "LoRA + Prompt"]
    assert record.panels[0].y_axis.label == "Model"
    assert cells(record, 0) == {("Mistral", "LLaMA-2", None, 0.68)}
    assert cells(record, 1) == {("LLaMA-2", "Mistral", None, 0.73)}


def test_names_with_values_listed_after_a_key() -> None:
    record = read(
        """
        ## Bar Chart: Accuracy by Training Stage
        - *X-axis:* titled "Benchmark", with the categories GSM8K and MATH from left to right.
        - *Y-axis:* titled "Accuracy (%)", linear scale from 0 to 100.
        - *Legend (upper left):*
          - Base (light grey bars)
          - SFT + RLHF (dark blue bars)
        **Data points**
        * **GSM8K:** Base 35.2 ± 1.1; SFT + RLHF **61.5 ± 1.0**
        * **MATH:** Base 9.8 ± 0.7; SFT + RLHF 19.6
        """
    )
    assert cells(record) == {
        ("Base", "GSM8K", None, 35.2),
        ("SFT + RLHF", "GSM8K", None, 61.5),
        ("Base", "MATH", None, 9.8),
        ("SFT + RLHF", "MATH", None, 19.6),
    }


def test_bare_values_in_axis_order() -> None:
    record = read(
        FOUR_MODELS
        + """
        * GPT-4: 0.0, 61.9, 49.7
        * Claude 2: 64.1, 0.0, 47.2
        """
    )
    assert ("GPT-4", "Mistral 7B", None, 49.7) in cells(record)
    assert ("Claude 2", "GPT-4", None, 64.1) in cells(record)
    assert len(record.panels[0].cells) == 6


def test_record_lines_with_field_names() -> None:
    record = read(
        """
        ## Heatmap: Transfer
        - **Y-axis:** Labeled "Train". Datasets: NLI, IMDB.
        - **X-axis:** Labeled "Test". Datasets: NLI, IMDB.
        ## Data
        - Train: NLI, Test: IMDB, Value: -0.21
        - Test: NLI, Train: IMDB, Value: 0.04
        """
    )
    assert cells(record) == {("NLI", "IMDB", None, -0.21), ("IMDB", "NLI", None, 0.04)}


def test_colour_stops_and_observations_are_not_cells() -> None:
    record = read(
        FOUR_MODELS
        + """
        * GPT-4 to Claude 2: 61.9%
        ### Components
        * **Color Scale/Legend:**
            * **Dark Red:** ~0.3 (Highest positive value)
            * **Dark Blue:** ~-0.2 (Lowest negative value)
        ### Key Observations
        * **Highest Transferability:** The highest score is between GPT-4 and Claude 2 (61.9%).
        * Claude 2 to Mistral 7B: 47.2%
        """
    )
    # The observation that names two categories is a cell the text states; colours are not.
    assert cells(record) == {("GPT-4", "Claude 2", None, 61.9), ("Claude 2", "Mistral 7B", None, 47.2)}


def test_cut_off_text_keeps_what_was_stated() -> None:
    record = read(
        r"""
        ## Heatmap: Per-Subject Accuracy
        * **Y-axis (Vertical):** "Subject", with two categories from top to bottom: anatomy, law.
        * **X-axis (Horizontal):** "Model", with two categories: Llama-2 7B, Mistral 7B.
        ### Detailed Analysis
        * **anatomy:** Llama-2 7B: 45.2%, Mistral 7B: 57.0%.
        * **law:** Llama-2 7B: 51.5%, while Mistral 7B reaches
        """
    )
    assert cells(record) == {("anatomy", "Llama-2 7B", None, 45.2), ("anatomy", "Mistral 7B", None, 57.0), ("law", "Llama-2 7B", None, 51.5)}


def test_axis_word_after_the_tick_and_pipes_between_values() -> None:
    record = read(FOUR_MODELS + "- GPT-4 row: 0.0 | 61.9 | 49.7\n")
    assert cells(record) == {("GPT-4", "GPT-4", None, 0.0), ("GPT-4", "Claude 2", None, 61.9), ("GPT-4", "Mistral 7B", None, 49.7)}


def test_groups_named_as_columns() -> None:
    record = read(FOUR_MODELS + "**Column Claude 2:**\n- GPT-4: 61.9\n- Mistral 7B: 50.3\n")
    assert cells(record) == {("GPT-4", "Claude 2", None, 61.9), ("Mistral 7B", "Claude 2", None, 50.3)}


def test_groups_under_row_headings() -> None:
    record = read(FOUR_MODELS + "### Row: GPT-4\n- Claude 2: 61.9\n### Row: Claude 2\n- GPT-4: 64.1\n")
    assert cells(record) == {("GPT-4", "Claude 2", None, 61.9), ("Claude 2", "GPT-4", None, 64.1)}


def test_name_equals_tick_keys_and_titles_in_key_brackets() -> None:
    record = read(
        """
        ## Heatmap: H
        - X-axis (Epoch): 1, 2
        - Y-axis (Learning rate): 0.1, 0.01
        ### Data
        - lr=0.1, epoch=1: 0.5
        - lr=0.01, epoch=2: 0.7
        """
    )
    panel = record.panels[0]
    assert (panel.x_axis.label, panel.y_axis.label) == ("Epoch", "Learning rate")
    assert cells(record) == {("0.1", "1", None, 0.5), ("0.01", "2", None, 0.7)}


def test_numbered_rows_with_the_name_in_brackets() -> None:
    record = read(FOUR_MODELS + "* **Row 1 (GPT-4):** 0.0, 61.9, 49.7\n")
    assert cells(record) == {("GPT-4", "GPT-4", None, 0.0), ("GPT-4", "Claude 2", None, 61.9), ("GPT-4", "Mistral 7B", None, 49.7)}


def test_names_after_leading_words() -> None:
    record = read(FOUR_MODELS + "- Trained on GPT-4, tested on Claude 2: 0.68\n")
    assert cells(record) == {("GPT-4", "Claude 2", None, 0.68)}


def test_values_each_followed_by_its_name() -> None:
    record = read(FOUR_MODELS + "- **GPT-4:** 0.0 (GPT-4), 61.9 (Claude 2), 49.7 (Mistral 7B)\n")
    assert cells(record) == {("GPT-4", "GPT-4", None, 0.0), ("GPT-4", "Claude 2", None, 61.9), ("GPT-4", "Mistral 7B", None, 49.7)}


def test_equals_and_dash_between_key_and_value() -> None:
    record = read(FOUR_MODELS + "- GPT-4 to Claude 2 = 61.9%\n- Claude 2 → GPT-4 – 64.1%\n")
    assert cells(record) == {("GPT-4", "Claude 2", None, 61.9), ("Claude 2", "GPT-4", None, 64.1)}
