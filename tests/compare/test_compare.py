import json

import pytest

from harness.compare.diff import FIELD_ROWS, compare_runs, parse_threshold, run_names
from harness.compare.text import comparison_json, comparison_text, printable
from harness.score import HEADLINE, OVERALL, score_runs
from support import (
    RULES_MANIFEST,
    heatmap,
    line,
    llm_manifest,
    with_value,
    without_cell,
    write_gold,
    write_raw_run,
    write_run,
)

ONE = heatmap("one", {("GPT-4", "MMLU"): 61.9, ("GPT-4", "GSM8K"): 80.0, ("Vicuna", "MMLU"): 40.0},
              title="One", series="Probe")
TWO = heatmap("two", {("a", "x"): 1.0, ("b", "x"): 2.0}, title="Two")
THREE = heatmap("three", {("r", "c"): 0.5}, title="Three")


@pytest.fixture
def gold_dir(tmp_path):
    return write_gold(tmp_path / "gold", ONE, TWO, THREE)


def test_a_cell_that_flips_right_to_wrong_is_named_with_both_values(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(ONE), line(TWO), line(THREE)], RULES_MANIFEST)
    new = write_run(tmp_path / "new", [line(with_value(ONE, "GPT-4", "GSM8K", 70.0)), line(TWO), line(THREE)])
    comparison = compare_runs(base, [new], gold_dir)
    (pair,) = comparison.pairs
    (change,) = pair.cell_changes
    assert change.change == "broken"
    named = (change.document, change.panel, change.row, change.col, change.series)
    assert named == ("one", 0, "GPT-4", "GSM8K", "Probe")
    assert (change.gold, change.base, change.new) == (80.0, 80.0, 70.0)
    assert (change.base_outcome, change.new_outcome) == ("right", "wrong")
    assert pair.document_changes == []
    text = comparison_text(comparison)
    assert "1 right in base and not in new (broken), 0 right in new and not in base (fixed)" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("broken"))
    for expected in ("one", "GPT-4", "GSM8K", "Probe", "80", "70 (wrong)"):
        assert expected in row


def test_a_cell_that_becomes_right_is_fixed_and_a_missing_one_is_named(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(without_cell(TWO, "b", "x")), line(with_value(THREE, "r", "c", 9.0))])
    new = write_run(tmp_path / "new", [line(TWO), line(THREE)])
    pair = compare_runs(base, [new], gold_dir).pairs[0]
    changes = {(c.document, c.row): c for c in pair.cell_changes}
    assert set(changes) == {("two", "b"), ("three", "r")}
    assert all(c.change == "fixed" for c in changes.values())
    assert (changes[("two", "b")].base, changes[("two", "b")].base_outcome) == (None, "missing")
    assert (changes[("three", "r")].base, changes[("three", "r")].new) == (9.0, 0.5)
    moved = pair.documents_moved()
    assert moved == {"better": 2, "worse": 0, "unchanged": 1}


def test_documents_added_removed_and_failing_are_reported(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(ONE), line(TWO), line(doc_id="stray", error="boom")])
    new = write_run(tmp_path / "new", [line(TWO), line(doc_id="one", error="ValueError: bad"), line(THREE)])
    pair = compare_runs(base, [new], gold_dir).pairs[0]
    changes = {c.document: c for c in pair.document_changes}
    assert set(changes) == {"one", "three", "stray"}
    assert (changes["one"].change, changes["one"].new_error) == ("now fails", "ValueError: bad")
    assert (changes["three"].change, changes["three"].in_gold) == ("added", True)
    assert (changes["stray"].change, changes["stray"].in_gold) == ("removed", False)
    statuses = pair.documents[["base status", "new status"]].to_dict("index")
    assert statuses["three"] == {"base status": "not in run", "new status": "ok"}
    assert statuses["one"] == {"base status": "ok", "new status": "no record"}
    # Every gold cell of "one" flipped because of the error: named, with the reason.
    assert {(c.row, c.col, c.new_outcome) for c in pair.cell_changes if c.document == "one"} == {
        ("GPT-4", "MMLU", "no_record"), ("GPT-4", "GSM8K", "no_record"), ("Vicuna", "MMLU", "no_record")}
    text = comparison_text(compare_runs(base, [new], gold_dir))
    assert "one: now fails: record in base, error in new (ValueError: bad)" in text
    assert "three: added: not in base, record in new" in text
    assert "stray: removed: error in base (boom), not in new [not in gold: not scored]" in text


