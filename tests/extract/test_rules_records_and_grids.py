"""Two structures of real text, each on an invented chart: records written long-hand (groups
that repeat the same fields, one of which names the record) and a value the discussion says
of a heatmap's whole grid.
"""

from __future__ import annotations

from rules_reading import cells, read

from harness.extract.rules.structure import parse


def test_records_written_long_hand_are_a_table_named_by_their_name_field():
    record = read(
        """
        ## Table: Reading Speed
        ### Detailed Analysis
        The table lists these entries:
        * **Entry 1:**
        * Shift: 4
        * Reader: "Alpha-2.5"
        * Words per Minute: 310
        * Spread: +6/-5
        * Site: North
        * **Entry 2:**
        * Shift: 1
        * Reader: "Beta Large"
        * Words per Minute: 280
        * Spread: +4/-4
        * Site: North
        """
    )
    assert cells(record) == {
        ("Alpha-2.5", "Shift", None, 4), ("Alpha-2.5", "Words per Minute", None, 310),
        ("Beta Large", "Shift", None, 1), ("Beta Large", "Words per Minute", None, 280),
    }


def test_groups_named_by_their_own_label_keep_it_even_with_a_short_text_field():
    # Each group's label names it; "Bar colour" is a text field but not the record's name.
    record = read(
        """
        ## Bar Chart: Speed of Two Methods
        ### Components/Axes
        - **X-axis**:
        - Labels: "Quick", "Slow"
        - **Y-axis**:
        - Title: "Speed"
        ### Detailed Analysis
        - **Quick**:
        - Bar color: Dark red
        - Speed: 12.5
        - **Slow**:
        - Bar color: Light red
        - Speed: 7.25
        """
    )
    assert cells(record) == {("Speed", "Quick", None, 12.5), ("Speed", "Slow", None, 7.25)}


def test_axis_groups_with_the_same_fields_are_not_records():
    record = read(
        """
        ## Heatmap: Grid Search
        ### Components/Axes
        - **Rows**:
        - Label: Depth
        - Values: 2, 4
        - Step: 2
        - **Columns**:
        - Label: Width
        - Values: 8, 16
        - Step: 8
        ### Detailed Analysis
        - Depth 2: Width 8 = 0.5, Width 16 = 0.6
        - Depth 4: Width 8 = 0.7, Width 16 = 0.8
        """
    )
    assert record.panels[0].y_axis.categories == ["2", "4"]
    assert cells(record) == {("2", "8", None, 0.5), ("2", "16", None, 0.6), ("4", "8", None, 0.7), ("4", "16", None, 0.8)}


_UNIFORM = """
    ## Heatmap: Recall by Length and Position
    ### Components/Axes
    - **X-Axis**: Label: `Length`; Markers: `1K`, `2K`, `4K`
    - **Y-Axis**: Label: `Position (%)`; Markers: `0`, `50`, `100`
    - **Colorbar**: `Recall`, from 0 to 1
    ### Key Observations
    - SENTENCE
    """


def test_a_value_the_discussion_says_of_every_cell_fills_an_empty_grid():
    record = read(_UNIFORM.replace("SENTENCE", "The whole grid is bright green, a recall of **(1.0)** across all data points."))
    assert len(cells(record)) == 9
    assert {value for *_, value in cells(record)} == {1.0}


def test_almost_every_cell_or_a_bound_is_not_a_value_of_the_grid():
    for sentence in (
        "Almost all cells are green, a recall close to 1.0 for almost all combinations.",
        "Recall stays above 0.9 in most of the grid.",
    ):
        assert cells(read(_UNIFORM.replace("SENTENCE", sentence))) == set(), sentence


def test_a_value_of_every_cell_does_not_add_to_a_panel_with_stated_cells():
    text = _UNIFORM.replace(
        "### Key Observations",
        "### Detailed Analysis\n    - At `1K`, position `0`: recall 0.4\n    ### Key Observations",
    ).replace("SENTENCE", "Recall is (1.0) across all data points.")
    assert cells(read(text)) == {("0", "1K", None, 0.4)}


