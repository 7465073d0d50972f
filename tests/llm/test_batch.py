"""``harness extract --batch`` end to end: the OpenAI Batch API stand-in, answering from a
real chat endpoint (the project's stub server, over HTTP), against the same run made live.

What must hold (issue 12, item 6): the same records and the same request bodies as a live
run; one job per step; answers that fail validation re-asked in a follow-up job; requests a
job did not serve asked again; refusals and failures as one line; and a run killed while a
job is in flight resumes waiting for that job instead of paying for it twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.llm.batch import BatchClient, BatchSettings
from harness.llm.batch_jobs import BatchAPI, Job, JobLog, Request
from harness.llm.batch_standin import BatchStandIn
from harness.llm.client import Decoding
from harness.llm.endpoint import Endpoint
from harness.llm.stub_server import (
    StubServer,
    answer,
    answer_from_schema,
    server_error,
    truncated,
)
from harness.llm.usage import CallRecord, Usage

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
ENV = {"OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "HARNESS_RECORD_MODE": ""}


def docs(tmp_path: Path) -> list[str]:
    """Two small descriptions of different kinds, written here (keys, values and a legend)."""
    a = tmp_path / "in" / "bars.md"
    a.parent.mkdir(exist_ok=True)
    a.write_text("## Bar chart: Sales by region\n### Components/Axes\n- X-axis: Region (North, South)\n"
                 "- Y-axis: Sales\n### Detailed Analysis\n- North: 12\n- South: 7\n", encoding="utf-8")
    b = tmp_path / "in" / "grid.md"
    b.write_text("## Heatmap: Zebrafish accuracy\n### Components/Axes\n- X-axis: Task (A, B)\n- Y-axis: Model (M1, M2)\n"
                 "- Color bar: 0 to 1\n### Detailed Analysis\n| Model | A | B |\n|---|---|---|\n"
                 "| M1 | 0.5 | 0.7 |\n| M2 | 0.9 | 0.1 |\n", encoding="utf-8")
    return [str(a), str(b)]


def extract(out: Path, inputs: list[str], base_url: str, *, batch: bool, extractor: str = "llm", more=()):
    args = ["extract", *inputs, "--extractor", extractor, "--model", "stub-model", "--base-url", base_url,
            "--no-cache", "--no-progress", "--out", str(out), *more]
    if batch:
        args += ["--batch", "--batch-poll", "0.01"]
    return CliRunner().invoke(cli, args, env=ENV)


def lines(run: Path) -> dict[str, dict]:
    return {json.loads(raw)["id"]: json.loads(raw) for raw in (run / "records.jsonl").read_text().splitlines()}


def bodies(requests) -> list[str]:
    return sorted(json.dumps(r.body, sort_keys=True) for r in requests)


@pytest.mark.parametrize("extractor", ["llm", "hybrid"])
def test_a_batch_run_gives_the_live_runs_records_and_sends_its_requests(tmp_path, extractor):
    inputs = docs(tmp_path)
    with StubServer() as chat:
        live = extract(tmp_path / "live", inputs, chat.base_url, batch=False, extractor=extractor)
        assert live.exit_code == 0, live.output
        live_requests = chat.completions
        with BatchStandIn(chat.base_url) as standin:
            batched = extract(tmp_path / "batch", inputs, standin.base_url, batch=True, extractor=extractor)
            assert batched.exit_code == 0, batched.output
            jobs = standin.created
        batch_requests = chat.completions[len(live_requests):]
    live_lines, batch_lines = lines(tmp_path / "live"), lines(tmp_path / "batch")
    assert {k: v["record"] for k, v in batch_lines.items()} == {k: v["record"] for k, v in live_lines.items()}
    # The very same request bodies, each sent once, and the same tokens counted.
    assert bodies(batch_requests) == bodies(live_requests)
    for doc_id, line in batch_lines.items():
        for figure in ("calls", "input_tokens", "output_tokens", "failed_calls"):
            assert line["usage"][figure] == live_lines[doc_id]["usage"][figure]
    # One job per dependent step: llm asks layout, then keys, then cells; hybrid only cells.
    assert len(jobs) == (3 if extractor == "llm" else 1)
    assert f"batch: {len(jobs)} round(s), {len(jobs)} job(s)" in batched.output
    manifest = json.loads((tmp_path / "batch" / "manifest.json").read_text())
    assert manifest["extractor"]["batch"] == {"poll_s": 0.01}
    log = JobLog(tmp_path / "batch" / "batch")
    assert [job.batch_id for job in log.jobs.values()] == jobs and all(job.merged for job in log.jobs.values())


def _reask_once(request: dict) -> str:
    """Invalid JSON to each first ask of the layout's header question, a valid answer otherwise."""
    asked_again = any("Correct your JSON" in str(m.get("content")) for m in request["messages"])
    header = request.get("response_format", {}).get("json_schema", {}).get("name") == "Header"
    return "Sure, the title is" if header and not asked_again else answer_from_schema(request)


