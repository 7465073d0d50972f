"""RMS, RNSS and SCRM triplet IoU on small cases computed by hand (harness.score.literature)."""

from __future__ import annotations

import math

import pytest

from harness.record import ChartRecord
from harness.score.literature import (
    LiteratureScores,
    document_scores,
    key_similarity,
    relative_distance,
    rnss,
    run_scores,
)
from harness.score.panels import comparable_record, gold_record

GOLD = {("alpha", "x"): 10.0, ("alpha", "y"): 20.0, ("beta", "x"): 30.0, ("beta", "y"): 40.0}


def record(cells: dict[tuple[str, str], float] | list[tuple[str, str, float]], doc_id: str = "d") -> ChartRecord:
    items = cells.items() if isinstance(cells, dict) else [((r, c), v) for r, c, v in cells]
    return ChartRecord.model_validate({
        "id": doc_id,
        "chart_type": "heatmap",
        "panels": [{"cells": [{"row": r, "col": c, "value": v} for (r, c), v in items]}],
    })


def scores(predicted: ChartRecord | None, gold: dict | None = None) -> LiteratureScores:
    gold_rec = gold_record(record(gold if gold is not None else GOLD))
    return document_scores(gold_rec, comparable_record(predicted) if predicted is not None else None)


def test_a_perfect_prediction_scores_one_everywhere():
    s = scores(record(GOLD))
    assert (s.rms.precision, s.rms.recall, s.rms.f1) == (1.0, 1.0, 1.0)
    assert s.rnss == 1.0
    assert s.scrm_iou == {"strict": 1.0, "slight": 1.0, "high": 1.0}


def test_a_transposed_table_is_read_as_its_transpose():
    transposed = {(col, row): value for (row, col), value in GOLD.items()}
    s = scores(record(transposed))
    assert s.rms.f1 == 1.0  # the better of the prediction and its transpose
    assert s.scrm_iou["strict"] == 1.0  # triplets hold their labels sorted
    assert s.rnss == 1.0


def test_a_missing_row():
    s = scores(record({k: v for k, v in GOLD.items() if k[0] == "alpha"}))
    # 2 of 4 gold points, both predicted points right
    assert s.rms.precision == 1.0 and s.rms.recall == 0.5
    assert s.rms.f1 == pytest.approx(2 / 3)
    assert s.rnss == pytest.approx(1 - 2 / 4)  # two gold numbers unmatched, cost 1 each
    assert s.scrm_iou["strict"] == pytest.approx(2 / (2 + 4 - 2))


def test_a_near_miss_value_within_and_past_the_thresholds():
    near = dict(GOLD)
    near[("alpha", "x")] = 10.4  # 4 % off
    s = scores(record(near))
    assert s.rms.f1 == pytest.approx((3 + (1 - 0.04)) / 4)
    assert s.rnss == pytest.approx(1 - 0.04 / 4)
    assert s.scrm_iou["strict"] == pytest.approx(3 / (4 + 4 - 3))
    assert s.scrm_iou["slight"] == 1.0 and s.scrm_iou["high"] == 1.0

    far = dict(GOLD)
    far[("alpha", "x")] = 11.5  # 15 % off: past RMS's 0.1, so the pair scores 0
    s = scores(record(far))
    assert s.rms.f1 == pytest.approx(3 / 4)
    assert s.rnss == pytest.approx(1 - 0.15 / 4)  # RNSS has no threshold
    assert s.scrm_iou["high"] == pytest.approx(3 / 5)


def test_a_label_typo_costs_its_normalised_edit_distance():
    typo = {("alpah" if r == "alpha" else r, c): v for (r, c), v in GOLD.items()}
    s = scores(record(typo))
    # "alpah x" vs "alpha x": 2 edits over 7 characters
    assert key_similarity("alpah x", "alpha x") == pytest.approx(5 / 7)
    assert s.rms.f1 == pytest.approx((2 + 2 * 5 / 7) / 4)
    assert s.rnss == 1.0  # numbers only
    assert s.scrm_iou["strict"] == pytest.approx(2 / (4 + 4 - 2))
    assert s.scrm_iou["slight"] == 1.0  # 2 edits allowed


def test_a_gold_value_of_zero():
    gold = dict(GOLD)
    gold[("alpha", "x")] = 0.0
    assert relative_distance(0.0, 0.0) == 0.0  # the reference code says 1 here
    assert relative_distance(0.5, 0.0) == 1.0
    exact = scores(record(gold), gold)
    assert exact.rms.f1 == 1.0 and exact.rnss == 1.0 and exact.scrm_iou["strict"] == 1.0
    off = dict(gold)
    off[("alpha", "x")] = 0.5
    s = scores(record(off), gold)
    assert s.rms.f1 == pytest.approx(3 / 4)
    assert s.rnss == pytest.approx(1 - 1 / 4)
    assert s.scrm_iou["high"] == pytest.approx(3 / 5)