def test_points_listed_under_a_plain_introducer_inside_a_series_heading_item():
    # "Data Points:" is written at the series item's depth (the page lost the indentation).
    record = read(
        """
        ## Line Chart: Loss
        ### Components/Axes
        * **X-axis:** "Training Step" ranging from 1 to 10.
        * **Y-axis:** "Loss" ranging from 0 to 2.
        * **Legend:**
        * Blue: Train
        * Red: Val
        ### Detailed Analysis
        * **Train (Blue):**
        * Trend: falling.
        * Data Points:
        * Step 1: ~1.5
        * Step 5: ~0.8
        * **Val (Red):**
        * Data Points:
        * Step 1: ~1.7
        """
    )
    assert cells(record) == {("Train", "1", None, 1.5), ("Train", "5", None, 0.8), ("Val", "1", None, 1.7)}


def test_panels_named_by_plain_headings_inside_the_data_part():
    record = read(
        """
        ## Heatmap: Scores of Three Readers
        ### Overview
        The image compares three readers (Ann, Bob, and Cy) across two topics.
        ### Components/Axes
        - **Y-Axis (Rows)**: Topics (Maths, Art).
        - **X-Axis (Columns)**: Tasks (T1, T2).
        - **Sub-Charts**: Three heatmaps, one per reader (Ann, Bob, Cy).
        ### Detailed Analysis
        #### Ann
        - **Maths**: 91.5% (T1), 80.25% (T2).
        #### Sub-chart: Bob
        - **Art**: 55.5% (T1), 60.5% (T2).
        """
    )
    assert [p.title for p in record.panels] == ["Ann", "Bob", "Cy"]  # the last from the overview
    assert {(i, cell.row, cell.col, cell.value) for i, p in enumerate(record.panels) for cell in p.cells} == {
        (0, "Maths", "T1", 91.5), (0, "Maths", "T2", 80.25), (1, "Art", "T1", 55.5), (1, "Art", "T2", 60.5)
    }


def test_colour_assignments_name_the_bars_and_a_not_drawn_entry_is_no_name():
    record = read(
        """
        # Stacked Bar Chart
        ## Axes
        - **X-Axis**:
        - Categories (left to right):
        1. North
        2. South
        ## Legend and Color Coding
        - **Color Assignments**:
        - **Gray**: Kept
        - **Red**: Lost
        - **Light Gray (Other Site)**: Not visually represented in bars.
        ## Data Points
        1. **North**:
        - Kept: ~60%
        - Lost: ~40%
        2. **South**:
        - Kept: ~70%
        - Lost: ~30%
        """
    )
    assert cells(record) == {("Kept", "North", None, 60), ("Lost", "North", None, 40), ("Kept", "South", None, 70), ("Lost", "South", None, 30)}


def test_a_colour_legend_key_over_named_colours_is_a_legend_not_a_scale():
    record = read(
        """
        # Horizontal Bar Chart
        - **Color Legend**:
        - `Blue`: Left Wins
        - `Red`: Right Wins
        - **Y-Axis**:
        - Categories (top to bottom):
        1. A VS B
        2. A VS C
        ## Data Points
        ### Category 1: A VS B
        - **Blue (Left Wins)**: 74 (54.8% of total)
        - **Red (Right Wins)**: 19 (14.1%)
        ### Category 2: A VS C
        - **Blue (Left Wins)**: 59 (43.7%)
        """
    )
    assert cells(record) == {("Left Wins", "A VS B", None, 74), ("Right Wins", "A VS B", None, 19), ("Left Wins", "A VS C", None, 59)}


