import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.compare.leaderboard import (
    EMPTY_RECORD_ROW,
    build_leaderboard,
    find_run_dirs,
    leaderboard_text,
)
from harness.extract.rules import RuleExtractor
from harness.inputs import discover_documents
from harness.runs.execute import run_extraction
from harness.score import score_runs
from support import (
    RULES_MANIFEST,
    heatmap,
    line,
    llm_manifest,
    with_value,
    write_gold,
    write_raw_run,
    write_run,
)

GOLD_DIR = Path(__file__).resolve().parents[2] / "gold"

A = heatmap("a", {("r1", "c1"): 1.0, ("r1", "c2"): 2.0, ("r2", "c1"): 3.0, ("r2", "c2"): 4.0}, title="A")
B = heatmap("b", {("x", "y"): 10.0}, title="B")


@pytest.fixture
def mixed(tmp_path):
    """A rules run, an LLM run with usage, a run with a broken manifest, one without a
    manifest, and a directory with a manifest but no records, under tmp_path/runs."""
    gold_dir = write_gold(tmp_path / "gold", A, B)
    root = tmp_path / "runs"
    write_run(root / "rules", [line(A), line(with_value(B, "x", "y", 99.0))], RULES_MANIFEST)
    write_run(root / "sweep" / "llm", [line(A), line(B)], llm_manifest(cost_usd=0.0123, elapsed_s=42.0))
    write_raw_run(root / "broken", [line(A), "{cut sh"], manifest="{not json")
    write_raw_run(root / "old", [line(A), line(doc_id="b", error="timeout")], manifest=None)
    write_raw_run(root / "crashed", None, manifest='{"status": "running", "extractor": "llm"}')
    (root / ".hidden").mkdir()
    write_run(root / ".hidden" / "skip", [line(A)], RULES_MANIFEST)
    return gold_dir, root


def by_run(board):
    return board.table.set_index("run").to_dict("index")


def test_every_run_appears_once_with_what_could_be_read(mixed):
    gold_dir, root = mixed
    board = build_leaderboard(root, gold_dir)
    rows = by_run(board)
    assert set(rows) == {"rules", "sweep/llm", "broken", "old", "crashed", EMPTY_RECORD_ROW}
    assert board.runs == 5

    llm = rows["sweep/llm"]
    assert (llm["extractor"], llm["model"], llm["prompt"]) == ("llm", "gpt-4o-mini", "default@cdcdcdcdcdcd")
    assert (llm["ok"], llm["failed"], llm["cells_f1"], llm["overall"]) == (2, 0, 1.0, 1.0)
    assert (llm["cost_usd"], llm["time_s"], llm["date"]) == (0.0123, 42.0, "2025-02-03T04:05:06+00:00")

    rules = rows["rules"]
    assert rules["extractor"] == "rules" and pd.isna(rules["cost_usd"]) and rules["time_s"] == 0.5
    # 4 of 5 gold cells right, the fifth wrong: F1 = 2 * 4 / (5 + 5).
    assert rules["cells_f1"] == pytest.approx(0.8)

    broken = rows["broken"]
    assert broken["ok"] == 1 and "manifest" in broken["note"] and "1 unreadable line" in broken["note"]
    assert pd.isna(broken["extractor"])
    old = rows["old"]
    assert (old["ok"], old["failed"]) == (1, 1) and "manifest missing" in old["note"]
    crashed = rows["crashed"]
    assert crashed["extractor"] == "llm" and crashed["status"] == "running"
    assert crashed["note"] == "no records.jsonl" and pd.isna(crashed["cells_f1"])

    # One line per run that could not be read in whole; the good ones are not there.
    assert sorted(Path(p.split(": ")[0]).name for p in board.problems) == ["broken", "broken", "crashed", "old"]

    empty = rows[EMPTY_RECORD_ROW]
    assert empty["cells_f1"] == 0.0 and 0 < empty["overall"] < rules["overall"]


