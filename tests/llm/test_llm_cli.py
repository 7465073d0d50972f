"""`harness extract` on the LLM path: settings errors are one clear line, before anything runs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from harness.cli import cli


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["extract", *args], env={"OPENAI_BASE_URL": "", "OPENAI_API_KEY": "",
                                                            "HARNESS_RECORD_MODE": "", **(env or {})})


def doc(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text("## Bar chart: A\n- North: 12\n", encoding="utf-8")
    return path


def test_base_url_without_model_is_a_usage_error(tmp_path):
    result = run(str(doc(tmp_path)), "--extractor", "llm", "--base-url", "http://127.0.0.1:1/v1", "--out", str(tmp_path / "r"))
    assert result.exit_code == 2 and "--model is needed" in result.output
    assert not (tmp_path / "r" / "records.jsonl").exists()


def test_openai_without_a_key_is_a_usage_error(tmp_path):
    result = run(str(doc(tmp_path)), "--extractor", "llm", "--model", "gpt-4o-mini", "--out", str(tmp_path / "r"))
    assert result.exit_code == 2 and "OPENAI_API_KEY" in result.output


def test_unknown_prompt_is_a_usage_error(tmp_path):
    result = run(str(doc(tmp_path)), "--extractor", "llm", "--prompt", "no-such-prompt", "--out", str(tmp_path / "r"))
    assert result.exit_code == 2 and "no prompt named 'no-such-prompt'" in result.output


def test_replay_without_its_cassette_names_the_record_command(tmp_path):
    result = run(str(doc(tmp_path)), "--extractor", "hybrid", "--record-mode", "replay",
                 "--cassette", str(tmp_path / "none.json"), "--no-cache", "--out", str(tmp_path / "r"))
    assert result.exit_code == 1
    assert "does not exist (replay-only)" in result.output and "--record-mode record" in result.output


def test_record_mode_from_the_environment_is_checked(tmp_path):
    result = run(str(doc(tmp_path)), "--extractor", "llm", "--out", str(tmp_path / "r"),
                 env={"HARNESS_RECORD_MODE": "sometimes"})
    assert result.exit_code == 2 and "unknown record mode 'sometimes'" in result.output