def test_quoted_legend_names_after_colours_and_names_that_open_with_a_number():
    record = read(
        """
        ## Grouped Bar Chart: Accuracy by Rows
        ### Components/Axes
        * **X-Axis (Categories):** Two categories are listed from left to right:
        1. Shape
        2. Size
        * **Y-Axis:** Labeled "Accuracy".
        * **Legend:** Positioned at the top. It defines two series by color:
        * **Pink/Light Red:** "1 Row"
        * **Teal/Green:** "2 Rows"
        ### Detailed Analysis
        1. **Shape**
        * **Values:** 1 Row ≈ 0.35, 2 Rows ≈ 0.60.
        2. **Size**
        * **Values:** 1 Row ≈ 0.65, 2 Rows ≈ 0.75.
        """
    )
    assert cells(record) == {("1 Row", "Shape", None, 0.35), ("2 Rows", "Shape", None, 0.6), ("1 Row", "Size", None, 0.65), ("2 Rows", "Size", None, 0.75)}


def test_a_line_straight_after_an_axis_item_is_that_items_text():
    # Markdown's lazy continuation: "Labels:" belongs to the axis item above it (so the next
    # axis item is not read as its child), and a line announcing a text line holds it.
    structure = parse(
        "- **X-axis (Horizontal)**: Strategies\n"
        "Labels: `Zero-Shot`, `Few-Shot`\n"
        "- **Y-axis (Vertical)**: Models\n"
        "Labels (top to bottom):\n"
        "`Alpha`, `Beta`\n"
        "- **Legend**: top right\n"
        "Approximate data points:\n"
        "- Alpha: 1"
    )
    parents = [(line.key or line.content, line.parent) for line in structure.lines]
    assert parents == [
        ("X-axis (Horizontal)", None), ("Labels", 0), ("Y-axis (Vertical)", None), ("Labels (top to bottom)", 2),
        ("`Alpha`, `Beta`", 3), ("Legend", None),
        ("Approximate data points", None), ("Alpha", 6),  # a line announcing items opens a part of its own
    ]


def test_numbered_data_series_lines_are_the_legend_and_their_line_styles_tell_them_apart():
    record = read(
        """
        ## Line Chart: Accuracy vs. Rounds
        ### Components/Axes
        * **X-axis:** "Rounds" - ranging from 0 to 20.
        * **Y-axis:** "Accuracy" - ranging from 0 to 1.
        * **Data Series 1:** "Net A Train" - represented by a solid green line.
        * **Data Series 2:** "Net A Test" - represented by a dashed green line.
        ### Detailed Analysis
        **Test Accuracy (Dashed Green Line):**
        * Round 0: ~0.25
        * Round 10: ~0.75
        **Train Accuracy (Solid Green Line):**
        * Round 0: ~0.5
        """
    )
    assert cells(record) == {("Net A Test", "0", None, 0.25), ("Net A Test", "10", None, 0.75), ("Net A Train", "0", None, 0.5)}


def test_legend_entries_described_but_not_named_are_named_by_their_colour():
    record = read(
        """
        ## Line Chart: Success Rate vs. Steps
        ### Components/Axes
        * **X-Axis (Horizontal):**
        * **Label:** "Steps"
        * **Scale/Markers:** The axis has two labeled tick marks: `3` and `15`.
        * **Y-Axis (Vertical):**
        * **Label:** "Success Rate"
        * **Data Series (Legend inferred from visual attributes):**
        1. **Light Blue Line with Circle Markers:** Positioned at the top of the chart.
        2. **Purple Line with Star Markers:** Starts near the top, then declines.
        ### Detailed Analysis
        1. **Light Blue Line (Circle Markers):**
        * At Steps = 3: Success Rate ≈ 1.0
        2. **Purple Line (Star Markers):**
        * At Steps = 15: Success Rate ≈ 0.5
        """
    )
    assert record.panels[0].x_axis.categories == ["3", "15"]
    assert cells(record) == {("Light Blue", "3", None, 1.0), ("Purple", "15", None, 0.5)}


