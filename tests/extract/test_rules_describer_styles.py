"""More structures real describers use, each written from the structure (invented charts).

A second round of real descriptions (gold/real/dev/round2) showed these; each test holds one
structure on an invented chart, so a regression names the structure it broke.
"""

from __future__ import annotations

from rules_reading import cells, read


def test_template_words_before_the_colon_are_not_the_title():
    for heading, expected in (
        ("# Technical Document Extraction: Loss by Width", "Loss by Width"),
        ("## Technical Data Extraction: Loss by Width", "Loss by Width"),
        ("## Surface Charts: Loss by Width", "Loss by Width"),
        ("# Technical Document Analysis of Scatter Plot", None),
        ("## Heatmap Comparison: Loss by Width", "Loss by Width"),
        ("## Comparison of Optimisers", "Comparison of Optimisers"),
        ("# Technical Document Extraction: Heatmap Analysis", None),
        ("## Violin Plot: Loss by Width", "Loss by Width"),
        ("## Radar Chart: Loss by Width", "Loss by Width"),
    ):
        record = read(f"{heading}\n### Components/Axes\n* **X-axis:** Width\n")
        assert record.title == expected, heading


def test_colour_keys_under_each_category_are_the_series_when_no_legend_names_them():
    # No legend: "Bars: three per group, in blue, orange and green"; each group lists its colours.
    record = read(
        """
        ## Bar Chart: Requests per Region
        ### Components/Axes
        * **X-axis:** "Region" labeled as North, South.
        * **Y-axis:** "Requests" ranging from 0 to 50.
        * **Bars:** three per region, in blue, orange and green; there is no legend.
        ### Detailed Analysis
        * **North:**
        * Blue: ~12
        * Orange: ~30
        * Green: ~7
        * **South:**
        * Blue: ~15
        * Orange: ~22
        * Green: ~9
        """
    )
    assert cells(record) == {
        ("Blue", "North", None, 12), ("Orange", "North", None, 30), ("Green", "North", None, 7),
        ("Blue", "South", None, 15), ("Orange", "South", None, 22), ("Green", "South", None, 9),
    }


def _axes(kind: str, x_entry: str):
    record = read(f"## {kind}: T\n### Components/Axes\n* **X-axis:** {x_entry}\n* **Y-axis:** Score (%), ranging from 20 to 70.\n")
    return record.panels[0].x_axis, record.panels[0].y_axis


def test_an_axis_name_then_its_range_is_a_title_and_a_scale():
    x, y = _axes("Line Chart", "Model Number, ranging from 1 to 22.")
    assert (x.label, x.categories) == ("Model Number", [])  # a line chart's x range without a step is a scale
    assert (y.label, y.categories) == ("Score (%)", [])
    x, _ = _axes("Bar Chart", "Group Size, ranging from 1 to 4.")
    assert (x.label, x.categories) == ("Group Size", ["1", "2", "3", "4"])  # discrete bars count by one


def test_integer_intervals_are_a_step_of_one():
    x, _ = _axes("Line Chart", '"Failures per Task" (0–3, integer intervals).')
    assert (x.label, x.categories) == ("Failures per Task", ["0", "1", "2", "3"])


def test_a_quoted_name_labeled_as_a_list_is_the_title_and_its_ticks():
    x, _ = _axes("Bar Chart", '"Region" labeled as North, South.')
    assert (x.label, x.categories) == ("Region", ["North", "South"])


def test_a_name_then_an_opener_then_the_ticks():
    x, _ = _axes("Bar Chart", "Region, with categories North and South.")
    assert (x.label, x.categories) == ("Region", ["North", "South"])


