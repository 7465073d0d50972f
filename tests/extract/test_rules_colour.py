"""colour.py: the colour bar's title and stated ends."""

from __future__ import annotations

import pytest
from rules_reading import read


@pytest.mark.parametrize(
    ("line", "label", "low", "high"),
    [
        ('* **Color Scale/Legend:** Located on the right, ranging from 0% (dark blue) to 60% (bright red). The scale is labeled "Transferability (%)".', "Transferability (%)", 0.0, 60.0),
        ("* **Color Scale:** A gradient from purple to red. The scale is marked with 20%, 50%, 60%, 80%, and 90%.", None, 20.0, 90.0),
        ("* **Color Scale (Right):** Ranges from approximately 0.65 (dark purple) to 0.80 (light orange).", None, 0.65, 0.80),
        ('- **Colour bar (right):** "BLEU", from 10 to 35.', "BLEU", 10.0, 35.0),
        ('- The colour bar on the right is labelled "Pearson r" and spans −1 (dark blue) to 1 (dark red), with a tick at 0.', "Pearson r", -1.0, 1.0),
        ('- **Colour bar:** right side, titled "Accuracy", ranging from 0.3 (pale yellow) to 0.9 (dark green) with ticks every 0.1.', "Accuracy", 0.3, 0.9),
        ("- Colour bar on the right with no title, shading from white (0) to dark blue (1000).", None, 0.0, 1000.0),
        ('- **Colour bar:** labelled "pass@1 (%)", from 20% at the bottom to 70% at the top.', "pass@1 (%)", 20.0, 70.0),
        ('- Colour bar: a vertical bar labelled "Attention mass". Its tick values are too small to read.', "Attention mass", None, None),
    ],
)
def test_colour_scale_lines(line: str, label: str | None, low: float | None, high: float | None) -> None:
    record = read("## Heatmap: X\n" + line)
    scale = record.panels[0].color_scale
    assert scale is not None
    assert (scale.label, scale.min, scale.max) == (label, low, high)


def test_colour_stops_give_the_ends() -> None:
    record = read(
        """
        ## Heatmap: X
        * **Color Scale/Legend:** A vertical color bar. It maps numerical values to colors:
            * **Dark Red:** ~0.3 (Highest positive value)
            * **Light Red/Pink:** ~0.1 to 0.2
            * **Dark Blue:** ~-0.2 (Lowest negative value)
        """
    )
    scale = record.panels[0].color_scale
    assert (scale.min, scale.max) == (-0.2, 0.3)


def test_colour_bar_in_running_prose() -> None:
    record = read(
        'The image shows a heatmap. A horizontal colour bar beneath the plot is labelled "Units sold" and runs from 800 on the left to 2,000 on the right, with ticks every 200 units.'
    )
    scale = record.panels[0].color_scale
    assert (scale.label, scale.min, scale.max) == ("Units sold", 800.0, 2000.0)


def test_no_colour_bar_is_null() -> None:
    assert read("## Heatmap: X\n* **X-axis:** a, b").panels[0].color_scale is None


def test_each_panel_its_own_range() -> None:
    record = read(
        """
        # Heatmaps: Ablation
        The figure consists of three small heatmaps placed side by side, labelled (a), (b) and (c).
        - **Panels (left to right):** (a) "LongBench", (b) "RULER", (c) "Needle".
        - **Colour bars:** each panel has its own unlabeled colour bar. Panel (a) spans 40 to 50, panel (b) spans 50 to 90, and panel (c) spans 0 to 100.
        """
    )
    assert [p.title for p in record.panels] == ["LongBench", "RULER", "Needle"]
    assert [(p.color_scale.min, p.color_scale.max) for p in record.panels] == [(40, 50), (50, 90), (0, 100)]
    assert all(p.color_scale.label is None for p in record.panels)