def test_points_in_sentences_under_a_variable_setting_group_are_that_settings():
    record = read(
        """
        ## Scatter Plot: Accuracy vs. Time
        ### Components/Axes
        - **X-axis**: "Time" with values ranging from 8 to 18.
        - **Y-axis**: "Accuracy" with values ranging from 0.5 to 0.8.
        - **Legend**: Located on the right, mapping:
        - **k=1**: Teal star (⭐)
        - **k=3**: Blue square (■) and red circle (●)
        ### Detailed Analysis
        - **k=1**:
        - Teal star at (12, 0.575).
        - **k=3**:
        - Blue square at (10, 0.675).
        - Red circle at (16, 0.625).
        """
    )
    assert cells(record) == {("1", "12", None, 0.575), ("3", "10", None, 0.675), ("3", "16", None, 0.625)}


def test_two_panels_with_one_title_are_told_apart_by_their_place():
    record = read(
        """
        ## Radar Chart: Scores
        ### Components/Axes
        - **Radial Axes**:
        - Speed, Cost
        - **Legend**:
        - Red: Ours
        - Blue: Base
        ### Detailed Analysis
        #### Left Chart (Model X)
        - **Speed**: 73.1 (Ours), 66.4 (Base)
        #### Right Chart (Model X)
        - **Speed**: 75.7 (Ours), 60.5 (Base)
        """
    )
    assert [p.title for p in record.panels] == ["Model X", "Model X"]
    # a radar's spokes may come out as rows or columns: the scorer reads cells either way round
    assert [{(frozenset((c.row, c.col)), c.value) for c in p.cells} for p in record.panels] == [
        {(frozenset(("Ours", "Speed")), 73.1), (frozenset(("Base", "Speed")), 66.4)},
        {(frozenset(("Ours", "Speed")), 75.7), (frozenset(("Base", "Speed")), 60.5)},
    ]


def test_a_section_number_is_no_part_of_a_panel_title():
    record = read(
        """
        # Radar Charts
        ## 2. Data Trends
        ### 2.1 `Set-A` Chart
        - `Alpha` leads (e.g., **0.9** in `ar`).
        ### 2.2 `Set-B` Chart
        - `Alpha` leads (e.g., **0.8** in `ar`).
        """
    )
    assert [p.title for p in record.panels] == ["Set-A", "Set-B"]


def test_a_table_column_of_colours_says_how_rows_are_drawn_not_which_they_are():
    record = read(
        """
        ## Bar Chart: Scores
        ### Data Table
        | Method | Color | Score (%) |
        | :--- | :--- | :--- |
        | **Alpha** | Light Red/Pink | ~66.1% |
        | **Beta** | Light Blue | ~64.4% |
        """
    )
    assert {(col, value) for _, col, _, value in cells(record)} == {("Alpha", 66.1), ("Beta", 64.4)}


def test_a_unit_after_the_last_tick_and_points_keyed_at_a_tick_with_its_unit():
    record = read(
        """
        ## Line Chart: Success Rate
        ### Components/Axes
        * **Y-Axis:** Labeled "Success Rate (%)".
        * **X-Axis:** Labeled "Checkpoint (training steps)". The scale has labeled checkpoints at 0, 5k, 10k, and 60k steps.
        * **Legend:**
        * **Video Policy:** Represented by a solid blue line.
        * **Diffusion Policy:** Represented by a solid orange line.
        ### Detailed Analysis
        **Video Policy (Blue Line):**
        * **Data Points (Approximate):**
        * At 0 steps: ~19%
        * At 60k steps: ~29%
        """
    )
    assert record.panels[0].x_axis.categories == ["0", "5k", "10k", "60k"]
    assert cells(record) == {("Video Policy", "0", None, 19), ("Video Policy", "60k", None, 29)}


