"""Cassettes under accidents: damaged or half-written files are named, saving is atomic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness.inputs import discover_documents
from harness.llm.cassettes import CassetteDamaged, cassette_path
from harness.llm.client import Decoding
from harness.llm.stub_server import StubServer, answer, answer_from_schema
from harness.runs.settings import ExtractSettings, run_configured
from support import write_files

ROOT = Path(__file__).resolve().parents[2]
FAST = Decoding(max_reasks=0, max_transport_retries=0, timeout_s=5.0)
DOCS = {"a.md": "## Heatmap: Alpha\n\n| Model | Acc |\n|---|---|\n| A | 0.91 |\n| B | 0.85 |\n"}


def _settings(base_url: str, tmp_path: Path, out: str, mode: str) -> ExtractSettings:
    return ExtractSettings(
        extractor="llm", out_dir=tmp_path / out, model="stub-model", base_url=base_url, decoding=FAST,
        progress=False, env={"OPENAI_API_KEY": "sk-test"}, cassette_dir=tmp_path / "cassettes",
        cache=False, record_mode=mode,
    )


def _cassette(tmp_path: Path) -> Path:
    return cassette_path(tmp_path / "cassettes", "llm", "default", "stub-model")


@pytest.mark.parametrize("damage", ["not json {", "", '{"interactions": [{"request": 1}]}', "half"])
def test_a_damaged_cassette_fails_before_any_call_naming_it_and_how_to_record_it(tmp_path, damage):
    docs = write_files(tmp_path / "docs", DOCS)
    with StubServer(default=answer(answer_from_schema)) as stub:
        run_configured(discover_documents([docs]), _settings(stub.base_url, tmp_path, "rec", "record"),
                       on_error=lambda *_: None)
        cassette = _cassette(tmp_path)
        good = cassette.read_text(encoding="utf-8")
        cassette.write_text(good[: len(good) // 2] if damage == "half" else damage, encoding="utf-8")
        calls = stub.calls
        with pytest.raises(CassetteDamaged) as caught:
            run_configured(discover_documents([docs]), _settings(stub.base_url, tmp_path, "replay", "replay"),
                           on_error=lambda *_: None)
        assert stub.calls == calls
    message = str(caught.value)
    assert "\n" not in message and str(cassette) in message and "is damaged" in message
    assert "record it again with: harness extract" in message and "--record-mode record" in message


SAVE_KILLED = """
import os, signal, sys
from pathlib import Path
from harness.inputs import discover_documents
from harness.llm.client import Decoding
from harness.runs.settings import ExtractSettings, run_configured

real_fsync = os.fsync
def fsync_then_die(fd):
    # The new cassette is in its temporary file, not yet renamed over the old one: die now.
    if os.readlink(f"/proc/self/fd/{fd}").endswith(".partial"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_fsync(fd)
os.fsync = fsync_then_die
tmp, url, docs = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
settings = ExtractSettings(extractor="llm", out_dir=tmp / "again", model="stub-model", base_url=url,
                           decoding=Decoding(max_reasks=0, max_transport_retries=0, timeout_s=5.0),
                           progress=False, env={"OPENAI_API_KEY": "sk-test"}, cassette_dir=tmp / "cassettes",
                           cache=False, record_mode="new_episodes")
run_configured(discover_documents([docs]), settings, on_error=lambda *_: None)
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to find the file being synced")
def test_a_run_killed_while_saving_its_cassette_leaves_the_old_one_whole(tmp_path):
    docs = write_files(tmp_path / "docs", DOCS)
    with StubServer(default=answer(answer_from_schema)) as stub:
        run_configured(discover_documents([docs]), _settings(stub.base_url, tmp_path, "rec", "record"),
                       on_error=lambda *_: None)
        cassette = _cassette(tmp_path)
        before = cassette.read_bytes()
        (docs / "b.md").write_text(DOCS["a.md"].replace("Alpha", "Beta"), encoding="utf-8")  # a new episode
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(SAVE_KILLED), str(tmp_path), stub.base_url,
                               str(docs)], env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                              text=True, timeout=300)
    assert done.returncode == -9, done.stderr
    assert cassette.read_bytes() == before  # the old cassette, whole
    json.loads(before)
