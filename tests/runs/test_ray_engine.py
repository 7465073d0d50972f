"""``--engine ray`` on a local Ray cluster (num_cpus=2, one per module): the same records as the
local engine, a killed worker redoes its documents once, a re-run skips, a raising document is an
error line, and cassettes are replayed in the workers (and never written there)."""

from __future__ import annotations

import json
import os
import sys
import uuid
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.extract import get_extractor
from harness.inputs import discover_documents
from harness.runs import read_run
from harness.runs.execute import run_extraction
from harness.runs.ray_engine import EngineError, RayEngine
from harness.runs.settings import ExtractSettings, run_configured

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "gold"

try:
    import ray
except ImportError:  # pragma: no cover - CI installs ray
    ray = None

needs_ray = pytest.mark.skipif(ray is None, reason="ray is not installed (pip install -e '.[ray]')")


@pytest.fixture(scope="module")
def cluster():
    from harness.runs.ray_engine import _connect

    # The test extractors below are defined here, not in harness: workers get them by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    _connect(ray, None)
    yield
    ray.shutdown()


def sorted_lines(run_dir: Path) -> list[dict]:
    """The run's lines by id, without the one field that is a timing."""
    lines = [json.loads(text) for text in (run_dir / "records.jsonl").read_text().splitlines()]
    for line in lines:
        line.pop("elapsed_s", None)
    return sorted(lines, key=lambda line: line["id"])


class CountingExtractor:
    """The rules, counting each extraction in ``marks/ID.*``; ``die_on`` ends the worker process
    (os._exit) the first time (or, ``always``, every time) it sees that id; ``raise_on`` raises."""

    name = "rules"

    def __init__(self, marks: Path, die_on: str | None = None, always: bool = False, raise_on: str | None = None):
        self.rules, self.marks, self.die_on, self.always, self.raise_on = get_extractor("rules"), marks, die_on, always, raise_on

    def extract_with_usage(self, doc_id: str, text: str):
        (self.marks / f"{doc_id}.{uuid.uuid4().hex}").touch()
        if doc_id == self.die_on:
            died = self.marks / "died"
            if self.always or not died.exists():
                died.touch()
                os._exit(1)
        if doc_id == self.raise_on:
            raise RuntimeError(f"cannot read {doc_id}")
        return self.rules.extract_with_usage(doc_id, text)

    def describe(self):
        return self.rules.describe()


def build_counting(marks: Path, options: dict, stack) -> tuple:
    return CountingExtractor(marks, **options), None


