"""``harness extract --batch`` with the real embedded model behind the Batch API stand-in.

Live: the stand-in sends each request of a job to the llama.cpp server, and the same
description is extracted live against that server. The server recomputes every prompt
(``cache_prompt=False``), so an answer does not depend on the call before it and the two
runs must give the same record from the same requests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_llm_live_smoke import _model_present

from harness.cli import cli
from harness.llm.batch_standin import BatchStandIn
from harness.llm.server import EMBEDDED_MODEL_NAME, EmbeddedServer, ServerSettings

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "gold" / "seeds" / "001_3c87be6f4f54a292.txt"
ENV = {"OPENAI_BASE_URL": "", "OPENAI_API_KEY": "", "HARNESS_RECORD_MODE": ""}

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not _model_present(), reason="xllamacpp or the GGUF is missing"),
    pytest.mark.skipif(not SEED.is_file(), reason="seed 001 is not in gold/seeds/"),
]


def _extract(out: Path, base_url: str, *flags: str):
    args = ["extract", str(SEED), "--extractor", "hybrid", "--hybrid-policy", "model", "--model",
            EMBEDDED_MODEL_NAME, "--base-url", base_url, "--no-cache", "--no-progress", "--out", str(out), *flags]
    return CliRunner().invoke(cli, args, env=ENV)


def test_a_batch_run_on_the_embedded_model_gives_the_live_record(tmp_path):
    with EmbeddedServer(ServerSettings(cache_prompt=False)) as server, BatchStandIn(server.base_url) as standin:
        live = _extract(tmp_path / "live", server.base_url)
        batched = _extract(tmp_path / "batch", standin.base_url, "--batch", "--batch-poll", "0.05")
        jobs = standin.created
    assert live.exit_code == 0, live.output
    assert batched.exit_code == 0, batched.output
    (live_line,) = [json.loads(raw) for raw in (tmp_path / "live" / "records.jsonl").read_text().splitlines()]
    (batch_line,) = [json.loads(raw) for raw in (tmp_path / "batch" / "records.jsonl").read_text().splitlines()]
    assert batch_line["usage"]["calls"] == live_line["usage"]["calls"] > 0
    assert batch_line["record"] == live_line["record"]
    assert len(jobs) >= 1
