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
