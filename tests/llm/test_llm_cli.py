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


# --- several endpoints and the shared budget --------------------------------------------


def test_base_url_repeated_spreads_the_run_and_the_manifest_lists_them(tmp_path):
    import json

    from harness.llm.stub_server import StubServer

    with StubServer() as a, StubServer() as b:
        result = run(str(doc(tmp_path)), str(doc2(tmp_path)), "--extractor", "llm", "--model", "stub-model",
                     "--base-url", a.base_url, "--base-url", b.base_url, "--rps", "50", "--tpm", "1000000",
                     "--concurrency", "2", "--no-cache", "--out", str(tmp_path / "r"))
        assert result.exit_code == 0, result.output
        assert a.calls > 0 and b.calls > 0
        urls = [a.base_url, b.base_url]
    extractor = json.loads((tmp_path / "r" / "manifest.json").read_text())["extractor"]
    assert extractor["base_urls"] == urls
    assert extractor["rate_limit"] == {"rps": 50.0, "tpm": 1000000.0}


def doc2(tmp_path: Path) -> Path:
    path = tmp_path / "b.md"
    path.write_text("## Bar chart: B\n- South: 3\n", encoding="utf-8")
    return path


def test_bad_rps_or_tpm_is_a_one_line_usage_error(tmp_path):
    for flag, value in (("--rps", "0"), ("--rps", "fast"), ("--tpm", "-100")):
        result = run(str(doc(tmp_path)), "--extractor", "llm", "--model", "m", "--base-url", "http://127.0.0.1:1/v1",
                     flag, value, "--out", str(tmp_path / "r"))
        assert result.exit_code == 2, (flag, value, result.output)
        assert f"Invalid value for '{flag}'" in result.output and "Traceback" not in result.output
        assert not (tmp_path / "r" / "records.jsonl").exists()


def test_rps_with_the_rules_is_refused(tmp_path):
    result = run(str(doc(tmp_path)), "--rps", "5", "--out", str(tmp_path / "r"))
    assert result.exit_code == 2 and "--rps do(es) nothing with --extractor rules" in result.output