def test_a_grid_with_no_tick_labels_is_keyed_by_its_row_and_column_numbers():
    # "Row 1, Column 2: Value = 10" and "Row 1:" then "Cell 2 (top-center): 10" say the same.
    inline = read(
        """
        ## Heatmap: Unlabelled Grid
        ### Components/Axes
        The grid has 2 rows and 2 columns and no axis labels.
        ### Detailed Analysis
        * **Row 1, Column 1:** Value = 4, Color = Purple
        * **Row 1, Column 2:** Value = 10, Color = Yellow
        * **Row 2, Column 1:** Value = 7, Color = Orange
        * **Row 2, Column 2:** Value = 2, Color = Blue
        """
    )
    nested = read(
        """
        ## Heatmap: Unlabelled Grid
        ### Detailed Analysis
        * **Row 1:**
        * Cell 1 (top-left): 4 (purple)
        * Cell 2 (top-right): 10 (yellow)
        * **Row 2:**
        * Cell 1 (bottom-left): 7 (orange)
        * Cell 2 (bottom-right): 2 (blue)
        """
    )
    expected = {("1", "1", None, 4), ("1", "2", None, 10), ("2", "1", None, 7), ("2", "2", None, 2)}
    for record in (inline, nested):
        assert cells(record) == expected
        # positions are not tick labels: the axes list none
        assert record.panels[0].x_axis.categories == [] and record.panels[0].y_axis.categories == []


def test_a_flattened_legend_then_values_at_x_positions_in_brackets():
    # The legend's entries lost their indentation; each line's values name their x in brackets.
    record = read(
        """
        ## Line Graph: Calls by Group
        ### Components/Axes
        - **X-axis**: "Group" (0–3, integer intervals).
        - **Y-axis**: "Calls" (0–20, linear scale).
        - **Legend**:
        - **alpha**: Blue line with triangle markers.
        - **beta**: Orange line with circle markers.
        - **Grid**: Dotted lines for reference.
        ### Detailed Analysis
        1. **alpha (Blue Triangles)**:
        - Starts at ~4 calls (x=0), rises to ~9 (x=2).
        - Ends between 9–10 (x=3).
        2. **beta (Orange Circles)**:
        - Begins at ~2 (x=0), then ~3 (x=1).
        """
    )
    assert record.panels[0].x_axis.categories == ["0", "1", "2", "3"]
    assert cells(record) == {("alpha", "0", None, 4), ("alpha", "2", None, 9), ("beta", "0", None, 2), ("beta", "1", None, 3)}


def test_a_pie_legend_lists_its_slices():
    record = read(
        """
        ## Pie Chart: Answer Quality
        ### Components/Axes
        * **Legend:** Located to the right. It contains three entries:
        * **Correct:** Represented by a dark green circle.
        * **Partial:** Represented by a yellow circle.
        * **Wrong:** Represented by a red circle.
        ### Detailed Analysis
        * Correct: 70%
        * Partial: 20%
        * Wrong: 10%
        """
    )
    assert record.panels[0].x_axis.categories == ["Correct", "Partial", "Wrong"]
    assert record.panels[0].series == []
    assert cells(record) == {("Answer Quality", "Correct", None, 70), ("Answer Quality", "Partial", None, 20),
                             ("Answer Quality", "Wrong", None, 10)}


def test_colour_bins_under_a_flattened_legend_are_no_series():
    record = read(
        """
        ## Heatmap: Counts
        ### Components/Axes
        - **Rows**: Labeled A and B.
        - **Columns**: Labeled C and D.
        - **Legend**:
        - **Dark purple**: Low values (1–3).
        - **Yellow**: High values (7–9).
        ### Detailed Analysis
        | Row | C | D |
        |---|---|---|
        | A | 1 | 9 |
        | B | 7 | 3 |
        """
    )
    assert record.panels[0].series == []
    assert cells(record) == {("A", "C", None, 1), ("A", "D", None, 9), ("B", "C", None, 7), ("B", "D", None, 3)}


