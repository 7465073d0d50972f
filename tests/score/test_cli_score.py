import json
import re

import pandas as pd
from click.testing import CliRunner

from harness.cli import cli
from harness.score import EMPTY_RECORD, HEADLINE, OVERALL
from support import grid, line, panel, record, write_gold, write_raw_run, write_run


def setup(tmp_path):
    gold_dir = tmp_path / "gold"
    one = record("one", [panel(grid(["a", "b"], ["x", "y"]), x=["x", "y"])], title="One")
    two = record("two", [panel(grid(["r"], ["c"]))], title="Two")
    write_gold(gold_dir, one)
    write_gold(gold_dir, two)
    write_gold(gold_dir, '{"id": "bad", "panels": 3}', stem="bad")
    run_dir = write_raw_run(tmp_path / "myrun", [line(one), "{not json"])
    return gold_dir, run_dir


def invoke(*args):
    return CliRunner().invoke(cli, ["score", *map(str, args)])


def test_prints_tables_and_reports_problems_on_stderr(tmp_path):
    gold_dir, run_dir = setup(tmp_path)
    result = invoke(run_dir, "--gold", gold_dir)
    assert result.exit_code == 0, result.output + result.stderr
    for expected in (HEADLINE, OVERALL, EMPTY_RECORD, "myrun", "failure taxonomy"):
        assert expected in result.stdout
    assert "by document" not in result.stdout
    errors = result.stderr.strip().splitlines()
    assert any("bad.json" in line and "field panels" in line for line in errors)
    assert any("records.jsonl:2" in line for line in errors)


def test_by_document(tmp_path):
    gold_dir, run_dir = setup(tmp_path)
    result = invoke(run_dir, "--gold", gold_dir, "--by-document")
    assert result.exit_code == 0
    # "not in run" is also a row of the summary: the document table must say it of "two".
    by_document = result.stdout.split("by document:", 1)[1]
    assert re.search(r"^myrun\s+one\s+ok\s", by_document, re.M)
    assert re.search(r"^\s+two\s+not in run\s", by_document, re.M)


def test_json_and_csv_outputs(tmp_path):
    gold_dir, run_dir = setup(tmp_path)
    json_out, csv_out = tmp_path / "out.json", tmp_path / "out.csv"
    result = invoke(run_dir, "--gold", gold_dir, "--json", json_out, "--csv", csv_out)
    assert result.exit_code == 0
    data = json.loads(json_out.read_text())
    run = data["runs"][0]
    assert run["name"] == "myrun"
    assert run["summary"]["not in run"] == 1
    assert run["summary"][HEADLINE] == run["taxonomy"]["cells"]["right"] * 2 / (
        run["taxonomy"]["cells"]["right"] * 2 + run["taxonomy"]["cells"]["no_record"])
    table = pd.read_csv(csv_out)
    assert set(table["run"]) == {"myrun", EMPTY_RECORD}
    assert set(table["document"]) == {"one", "two"}


def test_missing_gold_dir_is_a_usage_error(tmp_path):
    _, run_dir = setup(tmp_path)
    result = invoke(run_dir, "--gold", tmp_path / "nowhere")
    assert result.exit_code == 2


def test_no_runs_is_a_usage_error(tmp_path):
    gold_dir, _ = setup(tmp_path)
    assert invoke("--gold", gold_dir).exit_code == 2


def test_run_without_records_file_is_a_usage_error(tmp_path):
    gold_dir, _ = setup(tmp_path)
    (tmp_path / "notarun").mkdir()
    result = invoke(tmp_path / "notarun", "--gold", gold_dir)
    assert result.exit_code == 2
    assert "records.jsonl" in result.stderr


def test_gold_dir_without_valid_records_is_a_usage_error(tmp_path):
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, "[]", stem="junk")
    run_dir = write_run(tmp_path / "run", [])
    result = invoke(run_dir, "--gold", gold_dir)
    assert result.exit_code == 2
    assert "junk.json" in result.stderr
