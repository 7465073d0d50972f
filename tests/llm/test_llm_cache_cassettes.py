"""The cache, resume and cassettes of the LLM path, end to end through ``run_configured``.

A stub OpenAI-compatible server on 127.0.0.1 (harness.llm.stub_server) plays the
model: every answer is a minimal valid instance of the schema it was asked for, so
these tests are about what the harness does with calls, not about what a model says.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.inputs import discover_documents
from harness.llm.cache import ResponseCache, call_key
from harness.llm.cassettes import RecordModeError, cassette_path, record_mode_from, slug
from harness.llm.client import Decoding
from harness.llm.stub_server import StubServer, answer, answer_from_schema
from harness.runs import read_run
from harness.runs.settings import ExtractSettings, run_configured
from support import write_files

SECRET = "sk-test-secret-1234567890abcdef"
FAST = Decoding(max_reasks=0, max_transport_retries=0, timeout_s=5.0)

DOCS = {
    "a.md": "## Heatmap: Alpha\n\n| Model | Acc | F1 |\n|---|---|---|\n| A | 0.91 | 0.80 |\n| B | 0.85 | 0.77 |\n",
    "b.md": "## Bar chart: Beta\n\n- X-axis: store (North, South)\n- Values: North: 12, South: 15\n",
}


@pytest.fixture()
def stub():
    with StubServer(default=answer(answer_from_schema)) as server:
        yield server


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    return write_files(tmp_path / "docs", DOCS)


def settings_for(stub: StubServer | str, tmp_path: Path, out: str, **overrides) -> ExtractSettings:
    values = dict(
        extractor="hybrid", out_dir=tmp_path / out, model="stub-model",
        base_url=stub if isinstance(stub, str) else stub.base_url,
        cache_dir=tmp_path / "cache", decoding=FAST, progress=False,
        env={"OPENAI_API_KEY": SECRET}, cassette_dir=tmp_path / "cassettes",
    )
    values.update(overrides)
    return ExtractSettings(**values)


def quiet(where: str, cause: str) -> None:
    pass


def test_an_unchanged_rerun_makes_zero_model_calls(stub, docs, tmp_path):
    first = run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "run1"), on_error=quiet)
    calls = stub.calls
    assert first.ok == 2 and calls > 0
    second = run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "run2"), on_error=quiet)
    assert second.ok == 2 and stub.calls == calls  # nothing reached the server
    usage = read_run(tmp_path / "run2").manifest.usage
    assert usage.calls == 0 and usage.cached_calls == calls
    assert read_run(tmp_path / "run1").records == read_run(tmp_path / "run2").records


def test_a_changed_description_is_asked_again_and_no_cache_means_every_call(stub, docs, tmp_path):
    run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "run1"), on_error=quiet)
    before = stub.calls
    (docs / "b.md").write_text(DOCS["b.md"].replace("15", "16"), encoding="utf-8")
    run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "run2"), on_error=quiet)
    asked_again = stub.calls - before
    assert 0 < asked_again < before  # only b's calls
    run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "run3", cache=False), on_error=quiet)
    assert stub.calls - before - asked_again == before


def test_cache_key_changes_with_each_part():
    base = {"model": "m", "messages": [{"role": "user", "content": "x"}], "schema": {"a": 1}, "seed": 1}
    keys = {call_key(base)}
    for change in ({"model": "n"}, {"messages": [{"role": "user", "content": "y"}]}, {"schema": {"a": 2}}, {"seed": 2}):
        keys.add(call_key({**base, **change}))
    assert len(keys) == 5
    assert call_key(dict(reversed(list(base.items())))) == call_key(base)  # key order does not matter


def test_a_damaged_cache_entry_is_a_miss(tmp_path):
    cache = ResponseCache(tmp_path)
    cache.put("k", {"v": 1}, 3, 4)
    assert cache.get("k") == ({"v": 1}, 3, 4) and len(cache) == 1
    cache._db.execute("UPDATE answers SET answer = '{broken' WHERE key = 'k'")
    assert cache.get("k") is None and cache.get("other") is None


def test_a_killed_run_resumes_without_losing_or_duplicating(stub, docs, tmp_path, monkeypatch):
    import harness.runs.execute as runs

    real = runs.extract_one
    seen: list[str] = []

    def interrupted_after_first(document, extractor, model=None):
        if seen:
            raise KeyboardInterrupt
        seen.append(document.id)
        return real(document, extractor, model)

    monkeypatch.setattr(runs, "extract_one", interrupted_after_first)
    first = run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "run", cache=False), on_error=quiet)
    assert first.status == "interrupted" and first.ok == 1
    monkeypatch.setattr(runs, "extract_one", real)
    second = run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "run", cache=False), on_error=quiet)
    assert second.status == "complete" and second.skipped == 1 and second.ok == 1
    lines = (tmp_path / "run" / "records.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == ["a", "b"]


def test_concurrent_run_writes_every_document_once_with_usage(stub, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(12):
        (folder / f"d{index:02d}.md").write_text(DOCS["b.md"].replace("12", str(100 + index)), encoding="utf-8")
    summary = run_configured(discover_documents([folder]),
                          settings_for(stub, tmp_path, "run", concurrency=4, cache=False), on_error=quiet)
    assert summary.ok == 12
    run = read_run(tmp_path / "run")
    assert len(run.records) == 12
    lines = [json.loads(line) for line in (tmp_path / "run" / "records.jsonl").read_text().splitlines()]
    assert len(lines) == 12 and all(line["usage"]["calls"] >= 1 for line in lines)
    assert run.manifest.usage.calls == sum(line["usage"]["calls"] for line in lines) == stub.calls
    assert run.manifest.concurrency == 4
    assert stub.max_in_flight <= 4


def test_record_then_replay_offline_gives_the_same_records_and_no_secret(stub, docs, tmp_path):
    recorded = run_configured(discover_documents([docs]),
                           settings_for(stub, tmp_path, "rec", record_mode="record"), on_error=quiet)
    assert recorded.ok == 2
    cassette = cassette_path(tmp_path / "cassettes", "hybrid", "default", "stub-model")
    text = cassette.read_text()
    assert SECRET not in text and "authorization" not in text.lower()
    assert len(json.loads(text)["interactions"]) == stub.calls
    url = stub.base_url
    stub.stop()  # from here on nothing answers on the network
    replayed = run_configured(discover_documents([docs]),
                           settings_for(url, tmp_path, "replay", record_mode="replay", cache=False),
                           on_error=quiet)
    assert replayed.ok == 2
    assert read_run(tmp_path / "replay").records == read_run(tmp_path / "rec").records


def test_replay_of_an_unrecorded_request_names_the_document_and_how_to_rerecord(stub, docs, tmp_path):
    run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "rec", record_mode="record"), on_error=quiet)
    url = stub.base_url
    stub.stop()
    (docs / "b.md").write_text(DOCS["b.md"].replace("North", "East"), encoding="utf-8")
    errors: list[tuple[str, str]] = []
    summary = run_configured(discover_documents([docs]),
                          settings_for(url, tmp_path, "replay", record_mode="replay", cache=False),
                          on_error=lambda where, cause: errors.append((where, cause)))
    assert summary.ok == 1 and summary.failed == 1
    (where, cause), = errors
    assert where.endswith("b.md")
    assert "no recorded answer" in cause and "harness extract" in cause and "--record-mode record" in cause
    assert "\n" not in cause


def test_replay_only_without_the_cassette_fails_before_anything_runs(stub, docs, tmp_path):
    with pytest.raises(FileNotFoundError, match="record it with: harness extract"):
        run_configured(discover_documents([docs]),
                    settings_for(stub, tmp_path, "replay", record_mode="replay"), on_error=quiet)
    assert stub.calls == 0


def test_record_mode_from_option_environment_and_default():
    assert record_mode_from(None, {}) == "off"
    assert record_mode_from(None, {"HARNESS_RECORD_MODE": "replay"}) == "replay"
    assert record_mode_from("record", {"HARNESS_RECORD_MODE": "replay"}) == "record"
    assert record_mode_from("replay-only", {}) == "replay"
    with pytest.raises(RecordModeError):
        record_mode_from("sometimes", {})
    assert slug("SmolLM2-135M-Instruct") == "smollm2-135m-instruct"


def test_vcrpy_and_pytest_recording_names_mean_what_they_mean_there():
    assert record_mode_from("none", {}) == "replay"
    assert record_mode_from("all", {}) == "record"
    assert record_mode_from(None, {"HARNESS_RECORD_MODE": "once"}) == "once"
    assert record_mode_from("new_episodes", {}) == "new_episodes"
    assert record_mode_from("NEW-EPISODES", {}) == "new_episodes"
    with pytest.raises(RecordModeError, match="new_episodes"):
        record_mode_from("rewrite-sometimes", {})


def test_replay_answers_from_the_cassette_only_never_the_cache(stub, docs, tmp_path):
    run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "rec", record_mode="record"), on_error=quiet)
    (docs / "b.md").write_text(DOCS["b.md"].replace("North", "East"), encoding="utf-8")
    # A plain run puts b's new answers in the response cache, not in the cassette.
    run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "plain"), on_error=quiet)
    url = stub.base_url
    stub.stop()
    errors: list[tuple[str, str]] = []
    summary = run_configured(discover_documents([docs]),
                             settings_for(url, tmp_path, "replay", record_mode="replay", cache=True),
                             on_error=lambda where, cause: errors.append((where, cause)))
    # The cache could answer b; a replay must not let it, or it would not prove the cassette.
    assert summary.ok == 1 and summary.failed == 1
    assert errors[0][0].endswith("b.md") and "no recorded answer" in errors[0][1]


def test_once_records_a_missing_cassette_then_replays_it(stub, docs, tmp_path):
    first = run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "one", record_mode="once"),
                           on_error=quiet)
    assert first.ok == 2 and stub.calls > 0
    cassette = cassette_path(tmp_path / "cassettes", "hybrid", "default", "stub-model")
    assert cassette.is_file()
    url = stub.base_url
    stub.stop()
    second = run_configured(discover_documents([docs]), settings_for(url, tmp_path, "two", record_mode="once"),
                            on_error=quiet)
    assert second.ok == 2
    assert read_run(tmp_path / "two").records == read_run(tmp_path / "one").records
    assert read_run(tmp_path / "two").manifest.settings["record_mode"] == "replay"


def test_new_episodes_replays_what_is_recorded_and_records_what_is_new(stub, docs, tmp_path):
    (docs / "b.md").rename(tmp_path / "b.md")  # record a alone first
    run_configured(discover_documents([docs]), settings_for(stub, tmp_path, "a", record_mode="record"), on_error=quiet)
    calls_for_a = stub.calls
    cassette = cassette_path(tmp_path / "cassettes", "hybrid", "default", "stub-model")
    recorded_for_a = len(json.loads(cassette.read_text())["interactions"])
    (tmp_path / "b.md").rename(docs / "b.md")
    both = run_configured(discover_documents([docs]),
                          settings_for(stub, tmp_path, "ab", record_mode="new_episodes", cache=False), on_error=quiet)
    assert both.ok == 2
    calls_for_b = stub.calls - calls_for_a
    asked_again = [json.dumps(r.body) for r in stub.completions[calls_for_a:]]
    assert asked_again and all("North" in body for body in asked_again)  # b went to the model...
    assert not any("0.91" in body for body in asked_again)  # ...a was answered by the cassette
    assert len(json.loads(cassette.read_text())["interactions"]) == recorded_for_a + calls_for_b
    url = stub.base_url
    stub.stop()
    replayed = run_configured(discover_documents([docs]),
                              settings_for(url, tmp_path, "replay", record_mode="replay", cache=False), on_error=quiet)
    assert replayed.ok == 2