def test_an_answer_that_fails_validation_is_re_asked_in_a_follow_up_job(tmp_path):
    inputs = docs(tmp_path)[:1]
    with StubServer(default=answer(_reask_once)) as chat:
        live = extract(tmp_path / "live", inputs, chat.base_url, batch=False)
        with BatchStandIn(chat.base_url) as standin:
            batched = extract(tmp_path / "batch", inputs, standin.base_url, batch=True)
            jobs = standin.created
            first = [json.loads(json.dumps(r["body"])) for r in standin.requests_of(jobs[0])]
            second = standin.requests_of(jobs[1])
    assert live.exit_code == batched.exit_code == 0, batched.output
    (live_line,), (batch_line,) = lines(tmp_path / "live").values(), lines(tmp_path / "batch").values()
    assert batch_line["record"] == live_line["record"]
    assert batch_line["usage"]["reasks"] == live_line["usage"]["reasks"] == 1
    # The re-ask went out in the second job, with instructor's correction message.
    assert not any("Correct your JSON" in json.dumps(body) for body in first)
    reasks = [r for r in second if "Correct your JSON" in json.dumps(r["body"])]
    assert len(reasks) == 1 and reasks[0]["custom_id"].endswith("~reask1")


def test_a_call_waits_for_its_job_then_a_cut_answer_fails_as_the_live_client_says(tmp_path):
    from pydantic import BaseModel

    from harness.llm.batch import AnswerPending
    from harness.llm.failures import LLMCallError

    class Value(BaseModel):
        value: int

    messages = [{"role": "user", "content": "a value, please"}]
    with StubServer(default=truncated('{"value": 12345}')) as chat, BatchStandIn(chat.base_url) as standin:
        client = BatchClient(Endpoint.remote(model="stub-model", base_url=standin.base_url), Decoding(),
                             batch=BatchSettings(tmp_path / "batch", poll_s=0.01))
        client.begin_document()
        with pytest.raises(AnswerPending):
            client.complete(Value, messages, step="cells", max_tokens=20)
        assert client.end_document() and client.has_requests()
        report = client.send()
        assert report.requests == report.answered == 1 and len(report.jobs) == 1
        usage = Usage()
        client.begin_document()
        with pytest.raises(LLMCallError, match=r"answer cut at max_tokens=20 \(finish_reason=length\)"):
            client.complete(Value, messages, step="cells", max_tokens=20, usage=usage)
        assert not client.end_document() and not client.has_requests()
    assert usage.failed_calls == 1 and usage.calls == 1


def test_requests_a_job_did_not_run_go_again_in_the_next(tmp_path):
    inputs = docs(tmp_path)
    with StubServer() as chat:
        live = extract(tmp_path / "live", inputs, chat.base_url, batch=False)
        with BatchStandIn(chat.base_url) as standin:
            standin.expire_after(2)  # every job runs two requests, then expires
            batched = extract(tmp_path / "batch", inputs, standin.base_url, batch=True)
            sent = [r["custom_id"] for job in standin.created for r in standin.requests_of(job)]
    assert live.exit_code == batched.exit_code == 0, batched.output
    assert {k: v["record"] for k, v in lines(tmp_path / "batch").items()} == \
           {k: v["record"] for k, v in lines(tmp_path / "live").items()}
    # The expired jobs' unrun requests went out again (each in a later job), and all were answered.
    assert len(sent) > len(set(sent))


def test_a_request_refused_for_good_fails_its_document_in_one_line_and_the_run_goes_on(tmp_path):
    inputs = docs(tmp_path)

    def refuse_grid(request: dict):
        return server_error(400) if "Zebrafish" in json.dumps(request["messages"]) else answer_from_schema(request)

    with StubServer(default=refuse_grid) as chat, BatchStandIn(chat.base_url) as standin:
        batched = extract(tmp_path / "batch", inputs, standin.base_url, batch=True)
    found = lines(tmp_path / "batch")
    assert batched.exit_code == 1
    assert found["bars"]["record"] is not None
    assert found["grid"]["record"] is None
    assert "batch request failed after 1 attempt(s): HTTP 400" in found["grid"]["error"]
    assert "\n" not in found["grid"]["error"]


def test_a_job_that_fails_as_a_whole_fails_its_documents_not_the_run(tmp_path):
    inputs = docs(tmp_path)[:1]
    with StubServer() as chat, BatchStandIn(chat.base_url) as standin:
        standin.fail_next("input file has an invalid line")
        batched = extract(tmp_path / "batch", inputs, standin.base_url, batch=True)
    (line,) = lines(tmp_path / "batch").values()
    assert batched.exit_code == 1
    assert "batch failed: input file has an invalid line" in line["error"]


