"""The README runs as written: its offline command blocks and its notebook example.

Like simonw/llm's documentation tests: the commands are read out of README.md itself, so a
flag renamed in the code and not in the README fails here, not in a new user's terminal.
Commands that need the embedded model (the two set-up commands, "With a model") are not run:
CI runs the test command through ``.ci/run``, and ``tests/test_gold_replay.py`` covers the
model runs offline.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def block_after(heading: str, language: str) -> str:
    start = README.index(heading)
    return re.search(rf"```{language}\n(.*?)```", README[start:], flags=re.S).group(1)


def commands(block: str) -> list[str]:
    out = []
    for line in block.splitlines():
        line = line.split("  #", 1)[0].strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A working directory like the repository's: gold and prompts, the committed runs, no writes back."""
    (tmp_path / "gold").symlink_to(ROOT / "gold")
    (tmp_path / "prompts").symlink_to(ROOT / "prompts")
    runs = tmp_path / "runs"
    runs.mkdir()
    for run in (ROOT / "runs").iterdir():
        if run.is_dir():
            (runs / run.name).symlink_to(run)
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def test_ci_runs_the_readme_test_command() -> None:
    setup = blocks("bash")[0]
    test_command = next(line for line in setup.splitlines() if line.startswith("pip install") and "pytest" in line)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def run_block(block: str) -> list[str]:
    ran = []
    for command in commands(block):
        argv = shlex.split(command)
        if argv[0] == "cp":
            continue
        assert argv[0] == "harness", command
        result = CliRunner().invoke(cli, argv[1:])
        allowed = (0, 1) if "--fail-under-delta" in argv else (0,)
        assert result.exit_code in allowed, f"{command}\n{result.output}"
        ran.append(command)
    return ran


def test_the_quickstart_block_runs(project: Path) -> None:
    ran = run_block(block_after("## Quickstart", "bash"))
    assert len(ran) == 5
    assert (project / "runs" / "my-rules" / "records.jsonl").is_file()
    assert (project / "scores.json").is_file() and (project / "scores.csv").is_file()


def test_the_comparison_block_runs(project: Path) -> None:
    ran = run_block(block_after("Without the watch loop", "bash"))
    assert len(ran) == 4 and (project / "report.html").is_file()


def test_the_notebook_example_runs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {}
    exec(compile(block_after("### In a notebook", "python"), "README.md", "exec"), namespace)  # noqa: S102
    assert namespace["scores"].cells_f1 == 1.0  # type: ignore[attr-defined]
    assert (project / "report.html").is_file()
    assert capsys.readouterr().out.split() == ["1.0", "0.0"]
