"""The response cache under the accidents of real use: each one said in one line, none fatal.

Each accident is made for real: bytes overwritten on disk, a second process holding the
lock or writing beside us, a file the kernel will not let grow, an immutable file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness.llm.cache import CACHE_FILE, ResponseCache

ROOT = Path(__file__).resolve().parents[2]


def _filled(directory: Path, n: int = 50) -> None:
    cache = ResponseCache(directory, on_problem=pytest.fail)
    for i in range(n):
        cache.put(f"k{i}", {"answer": "x" * 500, "i": i}, 10, 5)
    cache.close()


def _python(code: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], env=env,
                          capture_output=True, text=True, timeout=120, **kwargs)


def test_a_file_that_is_not_a_database_is_set_aside_and_rebuilt(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not SQLite\n" * 100)
    said: list[str] = []
    cache = ResponseCache(tmp_path, on_problem=said.append)
    cache.put("k", {"a": 1}, 1, 1)
    assert cache.get("k") == ({"a": 1}, 1, 1)
    (line,) = said
    assert str(tmp_path / CACHE_FILE) in line and "set aside as" in line and "\n" not in line
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not SQLite")


def test_pages_damaged_on_disk_are_misses_then_a_fresh_cache(tmp_path):
    _filled(tmp_path, 200)
    path = tmp_path / CACHE_FILE
    data = bytearray(path.read_bytes())
    for at in range(4096, len(data), 4096):  # every page but the first (the header) scribbled on
        data[at + 8 : at + 300] = b"\xff" * 292
    path.write_bytes(bytes(data))
    said: list[str] = []
    cache = ResponseCache(tmp_path, on_problem=said.append)
    answers = [cache.get(f"k{i}") for i in range(200)]  # never raises
    cache.put("new", {"b": 2}, 1, 1)
    assert cache.get("new") == ({"b": 2}, 1, 1), said
    assert said and all("\n" not in line and str(path) in line for line in said)
    assert any("set aside" in line for line in said)  # found at the latest by the write
    assert all(a is None or a[0]["i"] == i for i, a in enumerate(answers))  # a damaged page is a miss, not garbage


def test_a_lock_held_by_another_process_delays_nothing_and_loses_nothing(tmp_path):
    _filled(tmp_path, 5)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sqlite3, sys, time
            db = sqlite3.connect({str(tmp_path / CACHE_FILE)!r}, isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        said: list[str] = []
        cache = ResponseCache(tmp_path, busy_timeout_s=0.2, on_problem=said.append)
        assert cache.get("k1") is not None  # write-ahead logging: readers are not blocked by a writer
        cache.put("late", {"c": 3}, 1, 1)  # not stored (the lock outlasts the busy timeout), not raised
        assert cache.get("late") is None
        assert len(said) == 1 and "locked by another process" in said[0] and "\n" not in said[0]
    finally:
        holder.communicate("\n", timeout=30)
    again = ResponseCache(tmp_path, on_problem=pytest.fail)
    assert again.get("k1") is not None and len(again) == 5  # nothing lost


def test_several_runs_share_one_cache_at_once(tmp_path):
    code = """
        import sys
        from harness.llm.cache import ResponseCache
        cache = ResponseCache(sys.argv[1], on_problem=lambda m: print(m, file=sys.stderr))
        for i in range(300):
            cache.put(f"{sys.argv[2]}-{i}", {"i": i}, 1, 1)
            assert cache.get(f"{sys.argv[2]}-{i}") == ({"i": i}, 1, 1)
        print("done")
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(tmp_path), name], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in "abc"]
    outputs = [w.communicate(timeout=300) for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0], outputs
    assert all(out.strip() == "done" and err == "" for out, err in outputs)
    assert len(ResponseCache(tmp_path, on_problem=pytest.fail)) == 900


def test_a_disk_that_will_not_take_more_stops_the_storing_not_the_run(tmp_path):
    _filled(tmp_path, 3)
    result = _python(
        """
        import resource, signal, sys
        from harness.llm.cache import ResponseCache
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        said = []
        cache = ResponseCache(sys.argv[1], on_problem=said.append)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
        for i in range(300):
            cache.put(f"big-{i}", {"x": "y" * 4000}, 1, 1)
        print(cache.get("k1") is not None, cache.writable, len(said))
        print(said[0])
        """,
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    first, message = result.stdout.splitlines()[:2]
    assert first == "True False 1"  # old answers still read; storing stopped; said once
    assert str(tmp_path / CACHE_FILE) in message and "not stored" in message
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]  # a full disk is not damage


def _immutable(path: Path) -> bool:
    chattr = shutil.which("chattr")
    return chattr is not None and subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode == 0


def test_a_read_only_cache_is_read_not_written(tmp_path):
    _filled(tmp_path, 3)
    path = tmp_path / CACHE_FILE
    # As root, permission bits do not stop a write; the immutable attribute does.
    sqlite3.connect(path).execute("PRAGMA journal_mode=DELETE").close()  # no -wal/-shm to create
    if os.geteuid() == 0:
        if not _immutable(path) or not _immutable(tmp_path):
            pytest.skip("chattr +i is not available here (needed to make a file read-only for root)")
    else:
        path.chmod(0o444)
        tmp_path.chmod(0o555)
    try:
        said: list[str] = []
        cache = ResponseCache(tmp_path, on_problem=said.append)
        assert cache.get("k1") is not None  # read
        cache.put("new", {"d": 4}, 1, 1)  # not written, not raised
        assert cache.get("new") is None
        assert len(said) == 1 and "read-only" in said[0] and str(path) in said[0]
        cache.close()
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(tmp_path)], check=False)
            subprocess.run(["chattr", "-i", str(path)], check=False)
        else:
            tmp_path.chmod(0o755)
            path.chmod(0o644)


def test_a_folder_that_cannot_be_made_leaves_the_run_without_a_cache(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    said: list[str] = []
    cache = ResponseCache(tmp_path / "file" / "cache", on_problem=said.append)
    cache.put("k", {}, 1, 1)
    assert cache.get("k") is None and len(said) == 1 and "running without a cache" in said[0]
