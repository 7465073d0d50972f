"""header.py: the chart's title and kind."""

from __future__ import annotations

import pytest
from rules_reading import read


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("## Heatmap: Model Performance Across Domains\n### Overview", "Model Performance Across Domains"),
        ('## Heatmap: X\n* **Title:** "Prompt Transferability Matrix" (centered at the top)', "Prompt Transferability Matrix"),
        ("# Heatmaps: Effect of Window Size\n", "Effect of Window Size"),
        ("**Heatmap — Feature Correlations (California Housing)**\n\nOverview:", "Feature Correlations (California Housing)"),
        ('## Confusion Matrix Heatmap\n### Overview\nThe figure is a confusion matrix titled **"Yelp-5 (RoBERTa, test)"**.', "Yelp-5 (RoBERTa, test)"),
        ('This image is a heatmap titled "Quarterly Unit Sales, 2023". It summarises sales.', "Quarterly Unit Sales, 2023"),
        ('Figure type: line chart\nTitle (top of the figure): "Validation Accuracy"', "Validation Accuracy"),
        ("**Title:** Inference Latency per Model\n\n**Chart type:** Horizontal bar chart", "Inference Latency per Model"),
        ("## Heatmap Analysis\nA heatmap of values.", None),
        ("Some text without any heading or title.", None),
    ],
)
def test_title(text: str, title: str | None) -> None:
    assert read(text).title == title


def test_axis_titles_are_not_the_chart_title() -> None:
    record = read('Heatmap Description\n- Horizontal axis: titled "Layer", ticks 0, 1.\n')
    assert record.title is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("## Heatmap: X", "heatmap"),
        ("## Bar Chart: X", "bar"),
        ("# Line Chart — X", "line"),
        ("**Chart type:** Horizontal bar chart (single series)", "bar"),
        ("**Type:** heatmap (attention analysis)", "heatmap"),
        ("Figure type: line chart", "line"),
        ("This image is a scatter plot of two variables.", "scatter"),
        ("## Confusion Matrix Heatmap", "heatmap"),
        ("A pie chart of market share.", "pie"),
        ("Some description of something.", "other"),
    ],
)
def test_chart_type(text: str, kind: str) -> None:
    assert read(text).chart_type == kind


def test_figure_numbering_is_not_part_of_the_title() -> None:
    assert read("# Figure 3: Accuracy of Models\nSome text").title == "Accuracy of Models"
