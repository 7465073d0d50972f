"""`harness extract --repeat N` and what `harness score` says about what only one side has."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from harness.cli import cli
from harness.llm.stub_server import StubServer, answer, answer_from_schema
from harness.runs import read_run
from support import heatmap, line, write_files, write_gold, write_run

DOCS = {"a.md": "## Heatmap: Alpha\n\n| Model | Acc |\n|---|---|\n| A | 0.91 |\n| B | 0.85 |\n"}
CELLS = {("A", "Acc"): 0.91, ("B", "Acc"): 0.85}


def invoke(*args: str | Path, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def test_repeat_makes_n_runs_each_keyed_apart_and_each_replayed_exactly(tmp_path):
    docs = write_files(tmp_path / "docs", DOCS)
    env = {"OPENAI_API_KEY": "sk-test", "HARNESS_CACHE_DIR": str(tmp_path / "cache")}
    common = ["--extractor", "llm", "--model", "stub-model", "--no-progress"]
    with StubServer(default=answer(answer_from_schema)) as stub:
        result = invoke("extract", docs, *common, "--base-url", stub.base_url, "--repeat", "3",
                        "--out", tmp_path / "rec", "--record-mode", "record",
                        "--cassette", tmp_path / "cassettes" / "c.json", env=env)
        assert result.exit_code == 0, result.output
        calls_per_repetition = stub.calls // 3
        assert stub.calls == 3 * calls_per_repetition > 0  # three real draws, none from the cache
        url = stub.base_url
    lines = result.stdout.splitlines()
    assert [line for line in lines if "->" in line] == [
        f"1 document: 1 ok, 0 failed -> {tmp_path / 'rec' / f'rep-{k}'}" for k in (1, 2, 3)]
    assert f"model calls: {calls_per_repetition} to the model, 0 from the response cache, 0 from the cassette" in lines
    cassettes = sorted(p.name for p in (tmp_path / "cassettes").iterdir())
    assert cassettes == ["c-rep2.json", "c-rep3.json", "c.json"]

    # A plain re-run with the cache on finds repetitions 2 and 3 keyed apart from repetition 1.
    replay = invoke("extract", docs, *common, "--base-url", url, "--repeat", "3", "--out", tmp_path / "replay",
                    "--record-mode", "replay", "--cassette", tmp_path / "cassettes" / "c.json", env=env)
    assert replay.exit_code == 0, replay.output
    assert f"model calls: 0 to the model, 0 from the response cache, {calls_per_repetition} from the cassette" \
        in replay.stdout.splitlines()
    for k in (1, 2, 3):
        assert read_run(tmp_path / "replay" / f"rep-{k}").records == read_run(tmp_path / "rec" / f"rep-{k}").records
        assert read_run(tmp_path / "rec" / f"rep-{k}").manifest.settings["record_mode"] == "record"

    gold = write_gold(tmp_path / "gold", heatmap("a", CELLS), description=DOCS["a.md"])
    scored = invoke("score", tmp_path / "rec", "--gold", gold)
    assert scored.exit_code == 0, scored.output
    assert "rec: 3 repetitions of one setting, 1 gold documents" in scored.stdout
    assert "gold cells that flip between repetitions:" in scored.stdout


def test_score_says_what_only_one_side_has_and_can_score_the_shared_documents(tmp_path):
    gold = write_gold(tmp_path / "gold", heatmap("a", CELLS), heatmap("b", CELLS))
    run = write_run(tmp_path / "run", [line(heatmap("a", CELLS)), line(heatmap("z", CELLS))])
    result = invoke("score", run, "--gold", gold, "--no-literature")
    assert result.exit_code == 0
    assert "harness: run: 1 of 2 gold documents are not in the run (b)" in result.stderr
    assert "harness: run: 1 records have no gold (z)" in result.stderr
    assert "literature metrics" not in result.stdout
    shared = invoke("score", run, "--gold", gold, "--shared-only")
    assert shared.exit_code == 0
    assert "(1 documents shared by gold and every run (--shared-only)" in shared.stdout
    assert "literature metrics" in shared.stdout


def test_score_of_a_run_sharing_nothing_with_gold_exits_1(tmp_path):
    gold = write_gold(tmp_path / "gold", heatmap("a", CELLS))
    run = write_run(tmp_path / "run", [line(heatmap("x", CELLS))])
    result = invoke("score", run, "--gold", gold)
    assert result.exit_code == 1
    assert "no document in common with the gold set" in result.stderr
    data = json.dumps(result.stderr)
    assert "Traceback" not in data
