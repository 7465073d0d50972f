"""panels.py: panels announced by markers, title lists or counts, in reading order."""

from __future__ import annotations

import pytest
from rules_reading import cells, read

from harness.extract.rules.panels import announced_count, marker_title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Heatmap 1: Probe", "Probe"),
        ("Left panel (Probe)", "Probe"),
        ('Right Heatmap - "LoRA + Prompt"', "LoRA + Prompt"),
        ("Panel 2 — BERT-base", "BERT-base"),
        ("(a) LongBench", "LongBench"),
        ("Probe Heatmap (Left)", "Probe"),
        ("Top panel", None),
    ],
)
def test_marker_titles(text: str, title: str | None) -> None:
    assert marker_title(text) == (True, title)


@pytest.mark.parametrize("text", ["Color Scale (Right)", "Heatmap: Model Performance", "Detailed Analysis", "Legend (top right)"])
def test_not_markers(text: str) -> None:
    assert marker_title(text)[0] is False


def test_announced_counts() -> None:
    assert announced_count("The image presents two heatmaps side-by-side") == 2
    assert announced_count("three small heatmaps placed side by side") == 3
    assert announced_count("a heatmap of two models on three tasks") == 0


def test_markers_with_cells_and_a_panel_announced_but_not_reached() -> None:
    record = read(
        """
        ## Heatmap: Transfer by Model Size
        ### Overview
        The image contains three square heatmaps arranged in a row. The panels are titled "Small", "Base" and "Large" (left to right).
        ### Components/Axes
        * **Y-axis:** "Source" – Books, DVD (top to bottom).
        * **X-axis:** "Target" – Books, DVD (left to right).
        ### Detailed Analysis
        **Panel 1: Small**
        * **Books:**
          * Books to DVD: 0.781
        **Panel 2: Base**
        * **DVD:**
          * DVD to Books: 0.815
          * DVD to DV
        """
    )
    assert [p.title for p in record.panels] == ["Small", "Base", "Large"]
    assert cells(record, 0) == {("Books", "DVD", None, 0.781)}
    assert cells(record, 1) == {("DVD", "Books", None, 0.815)}
    assert record.panels[2].cells == []
    assert all(p.x_axis.categories == ["Books", "DVD"] for p in record.panels)


def test_left_and_right_panel_headings() -> None:
    record = read(
        """
        ## Heatmap: Probe vs LoRA
        * **Y-axis:** "Model" with categories: A, B.
        * **X-axis:** "Data" with categories: A, B.
        **Left panel (Probe)**
        | Model | A | B |
        |---|---|---|
        | A | 0.7 | 0.6 |
        **Right panel (LoRA)**
        | Model | A | B |
        |---|---|---|
        | B | 0.5 | 0.4 |
        """
    )
    assert [p.title for p in record.panels] == ["Probe", "LoRA"]
    assert cells(record, 0) == {("A", "A", None, 0.7), ("A", "B", None, 0.6)}
    assert cells(record, 1) == {("B", "A", None, 0.5), ("B", "B", None, 0.4)}


def test_single_panel_has_no_title() -> None:
    record = read("## Heatmap: One\n* **X-axis:** a, b\n* a -> b: 1")
    assert len(record.panels) == 1 and record.panels[0].title is None
