import json

import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.score import HEADLINE
from support import heatmap, line, with_value, write_gold, write_raw_run, write_run

# Ten cells; NEW gets one wrong: cells F1 (micro) drops by exactly 0.1.
GOLD = heatmap("doc", {(f"r{i}", "c"): float(i + 1) for i in range(10)})


@pytest.fixture
def runs(tmp_path):
    gold_dir = write_gold(tmp_path / "gold", GOLD)
    base = write_run(tmp_path / "base", [line(GOLD)])
    new = write_run(tmp_path / "new", [line(with_value(GOLD, "r3", "c", 100.0))])
    return gold_dir, base, new


def invoke(*args):
    return CliRunner().invoke(cli, ["compare", *map(str, args)])


def test_prints_the_comparison(runs):
    gold_dir, base, new = runs
    result = invoke(base, new, "--gold", gold_dir)
    assert result.exit_code == 0, result.output
    for expected in ("new - base", HEADLINE, "paired bootstrap", "cost and latency", "empty record"):
        assert expected in result.stdout
    # The one broken cell is listed as a row (the summary line says "(broken)" whatever changed).
    (row,) = [line for line in result.stdout.splitlines() if line.strip().startswith("broken")]
    assert row.split() == ["broken", "doc", "0", "r3", "c", "-", "4", "4", "100", "(wrong)"]


@pytest.mark.parametrize(
    ("threshold", "exit_code"),
    [
        ("cells=-0.2", 0),  # dropped 0.1, allowed 0.2
        ("cells=-0.05", 1),  # dropped 0.1, allowed 0.05
        ("cells=0", 1),
        ("overall=-0.5", 0),
    ],
)
def test_fail_under_delta_when_new_is_worse(runs, threshold, exit_code):
    gold_dir, base, new = runs
    result = invoke(base, new, "--gold", gold_dir, "--fail-under-delta", threshold)
    assert result.exit_code == exit_code, result.output
    assert ("fail-under-delta" in result.stderr) == (exit_code == 1)


def test_fail_under_delta_passes_when_new_is_better(runs):
    gold_dir, base, new = runs
    # Swapped: the better run is NEW, so even "no drop allowed" holds, and a demanded
    # gain of 0.05 is met (the gain is 0.1); a demanded gain of 0.2 is not.
    assert invoke(new, base, "--gold", gold_dir, "--fail-under-delta", "cells=0").exit_code == 0
    assert invoke(new, base, "--gold", gold_dir, "--fail-under-delta", "cells=0.05").exit_code == 0
    assert invoke(new, base, "--gold", gold_dir, "--fail-under-delta", "cells=0.2").exit_code == 1


def test_several_thresholds_fail_if_any_does(runs):
    gold_dir, base, new = runs
    result = invoke(base, new, "--gold", gold_dir, "--fail-under-delta", "title=0",
                    "--fail-under-delta", "cells=-0.05")
    assert result.exit_code == 1
    assert HEADLINE in result.stderr and "title" not in result.stderr


def test_usage_errors_exit_2(runs, tmp_path):
    gold_dir, base, new = runs
    assert invoke(base, tmp_path / "missing", "--gold", gold_dir).exit_code == 2
    assert invoke(base, new, "--gold", tmp_path / "no-gold").exit_code == 2
    assert invoke(base, new, "--gold", gold_dir, "--fail-under-delta", "cells").exit_code == 2
    assert invoke(base, new, "--gold", gold_dir, "--fail-under-delta", "nonsense=1").exit_code == 2
    assert invoke(base, "--gold", gold_dir).exit_code == 2  # no NEW
    empty_gold = tmp_path / "empty-gold"
    empty_gold.mkdir()
    result = invoke(base, new, "--gold", empty_gold)
    assert result.exit_code == 2 and "no valid gold records" in result.output


def test_gold_defaults_to_the_gold_directory_here(runs, monkeypatch, tmp_path):
    gold_dir, base, new = runs
    monkeypatch.chdir(tmp_path)  # tmp_path/gold exists
    result = invoke(base, new)
    assert result.exit_code == 0
    assert "scoring against ./gold" in result.stderr
    monkeypatch.chdir(base)  # no ./gold there
    result = invoke(base, new)
    assert result.exit_code == 2 and "--gold" in result.output


def test_json_and_all_cells(runs, tmp_path):
    gold_dir, base, _ = runs
    wrong_everywhere = write_run(tmp_path / "worst", [line(heatmap("doc", {(f"r{i}", "c"): 0.5 for i in range(10)}))])
    out = tmp_path / "cmp.json"
    short = invoke(base, wrong_everywhere, "--gold", gold_dir, "--show", "3", "--json", out)
    assert short.exit_code == 0
    assert "... and 7 more" in short.stdout
    data = json.loads(out.read_text())
    assert len(data["comparisons"][0]["cell_changes"]) == 10
    full = invoke(base, wrong_everywhere, "--gold", gold_dir, "--by-cell")
    assert sum(line.strip().startswith("broken") for line in full.stdout.splitlines()) == 10


def test_malformed_lines_go_to_stderr(runs, tmp_path):
    gold_dir, base, _ = runs
    broken = write_raw_run(tmp_path / "broken", [line(GOLD), "{oops"])
    result = invoke(base, broken, "--gold", gold_dir)
    assert result.exit_code == 0
    assert "records.jsonl:2" in result.stderr