def test_a_group_key_with_a_kind_word_after_a_category_names_that_category():
    record = read(
        """
        ## Bar Chart: Solve Rate
        ### Components/Axes
        * **X-axis:** Categorical, with two categories: "GSM8K" and "MAWPS".
        * **Legend:**
        * Yellow: "Standard"
        * Brown: "Chain"
        ### Detailed Analysis
        **GSM8K Dataset:**
        * **Standard (Yellow):** Solve rate is approximately 6%.
        * **Chain (Brown):** Solve rate is approximately 14%.
        """
    )
    assert cells(record) == {("Standard", "GSM8K", None, 6), ("Chain", "GSM8K", None, 14)}


def test_a_bound_said_of_every_row_is_no_value_but_the_named_value_after_it_is():
    record = read(
        """
        ## Grouped Bar Chart: Counts
        ### Components/Axes
        - **X-axis (Tasks)**:
        - Read
        - Write
        - **Legend**:
        - Purple = DROP
        - Teal = MMLU
        ### Detailed Analysis
        1. **Read**:
        - MMLU (~100) > DROP (~70).
        2. **Write**:
        - All categories < 20, with MMLU (~15) slightly leading.
        """
    )
    assert cells(record) == {("MMLU", "Read", None, 100), ("DROP", "Read", None, 70), ("MMLU", "Write", None, 15)}


def test_a_prose_paragraph_straight_after_a_list_ends_the_list():
    # A short line after an item is the item's own text (above); a long keyless sentence is
    # the describer's summary of the whole list, not the last item's continuation.
    structure = parse(
        "### Detailed Analysis\n"
        "* **Row A:**\n"
        "* A to X: 0.5\n"
        "* A to Y: 0.0\n"
        "The diagonal cells (A to A, B to B, and so on) all have a value of 0.0, which shows that no row transfers to itself at all.\n"
        "* **Row B:**\n"
        "* B to X: 0.7\n"
        "which is the largest value.\n"
    )
    parents = {line.index: line.parent for line in structure.lines}
    assert parents[4] == 0  # the sentence sits under the section, not under "A to Y"
    assert parents[7] == 6  # a short line is still the item's lazy continuation


def test_bare_points_listed_under_a_series_item_are_that_series_points():
    # "(x, y)" items under a series item that only describes, or states ranges of its own:
    # each is a point of that series at x (the x axis is a scale).
    record = read(
        """
        ## Scatter Plot: Success rate vs. data
        ### Components/Axes
        * **X-axis:** Number of demos
        * **Y-axis:** Success rate (%)
        * **Legend:** Alpha (blue circles), Beta (orange squares)
        ### Detailed Analysis
        * **Alpha (blue circles):** rises with more demos.
            * (10, 5)
            * (40, 30)
        * **Beta (orange squares):** stays between 0% and 10%.
        * (10, 2)
        * (25, 4).
        """
    )
    assert cells(record) == {("Alpha", "10", None, 5.0), ("Alpha", "40", None, 30.0), ("Beta", "10", None, 2.0), ("Beta", "25", None, 4.0)}


def test_an_axis_that_represents_the_same_labels_as_the_other_takes_its_ticks():
    # A verb before "the same ... as the X-axis", and a clause after it: still the x ticks,
    # not the sentence's pieces.
    record = read(
        """
        ## Heatmap: Agreement between judges
        ### Components/Axes
        * **X-axis:** Represents the judges: "Judge A", "Judge B", "Judge C".
        * **Y-axis:** Represents the same judges as the X-axis, creating a matrix for pairwise comparison.
        ### Detailed Analysis
        * **Judge A:** Judge B: 0.7, Judge C: 0.4
        * **Judge B:** Judge A: 0.6
        """
    )
    panel = record.panels[0]
    assert panel.y_axis.categories == panel.x_axis.categories == ["Judge A", "Judge B", "Judge C"]
    assert cells(record) == {("Judge A", "Judge B", None, 0.7), ("Judge A", "Judge C", None, 0.4), ("Judge B", "Judge A", None, 0.6)}