def test_sections_named_before_a_template_word_are_the_announced_panels():
    record = read(
        """
        # Technical Data Extraction: Scores Across Datasets
        This document covers three line charts (Dataset A, Dataset B and Dataset C).
        ## 1. General Structure
        * **X-Axis:** Numerical values ranging from **1 to 3** with ticks at intervals of 1.
        * **Y-Axis:** Accuracy ranging from approximately **0.5 to 0.9**.
        * **Legend (top-left of each plot):**
        * **Red Line with Square Markers ($\\blacksquare$):** Recall
        * **Blue Line with Circle Markers:** Precision
        ## 2. Dataset A Analysis
        | X-Value | Recall (Red) | Precision (Blue) |
        | :--- | :--- | :--- |
        | **1** | ~0.61 | ~0.72 |
        | **2** | ~0.66 | ~0.75 |
        ## 3. Dataset B Analysis
        | X-Value | Recall (Red) | Precision (Blue) |
        | :--- | :--- | :--- |
        | **1** | ~0.55 | ~0.81 |
        """
    )
    # the text stops before C's section; its overview names it
    assert [p.title for p in record.panels] == ["Dataset A", "Dataset B", "Dataset C"]
    first = record.panels[0]
    assert (first.x_axis.label, first.y_axis.label) == (None, "Accuracy")  # "Numerical values" is no title
    assert cells(record, 0) == {("Recall", "1", None, 0.61), ("Precision", "1", None, 0.72),
                                ("Recall", "2", None, 0.66), ("Precision", "2", None, 0.75)}
    assert cells(record, 1) == {("Recall", "1", None, 0.55), ("Precision", "1", None, 0.81)}


def test_a_metric_name_with_a_digit_after_at_is_not_the_value():
    record = read(
        """
        ## Heatmap: Hit Rate
        ### Components/Axes
        * **X-axis:** Attack budget (0 to 4)
        * **Y-axis:** Defense budget (0 to 4)
        ### Detailed Analysis
        * (Attack Budget 0, Defense Budget 0): HIT@5 ≈ 0.55
        * (Attack Budget 4, Defense Budget 0): R@10 = 0.61
        """
    )
    assert cells(record) == {("0", "0", None, 0.55), ("0", "4", None, 0.61)}


def test_a_value_said_across_a_whole_axis_covers_its_every_tick():
    record = read(
        """
        ## Heatmap: Activations
        ### Components/Axes
        - **Y-axis (Time step)**:
        - Labels: `1`, `2`, `3`
        - **X-axis (Feature)**:
        - Labels: `1`, `5`
        - **Legend**:
        - Color gradient:
        - **Dark blue** → **-1.0**
        - **Yellow** → **1.0**
        ### Detailed Analysis
        1. **Feature 5**:
        - **Trend**: Vertical stripe of **dark blue** (values near **-1.0**) across all time steps.
        """
    )
    panel = record.panels[0]
    assert (panel.color_scale.min, panel.color_scale.max) == (-1.0, 1.0)  # the stops after "Color gradient:"
    assert cells(record) == {("1", "5", None, -1.0), ("2", "5", None, -1.0), ("3", "5", None, -1.0)}


def test_a_span_of_layers_covers_the_ticks_inside_it_under_a_located_row_heading():
    # Ticks every 2 layers; the text's spans end between ticks; "Row 1:" only locates the row.
    record = read(
        """
        ## Heatmap: Divergence
        ### Metadata
        * **X-Axis Title:** `Layer`
        * **X-Axis Markers:** 0, 2, 4, 6, 8, 10
        * **Y-Axis Labels:** `Subj.`, `Attn.`
        ### Data Extraction
        ### Row 1: Subj. (Subject)
        * **Layers 0 - 5:** High divergence (approx. 0.5 to 0.6).
        * **Layers 6 - 11:** Low divergence (approx. 0.1).
        ### Row 2: Attn. (Attention)
        * **Layers 0 - 3:** Very low divergence (~0.2).
        """
    )
    # (labels lose a final full stop, as everywhere in the rules; scoring ignores surrounding punctuation)
    assert cells(record) == {("Subj", "6", None, 0.1), ("Subj", "8", None, 0.1), ("Subj", "10", None, 0.1),
                             ("Attn", "0", None, 0.2), ("Attn", "2", None, 0.2)}