def test_identical_runs_are_within_noise(tmp_path, gold_dir):
    lines = [line(with_value(ONE, "GPT-4", "MMLU", 1.0)), line(TWO), line(THREE)]
    base = write_run(tmp_path / "base", lines)
    new = write_run(tmp_path / "new", lines)
    comparison = compare_runs(base, [new], gold_dir)
    pair = comparison.pairs[0]
    for row in (OVERALL, HEADLINE):
        interval = pair.intervals[row]
        assert (interval.low, interval.high, interval.estimate) == (0.0, 0.0, 0.0)
        assert interval.within_noise
    assert all(delta == 0 for delta in pair.deltas.values())
    assert pair.cell_changes == [] and pair.document_changes == []
    assert comparison_text(comparison).count("within noise") == 2


def test_field_scores_and_deltas_are_the_scorers(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(ONE), line(without_cell(TWO, "a", "x"))])
    new = write_run(tmp_path / "new", [line(with_value(ONE, "Vicuna", "MMLU", 3.0)), line(TWO), line(THREE)])
    comparison = compare_runs(base, [new], gold_dir)
    report = score_runs([base, new], gold_dir)
    table = comparison.fields_table()
    assert list(table.index) == FIELD_ROWS
    for run in report.runs:
        expected = {**run.field_scores(), OVERALL: run.overall, HEADLINE: run.cells.f1}
        assert table[run.name].to_dict() == pytest.approx(expected)
    delta = table["new - base"]
    assert delta[HEADLINE] == pytest.approx(report.runs[1].cells.f1 - report.runs[0].cells.f1)
    assert table["empty record"][HEADLINE] == 0.0
    # The interval's estimate is the same difference as the table's.
    assert comparison.pairs[0].intervals[HEADLINE].estimate == pytest.approx(delta[HEADLINE])
    assert comparison.pairs[0].intervals[OVERALL].estimate == pytest.approx(delta[OVERALL])


def test_several_new_runs_each_against_base(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(ONE), line(TWO), line(THREE)])
    worse = write_run(tmp_path / "worse", [line(ONE), line(TWO)])
    same = write_run(tmp_path / "same", [line(ONE), line(TWO), line(THREE)])
    comparison = compare_runs(base, [worse, same], gold_dir)
    assert [(p.new.name, p.deltas[HEADLINE] < 0) for p in comparison.pairs] == [("worse", True), ("same", False)]
    assert comparison.threshold_failures([(HEADLINE, -0.01)]) == [
        f"worse: {HEADLINE} changed by {comparison.pairs[0].deltas[HEADLINE]:+.4f} vs base, below the allowed -0.0100"]
    assert list(comparison.fields_table().columns) == ["base", "worse", "worse - base", "same", "same - base",
                                                       "empty record"]


def test_cost_and_latency_side_by_side(tmp_path, gold_dir):
    usage = {"calls": 2, "input_tokens": 100, "output_tokens": 10, "cost_usd": 0.002, "latency_s": 1.5}
    rules = write_run(tmp_path / "rules", [line(ONE, usage=None, elapsed_s=0.01), line(TWO, elapsed_s=0.03)],
                      {**RULES_MANIFEST, "usage": None})
    llm = write_run(tmp_path / "llm", [line(ONE, usage=usage, elapsed_s=2.0), line(TWO, usage=usage, elapsed_s=4.0)],
                    llm_manifest(cost_usd=0.5, elapsed_s=6.5, input_tokens=None))
    comparison = compare_runs(rules, [llm], gold_dir)
    table = comparison.cost_table()
    assert table.loc["usage: cost_usd", "rules"] is None
    assert table.loc["usage: cost_usd", "llm"] == 0.5  # the manifest's sum wins
    assert table.loc["usage: input_tokens", "llm"] == 200  # null in the manifest: the lines' sum
    assert table.loc["usage: calls", "llm"] == 4
    assert table.loc["usage: from", "llm"] == "manifest + records.jsonl"
    assert table.loc["usage: from", "rules"] == "none"
    assert table.loc["time: run elapsed_s (manifest totals)", "llm - rules"] == pytest.approx(6.0)
    assert table.loc["time: per document, mean s", "llm"] == pytest.approx(3.0)
    assert table.loc["usage: cost_usd", "llm - rules"] is None  # unknown minus known is unknown
    text = comparison_text(comparison)
    assert "cost and latency" in text and "0.500000" in text


