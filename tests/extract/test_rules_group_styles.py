"""Structures of grouped bar and line descriptions, each on an invented chart.

Round 1's test third, read once it was no longer blind, showed these: a numbered list of
groups glossed after a dash, group headings that carry their place ("(Leftmost)") and the
word "Group", legend entries that are numbered and name their series after "labeled",
legend names shared with the groups, and points written "Step = 10, Loss ≈ 2.5".
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