def test_rows_of_horizontal_stacked_bars_headed_by_their_position():
    record = read(
        """
        ## Stacked Bar Chart: Preference
        ### Components/Axes
        * **Legend:**
        * Green: "ours"
        * Red: "baseline"
        * **Rows:** Two horizontal rows, each a stacked bar.
        ### Detailed Analysis
        **Row 1: "ours" vs. "baseline"**
        * Specific values:
        * "ours": 70%
        * "baseline": 30%
        **Row 2: "ours" vs. "baseline"**
        * Specific values:
        * "ours": 55%
        * "baseline": 45%
        """
    )
    panel = record.panels[0]
    assert panel.y_axis.categories == ["1", "2"] and panel.x_axis.categories == []  # horizontal bars
    assert cells(record) == {("ours", "1", None, 70), ("baseline", "1", None, 30),
                             ("ours", "2", None, 55), ("baseline", "2", None, 45)}


def test_an_axis_entry_that_counts_its_rows_lists_no_ticks_unless_it_names_them():
    x, _ = _axes("Bar Chart", "Two horizontal rows, each a comparison.")
    assert x.categories == []
    x, _ = _axes("Bar Chart", "Three bars, labeled North, South and East.")
    assert x.categories == ["North", "South", "East"]


def test_points_written_as_keys_with_powers_of_ten_under_a_series_heading():
    record = read(
        """
        ## Scatter Plot: Footprint
        ### Components/Axes
        - **X-axis (R²)**: Ticks: `0.5`, `0.6`
        - **Y-axis (Footprint (bytes))**: Logarithmic (`10⁴` to `10⁶`)
        ## Data Points
        ### 1. Dense (Blue Square)
        - **Points**:
        - `(0.51, ~10⁴)`: Located at the far left.
        - `(0.58, ~10⁵)`: Slightly right.
        ### 2. Sparse (Blue Star)
        - **Points**:
        - `(0.55, ~10⁻²)`: Bottom.
        - `(0.60, ~10⁵.⁵)`: A fractional power is no number.
        """
    )
    assert cells(record) == {("Dense", "0.51", None, 10_000), ("Dense", "0.58", None, 100_000),
                             ("Sparse", "0.55", None, 0.01)}


def test_a_point_named_by_both_axes_titles_is_one_point():
    record = read(
        """
        ## Scatter Plot: Scaling
        ### Components/Axes
        * **X-Axis:** Labeled "Model Size (B)".
        * **Y-Axis:** Labeled "Gain (%)".
        * **Legend:** It contains two entries:
        * A black circle symbol labeled "Observed".
        * A blue dashed line symbol labeled "Trend".
        ### Detailed Analysis
        1. **Observed (Black Circles):**
        * The first point is at approximately **Model Size = 7 B**, **Gain = ~4.2%**.
        * The second point is at approximately **Model Size = 14 B**, **Gain = ~4.9%**.
        """
    )
    assert cells(record) == {("Observed", "7", None, 4.2), ("Observed", "14", None, 4.9)}


def test_a_title_entry_that_says_there_is_none_leaves_the_heading_title():
    for said in ("No chart title is visible within the image frame.", "None present.", "Not shown."):
        record = read(f"## Pie Chart: Answer Kinds\n### Components/Axes\n* **Title:** {said}\n")
        assert record.title == "Answer Kinds", said


def test_a_range_incrementing_by_a_step_lists_its_ticks():
    x, _ = _axes("Bar Chart", "Width, from 1 to 4, incrementing by 1.")
    assert (x.label, x.categories) == ("Width", ["1", "2", "3", "4"])


