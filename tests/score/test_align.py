from harness.score.outcomes import align_panels
from harness.score.panels import comparable_panel, gold_panel
from support import cell, grid, panel


def align(gold, pred):
    return align_panels([gold_panel(p) for p in gold], [comparable_panel(p) for p in pred])


def test_single_panels_pair_up():
    assert align([panel()], [panel()]) == [(0, 0)]


def test_titles_decide_even_against_reading_order():
    gold = [panel(title="Probe"), panel(title="LoRA + Prompt")]
    pred = [panel(title="LoRA+Prompt"), panel(title="probe")]
    assert align(gold, pred) == [(0, 1), (1, 0)]


def test_cells_decide_without_titles():
    first = [cell("a", "x", 1.0), cell("a", "y", 2.0)]
    second = [cell("a", "x", 7.0), cell("a", "y", 8.0)]
    gold = [panel(first), panel(second)]
    pred = [panel(second), panel(first)]
    assert align(gold, pred) == [(0, 1), (1, 0)]


def test_reading_order_decides_when_nothing_else_does():
    assert align([panel(), panel(), panel()], [panel(), panel(), panel()]) == [(0, 0), (1, 1), (2, 2)]


def test_missing_gold_panels_are_left_unpaired():
    gold = [panel(title="A"), panel(title="B"), panel(title="C")]
    pred = [panel(title="C")]
    assert align(gold, pred) == [(0, None), (1, None), (2, 0)]


def test_spurious_predicted_panels_come_last():
    gold = [panel(grid(["r"], ["c"]))]
    pred = [panel(grid(["q"], ["z"], 50)), panel(grid(["r"], ["c"]))]
    assert align(gold, pred) == [(0, 1), (None, 0)]


def test_no_panels_on_one_side():
    assert align([panel(), panel()], []) == [(0, None), (1, None)]
    assert align([], [panel()]) == [(None, 0)]