def test_sorting(mixed):
    gold_dir, root = mixed
    board = build_leaderboard(root, gold_dir)  # cells F1, best first, unknown last
    f1 = list(board.table["cells_f1"])
    known = [v for v in f1 if not math.isnan(v)]
    assert known == sorted(known, reverse=True)
    assert math.isnan(f1[-1]) and board.table["run"].iloc[-1] == "crashed"
    by_cost = build_leaderboard(root, gold_dir, sort="cost_usd")
    assert by_cost.table["run"].iloc[0] == "sweep/llm"  # the only known cost
    by_run_desc = build_leaderboard(root, gold_dir, sort="run", reverse=True)
    names = list(by_run_desc.table["run"])
    assert names == sorted(names, reverse=True)
    with pytest.raises(ValueError, match="unknown column"):
        build_leaderboard(root, gold_dir, sort="nope")


def test_without_gold_runs_are_listed_unscored(mixed):
    _, root = mixed
    board = build_leaderboard(root, None)
    assert board.runs == 5 and EMPTY_RECORD_ROW not in set(board.table["run"])
    assert board.table["cells_f1"].isna().all()
    assert "not scored" in leaderboard_text(board)


def test_find_run_dirs_skips_hidden_and_includes_the_root(mixed, tmp_path):
    _, root = mixed
    found = [p.relative_to(root).as_posix() for p in find_run_dirs(root)]
    assert found == ["broken", "crashed", "old", "rules", "sweep/llm"]
    assert find_run_dirs(root / "rules") == [root / "rules"]
    with pytest.raises(NotADirectoryError):
        find_run_dirs(tmp_path / "nowhere")


def test_cli_table_csv_and_stderr(mixed, tmp_path):
    gold_dir, root = mixed
    out = tmp_path / "board.csv"
    args = ["runs", str(root), "--gold", str(gold_dir), "--sort", "overall", "--csv", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    for name in ("sweep/llm", "rules", "broken", "old", "crashed", EMPTY_RECORD_ROW, "0.0123"):
        assert name in result.stdout
    assert sum("broken" in line for line in result.stderr.splitlines()) == 2
    table = pd.read_csv(out)
    assert len(table) == 6 and list(table.columns)[:3] == ["run", "extractor", "model"]
    assert table.set_index("run").loc["sweep/llm", "cost_usd"] == 0.0123


def test_cli_usage_errors_and_gold_default(mixed, tmp_path, monkeypatch):
    gold_dir, root = mixed
    invoke = CliRunner().invoke
    assert invoke(cli, ["runs", str(root), "--gold", str(gold_dir), "--sort", "nope"]).exit_code == 2
    assert invoke(cli, ["runs", str(tmp_path / "nowhere"), "--gold", str(gold_dir)]).exit_code == 2
    assert invoke(cli, ["runs", str(root), "--gold", str(tmp_path / "no-gold")]).exit_code == 2
    monkeypatch.chdir(tmp_path)  # tmp_path/gold is the default
    result = invoke(cli, ["runs", "runs"])
    assert result.exit_code == 0 and "scoring against ./gold" in result.stderr
    assert "0.800" in result.stdout
    monkeypatch.chdir(root)  # no ./gold: listed without scores, said so
    result = invoke(cli, ["runs"])
    assert result.exit_code == 0 and "without scores" in result.stderr
    assert "sweep/llm" in result.stdout


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="no gold set in the repository")
def test_end_to_end_a_rules_run_over_gold(tmp_path):
    documents = discover_documents([str(GOLD_DIR)])
    run_extraction(documents, RuleExtractor(), tmp_path / "runs" / "rules", progress=False,
                   on_error=lambda where, cause: None)
    board = build_leaderboard(tmp_path / "runs", GOLD_DIR)
    row = by_run(board)["rules"]
    report = score_runs([tmp_path / "runs" / "rules"], GOLD_DIR)
    assert row["cells_f1"] == pytest.approx(report.runs[0].cells.f1)
    assert row["overall"] == pytest.approx(report.runs[0].overall)
    assert row["ok"] + row["failed"] == len(documents)
    assert row["extractor"] == "rules" and row["status"] == "complete"
