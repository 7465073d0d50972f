"""Styles real describers use, each written from the structure it exercises (invented charts).

Real vision-language descriptions lose their list indentation, name series by colour or
marker, and key values by tick labels written with their axis name. Each test here holds one
such structure on an invented chart, so a regression names the structure it broke.
"""

from __future__ import annotations

from rules_reading import cells, read


def test_flattened_bullets_under_an_emphasised_key_inherit_it():
    # The page lost its indentation: the plain bullets belong to the bold one above them.
    record = read(
        """
        ## Heatmap: Recall by Depth
        ### Components/Axes
        * **Y-axis:** "Depth" with categories A, B.
        * **X-axis:** "Width" with categories 1, 2.
        ### Detailed Analysis
        * **Depth A:** mostly high, dropping at the end.
        * Width 1: 0.91
        * Width 2: 0.42
        * **Depth B:** low throughout.
        * Width 1: 0.12
        * Width 2: 0.08
        """
    )
    assert cells(record) == {
        ("A", "1", None, 0.91), ("A", "2", None, 0.42), ("B", "1", None, 0.12), ("B", "2", None, 0.08),
    }


def test_series_named_only_by_colour_are_the_colour_words():
    record = read(
        """
        ## Bar Chart: Hit Rate
        ### Components/Axes
        * **X-axis:**
        * North
        * South
        * **Data Series (Bar Colors):**
        * Teal
        * Dark Orange
        ### Detailed Analysis
        * **North:**
        * Teal: 41%
        * Dark Orange: 38%
        * **South:**
        * Teal: 12%
        * Dark Orange: 19%
        """
    )
    assert record.chart_type == "bar"
    assert cells(record) == {
        ("Teal", "North", None, 41), ("Dark Orange", "North", None, 38),
        ("Teal", "South", None, 12), ("Dark Orange", "South", None, 19),
    }


def test_a_colour_or_marker_in_the_data_stands_for_its_legend_name():
    record = read(
        """
        ## Line Chart: Score by Round
        ### Components/Axes
        * **X-axis:** "Round" with ticks 1, 2.
        * **Y-axis:** "Score".
        * **Legend:**
        * Red circles: "Alpha"
        * Dark blue for "Beta"
        ### Detailed Analysis
        * **Red:** Round 1: 10, Round 2: 14
        * **1. Beta (Dark Blue):**
        * Round 1: 20
        * Round 2: 25
        """
    )
    assert cells(record) == {
        ("Alpha", "1", None, 10), ("Alpha", "2", None, 14), ("Beta", "1", None, 20), ("Beta", "2", None, 25),
    }


def test_a_value_in_the_first_clause_under_its_key():
    # The value sits in a sentence, after words that introduce it; what follows is not a cell.
    record = read(
        """
        ## Bar Chart: Latency
        ### Components/Axes
        * **X-axis:** Systems: Ark, Bolt.
        * **Y-axis:** "Latency (ms)".
        ### Detailed Analysis
        - **Ark**:
        - Bar height corresponds to **12.5** (dark blue).
        - **Bolt**: Latency is approximately 30.1, with an error bar from 28 to 33.
        """
    )
    assert cells(record) == {("Latency (ms)", "Ark", None, 12.5), ("Latency (ms)", "Bolt", None, 30.1)}


def test_a_change_in_a_clause_states_no_value():
    record = read(
        """
        ## Bar Chart: Latency
        * **X-axis:** Systems: Ark, Bolt.
        * **Y-axis:** "Latency (ms)".
        ### Detailed Analysis
        - **Ark**: Latency drops by 4.5 after caching.
        - **Bolt**: Latency is higher than Ark's by 2.
        """
    )
    assert cells(record) == set()