def test_no_prediction_and_empty_sides():
    s = scores(None)
    assert (s.rms.precision, s.rms.recall, s.rms.f1) == (1.0, 0.0, 0.0)
    assert s.rnss == 0.0 and s.scrm_iou["high"] == 0.0
    both_empty = scores(record({}), {})
    assert both_empty.rms.f1 == 1.0 and both_empty.rnss == 1.0 and both_empty.scrm_iou["strict"] == 1.0
    assert rnss([], [1.0]) == 0.0


def test_a_statement_made_twice_is_one_more_predicted_point():
    cells = [(r, c, v) for (r, c), v in GOLD.items()] + [("alpha", "x", 10.0)]
    s = scores(record(cells))
    assert s.rms.precision == pytest.approx(4 / 5) and s.rms.recall == 1.0
    assert s.scrm_iou["strict"] == pytest.approx(4 / (5 + 4 - 4))


def test_labels_compare_normalised():
    shouted = {(r.upper(), f"**{c}**"): v for (r, c), v in GOLD.items()}
    assert scores(record(shouted)).rms.f1 == 1.0


def test_run_means_and_scrm_mprecision():
    perfect = scores(record(GOLD))
    half = scores(record({k: v for k, v in GOLD.items() if k[0] == "alpha"}))  # IoU 0.5
    run = run_scores([perfect, half])
    assert run.means["RMS F1"] == pytest.approx((1 + 2 / 3) / 2)
    # thresholds 0.50 ... 0.95: both documents reach 0.50, only the perfect one the rest
    assert run.scrm_mprecision["strict"] == pytest.approx((1.0 + 9 * 0.5) / 10)
    empty = run_scores([])
    assert empty.documents == 0 and math.isnan(empty.means["RMS F1"])


def test_hostile_sizes_stay_bounded():
    big = {(f"r{i}", f"c{j}"): float(i * 100 + j) for i in range(60) for j in range(50)}  # 3,000 cells
    s = scores(record(big), big)
    assert s.rms.f1 == 1.0 and s.rnss == 1.0 and s.scrm_iou["high"] == 1.0


def _runs_for_integration():
    from harness.runs import Run
    from harness.runs.model import RunLine
    from harness.score import GoldSet

    gold = GoldSet.from_records([record(GOLD, "a"), record({("p", "q"): 1.0}, "b")])
    base, new = Run(), Run()
    base.add(RunLine(id="a", record=record({k: v for k, v in GOLD.items() if k[0] == "alpha"}, "a")))
    base.add(RunLine(id="b", record=None, error="boom"))
    new.add(RunLine(id="a", record=record(GOLD, "a")))
    new.add(RunLine(id="b", record=record({("p", "q"): 1.0}, "b")))
    return gold, base, new


def test_harness_score_reports_the_literature_metrics_per_run_and_per_document():
    import json

    import harness
    from harness.score import report_text, to_json

    gold, base, _ = _runs_for_integration()
    report = harness.score(base, gold)
    run = report.runs[0]
    # a: the missing-row case (RMS F1 2/3); b: no record (RMS F1 0)
    assert run.literature().means["RMS F1"] == pytest.approx((2 / 3 + 0) / 2)
    assert run.literature_by_document()["b"].rnss == 0.0
    text = report_text(report, by_document=True)
    assert "literature metrics" in text and "RMS F1" in text and "SCRM IoU (strict)" in text
    assert "literature metrics" not in report_text(report, literature=False)
    data = json.loads(to_json(report))
    assert data["runs"][0]["literature"]["RMS F1"] == pytest.approx(1 / 3)
    assert data["runs"][0]["documents"][0]["literature"]["RMS recall"] == pytest.approx(0.5)


def test_harness_compare_reports_the_literature_deltas():
    import harness

    gold, base, new = _runs_for_integration()
    comparison = harness.compare(base, new, gold)
    table = comparison.literature_table()
    delta = [c for c in table.columns if " - " in c][0]
    assert table.loc["RMS F1", delta] == pytest.approx(1.0 - 1 / 3)
    docs = comparison.pairs[0].documents
    assert docs.loc["a", "base RMS F1"] == pytest.approx(2 / 3) and docs.loc["a", "new RMS F1"] == 1.0
