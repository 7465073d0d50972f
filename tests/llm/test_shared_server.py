"""One embedded model per machine: processes share the server the first one started
(harness.llm.shared_server). Live: each test starts the real llama.cpp server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from test_llm_live_smoke import _model_present

from harness.llm.server import ServerSettings, answers
from harness.llm.shared_server import SharedServer

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not _model_present(), reason="xllamacpp or the GGUF is missing"),
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to watch the server process"),
]

LEASE = """
import json, sys
from pathlib import Path
from harness.llm.shared_server import SharedServer
lease = SharedServer(directory=Path(sys.argv[1]), idle_timeout_s=float(sys.argv[2])).start()
state = json.loads(lease.files.state.read_text())
print(json.dumps({"url": lease.base_url, "pid": state["pid"], "started_here": lease.started_here}), flush=True)
sys.stdin.readline()
lease.stop()
"""


def _lease_in_another_process(directory: Path, idle: float = 30.0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(LEASE), str(directory), str(idle)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _gone(pid: int, within_s: float = 120.0) -> bool:
    """Waits (bounded) for ``pid`` to exit; an event is checked here, never a speed."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":  # exited; its starter (this process) has not reaped it
            return True
        time.sleep(0.2)
    return False


def test_a_second_process_queues_on_the_first_ones_server_and_the_last_out_stops_it(tmp_path):
    mine = SharedServer(directory=tmp_path, idle_timeout_s=1.0).start()
    try:
        assert mine.started_here
        state = json.loads(mine.files.state.read_text())
        other = _lease_in_another_process(tmp_path)
        seen = json.loads(other.stdout.readline())
        assert seen == {"url": mine.base_url, "pid": state["pid"], "started_here": False}
        mine.stop()  # one user left: the server stays
        time.sleep(2.5)  # past the idle timeout; it must not stop while the other process uses it
        assert answers(mine.base_url + "/models")
        other.communicate("\n", timeout=60)
    finally:
        mine.stop()
    assert _gone(state["pid"])  # the last one out: after the idle timeout the server stops itself
    assert not mine.files.state.exists()


def test_two_processes_started_at_once_get_one_server(tmp_path):
    both = [_lease_in_another_process(tmp_path, idle=1.0) for _ in range(2)]
    seen = [json.loads(p.stdout.readline()) for p in both]
    assert seen[0]["url"] == seen[1]["url"] and seen[0]["pid"] == seen[1]["pid"]
    assert sorted(s["started_here"] for s in seen) == [False, True]
    for p in both:
        p.communicate("\n", timeout=60)
    assert _gone(seen[0]["pid"])


def test_a_crashed_server_never_leaves_the_next_run_stuck(tmp_path):
    first = SharedServer(directory=tmp_path, idle_timeout_s=1.0).start()
    dead = json.loads(first.files.state.read_text())["pid"]
    os.kill(dead, signal.SIGKILL)
    first.stop()
    assert _gone(dead)
    second = SharedServer(directory=tmp_path, idle_timeout_s=1.0).start()
    try:
        assert second.started_here
        assert json.loads(second.files.state.read_text())["pid"] != dead
        with urllib.request.urlopen(second.base_url + "/models", timeout=10) as response:
            assert response.status == 200
    finally:
        second.stop()


def test_servers_of_different_settings_are_not_shared(tmp_path):
    a = SharedServer(ServerSettings(cache_prompt=True), directory=tmp_path, idle_timeout_s=1.0).start()
    b = SharedServer(ServerSettings(cache_prompt=False), directory=tmp_path, idle_timeout_s=1.0).start()
    try:
        assert a.base_url != b.base_url and a.started_here and b.started_here
    finally:
        a.stop()
        b.stop()