def test_a_box_plot_states_its_medians():
    record = read(
        """
        ## Box Plot: Scores by Metric
        ### Components/Axes
        * **X-axis:** Metric, with the following categories:
        * Recall
        * Precision
        * **Y-axis:** Score, ranging from 0 to 1, with tick marks at intervals of 0.2.
        ### Detailed Analysis
        * **Recall:**
        * The box extends from approximately 0.2 to 0.5.
        * The median is around 0.35.
        * **Precision:**
        * The box extends from approximately 0.6 to 0.9.
        * The median is around 0.8.
        """
    )
    assert record.chart_type == "other"
    assert record.panels[0].y_axis.categories == []  # the score axis is a scale
    assert cells(record) == {("median", "Recall", None, 0.35), ("median", "Precision", None, 0.8)}


def test_increments_followed_by_a_list_are_the_ticks_and_keys_name_them_with_the_singular():
    record = read(
        """
        ## Heatmap: Loss by Step
        ### Components/Axes
        * **X-axis:** "Layer", with categories 1, 2.
        * **Y-axis:** "Steps", ranging from 0 to 5000, with increments of 150, 300, 1000, 5000.
        ### Detailed Analysis
        | Layer | Step 150 | Step 5000 |
        |---|---|---|
        | 1 | 0.28 | 0.22 |
        """
    )
    assert record.panels[0].y_axis.categories == ["150", "300", "1000", "5000"]
    assert cells(record) == {("150", "1", None, 0.28), ("5000", "1", None, 0.22)}


def test_x_positions_named_by_the_axis_title_on_a_line_chart_without_ticks():
    record = read(
        """
        ## Line Chart: Accuracy vs. Attack Ratio
        ### Components/Axes
        - **Y-axis**: Accuracy (%) [84-96], labeled "Accuracy (%)"
        - **X-axis**: Attack ratio (%) [0-50], labeled "Attack ratio (%)"
        - **Legend**: Located bottom-left, mapping:
        - Blue squares: Alpha
        - Red circles: Beta
        ### Detailed Analysis
        1. **Alpha** (blue squares): Starts at ~96.5% accuracy at 0% attack ratio, declines to ~95.5% at 50% attack ratio.
        2. **Beta** (red circles): Begins at ~96.2%, holds until 40% attack ratio, then drops sharply to ~87%.
        """
    )
    assert record.panels[0].x_axis.categories == []  # a scale, not ticks
    # "until 40% attack ratio" belongs to the value before it, which states none: no cell for ~87%
    assert cells(record) == {("Alpha", "0", None, 96.5), ("Alpha", "50", None, 95.5)}


def test_axis_titles_before_their_tick_lists_in_the_forms_describers_use():
    cases = [
        ("Test dataset. Categories are: A, B, C.", "Test dataset", ["A", "B", "C"]),
        ("Layers (0–8, incrementing by 4)", "Layers", ["0", "4", "8"]),
        ("Layer (numerical, ranges from 0 to 4 in increments of 2)", "Layer", ["0", "2", "4"]),
        ("Percentage scale, ranging from 0 to 100.", None, None),
        ("An unlabeled vertical axis.", None, None),
        ("No label provided for the x-axis variable.", None, None),
    ]
    for entry, label, categories in cases:
        x, _ = _axes("Heatmap", entry)
        assert x.label == label, entry
        if categories is not None:
            assert x.categories == categories, entry


def test_a_structural_word_before_the_name_in_the_key_brackets():
    record = read(
        """
        ## Heatmap: Deltas
        ### Components/Axes
        * **Y-Axis (Rows - Mathematical Domains):** Two categories: Algebra, Geometry.
        * **X-Axis (Columns - Models):** Two categories: M1, M2.
        """
    )
    assert record.panels[0].y_axis.label == "Mathematical Domains"
    assert record.panels[0].x_axis.label == "Models"


def test_flattened_axis_fields_after_an_axis_key():
    record = read(
        """
        ## Line Chart: Sensitivity
        ### Components/Axes
        * **Y-Axis**:
        * **Label**: "AUROC" (positioned vertically on the left).
        * **Scale**: Ranges from 40 to 100.
        * **X-Axis**:
        * **Label**: "Temperature" (centered at the bottom).
        * **Scale/Markers**: Categorical with values: 0.1, 0.5, 1.
        """
    )
    panel = record.panels[0]
    assert (panel.x_axis.label, panel.x_axis.categories) == ("Temperature", ["0.1", "0.5", "1"])
    assert (panel.y_axis.label, panel.y_axis.categories) == ("AUROC", [])