def extractions(marks: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for mark in marks.iterdir():
        if mark.name != "died":
            doc_id = mark.name.rsplit(".", 1)[0]
            counts[doc_id] = counts.get(doc_id, 0) + 1
    return counts


def counting_run(documents, out: Path, marks: Path, **options):
    marks.mkdir(exist_ok=True)
    engine = RayEngine(build=partial(build_counting, marks, options), workers=2, batch_size=1)
    errors: list[str] = []
    summary = run_extraction(documents, get_extractor("rules"), out, engine=engine, progress=False,
                             on_error=lambda where, cause: errors.append(f"{where}: {cause}"))
    return summary, errors


@needs_ray
def test_rules_over_gold_give_the_local_engines_records(cluster, tmp_path):
    documents = discover_documents([GOLD])
    local = run_configured(documents, ExtractSettings(out_dir=tmp_path / "local", progress=False))
    on_ray = run_configured(documents, ExtractSettings(out_dir=tmp_path / "ray", progress=False, engine="ray"))
    assert (on_ray.ok, on_ray.failed) == (local.ok, local.failed) == (len(documents), 0)
    assert sorted_lines(tmp_path / "ray") == sorted_lines(tmp_path / "local")
    manifest = read_run(tmp_path / "ray").manifest
    assert manifest.totals.ok == manifest.totals.ids_in_file == len(documents)


@needs_ray
@pytest.mark.parametrize("run_name", ["gold-llm-default", "gold-hybrid-default"])
def test_replaying_a_cassette_on_ray_gives_the_committed_records(cluster, tmp_path, run_name):
    committed = read_run(ROOT / "runs" / run_name)
    details = committed.manifest.extractor_details
    documents = discover_documents([GOLD])[:6]  # six documents, over both workers
    settings = ExtractSettings(
        extractor=details["name"], prompt=details["prompt_name"], hybrid_policy=details.get("policy") or "check",
        record_mode="replay", cassette=ROOT / committed.manifest.settings["cassette"], cache=False,
        out_dir=tmp_path / "replayed", progress=False, env={}, engine="ray",
    )
    problems: list[str] = []
    summary = run_configured(documents, settings, on_error=lambda w, c: problems.append(f"{w}: {c}"))
    assert not problems and summary.ok == len(documents)
    replayed = read_run(tmp_path / "replayed")
    assert replayed.records == {d.id: committed.records[d.id] for d in documents}
    assert summary.replayed_calls == replayed.manifest.usage.calls > 0  # answered by the workers' cassettes


@needs_ray
def test_a_killed_worker_redoes_its_documents_once_and_a_rerun_skips_them(cluster, tmp_path):
    documents = discover_documents([GOLD])[:12]
    victim = documents[5].id
    summary, errors = counting_run(documents, tmp_path / "run", tmp_path / "marks", die_on=victim)
    assert (tmp_path / "marks" / "died").exists()  # a worker did die
    assert (summary.ok, summary.failed, errors) == (len(documents), 0, [])
    lines = sorted_lines(tmp_path / "run")
    assert [line["id"] for line in lines] == sorted(d.id for d in documents)  # 0 lost, 0 doubled
    counts = extractions(tmp_path / "marks")
    assert counts[victim] == 2  # the try that killed the worker, and the one retry
    assert all(counts[d.id] == 1 for d in documents if d.id != victim)

    again, _ = counting_run(documents, tmp_path / "run", tmp_path / "marks")
    assert (again.skipped, again.ok) == (len(documents), 0)
    assert extractions(tmp_path / "marks") == counts  # nothing extracted again
    assert sorted_lines(tmp_path / "run") == lines


@needs_ray
def test_a_document_that_kills_every_worker_is_an_error_line_after_one_retry(cluster, tmp_path):
    documents = discover_documents([GOLD])[:4]
    victim = documents[1].id
    summary, errors = counting_run(documents, tmp_path / "run", tmp_path / "marks", die_on=victim, always=True)
    assert (summary.ok, summary.failed) == (len(documents) - 1, 1)
    assert extractions(tmp_path / "marks")[victim] == 2  # tried, retried once, not a third time
    assert len(errors) == 1 and "worker died" in errors[0]
    assert read_run(tmp_path / "run").errors.keys() == {victim}


@needs_ray
def test_a_raising_document_is_an_error_line_as_locally(cluster, tmp_path):
    documents = discover_documents([GOLD])[:5]
    bad = documents[2].id
    summary, errors = counting_run(documents, tmp_path / "run", tmp_path / "marks", raise_on=bad)
    assert (summary.ok, summary.failed) == (len(documents) - 1, 1)
    run = read_run(tmp_path / "run")
    assert run.errors == {bad: f"RuntimeError: cannot read {bad}"}
    assert len(run.lines) == len(documents)
    assert extractions(tmp_path / "marks")[bad] == 1  # an exception is an answer, not a retry


def test_recording_a_cassette_on_ray_is_refused_before_anything_is_written(tmp_path):
    settings = ExtractSettings(extractor="llm", record_mode="record", cassette=tmp_path / "c.json",
                               out_dir=tmp_path / "run", env={}, engine="ray", cache=False)
    if ray is None:
        pytest.skip("ray is not installed: the ray-missing error comes first")
    with pytest.raises(EngineError, match="does not record"):
        run_configured(discover_documents([GOLD])[:1], settings)
    assert not (tmp_path / "c.json").exists() and not (tmp_path / "run").exists()


def test_without_ray_the_engine_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    result = CliRunner().invoke(cli, ["extract", str(GOLD), "--engine", "ray", "--out", str(tmp_path / "run")])
    assert result.exit_code == 1
    assert "pip install -e '.[ray]'" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "run").exists()
