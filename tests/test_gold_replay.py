"""The whole gold set through the LLM path, offline: each committed model run is replayed
from its cassette and must come out the same, record for record, and so score the same.

The runs under runs/ were made by ``harness extract INPUTS ... --record-mode record``; their
manifests name the cassette and the inputs, and each is replayed over those inputs and scored
against all of ``gold/``. A replay that differs means the extractor or a prompt changed after
recording: re-record with the command in the failure message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.inputs import discover_documents
from harness.runs import read_run
from harness.runs.settings import ExtractSettings, run_configured
from harness.score import fields_table, score_runs

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"


def recorded_runs() -> list[Path]:
    found = []
    # ordinary runs, and each repetition of a repeated one (harness extract --repeat N)
    manifests = [*(ROOT / "runs").glob("*/manifest.json"), *(ROOT / "runs").glob("*/rep-*/manifest.json")]
    for manifest_path in sorted(manifests):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        # recorded from the model: afresh (record), or the calls a change made new (new_episodes)
        if (manifest.get("settings") or {}).get("record_mode") in ("record", "new_episodes"):
            found.append(manifest_path.parent)
    return found


RECORDED = recorded_runs()


def test_model_runs_are_committed_for_both_model_extractors():
    names = {json.loads((run / "manifest.json").read_text())["extractor"]["name"] for run in RECORDED}
    assert {"llm", "hybrid"} <= names


@pytest.mark.parametrize("run_dir", RECORDED, ids=lambda p: p.relative_to(ROOT / "runs").as_posix())
def test_replaying_the_cassette_reproduces_the_committed_run(run_dir: Path, tmp_path: Path):
    committed = read_run(run_dir)
    manifest = committed.manifest
    extractor = manifest.extractor_details
    # The documents the run was made of: gold/ has grown since some runs were recorded.
    documents = [d for d in discover_documents([ROOT / given for given in manifest.inputs]) if d.id in set(committed.ids)]
    assert manifest.status == "complete" and manifest.totals.documents == len(documents)
    settings = ExtractSettings(
        extractor=extractor["name"],
        prompt=extractor["prompt_name"],
        hybrid_policy=extractor.get("policy") or "check",
        record_mode="replay",
        cassette=ROOT / manifest.settings["cassette"],
        cache=False,
        out_dir=tmp_path / "replayed",
        progress=False,
        env={},  # no endpoint, no key: the embedded model's cassette, and no server is started
    )
    problems: list[str] = []
    summary = run_configured(documents, settings, on_error=lambda w, c: problems.append(f"{w}: {c}"))
    replayed = read_run(tmp_path / "replayed")
    unrecorded = [p for p in problems if "no recorded answer" in p]
    assert not unrecorded, unrecorded[0]
    assert summary.status == "complete"
    assert replayed.errors == committed.errors
    assert replayed.records == committed.records
    usage = replayed.manifest.usage
    assert usage.calls == manifest.usage.calls > 0  # every call was asked, and answered by the cassette

    table = fields_table(score_runs([run_dir, tmp_path / "replayed"], GOLD, progress=False))
    assert table[run_dir.name].tolist() == table["replayed"].tolist()
