import math

import pytest

from harness.score import (
    EMPTY_RECORD,
    GoldSet,
    load_run_records,
    score_empty_record,
    score_run,
    score_runs,
)
from harness.score.document import STATUS_NO_RECORD, STATUS_NOT_IN_RUN, STATUS_OK
from support import cell, grid, line, panel, record, write_gold, write_raw_run, write_run


def gold_set():
    return GoldSet.from_records([
        record("a", [panel(grid(["r1", "r2"], ["c1", "c2"]))], title="A"),   # 4 cells
        record("b", [panel(grid(["r"], ["c1", "c2", "c3", "c4", "c5", "c6"]))], title="B"),  # 6 cells
    ])


def test_micro_and_macro_cells():
    gold = gold_set()
    a = record("a", [panel(grid(["r1", "r2"], ["c1", "c2"]))], title="A")  # 4/4
    b = record("b", [panel([cell("r", "c1", 1.0)])], title="B")  # 1 of 6
    run = score_run({"a": a, "b": b}, gold)
    cells = run.cells
    assert (cells.right, cells.missing) == (5, 5)
    assert cells.precision == 1.0
    assert cells.recall == pytest.approx(0.5)
    assert cells.f1 == pytest.approx(2 * 5 / (5 + 10))
    assert run.cells_macro_f1 == pytest.approx((1.0 + 2 / 7) / 2)


def test_gold_id_missing_from_run_counts_as_all_missed():
    gold = gold_set()
    run = score_run({"a": gold.records["a"]}, gold)
    statuses = {d.id: d.status for d in run.documents}
    assert statuses == {"a": STATUS_OK, "b": STATUS_NOT_IN_RUN}
    b = next(d for d in run.documents if d.id == "b")
    assert b.fields["cells"].no_record == 6 and b.score("cells") == 0.0
    assert run.count_status(STATUS_NOT_IN_RUN) == 1


def test_no_record_documents_and_records_without_gold():
    gold = gold_set()
    run = score_run({"a": None, "b": gold.records["b"], "zzz": gold.records["b"]}, gold)
    a = next(d for d in run.documents if d.id == "a")
    assert a.status == STATUS_NO_RECORD
    assert run.records_without_gold == ["zzz"]
    assert len(run.documents) == 2


def test_empty_record_baseline_scores_null_fields_only():
    gold = gold_set()
    base = score_empty_record(gold)
    assert base.name == EMPTY_RECORD
    scores = base.field_scores()
    assert scores["cells"] == 0.0 and scores["title"] == 0.0
    assert scores["x_axis.label"] == 1.0 and scores["color_scale.min"] == 1.0
    assert 0 < base.overall < 1


def test_field_scores_are_means_over_documents():
    gold = gold_set()
    run = score_run({"a": gold.records["a"], "b": record("b", [panel()], title="wrong")}, gold)
    assert run.field_scores()["title"] == 0.5


def test_no_documents_gives_nan_not_a_made_up_score():
    run = score_run({}, GoldSet.from_records([]))
    assert math.isnan(run.field_scores()["cells"])


def test_load_run_records_reports_malformed_lines(tmp_path):
    good = record("a", [panel(grid(["r1"], ["c1"]))])
    invalid = good.to_json_dict()
    invalid["panels"][0]["cells"][0]["value"] = "NaNish"
    run_dir = write_raw_run(tmp_path / "run", [
        line(good),
        "{this is not json",
        {"id": "b", "record": invalid, "error": None},
        {"id": "c", "record": None, "error": "model timed out"},
    ])
    run = load_run_records(run_dir)
    assert run.name == "run"
    assert run.records["a"] is not None
    assert run.records["b"] is None and run.records["c"] is None
    assert run.errors["c"] == "model timed out"
    assert any("records.jsonl:2" in p for p in run.problems)
    assert any("records.jsonl:3" in p and "panels.0.cells.0.value" in p for p in run.problems)
    assert all("\n" not in p for p in run.problems)


def test_score_runs_from_directories(tmp_path):
    gold_dir = tmp_path / "gold"
    for rec in gold_set().records.values():
        write_gold(gold_dir, rec)
    write_gold(gold_dir, "{broken", stem="broken")
    perfect = write_run(tmp_path / "perfect", [line(r) for r in gold_set().records.values()])
    partial = write_raw_run(tmp_path / "partial", [line(gold_set().records["a"]), "garbage line"])
    report = score_runs([perfect, partial], gold_dir)
    assert [r.name for r in report.runs] == ["perfect", "partial"]
    assert report.runs[0].cells.f1 == 1.0
    assert report.runs[1].cells.recall == pytest.approx(4 / 10)
    assert any("broken.json" in p for p in report.problems)
    assert any("partial" in p and "records.jsonl:2" in p for p in report.problems)
    assert report.baseline.name == EMPTY_RECORD


def test_same_run_names_are_told_apart_by_path(tmp_path):
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, gold_set().records["a"])
    one = write_run(tmp_path / "x" / "run", [line(gold_set().records["a"])])
    two = write_run(tmp_path / "y" / "run", [])
    report = score_runs([one, two], gold_dir)
    names = [r.name for r in report.runs]
    assert len(set(names)) == 2


def test_run_without_records_file_raises(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError):
        score_runs([tmp_path / "empty"], tmp_path / "gold")


def test_hostile_run_lines_are_one_line_problems(tmp_path):
    good = record("a", [panel(grid(["r1"], ["c1"]))])
    run_dir = write_raw_run(tmp_path / "run", [line(good), "|" * 1_000_000, "*" * 1_000_000, "[" * 100_000])
    run = load_run_records(run_dir)
    assert run.records["a"] is not None
    assert len(run.problems) == 3
    assert all("\n" not in p and len(p) < 1000 for p in run.problems)


def test_a_line_of_a_million_digits_is_a_one_line_problem(tmp_path):
    good = record("a", [panel(grid(["r1"], ["c1"]))])
    run_dir = write_raw_run(tmp_path / "run", [line(good), "7" * 1_000_000])
    run = load_run_records(run_dir)
    assert run.records["a"] is not None
    assert len(run.problems) == 1
