"""Structures of grouped bar, line and multi-panel descriptions, each on an invented chart.

Round 1's test third (read once it was no longer blind) and round 3's dev half showed these:
a numbered list of groups glossed after a dash, group headings that carry their place
("(Leftmost)") and the word "Group", legend entries numbered or written as variable settings,
legend names shared with the groups, points written "Step = 10, Loss ≈ 2.5" or "(x, y)" in
sentences, lettered panels described on their key's line, an axis "same as" the other.
"""

from __future__ import annotations

from rules_reading import cells, read


def test_numbered_groups_glossed_after_a_dash_and_headed_with_their_place():
    record = read(
        """
        ## Bar Chart: Safety Scores
        ### Components/Axes
        * **Y-Axis:** Labeled "Score (%)". Scale from 0 to 100.
        * **X-Axis:** Contains two groups:
        1. `Helpful (↑)` - Higher is better.
        2. `Attack Rate (↓) Hard` - Lower is better here.
        * **Legend:** Located at the top.
        * **Gray Bar:** `Base`
        * **Blue Bar:** `Tuned`
        ### Detailed Analysis
        **1. Helpful (↑) Group (Leftmost):**
        * `Base` (Gray): ~61%
        * `Tuned` (Blue): ~66%
        **2. Attack Rate (↓) Hard Group (Rightmost):**
        * `Base` (Gray): ~48%
        * `Tuned` (Blue): 3% (explicitly labeled)
        """
    )
    assert record.panels[0].x_axis.categories == ["Helpful (↑)", "Attack Rate (↓) Hard"]
    assert cells(record) == {
        ("Base", "Helpful (↑)", None, 61), ("Tuned", "Helpful (↑)", None, 66),
        ("Base", "Attack Rate (↓) Hard", None, 48), ("Tuned", "Attack Rate (↓) Hard", None, 3),
    }


