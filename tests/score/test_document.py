import pytest

from harness.record import empty_record
from harness.score.document import FIELDS, STATUS_NO_RECORD, STATUS_OK, score_document
from support import cell, grid, panel, record


def gold_doc():
    return record(
        "doc",
        [panel(grid(["a", "b"], ["x", "y"]), x=["x", "y"], y=["a", "b"], x_label="Test",
               y_label=None, scale=("Score (%)", 0.0, 100.0))],
        title="Transfer Matrix",
    )


def test_a_perfect_prediction_scores_one_everywhere():
    doc = score_document(gold_doc(), gold_doc())
    assert doc.status == STATUS_OK
    assert all(doc.score(name) == 1.0 for name in FIELDS)
    assert doc.overall == 1.0


def test_both_empty_fields_count_as_right():
    gold = record("doc", [panel()], title=None)
    doc = score_document(record("doc", [panel()]), gold)
    for name in ("title", "panel.title", "x_axis.label", "y_axis.label", "color_scale.label",
                 "color_scale.min", "color_scale.max", "x_axis.categories", "series", "cells"):
        assert doc.score(name) == 1.0, name


def test_empty_record_earns_points_only_where_gold_is_empty():
    doc = score_document(empty_record("doc"), gold_doc())
    assert doc.score("y_axis.label") == 1.0  # gold has no y label
    assert doc.score("panel.title") == 1.0  # gold panel has no title
    assert doc.score("series") == 1.0
    assert doc.score("title") == 0.0
    assert doc.score("x_axis.label") == 0.0
    assert doc.score("cells") == 0.0
    assert doc.fields["cells"].missing == 4
    assert 0 < doc.overall < 1


def test_taxonomy_of_scalar_fields():
    pred = record(
        "doc",
        [panel(grid(["a", "b"], ["x", "y"]), x=["x", "y"], y=["a", "b"], x_label=None,
               y_label="Train", scale=("Other label", 0.0, 60.0))],
        title="Transfer Matrix",
        chart_type="bar",
    )
    doc = score_document(pred, gold_doc())
    f = doc.fields
    assert f["chart_type"].wrong == 1
    assert f["x_axis.label"].missing == 1
    assert f["y_axis.label"].spurious == 1
    assert f["color_scale.label"].wrong == 1
    assert f["color_scale.min"].right == 1
    assert f["color_scale.max"].wrong == 1


def test_colour_scale_numbers_use_the_tolerance_and_null_vs_null_is_right():
    gold = record("doc", [panel(scale=(None, 0.0, 0.8))])
    close = score_document(record("doc", [panel(scale=(None, 0.0000001, 0.808))]), gold)
    assert close.score("color_scale.min") == 1.0 and close.score("color_scale.max") == 1.0
    assert close.score("color_scale.label") == 1.0
    no_scale = score_document(record("doc", [panel()]), record("doc", [panel()]))
    assert no_scale.score("color_scale.min") == 1.0


def test_categories_are_multisets_order_not_scored():
    gold = record("doc", [panel(x=["a", "b", "c"])])
    doc = score_document(record("doc", [panel(x=["c", "a", "b"])]), gold)
    assert doc.score("x_axis.categories") == 1.0
    doc = score_document(record("doc", [panel(x=["a", "a", "d"])]), gold)
    c = doc.fields["x_axis.categories"]
    assert (c.right, c.missing, c.spurious) == (1, 2, 2)


def test_categories_and_series_are_aliased():
    gold = record("doc", [panel([cell("r", "LoRA + Prompt", 1, series="Zero-Shot Classifier")],
                               x=["LoRA + Prompt"], series=["Zero-Shot Classifier"])])
    pred = record("doc", [panel([cell("r", "LoRA+Prompt", 1, series="Zero-Shot")],
                               x=["LoRA+Prompt"], series=["Zero-Shot"])])
    doc = score_document(pred, gold)
    assert doc.score("x_axis.categories") == 1.0
    assert doc.score("series") == 1.0
    assert doc.score("cells") == 1.0


def test_missing_gold_panel_counts_all_its_content_missed():
    gold = record("doc", [panel(grid(["a"], ["x", "y"]), title="P1", x=["x", "y"]),
                          panel(grid(["a"], ["x"]), title="P2", x=["x"], x_label="Len")])
    pred = record("doc", [panel(grid(["a"], ["x", "y"]), title="P1", x=["x", "y"])])
    doc = score_document(pred, gold)
    f = doc.fields
    assert (f["panels"].right, f["panels"].missing) == (1, 1)
    assert f["cells"].missing == 1 and f["cells"].right == 2
    assert f["panel.title"].missing == 1
    assert f["x_axis.label"].missing == 1
    assert f["x_axis.categories"].missing == 1


def test_spurious_panel_counts_what_it_states_as_spurious():
    gold = record("doc", [panel(grid(["a"], ["x"]), title="P1")])
    pred = record("doc", [panel(grid(["a"], ["x"]), title="P1"),
                          panel(grid(["q"], ["z"]), title="Extra", x=["z"])])
    doc = score_document(pred, gold)
    f = doc.fields
    assert f["panels"].spurious == 1
    assert f["cells"].spurious == 1 and f["cells"].right == 1
    assert f["panel.title"].spurious == 1
    assert f["x_axis.categories"].spurious == 1
    assert doc.score("panels") == pytest.approx(2 / 3)


def test_swapped_panel_is_reported_by_gold_index():
    rows, cols = ["train a", "train b"], ["test x", "test y"]
    gold = record("doc", [panel(grid(["p"], ["q"])), panel(grid(rows, cols), title="Second")])
    pred_cells = [cell(c.col, c.row, c.value) for c in grid(rows, cols)]
    pred = record("doc", [panel(grid(["p"], ["q"])), panel(pred_cells, title="Second")])
    doc = score_document(pred, gold)
    assert doc.swapped_panels == [1]
    assert doc.score("cells") == 1.0


def test_no_record_is_scored_as_the_empty_record_and_labelled_no_record():
    gold = gold_doc()
    none_doc = score_document(None, gold, error="timeout")
    empty_doc = score_document(empty_record("doc"), gold)
    assert none_doc.status == STATUS_NO_RECORD and none_doc.error == "timeout"
    for name in FIELDS:
        assert none_doc.score(name) == empty_doc.score(name)
        assert none_doc.fields[name].missing == 0 and none_doc.fields[name].wrong == 0
    assert none_doc.fields["cells"].no_record == 4
    assert none_doc.fields["chart_type"].no_record == 1


def test_gold_without_panels_against_prediction_without_panels():
    doc = score_document(record("doc", [], title="T"), record("doc", [], title="T"))
    assert doc.overall == 1.0


def test_hundreds_of_panels_align_without_blowing_up():
    gold = record("doc", [panel(grid(["r"], [f"c{i}"]), title=f"P {i}") for i in range(300)])
    pred = record("doc", [panel(grid(["r"], [f"c{i}"]), title=f"P {i}") for i in reversed(range(300))])
    doc = score_document(pred, gold)
    assert doc.score("panel.title") == 1.0
    assert doc.score("cells") == 1.0


def test_megabyte_labels_in_cells_and_categories():
    huge = "| " * 500_000
    gold = record("doc", [panel([cell("a", "x", 1.0)], x=["x"])])
    pred = record("doc", [panel([cell(huge, "x", 1.0), cell("a", "*" * 1_000_000, 1.0)], x=[huge])])
    doc = score_document(pred, gold)
    c = doc.fields["cells"]
    assert (c.right, c.missing, c.spurious) == (0, 1, 2)