def test_settings_batch_cannot_serve_are_refused_in_one_line_before_anything_is_written(tmp_path):
    inputs = docs(tmp_path)[:1]
    cases = [
        (["--extractor", "rules", "--batch"], "--batch does nothing with --extractor rules"),
        (["--extractor", "llm", "--batch-poll", "1"], "--batch-poll does nothing without --batch"),
        (["--extractor", "llm", "--batch", "--no-cache"], "--batch needs an endpoint with the Batch API"),
        (["--extractor", "llm", "--batch", "--model", "m", "--base-url", "http://127.0.0.1:9/v1",
          "--record-mode", "replay"], "does not record or replay cassettes"),
        (["--extractor", "llm", "--batch", "--model", "m", "--base-url", "http://127.0.0.1:9/v1",
          "--base-url", "http://127.0.0.1:8/v1"], "give --base-url once"),
    ]
    for flags, said in cases:
        out = tmp_path / "r"
        result = CliRunner().invoke(cli, ["extract", *inputs, "--out", str(out), *flags], env=ENV)
        assert result.exit_code in (1, 2), (flags, result.output)
        assert said in result.output, (flags, result.output)
        assert not (out / "records.jsonl").exists()


def test_a_batched_call_costs_half_the_list_price_and_a_cached_one_nothing():
    usage = Usage()
    usage.add(CallRecord(step="cells", input_tokens=1_000_000, output_tokens=0))
    usage.add(CallRecord(step="cells", input_tokens=1_000_000, output_tokens=1_000_000, batched=True))
    usage.add(CallRecord(step="cells", input_tokens=1_000_000, output_tokens=1_000_000, cached=True))
    # gpt-4o-mini: $0.15 / $0.60 per million; the batched call at half of that; the cached one free.
    assert usage.cost_usd("gpt-4o-mini") == pytest.approx(0.15 + (0.15 + 0.60) / 2)


def test_a_job_created_by_a_process_that_died_before_writing_its_id_is_found_again(tmp_path):
    body = {"model": "stub-model", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5}
    with StubServer(default=answer('{"value": 1}')) as chat, BatchStandIn(chat.base_url) as standin:
        api = BatchAPI(standin.base_url, "not-a-key")
        log = JobLog(tmp_path / "batch")
        job = Job(token="t-1", keys=["k1"])
        log.begin(job)  # ... and the process died after batches.create, before noting the id:
        api.create(api.upload([Request("k1", body)]), "t-1")
        client = BatchClient(Endpoint.remote(model="stub-model", base_url=standin.base_url), Decoding(),
                             batch=BatchSettings(tmp_path / "batch", poll_s=0.01))
        client.wait()
        assert len(standin.created) == 1  # found, not created again
    assert "k1" in client.log.answers
    assert JobLog(tmp_path / "batch").jobs["t-1"].merged


def test_a_damaged_log_line_is_skipped_with_one_warning(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "answers.jsonl").write_text('{"key": "a", "body": {"choices": [1]}, "error": null, "status": 200}\n'
                                          '{"key": "b", "bo', encoding="utf-8")
    said: list[str] = []
    log = JobLog(folder, warn=said.append)
    assert list(log.answers) == ["a"]
    assert len(said) == 1 and "1 damaged line(s) skipped" in said[0]


# --- a run killed while its job is in flight ----------------------------------------------


def _start(out: Path, inputs: list[str], base_url: str) -> subprocess.Popen:
    env = {**os.environ, **ENV, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "harness.cli", "extract", *inputs, "--extractor", "hybrid", "--model",
               "stub-model", "--base-url", base_url, "--no-cache", "--no-progress", "--out", str(out),
               "--batch", "--batch-poll", "0.01"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _job_id_written(out: Path) -> bool:
    jobs = out / "batch" / "jobs.jsonl"
    return jobs.exists() and '"batch_id"' in jobs.read_text()


def test_a_run_killed_while_its_job_is_in_flight_resumes_waiting_for_it(tmp_path):
    inputs = docs(tmp_path)
    out = tmp_path / "batch"
    with StubServer() as chat:
        live = extract(tmp_path / "live", inputs, chat.base_url, batch=False, extractor="hybrid")
        live_calls = chat.calls
        with BatchStandIn(chat.base_url) as standin:
            standin.hold()
            first = _start(out, inputs, standin.base_url)
            deadline = time.monotonic() + 120
            while not _job_id_written(out) and first.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _job_id_written(out), first.communicate(timeout=5)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
            assert standin.created and len(standin.created) == 1
            standin.release()
            second = _start(out, inputs, standin.base_url)
            stdout, stderr = second.communicate(timeout=300)
            assert second.returncode == 0, stderr
            jobs = standin.created
        batch_calls = chat.calls - live_calls
    assert live.exit_code == 0
    # The second process waited for the first one's job: no job was created twice, and every
    # request reached the model once, as in the live run.
    assert len(jobs) == 1 and batch_calls == live_calls
    assert {k: v["record"] for k, v in lines(out).items()} == \
           {k: v["record"] for k, v in lines(tmp_path / "live").items()}
    assert "2 documents: 2 ok" in stdout