def test_structural_words_in_an_axis_key_are_not_its_title():
    record = read(
        """
        ## Bar Chart: Accuracy
        ### Components/Axes
        - **X-axis (Categories)**:
        - Labels: "Ark" (left), "Bolt" (right)
        - **Y-axis (Values)**:
        - Title: "Overall Acc"
        ### Detailed Analysis
        - Ark: 47.9
        - Bolt: 46.1
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.label is None and panel.y_axis.label == "Overall Acc"
    assert panel.x_axis.categories == ["Ark", "Bolt"]


def test_a_key_may_name_its_axis_after_the_tick():
    record = read(
        """
        ## Bar Chart: Scores
        * **X-axis:** "Metric" with three categories: "F1", "CR", "AR".
        * **Y-axis:** "Score".
        **F1 Metric:**
        * Score: 26.8
        **CR Metric:**
        * Score: 54.7
        """
    )
    assert cells(record) == {("Score", "F1", None, 26.8), ("Score", "CR", None, 54.7)}


def test_an_integer_range_then_words_about_it_is_a_range():
    record = read(
        """
        ## Heatmap: Hit Rate
        * **Vertical Axis (Type):** Labels are: "A", "B".
        * **Horizontal Axis (Length):** Labels are integers from 0 to 3, representing length.
        * **Type A:**
        * Length 0: 37.0%
        * Length 3: 6.0%
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["0", "1", "2", "3"]
    assert cells(record) == {("A", "0", None, 37.0), ("A", "3", None, 6.0)}


def test_a_list_under_an_axis_key_wins_over_the_sentence_on_its_line():
    record = read(
        """
        ## Heatmap: Scores
        * **Rows:** Represent languages. The languages listed are: Danish, Urdu.
        * **Columns:** Represent three metrics, not labeled, but distinguished by color:
        * Dark Purple
        * Orange
        * Yellow
        * **Y-axis:** Implicitly represents the language.
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["Dark Purple", "Orange", "Yellow"]
    assert panel.y_axis.categories == ["Danish", "Urdu"]
    assert panel.y_axis.label is None


def test_a_panel_named_again_with_more_words_or_by_its_place_is_the_same_panel():
    record = read(
        """
        ## Heatmap: Scores vs. Temperature
        The image displays two vertically stacked heatmaps.
        ### Components/Axes
        **Top Heatmap: Recall**
        * X-axis: "Temperature" with values 0.1, 1.0.
        * Y-axis: "Scenario" with categories A, B.
        **Bottom Heatmap: Cost**
        ### Detailed Analysis
        **Top Heatmap: Recall Data**
        * A: 0.9, 0.8
        **Bottom Heatmap (values):**
        * A: 3.5, 4.5
        """
    )
    assert [p.title for p in record.panels] == ["Recall", "Cost"]
    assert cells(record, 0) == {("A", "0.1", None, 0.9), ("A", "1.0", None, 0.8)}
    assert cells(record, 1) == {("A", "0.1", None, 3.5), ("A", "1.0", None, 4.5)}


def test_a_value_over_a_span_of_ticks_under_a_column_key():
    record = read(
        """
        ## Heatmap: Activation
        ### Components/Axes
        - **X-axis (Columns)**:
        - `q` (query)
        - `k` (key)
        - **Y-axis (Rows)**: Layer indices 0–5.
        ### Detailed Analysis
        1. **`q` Column**:
        - Orange (~0.08) in rows 0–1 and 4–5.
        - Lower values (~0.06–0.07) in rows 2–3.
        2. **`k` Column**:
        - Blue (~0.05) in rows 2, 3, and 5.
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["q", "k"]
    assert panel.y_axis.categories == ["0", "1", "2", "3", "4", "5"]
    assert cells(record) == {
        ("0", "q", None, 0.08), ("1", "q", None, 0.08), ("4", "q", None, 0.08), ("5", "q", None, 0.08),
        ("2", "k", None, 0.05), ("3", "k", None, 0.05), ("5", "k", None, 0.05),
    }


def test_a_tick_then_a_value_is_no_span_and_quoted_numbers_are_labels():
    record = read(
        """
        ## Heatmap: Accuracy
        * **X-axis:** "Token" with categories "-2", "-1".
        * **Y-axis:** "Layer" with ticks 0, 10, 20.
        ### Detailed Analysis
        * Token "-2" rises from layer 0 to 0.79 at layer 20.
        * **Layer 0-10:** tokens "-2" to "-1" are generally higher, between 0.5 and 0.8.
        """
    )
    found = cells(record)
    assert not {c for c in found if c[0] in ("0", "10")}, found  # no span "layer 0 to 0.79"
    assert not {c for c in found if c[3] in (-1.0, 0.5, 0.8)}, found


def test_a_value_then_the_span_it_covers_and_a_range_keeps_its_own_span():
    record = read(
        """
        ## Heatmap: Divergence by Layer
        * **Y-axis:** Categorical labels: "Subj.", "Attn.".
        * **X-axis:** Numerical labels representing layers, ranging from 0 to 10 in increments of 2.
        ### Detailed Analysis
        * **Attn.:** low (light blue, approximately 0.2) from layers 0 to approximately 4-6. It then rises (approximately 0.3-0.4) from layers 6 to 8, and returns to a low value (approximately 0.2) from layers 8 to 10.
        """
    )
    assert cells(record) == {
        ("Attn.", "0", None, 0.2), ("Attn.", "2", None, 0.2), ("Attn.", "4", None, 0.2),
        ("Attn.", "8", None, 0.2), ("Attn.", "10", None, 0.2),
    }


def test_one_sentence_under_an_axis_key_gives_its_ticks():
    record = read(
        """
        ## Heatmap: Values
        - **X-axis (Columns)**:
        - `q`
        - `k`
        - **Y-axis (Rows)**:
        - Numerical labels from 0 to 3 (likely representing layers).
        """
    )
    assert record.panels[0].y_axis.categories == ["0", "1", "2", "3"]


def test_a_line_straight_after_an_axis_key_is_its_text():
    # Markdown's lazy continuation: no indentation, no blank line, still the item's text.
    record = read(
        """
        # Technical Document Extraction: Heatmap Analysis
        ## 1. Axis Labels and Titles
        - **X-Axis (Columns):**
        `alpha` | `beta`
        - **Y-Axis (Rows):**
        `rank` values: `1` to `3` (increasing downward)
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["alpha", "beta"]
    assert panel.y_axis.categories == ["1", "2", "3"]


def test_a_word_announcing_the_list_sits_between_axis_key_and_ticks():
    record = read(
        """
        ## Heatmap: Correlation
        - **X-axis (Columns)**:
        Categories:
        - `Overall`
        - `MT Bench`
        - **Y-axis (Rows)**:
        Models:
        - `GPT-4`
        - `Prometheus 13B`
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["Overall", "MT Bench"]
    assert panel.y_axis.categories == ["GPT-4", "Prometheus 13B"]


def test_section_headings_and_list_numbers_are_not_keys():
    record = read(
        """
        ## Heatmap: Metrics
        * **Vertical Axis (Categories):**
        * cities
        * facts
        * **Horizontal Axis (Metrics):**
        * *t<sub>G</sub>*
        * AUROC
        ### Row-Specific Observations
        **1. *t<sub>G</sub>* Column:**
        * Trend: Generally high values, mostly around 1.0.
        * Data Points:
        * cities: 1.00
        * facts: 0.70
        """
    )
    assert cells(record) == {("cities", "t<sub>G</sub>", None, 1.0), ("facts", "t<sub>G</sub>", None, 0.7)}


def test_a_legend_that_describes_a_colour_bar_or_its_place_names_no_series():
    record = read(
        """
        ## Heatmap: Reward
        - **X-Axis:** `alpha`, `beta`
        - **Y-Axis:** `rank` values: `1` to `2`
        ### Legend
        - Positioned on the **right** of the heatmap.
        - Color bar spans `450` (purple) to `850` (yellow).
        - **Legend Position:** Right-aligned, adjacent to the heatmap.
        ### Values
        | Rank | alpha | beta |
        |---|---|---|
        | 1 | 0.0 | 450 |
        | 2 | 0.1 | 500 |
        """
    )
    assert record.panels[0].series == []
    assert cells(record) == {("1", "alpha", None, 0.0), ("1", "beta", None, 450), ("2", "alpha", None, 0.1), ("2", "beta", None, 500)}


def test_labeled_as_a_list_gives_ticks_and_not_available_cells_are_missing():
    record = read(
        """
        # Technical Data Extraction: Accuracy Heatmaps
        Two side-by-side heatmaps.
        ## 1. Components
        * **X-Axis (Top):** Represents the number of documents used, labeled as `1-Doc`, `2-Doc`, and `5-Doc`.
        * **Y-Axis (Left):** Represents the shots, labeled in powers of 2: $2^0$-Shot and $2^2$-Shot.
        ## 2. Region 1: TriviaQA Acc (Left Chart)
        | Shots \\ Docs | 1-Doc | 2-Doc | 5-Doc |
        | :--- | :---: | :---: | :---: |
        | **$2^0$-Shot** | 63.6 | 64.7 | [N/A] |
        | **$2^2$-Shot** | 64.0 | [N/A] | [N/A] |
        ## 3. Region 2: NaturalQ Acc (Right Chart)
        """
    )
    assert [p.title for p in record.panels] == ["TriviaQA Acc", "NaturalQ Acc"]
    panel = record.panels[0]
    assert panel.x_axis.categories == ["1-Doc", "2-Doc", "5-Doc"] and panel.x_axis.label is None
    assert panel.y_axis.categories == ["$2^0$-Shot", "$2^2$-Shot"] and panel.y_axis.label is None
    assert cells(record) == {("$2^0$-Shot", "1-Doc", None, 63.6), ("$2^0$-Shot", "2-Doc", None, 64.7), ("$2^2$-Shot", "1-Doc", None, 64.0)}


def test_pie_slices_take_the_chart_title_as_their_row_and_lose_their_notes():
    record = read(
        """
        ## Pie Chart: Error Types
        ### Components/Axes
        * **Title:** "Errors" (located below the chart).
        ### Detailed Analysis
        1. **Failed to Parse** (Blue segment, top-left): **17.2%**
        2. **Timeout** (Orange segment, left): **35.9%**
        * **Depth Limit:** This segment occupies the largest portion, representing approximately 40.0% of the total errors.
        The percentages sum to 100% (17.2% + 35.9% + 40.0% = 93.1%).
        """
    )
    assert record.chart_type == "pie"
    assert cells(record) == {("Errors", "Failed to Parse", None, 17.2), ("Errors", "Timeout", None, 35.9), ("Errors", "Depth Limit", None, 40.0)}


def test_numbered_outline_items_hold_the_bullets_after_them():
    record = read(
        """
        ## Line Chart: Accuracy vs. Input Size
        ### Components/Axes
        * **X-Axis:** Labeled "Input size". The scale is logarithmic (base 2), with major tick marks labeled at 8, 16, and 32.
        * **Legend:** It contains two entries:
        * Teal line with circle markers: `r = 5`
        * Orange line with circle markers: `r = 4`
        ### Detailed Analysis
        1. **r = 5 (Teal Line):**
        * **Trend:** The line is nearly horizontal.
        * **Data Points (Approximate):**
        * Input Size 8: ~100%
        * Input Size 32: ~99%
        2. **r = 4 (Orange Line):**
        * **Data Points (Approximate):**
        * Input Size 16: ~97%
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["8", "16", "32"] and panel.x_axis.label == "Input size"
    assert cells(record) == {("5", "8", None, 100), ("5", "32", None, 99), ("4", "16", None, 97)}


def test_sibling_headings_naming_their_panel_by_a_trailing_kind_word():
    record = read(
        """
        ## Heatmap: Pass@1 Comparison
        ### Components/Axes
        - **X-axis (Horizontal)**: Ratio (0.1, 0.2)
        - **Y-axis (Vertical)**: Window Size (500, 1000)
        - Both tables have the same structure.
        - There is an additional row at the bottom that is not numbered.
        ### Detailed Analysis
        #### R1-Llama Section
        | Window Size | Ratio 0.1 | Ratio 0.2 |
        |---|---|---|
        | 500 | 49.1 | 50.1 |
        #### R1-Qwen Section
        | Window Size | Ratio 0.1 | Ratio 0.2 |
        |---|---|---|
        | 1000 | 53.9 | 53.2 |
        """
    )
    assert [p.title for p in record.panels] == ["R1-Llama", "R1-Qwen"]
    first = record.panels[0]
    assert first.x_axis.label is None and first.x_axis.categories == ["0.1", "0.2"]
    assert cells(record, 0) == {("500", "0.1", None, 49.1), ("500", "0.2", None, 50.1)}
    assert cells(record, 1) == {("1000", "0.1", None, 53.9), ("1000", "0.2", None, 53.2)}


def test_a_row_key_then_its_diagonal_value_and_named_range_ends():
    record = read(
        """
        ## Heatmap: Transfer
        * **X-axis (Horizontal):** Test dataset. Categories are: TriviaQA, HotpotQA, Movies.
        * **Y-axis (Vertical):** Train dataset. Categories are: TriviaQA, HotpotQA, Movies.
        ### Detailed Analysis
        * **TriviaQA (Row 1):** The diagonal value is 0.84. Correlation decreases with other datasets, ranging from approximately 0.55 (Movies) to 0.74 (HotpotQA).
        * **HotpotQA (Row 2):** Diagonal value is 0.78.
        """
    )
    assert cells(record) == {
        ("TriviaQA", "TriviaQA", None, 0.84), ("TriviaQA", "Movies", None, 0.55), ("TriviaQA", "HotpotQA", None, 0.74),
        ("HotpotQA", "HotpotQA", None, 0.78),
    }


def test_all_diagonal_cells_still_name_every_diagonal_cell():
    record = read(
        """
        ## Heatmap: Agreement
        * **X-axis:** A, B.
        * **Y-axis:** A, B.
        ### Detailed Analysis
        All diagonal cells are 1.00.
        """
    )
    assert cells(record) == {("A", "A", None, 1.0), ("B", "B", None, 1.0)}


def test_glosses_after_ticks_are_dropped_and_a_named_prefix_finds_its_category():
    record = read(
        """
        ## Table: Math Benchmarks
        * **Rows:** Represent benchmarks: GSM8K (Grade school math competition), MATH (High school math competition).
        * **Columns:** Represent LLMs: AceMath 72B-Instruct, Claude 3.5 Sonnet 2024-10-22.
        ### Detailed Analysis
        * **GSM8K:** Scores range from approximately 87.0 to 96.4. The highest score is 96.4 (Claude 3.5 Sonnet).
        """
    )
    panel = record.panels[0]
    assert panel.y_axis.categories == ["GSM8K", "MATH"]
    assert cells(record) == {("GSM8K", "Claude 3.5 Sonnet 2024-10-22", None, 96.4)}


def test_colours_that_group_several_points_without_a_legend_are_the_rows():
    record = read(
        """
        ## Scatter Plot: Accuracy by Model
        * **X-axis:** Model Name (Categorical) - M1, M2, M3, M4.
        * **Y-axis:** acc-m (Accuracy Metric) - Scale ranges from approximately 55 to 105.
        * **Legend:** No explicit legend is present, but colors are used to differentiate models.
        ### Detailed Analysis
        * **M1:** ~63 acc-m (Blue)
        * **M2:** ~66 acc-m (Blue)
        * **M3:** ~64 acc-m (Green)
        * **M4:** ~61 acc-m (Green)
        """
    )
    assert record.panels[0].y_axis.label == "acc-m"
    assert cells(record) == {("Blue", "M1", None, 63), ("Blue", "M2", None, 66), ("Green", "M3", None, 64), ("Green", "M4", None, 61)}


def test_one_colour_per_bar_only_paints_the_categories():
    record = read(
        """
        ## Bar Chart: Overall Acc
        - **X-Axis**: "FirstSpace (8)", "FirstSpDigit (11)"
        - **Y-Axis**: Labeled "Overall Acc".
        ### Detailed Analysis
        - **FirstSpace (8)**: 47.99 (dark blue)
        - **FirstSpDigit (11)**: 47.49 (light blue)
        """
    )
    assert cells(record) == {("Overall Acc", "FirstSpace (8)", None, 47.99), ("Overall Acc", "FirstSpDigit (11)", None, 47.49)}


def test_points_given_as_coordinates_under_their_group():
    record = read(
        """
        ## Scatter Plot: Accuracy vs. Time
        * **X-axis:** "Time-to-Answer", gridlines at each integer value from 12 to 15.
        * **Y-axis:** "Accuracy".
        ### Detailed Analysis
        * **Light Blue Squares:**
        * k=9: (13, 0.575)
        * k=5: (14.5, 0.555)
        * **Cyan Diamonds:**
        * k=9: (15, 0.59)
        """
    )
    assert record.chart_type == "scatter"
    assert cells(record) == {("9", "13", None, 0.575), ("5", "14.5", None, 0.555), ("9", "15", None, 0.59)}


def test_a_scale_line_under_an_axis_key_gives_its_ticks():
    record = read(
        """
        ## Line Chart: Training loss
        * **X-axis:** Training step
        * Scale: 0 to 2000, with markers at 0, 1000, and 2000.
        * **Y-axis:** Loss
        ### Detailed Analysis
        * **Training Loss (Blue Line):**
        * The line starts at approximately 0.24 at training step 0.
        * At training step 1000, the loss is approximately 0.25.
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.label == "Training step" and panel.x_axis.categories == ["0", "1000", "2000"]
    assert cells(record) == {("Loss", "0", None, 0.24), ("Loss", "1000", None, 0.25)}


def test_line_prose_names_x_positions_after_the_number_and_open_spans():
    record = read(
        """
        ## Line Graph: Attack Success Rate vs. Attack Ratio
        ### Components/Axes
        - **X-axis**: Attack ratio (%) ranging from 0 to 40 in 10% increments.
        - **Y-axis**: ASR (%) ranging from 0 to 100 in 20% increments.
        - **Legend**:
        - Alpha: Blue squares
        - Beta: Red circles
        ### Detailed Analysis
        1. **Alpha (Blue Squares)**:
        - Gradual increase from 0% to ~35% ASR at 40% attack ratio.
        - Flatline at ~0% until 20% attack ratio.
        2. **Beta (Red Circles)**:
        - Maintaining 100% ASR from 30% attack ratio onward.
        - At 0-10% attack ratio, ASR remains near 0%.
        - Keeps a horizontal line until 20% attack ratio, then drops sharply to ~87%.
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.label == "Attack ratio (%)" and panel.x_axis.categories == ["0", "10", "20", "30", "40"]
    assert cells(record) == {
        ("Alpha", "40", None, 35), ("Alpha", "0", None, 0), ("Alpha", "10", None, 0), ("Alpha", "20", None, 0),
        ("Beta", "30", None, 100), ("Beta", "40", None, 100), ("Beta", "0", None, 0), ("Beta", "10", None, 0),
    }


def test_a_stepless_range_on_a_line_x_axis_is_a_scale_and_keys_lose_the_axis_name():
    record = read(
        """
        ## Line Chart: Scores
        * **X-axis:** "Model Number" ranging from 1 to 10.
        * **Y-axis:** "Score (%)".
        * **Legend:**
        * Green squares: "MMLU"
        * Brown triangles: "GPQA"
        **1. MMLU (Green Squares):**
        * Data Points:
        * Model 1: ~75%
        * Model 4: ~89%
        """
    )
    assert record.panels[0].x_axis.categories == []
    assert cells(record) == {("MMLU", "1", None, 75), ("MMLU", "4", None, 89)}


def test_two_levels_of_bar_categories_and_legend_names_said_with_articles():
    record = read(
        """
        ## Bar Chart: Model Accuracy
        ### Components/Axes
        * **Y-axis:** "Accuracy (%)", ranging from 0 to 100.
        * **X-axis:** Categorical axis representing models and their variations:
        * Gemma (Original, Oracle)
        * Llama (Original, Oracle)
        * **Legend:**
        * Striped bars: "After 1st Round"
        * Solid bars: "Final Round"
        ### Detailed Analysis
        **Gemma:**
        * **Original:** Accuracy is 37% after the 1st round and 39% in the final round.
        **Llama:**
        * **Oracle:** Accuracy is 48% after the 1st round and 62% in the final round.
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["Original", "Oracle"] and panel.series == ["Gemma", "Llama"]
    assert cells(record) == {
        ("After 1st Round", "Original", "Gemma", 37), ("Final Round", "Original", "Gemma", 39),
        ("After 1st Round", "Oracle", "Llama", 48), ("Final Round", "Oracle", "Llama", 62),
    }


def test_listed_panel_titles_in_rows_and_items_named_by_them():
    record = read(
        """
        ## Heatmap: Head Importance Across Tasks
        The visualization is organized into two rows of two panels.
        - **X-axis (Horizontal)**: "Head" (0-3)
        - **Y-axis (Vertical)**: "Layer" (0-3)
        - **Panel Titles**: Four tasks organized in two rows:
        - Top Row: Recall, Retrieval
        - Bottom Row: Inference, Math
        ### Detailed Analysis
        1. **Recall** (Top-Left):
        - Peak importance: 0.0045 at layer 2, head 2
        2. **Math** (Bottom-Right):
        - Peak importance: 0.0041 at layer 1, head 3
        """
    )
    assert [p.title for p in record.panels] == ["Recall", "Retrieval", "Inference", "Math"]
    assert cells(record, 0) == {("2", "2", None, 0.0045)}
    assert cells(record, 3) == {("1", "3", None, 0.0041)}
