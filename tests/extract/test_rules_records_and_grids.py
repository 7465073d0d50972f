"""Two structures of real text, each on an invented chart: records written long-hand (groups
that repeat the same fields, one of which names the record) and a value the discussion says
of a heatmap's whole grid.
"""

from __future__ import annotations

from rules_reading import cells, read


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
