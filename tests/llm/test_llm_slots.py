"""Slot planning (grouping value lines into calls), dynamic response models, grounding."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from harness.extract.model.slices import value_units
from harness.extract.model.slots import Frame, grounded, plan_groups, slot_model

MATRIX = """### Detailed Analysis
* A to A: 0.0%
* A to B: 61.9%
* B to A: 64.1%
* B to B: 0.0%
"""


def test_lines_are_grouped_by_their_leading_label_with_slots_in_text_order():
    frame = Frame(rows=["A", "B"], cols=["A", "B"])
    groups = plan_groups(value_units(MATRIX), [frame])
    assert [g.fixed for g in groups] == [{"row": "A"}, {"row": "B"}]
    assert [g.names for g in groups] == [["A", "B"], ["A", "B"]]
    assert "A to B: 61.9%" in groups[0].text()


def test_table_rows_keyed_by_the_axis_named_in_the_header():
    text = "| Layer | Head 0 | Head 1 |\n|---|---|---|\n| 0 | 0.12 | 0.08 |\n| 1 | 0.21 | 0.18 |\n"
    frame = Frame(rows=["0", "1"], cols=["0", "1"], row_name="Head", col_name="Layer")
    groups = plan_groups(value_units(text), [frame])
    assert [g.fixed for g in groups] == [{"col": "0"}, {"col": "1"}]
    # bare numeric ticks carry their axis title, as descriptions write them
    assert groups[0].names == ["Head 0", "Head 1"]


def test_keys_named_in_headings_above_are_fixed_and_the_line_label_becomes_the_slot():
    text = "- **M1**\n  - en-de\n    - Greedy: 27.4 ± 0.3\n    - Beam: 28.9 ± 0.2\n"
    frame = Frame(rows=["M1"], cols=["en-de"], series=["Greedy", "Beam"])
    groups = plan_groups(value_units(text), [frame])
    assert len(groups) == 1
    assert groups[0].fixed == {"row": "M1", "col": "en-de"}
    assert groups[0].names == ["Greedy", "Beam"]


def test_panels_follow_the_heading_that_names_them():
    text = "**Heatmap 1: Probe**\n* X / Y: 0.5\n**Heatmap 2: LoRA**\n* X / Y: 0.7\n"
    frames = [Frame(rows=["X"], cols=["Y"], title="Probe"), Frame(rows=["X"], cols=["Y"], title="LoRA")]
    groups = plan_groups(value_units(text), frames)
    assert [g.panel for g in groups] == [0, 1]


def test_lines_about_axes_or_without_stated_values_make_no_call():
    text = "* **X-axis:** 0, 1, 2\n* Colour bar from 0 to 1\n* 0 1 2\n"
    assert plan_groups(value_units(text), [Frame(rows=["a"], cols=["0", "1", "2"])]) == []


def test_slot_model_uses_labels_as_keys_and_requires_numbers():
    model = slot_model(["Claude 2", "GPT-4", "GPT-4"])
    schema = model.model_json_schema()
    assert list(schema["properties"]) == ["Claude 2", "GPT-4", "GPT-4'"]
    assert set(schema["required"]) == {"Claude 2", "GPT-4", "GPT-4'"}
    parsed = model.model_validate_json('{"Claude 2": 1, "GPT-4": 2.5, "GPT-4\'": 3}')
    assert (parsed.slot_0, parsed.slot_1, parsed.slot_2) == (1.0, 2.5, 3.0)
    with pytest.raises(ValidationError):
        model.model_validate_json('{"Claude 2": "x", "GPT-4": 1, "GPT-4\'": 1}')


def test_grounding_keeps_only_written_numbers_each_once():
    text = "* A to B: 61.9% and GPT-4 to C: 48.3%"
    assert grounded([61.9, 61.9, 4.0, 48.3, None], text, labels=["GPT-4"]) == [61.9, None, None, 48.3, None]
    # numbers another source already used are spoken for
    assert grounded([61.9, 48.3], text, labels=[], already_used=[61.9]) == [None, 48.3]