def test_a_flowchart_plots_no_grid():
    record = read(
        """
        ## Flowchart: Architecture of a Query System
        ### Overview
        The diagram illustrates the workflow of a system that answers queries.
        ### Components
        1. **UI Interface**: Receives input queries.
        2. **Retriever**: Finds passages.
        """
    )
    assert record.title == "Architecture of a Query System"
    assert record.panels == []


def test_panel_titles_the_text_never_reached_come_from_its_list_of_them():
    record = read(
        """
        # Technical Data Extraction: Scores
        This document covers three line charts (Set A, Set B, and Set C).
        ## 2. Set A Analysis
        * Nothing stated.
        ## 3. Set B Analysis
        * Nothing stated.
        """
    )
    assert [p.title for p in record.panels] == ["Set A", "Set B", "Set C"]


def test_statements_about_every_tick_of_an_axis_and_rows_joined_by_and():
    record = read(
        """
        ## Heatmap: Scores
        ### Components/Axes
        - **Y-axis (Scenarios):**
        - Top: ID (identical data)
        - Middle: CMP (comparison data)
        - Bottom: OOD (out-of-distribution data)
        - **X-axis (Transformations):**
        - f1, f2, f3
        ### Detailed Analysis
        - **ID Scenario:** All transformations score 1.00
        - **CMP Scenario:**
        - f1: 0.71
        - All other transformations: 0.00
        - **OOD Scenario:** f2 scores 0.4
        """
    )
    panel = record.panels[0]
    assert panel.y_axis.categories == ["ID", "CMP", "OOD"]  # the position before the colon only places the tick
    assert cells(record) == {
        ("ID", "f1", None, 1.0), ("ID", "f2", None, 1.0), ("ID", "f3", None, 1.0),
        ("CMP", "f1", None, 0.71), ("CMP", "f2", None, 0.0), ("CMP", "f3", None, 0.0),
        ("OOD", "f2", None, 0.4),
    }


def test_rows_joined_by_and_share_a_statement():
    record = read(
        """
        ## Heatmap: Match
        ### Components/Axes
        - **Y-axis:** A, B, C
        - **X-axis (Tasks):** t1, t2
        ### Detailed Analysis
        - **A Row:** All tasks score 100%
        - **B & C Rows:** All tasks score 0%
        """
    )
    assert cells(record) == {("A", "t1", None, 100), ("A", "t2", None, 100), ("B", "t1", None, 0),
                             ("B", "t2", None, 0), ("C", "t1", None, 0), ("C", "t2", None, 0)}


def test_cells_keyed_by_tick_pairs_in_the_declared_x_y_order():
    record = read(
        """
        ## Heatmap: Accuracy
        ### Components/Axes
        * **X-axis Label:** "digit\\_a" - positioned at the bottom. The axis markers are 1, 2, and 3.
        * **Y-axis Label:** "digit\\_b" - positioned at the left. The axis markers are 1, 2, and 3.
        * **Data Cells:** Each cell is the accuracy for a specific (digit\\_a, digit\\_b) pair.
        ### Detailed Analysis
        * **(1, 2):** Accuracy = 0.91
        * **(3, 1):** Accuracy = 0.42
        """
    )
    panel = record.panels[0]
    assert (panel.x_axis.label, panel.x_axis.categories) == ("digit_a", ["1", "2", "3"])
    assert (panel.y_axis.label, panel.y_axis.categories) == ("digit_b", ["1", "2", "3"])
    # (digit_a, digit_b): the first is the column, the second the row
    assert cells(record) == {("2", "1", None, 0.91), ("1", "3", None, 0.42)}


