"""A repeated run scored as one: mean and spread per field, flipping cells named, a two-stage bootstrap."""

from __future__ import annotations

import pytest

from harness.score import load_gold
from harness.score.repeats import repeated_text, repetition_dirs, score_repeated
from support import heatmap, line, write_gold, write_run

GOLD_CELLS = {("r1", "c1"): 1.0, ("r1", "c2"): 2.0, ("r2", "c1"): 3.0, ("r2", "c2"): 4.0}


@pytest.fixture()
def gold(tmp_path):
    write_gold(tmp_path / "gold", heatmap("a", GOLD_CELLS), heatmap("b", GOLD_CELLS))
    return load_gold(tmp_path / "gold")


def _repeated(tmp_path, repetitions: list[dict[str, dict]]):
    root = tmp_path / "run"
    for k, docs in enumerate(repetitions, start=1):
        write_run(root / f"rep-{k}", [line(heatmap(doc_id, cells)) for doc_id, cells in docs.items()])
    return root


def test_the_same_answers_every_time_have_no_spread_and_no_flips(tmp_path, gold):
    root = _repeated(tmp_path, [{"a": GOLD_CELLS, "b": GOLD_CELLS}] * 3)
    score = score_repeated(root, gold)
    assert len(score.repetitions) == 3
    assert score.fields["cells F1 (micro)"].mean == 1.0 and score.fields["cells F1 (micro)"].std == 0.0
    assert score.flipping == []
    assert score.headline_interval == (1.0, 1.0)


def test_a_cell_right_in_one_repetition_only_is_named_and_widens_the_spread(tmp_path, gold):
    off = dict(GOLD_CELLS)
    off[("r2", "c2")] = 40.0  # wrong in repetitions 2 and 3
    root = _repeated(tmp_path, [{"a": GOLD_CELLS, "b": GOLD_CELLS}, {"a": off, "b": GOLD_CELLS},
                                {"a": off, "b": GOLD_CELLS}])
    score = score_repeated(root, gold)
    (flip,) = score.flipping
    assert (flip.document, flip.row, flip.col, flip.gold) == ("a", "r2", "c2", 4.0)
    assert flip.outcomes == ("right", "wrong", "wrong") and flip.predicted == (4.0, 40.0, 40.0)
    headline = score.fields["cells F1 (micro)"]
    # repetition 1: 8 of 8 right; 2 and 3: 7 of 8 right (F1 = 7/8)
    assert headline.mean == pytest.approx((1 + 7 / 8 + 7 / 8) / 3)
    assert headline.low == pytest.approx(7 / 8) and headline.high == 1.0
    assert headline.std == pytest.approx(((1 - headline.mean) ** 2 + 2 * (7 / 8 - headline.mean) ** 2) ** 0.5 / 2 ** 0.5)
    low, high = score.headline_interval
    # Repetitions disagree, so the interval is not a point; its floor is a resample drawing
    # document a twice from a repetition where it has 3 of 4 right (F1 6/8).
    assert 0.75 - 1e-9 <= low < high <= 1.0
    text = repeated_text(score)
    assert "3 repetitions" in text and "flip between repetitions: 1" in text and "a panel 0 (r2, c2) gold 4" in text


def test_an_ordinary_run_has_no_repetitions(tmp_path, gold):
    write_run(tmp_path / "plain", [line(heatmap("a", GOLD_CELLS))])
    assert repetition_dirs(tmp_path / "plain") == []
    with pytest.raises(FileNotFoundError, match="no repetitions"):
        score_repeated(tmp_path / "plain", gold)


def test_repetitions_are_read_in_number_order(tmp_path):
    for k in (10, 2, 1):
        write_run(tmp_path / "r" / f"rep-{k}", [line(heatmap("a", GOLD_CELLS))])
    (tmp_path / "r" / "rep-x").mkdir()
    assert [p.name for p in repetition_dirs(tmp_path / "r")] == ["rep-1", "rep-2", "rep-10"]


def test_compare_a_repeated_run_with_an_ordinary_one(tmp_path, gold):
    from harness.compare.repeated import compare_repeated, repeated_comparison_text

    off = dict(GOLD_CELLS)
    off[("r2", "c2")] = 40.0
    write_run(tmp_path / "base", [line(heatmap("a", off)), line(heatmap("b", off))])  # 6 of 8 right
    root = _repeated(tmp_path, [{"a": GOLD_CELLS, "b": GOLD_CELLS}, {"a": off, "b": GOLD_CELLS}])
    comparison = compare_repeated(tmp_path / "base", root, gold, resamples=500)
    assert len(comparison.base.repetitions) == 1 and len(comparison.new.repetitions) == 2
    # NEW: 8/8 and 7/8 right (F1 1 and 7/8); BASE 6/8 (F1 3/4)
    assert comparison.deltas["cells F1 (micro)"] == pytest.approx((1 + 7 / 8) / 2 - 3 / 4)
    low, high = comparison.headline_interval
    assert 0 <= low <= high <= 0.25 + 1e-9  # NEW is never below BASE on any document
    text = repeated_comparison_text(comparison)
    assert "BASE base: 1 repetition(s); NEW run: 2 repetition(s)" in text
    assert "flipping in NEW run:" in text and "a panel 0 (r2, c2) gold 4: right 4, wrong 40" in text and "flip between repetitions: BASE 0, NEW 1" in text
