"""One writer per run directory: ``RUN/.harness.lock``, held for as long as a run writes.

Two ``harness extract --out RUN`` started at once would append the same ids twice, and a
resumed run beside a running one would redo its work. The first process takes an exclusive
``flock`` on the lock file; a second one is refused at once, with one line naming the
directory and the process that holds it. The kernel drops the lock when its holder exits,
however it exits, so a killed run never leaves a stale lock behind (the file itself stays;
it holds only the holder's pid, for the message).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: runs are not locked (there is no flock to hold)
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".harness.lock"


class RunBusy(ValueError):
    """Another process is writing the run directory."""


@contextlib.contextmanager
def writing(run_dir: Path | str) -> Iterator[None]:
    """Hold ``run_dir`` for writing for the block; raises :class:`RunBusy` when another process does."""
    path = Path(run_dir) / LOCK_FILE
    if fcntl is None:
        yield
        return
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            raise RunBusy(
                f"{run_dir} is being written by another harness process{holder}; wait for it to finish, "
                "or choose another --out"
            ) from None
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def _holder(handle: int) -> str:
    try:
        text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {text})" if text.isdigit() else ""
