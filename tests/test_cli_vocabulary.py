"""One CLI vocabulary: --gold means the same in every verb; a wrong prompt name says what exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.prompts import PromptError, prompt_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "gold" / "seeds"


@pytest.fixture
def rules_run(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    assert CliRunner().invoke(cli, ["extract", str(SEEDS), "--out", str(run), "--no-progress"]).exit_code == 0
    return run


@pytest.mark.parametrize("verb", ["score", "report", "compare", "runs"])
def test_every_verb_defaults_to_dot_gold_and_says_so(verb: str, rules_run: Path, tmp_path: Path) -> None:
    here = tmp_path / "project"
    (here / "gold").mkdir(parents=True)
    for path in SEEDS.iterdir():
        (here / "gold" / path.name).write_bytes(path.read_bytes())
    args = {
        "score": ["score", str(rules_run)],
        "report": ["report", str(rules_run), "--out", str(tmp_path / "r.html")],
        "compare": ["compare", str(rules_run), str(rules_run)],
        "runs": ["runs", str(rules_run.parent)],
    }[verb]
    old = Path.cwd()
    os.chdir(here)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert "no --gold given; scoring against ./gold" in result.stderr


@pytest.mark.parametrize("verb", ["score", "report", "compare"])
def test_gold_may_be_given_several_times_in_every_verb(verb: str, rules_run: Path, tmp_path: Path) -> None:
    gold = ["--gold", str(SEEDS), "--gold", str(ROOT / "gold" / "written")]
    args = {
        "score": ["score", str(rules_run), *gold],
        "report": ["report", str(rules_run), *gold, "--out", str(tmp_path / "r.html")],
        "compare": ["compare", str(rules_run), str(rules_run), *gold],
    }[verb]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def test_a_gold_folder_that_does_not_exist_is_a_usage_error(rules_run: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["score", str(rules_run), "--gold", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "not a directory" in result.stderr


def test_an_unknown_prompt_names_its_folder_once_and_the_prompts_there() -> None:
    with pytest.raises(PromptError) as info:
        prompt_path("defualt")
    message = str(info.value)
    assert message.count("prompts") >= 1 and "default" in message and "zero-shot" in message
    folder = str(ROOT / "prompts")
    assert message.count(folder) == 1
