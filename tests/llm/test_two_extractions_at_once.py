"""Two ``harness extract`` runs on the embedded model at once share one server (issue 12, item 4).

Live: the real llama.cpp server. Each run has its own empty response cache, so both must ask
the model; the shared server's log has one line per server ever started in its folder, so
"both runs asked the model and one server was ever started" means one server answered both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_llm_live_smoke import _model_present

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "001_3c87be6f4f54a292.txt"

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not _model_present(), reason="xllamacpp or the GGUF is missing"),
    pytest.mark.skipif(not SEED.is_file(), reason="../shared/seeds is not beside the project"),
]


def _extract(tmp_path: Path, name: str, server_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HARNESS_SERVER_DIR": str(server_dir),
           "HARNESS_CACHE_DIR": str(tmp_path / f"cache-{name}"), "HARNESS_SERVER_IDLE_S": "1"}
    env.pop("HARNESS_SHARED_SERVER", None)
    command = [sys.executable, "-m", "harness.cli", "extract", str(SEED), "--extractor", "hybrid",
               "--out", str(tmp_path / name), "--no-progress"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_extractions_at_once_are_answered_by_one_server(tmp_path):
    server_dir = tmp_path / "server"
    both = [_extract(tmp_path, name, server_dir) for name in ("first", "second")]
    outputs = [p.communicate(timeout=1500) for p in both]
    for process, (out, err) in zip(both, outputs):
        assert process.returncode == 0, err
        # Each run asked the model itself (its own empty cache), not a cache or a cassette.
        assert "to the model" in out + err, out + err
    for name in ("first", "second"):
        lines = (tmp_path / name / "records.jsonl").read_text().splitlines()
        assert len(lines) == 1 and json.loads(lines[0])["error"] is None
        usage = json.loads(lines[0])["usage"]
        assert usage["calls"] > usage.get("cached_calls", 0)
    logs = list(server_dir.glob("server-*.log"))
    assert len(logs) == 1
    started = [line for line in logs[0].read_text().splitlines() if line.startswith("harness shared server: pid")]
    assert len(started) == 1, started