def test_an_axis_title_field_is_not_the_charts_and_listed_categories_keep_vs():
    record = read(
        """
        # Technical Data Extraction: Win Rates
        ### Legend
        * **Legend Items (Color-to-Label Mapping):**
        * **Slate Blue:** Factuality
        * **Pink:** Relevance
        ### Axes
        * **Y-Axis (Vertical):**
        * **Title:** Win Rate (%)
        * **X-Axis (Horizontal):**
        * **Title:** Comparisons
        * **Categories:**
        1. vs. Baseline
        2. vs. Ablation
        ### Data Points
        #### Category 1: vs. Baseline
        * **Factuality (Slate Blue):** 72
        * **Relevance (Pink):** 68
        #### Category 2: vs. Ablation
        * **Factuality (Slate Blue):** 65
        """
    )
    panel = record.panels[0]
    assert record.title == "Win Rates"
    assert (panel.x_axis.label, panel.x_axis.categories) == ("Comparisons", ["vs. Baseline", "vs. Ablation"])
    assert panel.y_axis.label == "Win Rate (%)"
    assert cells(record) == {("Factuality", "vs. Baseline", None, 72), ("Relevance", "vs. Baseline", None, 68),
                             ("Factuality", "vs. Ablation", None, 65)}


def test_pairs_with_vs_before_an_arrow_and_a_list_that_ends_at_its_sentence():
    record = read(
        """
        ## Heatmap: Overlap
        ### Components/Axes
        * **Y-axis:** Lists datasets from top to bottom: A, B, C.
        * **X-axis:** Lists datasets from left to right: A, B, C. Labels are rotated approximately 45 degrees.
        ### Detailed Analysis
        * **Data Points (Row, Column -> Value):**
        * B vs. A -> **109** (Highest value in the chart)
        * C vs. B -> **8**
        """
    )
    assert record.panels[0].x_axis.categories == ["A", "B", "C"]
    assert cells(record) == {("B", "A", None, 109), ("C", "B", None, 8)}


def test_an_axis_name_with_its_values_in_brackets_and_keys_written_as_assignments():
    record = read(
        """
        ## Heatmap: Accuracy
        ### Components/Axes
        * **X-axis:** digit\\_a (values: 1, 2, 3)
        * **Y-axis:** digit\\_b (values: 1, 2, 3)
        ### Detailed Analysis
        * **digit_a = 1:**
        * digit_b = 2: 0.97 (blue)
        * digit_b = 3: 1.00 (dark blue)
        * **digit_a = 2:**
        * digit_b = 3: 0.99 (dark blue)
        """
    )
    panel = record.panels[0]
    assert (panel.x_axis.label, panel.x_axis.categories) == ("digit_a", ["1", "2", "3"])
    assert cells(record) == {("2", "1", None, 0.97), ("3", "1", None, 1.0), ("3", "2", None, 0.99)}


def test_a_table_of_comparisons_keeps_each_vs_label_whole():
    record = read(
        """
        # Technical Data Extraction: Model Comparison Horizontal Stacked Bar Chart
        * **Y-Axis (Labels):** Located on the left, identifying the models being compared.
        ## Data Table Extraction
        | Comparison (Y-Axis Label) | Left Wins (Green) | Tie (Blue) | Right Wins (Red) |
        | :--- | :---: | :---: | :---: |
        | **M3 vs. M2** | 47.7 | 39.8 | 12.5 |
        | **M2 vs. M1** | 55.5 | 32.8 | 11.7 |
        """
    )
    panel = record.panels[0]
    assert panel.y_axis.categories == ["M3 vs. M2", "M2 vs. M1"]  # horizontal bars; the axis entry lists none
    assert cells(record) == {
        ("Left Wins", "M3 vs. M2", None, 47.7), ("Tie", "M3 vs. M2", None, 39.8), ("Right Wins", "M3 vs. M2", None, 12.5),
        ("Left Wins", "M2 vs. M1", None, 55.5), ("Tie", "M2 vs. M1", None, 32.8), ("Right Wins", "M2 vs. M1", None, 11.7),
    }