def test_numbered_legend_entries_named_after_labeled_and_shared_with_the_groups():
    # Two legend entries whose names are also two of the three groups: still the bars of each group.
    record = read(
        """
        ## Grouped Bar Chart: Accuracy
        ### Components/Axes
        * **Y-Axis:**
        * **Label:** "Accuracy"
        * **X-Axis:**
        * **Categories (from left to right):** "P q", "r/s", "T u".
        * **Legend:**
        * **Position:** Top-right corner.
        * **Series 1:** Green square, labeled "r/s".
        * **Series 2:** Orange square, labeled "P q".
        ### Detailed Analysis
        **Category 1: "P q" (Leftmost group)**
        * **Green Bar ("r/s"):** Height is approximately 70.
        * **Orange Bar ("P q"):** Height is approximately 90.
        **Category 2: "r/s" (Middle group)**
        * **Green Bar ("r/s"):** Height is approximately 63.
        * **Orange Bar ("P q"):** Height is approximately 14.
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["P q", "r/s", "T u"]
    assert cells(record) == {
        ("r/s", "P q", None, 70), ("P q", "P q", None, 90), ("r/s", "r/s", None, 63), ("P q", "r/s", None, 14),
    }


def test_a_legend_that_names_every_group_colours_the_groups():
    record = read(
        """
        ## Bar Chart: Votes
        ### Components/Axes
        * **X-Axis:** Parties: Red, Blue, Green.
        * **Y-Axis:** "Votes"
        * **Legend:** Red (red bar), Blue (blue bar), Green (green bar)
        ### Detailed Analysis
        * Red: 12
        * Blue: 30
        * Green: 7
        """
    )
    assert record.panels[0].series == []
    assert {(col, value) for _, col, _, value in cells(record)} == {("Red", 12), ("Blue", 30), ("Green", 7)}


def test_points_written_as_x_equals_then_y_approximately():
    record = read(
        """
        ## Chart: Loss vs. Step
        ### Overview
        The image presents a line chart of loss against step.
        ### Components/Axes
        * **X-axis:** "Step (log)" - Scale is logarithmic, ranging from approximately 10 to 10000.
        * **Y-axis:** "Loss" - Scale is linear, ranging from approximately 0 to 10.
        ### Detailed Analysis
        Approximate data points (estimated from the graph):
        * Step = 10<sup>1</sup>, Loss ≈ 11.5
        * Step = 100, Loss ≈ 6
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == []  # "Scale is logarithmic, ranging ...": words about the axis
    assert cells(record) == {("Loss", "10<sup>1</sup>", None, 11.5), ("Loss", "100", None, 6)}


def test_two_named_values_on_one_line_are_not_a_point_unless_they_are_the_axes():
    record = read(
        """
        ## Bar Chart: Scores
        ### Components/Axes
        * **X-axis:** "Model", with categories A and B.
        * **Y-axis:** "Score"
        * **Legend:** Precision (blue), Recall (orange)
        ### Detailed Analysis
        * **A:**
        * Precision = 0.8, Recall ≈ 0.7
        """
    )
    assert ("Precision", "A", None, 0.8) in cells(record)


def test_lettered_keys_with_a_description_are_the_panels():
    record = read(
        """
        ## Heatmaps: Overlap Matrices
        ### Overview
        The image presents three heatmaps, labeled (a) through (c).
        ### Components/Axes
        * **X-axis:** Labeled 'p', with markers at 0.0, 0.5, and 1.0.
        * **Y-axis:** Labeled 'q', with markers at 0.0, 0.5, and 1.0.
        ### Detailed Analysis
        **(a)**: The heatmap shows a strong overlap along the diagonal. Values are approximately 1.0 along the diagonal.
        **(b)**: Similar to (a), the overlap is strong along the diagonal, with values around 0.9 there.
        """
    )
    assert len(record.panels) == 3
    first, second = (cells(record, panel=i) for i in (0, 1))
    assert first == {(q, q, None, 1.0) for q in ("0.0", "0.5", "1.0")}
    assert ("0.5", "0.5", None, 0.9) in second


def test_legend_entries_that_are_settings_of_variables():
    record = read(
        """
        ## Line Chart: Accuracy vs. Time
        ### Components/Axes
        * **X-axis:** Labeled as "t", ranging approximately from -1 to 4.
        * **Y-axis:** Labeled as "Acc", ranging approximately from 0.5 to 0.95.
        * **Legend:** Located in the top-left corner, listing the following:
        * λ = 1.5, μ = 2 (Light Blue)
        * r = 10 (Yellow)
        ### Detailed Analysis
        * **λ = 1.5, μ = 2 (Light Blue):** This line starts at approximately (-1, 0.52) and rises sharply, reaching a peak around (0.5, 0.93). It then falls to approximately 0.82 at t = 2 and 0.74 at t = 4.
        * **r = 10 (Yellow):** This line starts at approximately (-1, 0.55). It stays around 0.8 after t = 2.
        """
    )
    assert cells(record) == {
        ("λ = 1.5, μ = 2", "-1", None, 0.52), ("λ = 1.5, μ = 2", "0.5", None, 0.93),
        ("λ = 1.5, μ = 2", "2", None, 0.82), ("λ = 1.5, μ = 2", "4", None, 0.74),
        ("10", "-1", None, 0.55),
    }


def test_an_axis_said_to_be_the_same_as_the_other():
    record = read(
        """
        ## Heatmap: Correlation of Scores
        ### Components/Axes
        - **X-axis (rows)**: Alpha, Beta (v2), Gamma
        - **Y-axis (columns)**: Same as X-axis
        - **Values**:
        - Alpha vs Beta (v2): 0.67
        - Gamma vs Alpha: 0.41
        """
    )
    panel = record.panels[0]
    assert panel.y_axis.categories == panel.x_axis.categories == ["Alpha", "Beta (v2)", "Gamma"]
    assert panel.y_axis.label is None  # "Same as X-axis" titles nothing
    assert {value for *_, value in cells(record)} == {0.67, 0.41}


def test_a_legend_sentence_with_its_entries_in_brackets_and_numbers_inside_names():
    record = read(
        """
        ## Bar Chart: Normalized Performance
        ### Components/Axes
        - **X-axis**: Categories measured (Factuality, Reasoning)
        - **Y-axis**: Normalized Performance (ranging from 0.0 to 1.4)
        - **Legend**: Colors represent different models (Nano 1, Nano 2, Pro)
        ### Detailed Analysis
        - **Factuality**: Nano 1 has the highest normalized performance, followed by Nano 2 and Pro.
        - **Reasoning**: Nano 2 has the highest normalized performance.
        """
    )
    assert record.panels[0].y_axis.label == "Normalized Performance"
    assert cells(record) == set()  # ranks, no values: "Nano 1" names a model


def test_expanded_ticks_are_written_as_a_describer_writes_them():
    record = read(
        """
        ## Heatmap: Field
        ### Components/Axes
        * **X-axis:** Labeled 'x', ranges from 0.0 to 1.0 in increments of 0.25.
        * **Y-axis:** Labeled 't', ranges from 0 to 1 in increments of 0.5.
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["0.0", "0.25", "0.5", "0.75", "1.0"]
    assert panel.y_axis.categories == ["0", "0.5", "1"]


def test_values_reached_by_an_x_position_and_values_after_one():
    record = read(
        """
        ## Line Chart: Accuracy over Epochs
        ### Components/Axes
        * **X-axis:** "Epoch", with markers at 0, 10, 20, 30.
        * **Y-axis:** "Accuracy (%)", from 0 to 100.
        * **Legend:** Green: "Ours"; Purple: "Baseline"
        ### Detailed Analysis
        * **"Ours" (Green):**
        * The line starts at approximately 15% accuracy at epoch 0.
        * It rapidly increases to approximately 90% accuracy by epoch 5.
        * It plateaus around 97% accuracy after epoch 20.
        * **"Baseline" (Purple):**
        * The line reaches approximately 60% accuracy at epoch 10.
        """
    )
    assert cells(record) == {("Ours", "0", None, 15), ("Ours", "5", None, 90), ("Baseline", "10", None, 60)}


def test_axis_entries_as_fields_with_lead_in_words_and_notes():
    record = read(
        """
        ## Heatmap: Accuracy by Rate
        ### Components/Axes
        * **X-Axis (Horizontal):**
        * **Label:** λ (lambda)
        * **Markers:** Major ticks are present at 0.25, 0.50, and 0.75.
        * **Y-Axis:** Number of Operands, with labels "2 Operands", "3 Operands", and "4 Operands".
        """
    )
    panel = record.panels[0]
    assert (panel.x_axis.label, panel.x_axis.categories) == ("λ", ["0.25", "0.50", "0.75"])
    assert panel.y_axis.label == "Number of Operands"


def test_a_step_written_before_the_range_and_a_numbered_list_after_an_introducer():
    record = read(
        """
        ## Bar Chart: Hits by Setting
        ### Components/Axes
        * **Y-Axis:**
        * **Label:** "Hits@1"
        * **X-Axis:**
        * **Categories:** Three distinct categories, labeled:
        1. `IKG-20%`
        2. `IKG-40%`
        * These labels likely represent settings of a parameter.
        """
    )
    assert record.panels[0].x_axis.categories == ["IKG-20%", "IKG-40%"]
    heat = read(
        """
        ## Heatmap: Heads
        ### Components/Axes
        * **X-axis:** Labeled "Head," with tick marks at intervals of 6, ranging from 0 to 18.
        """
    )
    assert (heat.panels[0].x_axis.label, heat.panels[0].x_axis.categories) == ("Head", ["0", "6", "12", "18"])


def test_counts_of_cells_and_phrases_about_the_chart_are_not_cells():
    record = read(
        """
        ## Heatmap: Density
        ### Components/Axes
        * **X-axis:** "Token Limit", with markers at 1000, 2000, 3000.
        * **Y-axis:** "Context Length", with markers at 10, 20.
        ### Detailed Analysis
        * **High Values (0.8 - 1.0):** These are concentrated in clusters.
        * Top-left cluster: Approximately 5 cells.
        * Bottom-right cluster: 3 squares.
        * **Notable Exceptions:**
        * A **green square** at `Token Limit = 2000` and `Context Length = 10`, indicating a high score.
        """
    )
    assert cells(record) == set()


def test_the_colour_bar_named_in_its_key_and_not_by_words_about_its_ticks():
    named = read(
        """
        ## Heatmap: Attribution by Layer
        ### Components/Axes
        * **Color Scale (Attribution):** A color bar on the right. Orange is about 0.16, white about 0.12.
        """
    )
    assert named.panels[0].color_scale.label == "Attribution"
    unnamed = read(
        """
        ## Heatmap: Correlation
        ### Components/Axes
        * **Colorbar:** Located to the right, ranging from 0.0 to 1.0. The colorbar is labeled with numerical values.
        """
    )
    assert unnamed.panels[0].color_scale.label is None
    assert (unnamed.panels[0].color_scale.min, unnamed.panels[0].color_scale.max) == (0.0, 1.0)


def test_legend_keys_that_say_how_a_bar_is_drawn_and_quoted_entries_glossed_after_a_dash():
    drawn = read(
        """
        ## Bar Chart: Accuracy by Round
        ### Components/Axes
        * **X-Axis:** Models: Alpha, Beta.
        * **Y-Axis:** "Accuracy (%)"
        * **Legend (Top-Left Corner):**
        * **Hatched Pattern Bar:** "After 1st Round"
        * **Solid Color Bar:** "Final Round"
        ### Detailed Analysis
        | Category | After 1st Round (Hatched) | Final Round (Solid) |
        | :--- | :--- | :--- |
        | **Alpha** | 37 | 40 |
        | **Beta** | 45 | 58 |
        """
    )
    assert cells(drawn) == {
        ("After 1st Round", "Alpha", None, 37), ("Final Round", "Alpha", None, 40),
        ("After 1st Round", "Beta", None, 45), ("Final Round", "Beta", None, 58),
    }
    glossed = read(
        """
        ## Line Chart: Test Accuracy vs. d1
        ### Components/Axes
        * **X-axis:** "d1", with markers at 100, 200.
        * **Y-axis:** "Test Accuracy"
        * **Legend:** Located in the top-right corner.
        * "w/o MRL" - Represented by a blue dashed line with square markers.
        * "w/ MRL" - Represented by a purple solid line with star markers.
        ### Detailed Analysis
        **Line 1: w/o MRL (Blue Dashed Line)**
        * At d1 = 100, Test Accuracy ≈ 93.4
        **Line 2: w/ MRL (Purple Solid Line)**
        * At d1 = 200, Test Accuracy ≈ 96.1
        """
    )
    assert cells(glossed) == {("w/o MRL", "100", None, 93.4), ("w/ MRL", "200", None, 96.1)}


def test_slices_written_as_a_name_with_its_value_in_brackets():
    record = read(
        """
        ## Donut Chart: Libraries
        ### Overview
        The image displays a donut chart titled "Full Set (60)".
        ### Detailed Analysis
        1. **mlflow (49)** - Light blue segment. This is the largest single category.
        2. **pandas (11)** - Light orange segment.
        3. **Layer (12)**: 0.5
        """
    )
    assert {(col, value) for _, col, _, value in cells(record)} == {("mlflow", 49), ("pandas", 11), ("Layer (12)", 0.5)}


def test_values_under_a_heading_that_names_a_panel_and_names_that_open_with_a_letter():
    record = read(
        """
        ## Line Charts: Answer Accuracy by Layer
        ### Components/Axes
        **Left Chart (Model-S):**
        * **X-axis:** Layer, with ticks at 0, 5, 10.
        * **Y-axis:** Answer Accuracy, ranging from 0 to 100.
        **Right Chart (Model-L):**
        * **X-axis:** Layer, with ticks at 0, 5, 10.
        * **Y-axis:** Answer Accuracy, ranging from 0 to 100.
        **Legend (Located below both charts):**
        * **Q-Anchored (PopQA):** Solid blue line
        * **A-Anchored (PopQA):** Dashed brown line
        ### Detailed Analysis
        **Model-S:**
        * **Q-Anchored (PopQA):** Starts at approximately 100% accuracy at layer 0, drops sharply to around 20% by layer 5.
        * **A-Anchored (PopQA):** Relatively stable.
        """
    )
    assert record.panels[0].series == [] and len(record.panels) == 2
    assert cells(record, panel=0) == {("Q-Anchored (PopQA)", "0", None, 100), ("Q-Anchored (PopQA)", "5", None, 20)}


def test_acronyms_spelled_out_examples_and_a_range_after_labeled():
    record = read(
        """
        ## Heatmap: Task Performance by Prompt Type
        ### Components/Axes
        - **Y-axis (Tasks):** 25 cognitive tasks (e.g., boolean expressions, causal judgement, etc.).
        - **X-axis (Prompt Types):** AO (Answer Only), CoT (Chain-of-Thought), CoT (Invalid).
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["AO", "CoT", "CoT (Invalid)"]
    assert panel.y_axis.categories == []
    experts = read("## Heatmap: Load\n### Components/Axes\n* **X-Axis (Experts):** 8 discrete experts, labeled 1 through 8.\n")
    assert experts.panels[0].x_axis.categories == [str(i) for i in range(1, 9)]
