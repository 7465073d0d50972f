"""axes.py / axis_text.py: axis titles and tick labels in every way describers write them."""

from __future__ import annotations

import pytest
from rules_reading import read

from harness.extract.rules.axis_text import read_axis_text


@pytest.mark.parametrize(
    ("text", "label", "ticks"),
    [
        ('"Model" with categories: Mistral, LLaMA-2.', "Model", ["Mistral", "LLaMA-2"]),
        ("LLMs - GPT-4, Claude 2, Vicuna (listed horizontally)", None, ["GPT-4", "Claude 2", "Vicuna"]),
        ("Represents the six LLMs: A 7B, B 13B, C.", None, ["A 7B", "B 13B", "C"]),
        (r"Lists 3 domains, including: abstract\_algebra, anatomy, law.", None, ["abstract_algebra", "anatomy", "law"]),
        ('Labeled "Train dataset". Lists 10 datasets used for training models.', "Train dataset", []),
        ('titled "Benchmark", with the categories GSM8K, MATH and BBH from left to right.', "Benchmark", ["GSM8K", "MATH", "BBH"]),
        ('Labelled "Source model". Categories from top to bottom: A-8B, B-13B.', "Source model", ["A-8B", "B-13B"]),
        ('"Layer", covering layers 0 through 3 (one column per layer).', "Layer", ["0", "1", "2", "3"]),
        ('"Task", with two rows: POS (top) and NER (bottom).', "Task", ["POS", "NER"]),
        ('"Compression ratio", with ticks 0.1, 0.25 and 0.5 from top to bottom (the fraction kept).', "Compression ratio", ["0.1", "0.25", "0.5"]),
        ('titled "Epoch" and is marked from 0 to 20 in increments of 10.', "Epoch", ["0", "10", "20"]),
        ('"Source domain" – Books, DVD, Kitchen (top to bottom).', "Source domain", ["Books", "DVD", "Kitchen"]),
        ("Test dataset", "Test dataset", []),
    ],
)
def test_axis_text(text: str, label: str | None, ticks: list[str]) -> None:
    info = read_axis_text(text)
    assert (info.label, info.categories) == (label, ticks)


def test_label_and_marker_lines() -> None:
    record = read(
        """
        ## Heatmap: Baseline - Core Generalization
        ### Components/Axes
        * **X-axis Label:** Length (Bottom-center)
        * **X-axis Markers:** 0, 1, 2, ..., 5
        * **Y-axis Label:** Type (Left-center)
        * **Y-axis Markers:** '–', '~', 'm'
        """
    )
    panel = record.panels[0]
    assert (panel.x_axis.label, panel.x_axis.categories) == ("Length", ["0", "1", "2", "3", "4", "5"])
    assert (panel.y_axis.label, panel.y_axis.categories) == ("Type", ["–", "~", "m"])


def test_list_further_down_names_its_axis() -> None:
    record = read(
        """
        ## Heatmap: Transfer
        * **Y-Axis (Vertical):** Labeled "Train dataset". Lists 3 datasets used for training.
        * **X-Axis (Horizontal):** Labeled "Test dataset".

        **List of Train Datasets (Y-axis, top to bottom):**
        1. TriviaQA
        2. HotpotQA
        3. NQ\\_WC

        **List of Test Datasets (X-axis, left to right):**
        1. TriviaQA
        2. Movies
        """
    )
    panel = record.panels[0]
    assert (panel.y_axis.label, panel.y_axis.categories) == ("Train dataset", ["TriviaQA", "HotpotQA", "NQ_WC"])
    assert (panel.x_axis.label, panel.x_axis.categories) == ("Test dataset", ["TriviaQA", "Movies"])


def test_axis_sentences_in_prose() -> None:
    record = read(
        """
        This image is a heatmap. The vertical axis is titled "Region" and lists three regions from top to bottom: North, South and Central. The horizontal axis is titled "Quarter" and shows the four quarters Q1, Q2, Q3 and Q4 from left to right.
        """
    )
    panel = record.panels[0]
    assert (panel.y_axis.label, panel.y_axis.categories) == ("Region", ["North", "South", "Central"])
    assert (panel.x_axis.label, panel.x_axis.categories) == ("Quarter", ["Q1", "Q2", "Q3", "Q4"])


def test_both_axes_and_no_title() -> None:
    record = read(
        """
        Axes and legend:
        - Neither axis has a title. Both axes list the same variables in the same order: MedInc, HouseAge, Latitude (top to bottom on the y-axis, left to right on the x-axis).
        """
    )
    panel = record.panels[0]
    assert panel.x_axis.categories == ["MedInc", "HouseAge", "Latitude"] == panel.y_axis.categories
    assert panel.x_axis.label is None and panel.y_axis.label is None


def test_axis_label_in_the_key() -> None:
    record = read(
        """
        - **Y-axis ("Model"):** CodeLlama-7B, Qwen2.5-Coder-7B.
        - Rows (y-axis), titled "Method": Zero-Shot, Probe.
        """
    )
    assert record.panels[0].y_axis.label == "Model"
    assert record.panels[0].y_axis.categories == ["CodeLlama-7B", "Qwen2.5-Coder-7B"]


def test_nested_axis_items() -> None:
    record = read(
        """
        - **X-axis:**
          - Title: Epoch
          - Ticks: 1, 2, 3
        - **Y-axis:**
          - Label: Loss
        """
    )
    panel = record.panels[0]
    assert (panel.x_axis.label, panel.x_axis.categories) == ("Epoch", ["1", "2", "3"])
    assert panel.y_axis.label == "Loss"


def test_ticks_in_brackets_after_what_they_are() -> None:
    assert (read_axis_text("Target model (GPT-4, Claude 2)").label, read_axis_text("Target model (GPT-4, Claude 2)").categories) == (None, ["GPT-4", "Claude 2"])
    info = read_axis_text("Epoch (0 to 3)")
    assert (info.label, info.categories) == ("Epoch", ["0", "1", "2", "3"])