def test_json_holds_every_change(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(ONE), line(TWO), line(THREE)])
    new = write_run(tmp_path / "new", [line(with_value(ONE, "GPT-4", "MMLU", 1.0)), line(TWO)])
    out = tmp_path / "cmp.json"
    comparison_json(compare_runs(base, [new], gold_dir), out)
    data = json.loads(out.read_text())
    (pair,) = data["comparisons"]
    assert {(c["document"], c["row"], c["col"], c["new"]) for c in pair["cell_changes"]} == {
        ("one", "GPT-4", "MMLU", 1.0), ("three", "r", "c", None)}
    assert [c["document"] for c in pair["document_changes"]] == ["three"]
    assert set(pair["intervals"]) == {OVERALL, HEADLINE}
    assert pair["intervals"][HEADLINE]["resamples"] == 2000
    assert data["base"]["name"] == "base" and data["gold"]["documents"] == 3


def test_the_text_caps_changed_cells_unless_asked(tmp_path):
    big = heatmap("big", {(f"r{i}", "c"): float(i + 1) for i in range(30)})
    gold_dir = write_gold(tmp_path / "gold", big)
    base = write_run(tmp_path / "base", [line(big)])
    new = write_run(tmp_path / "new", [line(heatmap("big", {(f"r{i}", "c"): -1.0 for i in range(30)}))])
    comparison = compare_runs(base, [new], gold_dir)
    short = comparison_text(comparison, cells_shown=5)
    assert "... and 25 more (--all-cells lists them all)" in short
    assert sum(line.strip().startswith("broken") for line in short.splitlines()) == 5
    full = comparison_text(comparison, all_cells=True)
    assert sum(line.strip().startswith("broken") for line in full.splitlines()) == 30


def test_a_run_directory_without_records_and_a_missing_gold_raise(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(ONE)])
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError):
        compare_runs(base, [tmp_path / "empty"], gold_dir)
    with pytest.raises(NotADirectoryError):
        compare_runs(base, [base], tmp_path / "nowhere")


def test_malformed_lines_are_problems_not_crashes(tmp_path, gold_dir):
    base = write_raw_run(tmp_path / "base", [line(ONE), "{not json", '{"id": "two", "record": {"panels": 3}}'])
    new = write_raw_run(tmp_path / "new", [line(ONE), line(TWO)], manifest="{broken")
    comparison = compare_runs(base, [new], gold_dir)
    assert any(p.startswith(f"{base / 'records.jsonl'}:2: not JSON") for p in comparison.problems)
    # The one manifest problem is NEW's broken manifest (BASE's is sound).
    (manifest_problem,) = [p for p in comparison.problems if "manifest.json" in p]
    assert manifest_problem.startswith(f"{new / 'manifest.json'}: unreadable manifest")
    (pair,) = comparison.pairs
    assert [c.change for c in pair.document_changes if c.document == "two"] == ["now has a record"]


def test_thresholds_parse():
    assert parse_threshold("cells=-0.02") == (HEADLINE, -0.02)
    assert parse_threshold("overall=0") == (OVERALL, 0.0)
    assert parse_threshold("cells_macro=0.01") == ("cells", 0.01)
    assert parse_threshold("x_axis.categories=-0.1") == ("x_axis.categories", -0.1)
    for bad in ("cells", "cells=abc", "nope=0.1", "=0.1", "cells=nan"):
        with pytest.raises(ValueError):
            parse_threshold(bad)


def test_run_names_and_printable(tmp_path):
    assert run_names([tmp_path / "a" / "run", tmp_path / "b" / "run"]) == [
        str(tmp_path / "a" / "run"), str(tmp_path / "b" / "run")]
    assert run_names([tmp_path / "x", tmp_path / "x"]) == [f"{tmp_path / 'x'} #1", f"{tmp_path / 'x'} #2"]
    assert printable("ok\x1b[31mred\n") == "ok\\x1b[31mred\\n"
    assert len(printable("7" * 1_000_000, 40)) == 40


def test_hostile_labels_and_ids_print_as_short_escaped_lines(tmp_path, gold_dir):
    base = write_run(tmp_path / "base", [line(ONE), line(TWO), line(THREE)])
    hostile = heatmap("one", {("GPT-4", "MMLU"): 61.9, ("GPT-4", "GSM8K"): 80.0, ("Vicuna", "MMLU"): 40.0,
                              ("|" * 1_000_000, "\x1b[2J"): 1.0}, series="Probe")
    new = write_run(tmp_path / "new", [line(hostile), line(doc_id="evil\x1b]0;pwned\x07" + "7" * 100_000,
                                                           error="*" * 1_000_000)])
    comparison = compare_runs(base, [new], gold_dir)
    text = comparison_text(comparison, all_cells=True, all_documents=True)
    assert "\x1b" not in text and "\x07" not in text
    assert max(len(line) for line in text.splitlines()) < 400
    assert "evil\\x1b]0;pwned\\x07" in text
