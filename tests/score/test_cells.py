from harness.score.outcomes import match_cells
from harness.score.panels import comparable_panel, gold_panel
from support import cell, grid, panel


def match(gold_cells, pred_cells, **gold_kw):
    return match_cells(gold_panel(panel(gold_cells, **gold_kw)), comparable_panel(panel(pred_cells)))


def outcomes(m):
    c = m.counts
    return c.right, c.wrong, c.missing, c.spurious


def test_exact_match():
    m = match(grid(["a", "b"], ["x", "y"]), grid(["a", "b"], ["x", "y"]))
    assert outcomes(m) == (4, 0, 0, 0)
    assert not m.swapped
    assert m.counts.f1 == 1.0


def test_wrong_missing_and_spurious_are_told_apart():
    gold = [cell("a", "x", 10), cell("a", "y", 20), cell("b", "x", 30)]
    pred = [cell("a", "x", 10.05), cell("a", "y", 25), cell("c", "z", 1)]
    assert outcomes(match(gold, pred)) == (1, 1, 1, 1)


def test_keys_are_normalised_and_aliased():
    gold = [cell("abstract_algebra", "LoRA + Prompt", 1), cell("anatomy", "Zero-Shot Classifier", 2)]
    pred = [cell("Abstract\\_Algebra", "LoRA+Prompt", 1), cell("**anatomy**", "zero-shot", 2)]
    assert outcomes(match(gold, pred)) == (2, 0, 0, 0)


def test_series_key_is_part_of_the_cell():
    gold = [cell("a", "x", 1, series="Probe"), cell("a", "x", 2, series="LoRA")]
    pred = [cell("a", "x", 2, series="Probe"), cell("a", "x", 2, series="lora")]
    assert outcomes(match(gold, pred)) == (1, 1, 0, 0)
    assert outcomes(match(gold, [cell("a", "x", 1)])) == (0, 0, 2, 1)


def test_tolerance_edges_on_cells():
    gold = [cell("a", "x", 100), cell("a", "y", 100), cell("b", "x", 0), cell("b", "y", 0)]
    pred = [cell("a", "x", 101), cell("a", "y", 101.01), cell("b", "x", 1e-6), cell("b", "y", 1e-5)]
    assert outcomes(match(gold, pred)) == (2, 2, 0, 0)


def test_duplicate_cells_count_once_and_extras_are_spurious():
    gold = [cell("a", "x", 10)]
    pred = [cell("a", "x", 10), cell("A", "x", 10), cell("a", "x", 99)]
    assert outcomes(match(gold, pred)) == (1, 0, 0, 2)


def test_duplicate_with_the_right_value_second_still_matches_once():
    gold = [cell("a", "x", 10)]
    pred = [cell("a", "x", 99), cell("a", "x", 10)]
    assert outcomes(match(gold, pred)) == (1, 0, 0, 1)


def test_duplicates_all_wrong_count_one_wrong():
    gold = [cell("a", "x", 10)]
    pred = [cell("a", "x", 99), cell("a", "x", 98)]
    assert outcomes(match(gold, pred)) == (0, 1, 0, 1)


def test_swapped_rows_and_columns_are_detected_and_flagged():
    gold = grid(["train a", "train b"], ["test x", "test y", "test z"])
    swapped_pred = [cell(c.col, c.row, c.value) for c in gold]
    m = match(gold, swapped_pred)
    assert m.swapped
    assert outcomes(m) == (6, 0, 0, 0)


def test_swap_is_not_taken_when_straight_is_as_good():
    # A symmetric matrix matches both ways: the straight reading stands.
    gold = [cell("a", "a", 1), cell("a", "b", 2), cell("b", "a", 2), cell("b", "b", 1)]
    pred = [cell("a", "a", 1), cell("a", "b", 2), cell("b", "a", 2), cell("b", "b", 5)]
    m = match(gold, pred)
    assert not m.swapped
    assert outcomes(m) == (3, 1, 0, 0)


def test_partly_swapped_prediction_takes_the_better_reading():
    gold = [cell("a", "b", 1), cell("b", "a", 2), cell("a", "a", 3)]
    pred = [cell("b", "a", 1), cell("a", "b", 2)]  # transposed values
    m = match(gold, pred)
    assert m.swapped
    assert outcomes(m) == (2, 0, 1, 0)


def test_empty_both_sides():
    m = match([], [])
    assert outcomes(m) == (0, 0, 0, 0)
    assert m.counts.f1 == 1.0


def test_three_thousand_row_table_matches():
    rows = [f"row {i}" for i in range(3000)]
    gold = grid(rows, ["value"])
    pred = [cell(c.row.upper(), "Value", c.value) for c in gold]
    assert outcomes(match(gold, pred)) == (3000, 0, 0, 0)


def test_counts_a_column_at_a_time_equal_the_statement_by_statement_judgement():
    # The scorer counts a panel pair without judging each statement (CellMatch._counted);
    # the report and compare judge each one (CellMatch.answers / .spurious). Same rule, same counts.
    import random

    from harness.score.outcomes import CellMatch

    rng = random.Random(11)
    labels = ["a", "b", "c", "A", "**b**", "zz"]
    for _ in range(2000):
        gold_cells = [cell(r, c, rng.choice([0.0, 1.0, 2.0, -5.0])) for r in "ab" for c in "ab" if rng.random() < 0.8]
        pred_cells = [cell(rng.choice(labels), rng.choice(labels), rng.choice([0.0, 1e-7, 1.0, 1.01, 2.0, 3.0, -5.0]))
                      for _ in range(rng.randrange(12))]
        m = match(gold_cells, pred_cells)
        judged = CellMatch(m.keys, m.gold_values, m.values, m.gold_cells, m.swapped)
        assert judged.tally == m.tally  # counted without gold's keys at hand, the same
        right = sum(agrees for _, agrees in judged.answers.values())
        assert (m.counts.right, m.counts.wrong, m.counts.missing, m.counts.spurious) == (
            right, len(judged.answers) - right, m.gold_cells - len(judged.answers), len(judged.spurious))
